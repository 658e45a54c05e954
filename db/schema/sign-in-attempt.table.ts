import type { Generated, Selectable } from 'kysely';
import type { Timestamp } from './common.ts';

/**
 * A sign-in attempt of one client network, reserved before its password is checked; deleted when
 * the attempt succeeds, so what remains within the window are the failed and refused ones.
 */
export interface SignInAttemptTable {
  id: Generated<string>;
  client_key: string;
  attempted_at: Timestamp;
}
export type SignInAttempt = Selectable<SignInAttemptTable>;
