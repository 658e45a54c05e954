import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema/database.ts';
import type { Config } from '../app/config.ts';
import { ConfigError } from '../app/config.ts';
import type { Logger } from '../app/log.ts';
import { countStaff } from '../../db/staff/users.ts';
import { KeurmerkError } from '../../db/errors.ts';
import { createAdminOnEmptyDatabase } from './first-account.ts';

/**
 * ADMIN_EMAIL and ADMIN_PASSWORD create the first admin, and only on a database without any
 * staff account: once someone exists, they are ignored (a changed ADMIN_PASSWORD never resets a
 * password). A password that fails the policy stops start-up with an error naming the variable.
 */
export async function ensureFirstAdmin(
  db: Kysely<Database>,
  config: Pick<Config, 'adminEmail' | 'adminPassword'>,
  log: Logger,
  now = new Date(),
): Promise<'created' | 'exists' | 'not_configured'> {
  if (!config.adminEmail || !config.adminPassword) {
    if ((await countStaff(db)) === 0)
      log.info(
        'no staff account yet: set ADMIN_EMAIL and ADMIN_PASSWORD, or run "npm run admin -- user create"',
      );
    return 'not_configured';
  }
  try {
    const made = await createAdminOnEmptyDatabase(
      db,
      { email: config.adminEmail, displayName: 'Administrator', password: config.adminPassword },
      'ADMIN_EMAIL',
      now,
    );
    if (made === 'exists') return 'exists';
    log.info('first admin created from ADMIN_EMAIL', { email: made.email });
    return 'created';
  } catch (error) {
    if (error instanceof KeurmerkError) {
      const variable = error.details['field'] === 'password' ? 'ADMIN_PASSWORD' : 'ADMIN_EMAIL';
      throw new ConfigError(variable, error.message);
    }
    throw error;
  }
}
