import type { Selectable } from 'kysely';
import type { Timestamp } from './common.ts';

/** A WebAuthn challenge handed out and not yet answered; deleted when answered or expired. */
export interface WebauthnChallengeTable {
  /** SHA-256 (hex) of the base64url challenge; the challenge itself is only with the browser. */
  challenge_hash: string;
  /** What the answer may be used for, e.g. `staff.authenticate`. */
  purpose: string;
  /** Who or what the challenge was given to, e.g. `staff-session:<hash>`: an answer for another subject is refused. */
  subject: string;
  created_at: Timestamp;
  expires_at: Timestamp;
}
export type WebauthnChallenge = Selectable<WebauthnChallengeTable>;
