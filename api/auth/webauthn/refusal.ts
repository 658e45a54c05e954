import type { Logger } from '../../app/log.ts';
import { KeurmerkError } from '../../../db/errors.ts';

/** Why a WebAuthn response was refused: logged and audited, never shown in more detail than "refused". */
export type RefusalReason =
  | 'malformed'
  | 'challenge_unknown'
  | 'challenge_expired'
  | 'challenge_purpose'
  | 'challenge_subject'
  | 'origin'
  | 'rp_id'
  | 'type'
  | 'user_verification'
  | 'credential_unknown'
  | 'credential_owner'
  | 'counter'
  | 'signature'
  | 'verification';

export interface Refusal {
  ok: false;
  reason: RefusalReason;
  /** The verifier's own words, for the log. */
  detail: string;
}

// @simplewebauthn/server reports what failed in its error messages only; these map them to reasons.
const MESSAGE_REASONS: Array<[RegExp, RefusalReason]> = [
  [/origin/i, 'origin'],
  [/RP ?ID/i, 'rp_id'],
  [/counter/i, 'counter'],
  [/challenge/i, 'challenge_unknown'],
  [/type/i, 'type'],
  [/user verif/i, 'user_verification'],
  [/signature/i, 'signature'],
];

/** The reason of a verifier's error. */
export function reasonOf(error: unknown): Refusal {
  const detail = error instanceof Error ? error.message : String(error);
  const reason = MESSAGE_REASONS.find(([pattern]) => pattern.test(detail))?.[1] ?? 'verification';
  return { ok: false, reason, detail: detail.slice(0, 300) };
}

/** Builds a refusal and logs it (a refused response may be an attack: the log says what failed). */
export function refuse(log: Logger | undefined, purpose: string, refusal: Omit<Refusal, 'ok'>): Refusal {
  log?.warn('webauthn response refused', { purpose, reason: refusal.reason, detail: refusal.detail });
  return { ok: false, ...refusal };
}

/**
 * The error to throw for a refusal where a caller stops there: the person is told only that the
 * passkey could not be verified; the reason goes with the details (audit, log), not the message.
 */
export function refusalError(refusal: Refusal): KeurmerkError {
  return new KeurmerkError('webauthn_refused', `Passkey response refused: ${refusal.reason}.`, {
    reason: refusal.reason,
  });
}
