import type { Kysely } from 'kysely';
import type { Database } from '../../../db/schema/database.ts';
import { KeurmerkError } from '../../../db/errors.ts';
import {
  findTotp,
  replaceRecoveryCodes,
  secondFactors,
  storePendingTotp,
} from '../../../db/staff/second-factor.ts';
import { newRecoveryCodes, recoveryCodeHash } from './recovery-codes.ts';
import { openSecret, sealSecret, type SealingKey } from './totp-seal.ts';
import { newTotpSecret } from './totp.ts';

// A secret shown for set-up is replaced after this long unconfirmed (it was on a screen).
const PENDING_MS = 15 * 60_000;

/**
 * The TOTP secret being set up: the one shown recently, else a new one (sealed and stored as
 * pending). Refused when an authenticator app is already confirmed.
 */
export async function pendingTotpSecret(
  db: Kysely<Database>,
  key: SealingKey,
  staffUserId: number,
  now: Date,
): Promise<string> {
  const row = await findTotp(db, staffUserId);
  if (row?.confirmed_at) throw new KeurmerkError('totp_already_enrolled');
  if (row && now.getTime() - row.created_at.getTime() < PENDING_MS) {
    try {
      return openSecret(key, staffUserId, row.secret_sealed);
    } catch {
      // Sealed under another key: start again with a new secret.
    }
  }
  const secret = newTotpSecret();
  if (!(await storePendingTotp(db, staffUserId, sealSecret(key, staffUserId, secret), now)))
    throw new KeurmerkError('totp_already_enrolled');
  return secret;
}

/**
 * Ten new recovery codes replacing any earlier ones; returned once for showing, stored as hashes.
 */
export async function issueRecoveryCodes(
  db: Kysely<Database>,
  staffUserId: number,
  now: Date,
): Promise<string[]> {
  const codes = newRecoveryCodes();
  await replaceRecoveryCodes(db, staffUserId, codes.map(recoveryCodeHash), now);
  return codes;
}

/** At a first factor's enrolment: recovery codes, unless the person still has unused ones. */
export async function recoveryCodesIfNone(
  db: Kysely<Database>,
  staffUserId: number,
  now: Date,
): Promise<string[] | null> {
  return (await secondFactors(db, staffUserId)).recoveryCodes > 0
    ? null
    : issueRecoveryCodes(db, staffUserId, now);
}
