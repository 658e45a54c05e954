import type { ChallengeBinding } from '../auth/webauthn/challenges.ts';
import { secretHash } from '../auth/secrets.ts';

/** A member's passkey registration challenge is bound to the session of the person registering. */
export const memberRegisterBinding = (sessionHash: string): ChallengeBinding => ({
  purpose: 'member.register',
  subject: `member-session:${sessionHash}`,
});

/**
 * A passkey sign-in challenge is bound to the browser it was shown to, by a short-lived random
 * cookie (only its hash is the subject): a challenge shown in one browser answers in no other.
 */
export const memberSignInBinding = (browserToken: string): ChallengeBinding => ({
  purpose: 'member.sign_in',
  subject: `member-browser:${secretHash(browserToken)}`,
});
