import { randomInt } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema/database.ts';
import { countStaff } from '../../db/staff/users.ts';
import { KeurmerkError } from '../../db/errors.ts';
import { PUBLIC_ID_ALPHABET } from '../../db/vocabulary.ts';
import { createStaffAccount } from './staff-accounts.ts';
import { audit } from '../admin/audit.ts';

export const DEMO_ADMIN_EMAIL = 'demo@keurmerk.localhost';

export interface DemoCredentials {
  readonly email: string;
  readonly password: string;
}

/** Four groups of four from an alphabet without look-alikes: 80 random bits, easy to type. */
export function demoPassphrase(): string {
  const group = () =>
    Array.from({ length: 4 }, () => PUBLIC_ID_ALPHABET[randomInt(PUBLIC_ID_ALPHABET.length)]).join('');
  return [group(), group(), group(), group()].join('-');
}

/**
 * Demo mode only: on a database without any staff account, creates an admin with a random
 * passphrase and returns its credentials, for the server to print once. The passphrase is stored
 * only as its hash, so a later start (the account exists) returns null and prints nothing.
 */
export async function ensureDemoAdmin(
  db: Kysely<Database>,
  now = new Date(),
): Promise<DemoCredentials | null> {
  if ((await countStaff(db)) > 0) return null;
  const password = demoPassphrase();
  try {
    const user = await createStaffAccount(
      db,
      { email: DEMO_ADMIN_EMAIL, displayName: 'Demo administrator', role: 'admin', password },
      now,
    );
    await audit(
      db,
      { clientAddress: null, requestId: null },
      {
        principal: 'system',
        action: 'staff.create',
        target: user.email,
        outcome: 'success',
        detail: { role: 'admin', source: 'DEMO' },
        now,
      },
    );
    return { email: user.email, password };
  } catch (error) {
    // Another instance on the same database created it first: it printed the credentials.
    if (error instanceof KeurmerkError && error.code === 'staff_exists') return null;
    throw error;
  }
}
