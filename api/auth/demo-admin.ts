import { randomInt } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema/database.ts';
import { PUBLIC_ID_ALPHABET } from '../../db/vocabulary.ts';
import { createAdminOnEmptyDatabase } from './first-account.ts';

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
  const password = demoPassphrase();
  const made = await createAdminOnEmptyDatabase(
    db,
    { email: DEMO_ADMIN_EMAIL, displayName: 'Demo administrator', password },
    'DEMO',
    now,
  );
  // 'exists': a later start, or another instance made it first and printed the credentials.
  return made === 'exists' ? null : { email: made.email, password };
}
