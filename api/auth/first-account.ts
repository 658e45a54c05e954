import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema/database.ts';
import { countStaff } from '../../db/staff/users.ts';
import { KeurmerkError } from '../../db/errors.ts';
import { createStaffAccount } from './staff-accounts.ts';
import { audit } from '../admin/audit.ts';

/**
 * Creates an admin, audited as made by the system from `source`, but only on a database without
 * any staff account: 'exists' when someone is there already, or when another instance on the
 * same database made this one first. A refused password or e-mail is thrown as it is.
 * Serves both ADMIN_EMAIL (first-admin.ts) and demo mode (demo-admin.ts).
 */
export async function createAdminOnEmptyDatabase(
  db: Kysely<Database>,
  account: { email: string; displayName: string; password: string },
  source: 'ADMIN_EMAIL' | 'DEMO',
  now: Date,
): Promise<{ email: string } | 'exists'> {
  if ((await countStaff(db)) > 0) return 'exists';
  try {
    const user = await createStaffAccount(db, { ...account, role: 'admin' }, now);
    await audit(
      db,
      { clientAddress: null, requestId: null },
      {
        principal: 'system',
        action: 'staff.create',
        target: user.email,
        outcome: 'success',
        detail: { role: 'admin', source },
        now,
      },
    );
    return { email: user.email };
  } catch (error) {
    if (error instanceof KeurmerkError && error.code === 'staff_exists') return 'exists';
    throw error;
  }
}
