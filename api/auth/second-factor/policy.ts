/** `STAFF_MFA`: `required` (the default of `npm start`) or `optional` (the demo's default). */
export type StaffMfa = 'required' | 'optional';

/** What a staff session still has to do before it may use the admin area. */
export type SecondFactorStep = 'verify' | 'enrol' | null;

/**
 * The one rule of the second factor. A session whose password was right but whose second factor
 * was not yet given must give it (`verify`); a staff member without any second factor must enrol
 * one when STAFF_MFA is required, even in a session that predates the rule (`enrol`).
 */
export function secondFactorStep(
  session: { passwordOnly: boolean; hasSecondFactor: boolean },
  mode: StaffMfa,
): SecondFactorStep {
  if (session.hasSecondFactor) return session.passwordOnly ? 'verify' : null;
  if (mode === 'required' || session.passwordOnly) return 'enrol';
  return null;
}

/** Whether a new sign-in starts password-only: there is a second step to give or to enrol. */
export function signInNeedsSecondStep(hasSecondFactor: boolean, mode: StaffMfa): boolean {
  return hasSecondFactor || mode === 'required';
}
