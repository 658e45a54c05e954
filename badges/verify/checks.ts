/** The checks of the signed envelope, in order: the first that fails ends the run. */
export const JWS_CHECKS = ['format', 'algorithm', 'key', 'signature'] as const;

/** The name of one check of the signed envelope. */
export type JwsCheckName = (typeof JWS_CHECKS)[number];

/**
 * The checks of the token itself, which depend on neither the clock nor the registry's state: the
 * envelope, then the claims and the Open Badges schema.
 */
export const TOKEN_CHECKS = [...JWS_CHECKS, 'claims', 'schema'] as const;

/**
 * Every named step a verdict can list, in the order a verification runs them. One list, so a
 * misspelled check name is a type error and the pages and CLI that print names know them all.
 */
export const CHECK_NAMES = [
  ...TOKEN_CHECKS,
  'validity_period',
  'status_list',
  'registry_status',
  'badge_subject',
  'transparency_log',
] as const;

/** The name of one verification step. */
export type CheckName = (typeof CHECK_NAMES)[number];

/** One named step of a verdict; callers append their own (status list, registry state). */
export interface VerificationCheck {
  name: CheckName;
  ok: boolean;
  /** A readable reason, safe to show to the public. */
  detail: string;
}
