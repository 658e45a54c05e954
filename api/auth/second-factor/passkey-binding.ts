import type { ChallengeBinding } from '../webauthn/challenges.ts';

/** A staff sign-in passkey challenge is bound to the password-only session it was shown to. */
export const staffPasskeyBinding = (sessionHash: string): ChallengeBinding => ({
  purpose: 'staff.authenticate',
  subject: `staff-session:${sessionHash}`,
});

/** A staff passkey registration challenge is bound to the session of the person registering. */
export const staffRegisterBinding = (sessionHash: string): ChallengeBinding => ({
  purpose: 'staff.register',
  subject: `staff-session:${sessionHash}`,
});
