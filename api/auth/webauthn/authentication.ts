import type { Kysely } from 'kysely';
import {
  generateAuthenticationOptions,
  verifyAuthenticationResponse,
  type AuthenticatorTransportFuture,
  type PublicKeyCredentialRequestOptionsJSON,
} from '@simplewebauthn/server';
import { isoBase64URL } from '@simplewebauthn/server/helpers';
import type { Database } from '../../../db/schema/database.ts';
import {
  findPasskey,
  listPasskeys,
  recordPasskeyUse,
  type PasskeyOwner,
  type StoredPasskey,
} from '../../../db/webauthn/passkeys.ts';
import type { Logger } from '../../app/log.ts';
import { CHALLENGE_TTL_MS, issueChallenge, redeemChallenge, type ChallengeBinding } from './challenges.ts';
import type { RelyingParty } from './relying-party.ts';
import { authenticationResponse, claimedChallenge } from './response-json.ts';
import { reasonOf, refuse, type Refusal } from './refusal.ts';

/**
 * Options for navigator.credentials.get(). With an owner (staff after their password) only their
 * passkeys are allowed; without one (a member signing in by passkey alone) the browser offers any
 * passkey it holds for us, and the response's credential id says whose it is.
 */
export async function authenticationOptions(
  db: Kysely<Database>,
  rp: RelyingParty,
  input: {
    owner: PasskeyOwner | null;
    binding: ChallengeBinding;
    userVerification: 'required' | 'preferred';
    now: Date;
  },
): Promise<PublicKeyCredentialRequestOptionsJSON> {
  const allowed = input.owner ? await listPasskeys(db, input.owner) : [];
  return generateAuthenticationOptions({
    rpID: rp.id,
    // As bytes: a string would be taken as text and encoded once more.
    challenge: isoBase64URL.toBuffer(await issueChallenge(db, input.binding, input.now)),
    timeout: CHALLENGE_TTL_MS,
    userVerification: input.userVerification,
    ...(input.owner
      ? {
          allowCredentials: allowed.map((p) => ({
            id: p.credentialId,
            transports: p.transports as AuthenticatorTransportFuture[],
          })),
        }
      : {}),
  });
}

export type AuthenticationResult = { ok: true; passkey: StoredPasskey } | Refusal;

/**
 * Checks a browser's authentication response: a challenge we issued for this purpose and subject
 * (used up either way), our origin and RP id, a passkey we hold (of `owner`, when given), a valid
 * signature, and a signature counter that moved forward (a counter that did not may be a cloned
 * authenticator: refused and logged). On success the passkey's counter and last use are stored.
 */
export async function verifyAuthentication(
  db: Kysely<Database>,
  rp: RelyingParty,
  input: {
    owner: PasskeyOwner | null;
    response: unknown;
    binding: ChallengeBinding;
    userVerification: 'required' | 'preferred';
    now: Date;
    log?: Logger;
  },
): Promise<AuthenticationResult> {
  const purpose = input.binding.purpose;
  const response = authenticationResponse(input.response);
  const challenge = response && claimedChallenge(response);
  if (!response || !challenge)
    return refuse(input.log, purpose, { reason: 'malformed', detail: 'not an authentication response' });
  const check = await redeemChallenge(db, challenge, input.binding, input.now);
  if (!check.ok) return refuse(input.log, purpose, { reason: check.reason, detail: 'challenge not usable' });
  const passkey = await findPasskey(db, response.id);
  if (!passkey)
    return refuse(input.log, purpose, { reason: 'credential_unknown', detail: 'no such passkey' });
  if (input.owner && (passkey.owner.kind !== input.owner.kind || passkey.owner.id !== input.owner.id))
    return refuse(input.log, purpose, {
      reason: 'credential_owner',
      detail: `passkey ${passkey.id} is another's`,
    });
  let verified;
  try {
    verified = await verifyAuthenticationResponse({
      response,
      expectedChallenge: challenge,
      expectedOrigin: rp.origin,
      expectedRPID: rp.id,
      expectedType: 'webauthn.get',
      requireUserVerification: input.userVerification === 'required',
      credential: {
        id: passkey.credentialId,
        publicKey: isoBase64URL.toBuffer(passkey.publicKey),
        counter: passkey.counter,
        transports: passkey.transports as AuthenticatorTransportFuture[],
      },
    });
  } catch (error) {
    return refuse(input.log, purpose, reasonOf(error));
  }
  if (!verified.verified)
    return refuse(input.log, purpose, { reason: 'signature', detail: 'assertion not verified' });
  const info = verified.authenticationInfo;
  const recorded = await recordPasskeyUse(db, passkey, {
    newCounter: info.newCounter,
    backedUp: info.credentialBackedUp,
    now: input.now,
  });
  if (!recorded)
    return refuse(input.log, purpose, {
      reason: 'counter',
      detail: 'counter moved meanwhile (parallel use)',
    });
  return { ok: true, passkey: { ...passkey, counter: info.newCounter, lastUsedAt: input.now } };
}
