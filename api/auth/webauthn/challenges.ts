import type { Kysely } from 'kysely';
import type { Database } from '../../../db/schema/database.ts';
import { storeChallenge, takeChallenge } from '../../../db/webauthn/challenges.ts';
import { generateChallenge } from '@simplewebauthn/server/helpers';
import { isoBase64URL } from '@simplewebauthn/server/helpers';
import { secretHash } from '../secrets.ts';

/** A challenge must be answered within five minutes. */
export const CHALLENGE_TTL_MS = 5 * 60_000;

/**
 * What a challenge is bound to. `purpose` names the ceremony (`staff.register`,
 * `staff.authenticate`, `member.sign_in`…); `subject` names who it was handed to (a session's
 * hash, a staff id): a response is only accepted for the same purpose and subject.
 */
export interface ChallengeBinding {
  readonly purpose: string;
  readonly subject: string;
}

export type ChallengeCheck =
  | { ok: true }
  | {
      ok: false;
      reason: 'challenge_unknown' | 'challenge_expired' | 'challenge_purpose' | 'challenge_subject';
    };

/** Makes a fresh random challenge (32 bytes, base64url) and stores only its hash, with its binding. */
export async function issueChallenge(
  db: Kysely<Database>,
  binding: ChallengeBinding,
  now: Date,
): Promise<string> {
  const challenge = isoBase64URL.fromBuffer(await generateChallenge());
  await storeChallenge(db, {
    challengeHash: secretHash(challenge),
    purpose: binding.purpose,
    subject: binding.subject,
    now,
    expiresAt: new Date(now.getTime() + CHALLENGE_TTL_MS),
  });
  return challenge;
}

/**
 * Uses up a challenge a response claims to answer. It is deleted whatever the outcome, so it
 * can be tried once only; then its expiry, purpose and subject must match.
 */
export async function redeemChallenge(
  db: Kysely<Database>,
  challenge: string,
  binding: ChallengeBinding,
  now: Date,
): Promise<ChallengeCheck> {
  const row = await takeChallenge(db, secretHash(challenge));
  if (!row) return { ok: false, reason: 'challenge_unknown' };
  if (row.expires_at <= now) return { ok: false, reason: 'challenge_expired' };
  if (row.purpose !== binding.purpose) return { ok: false, reason: 'challenge_purpose' };
  if (row.subject !== binding.subject) return { ok: false, reason: 'challenge_subject' };
  return { ok: true };
}
