import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import {
  generateRegistrationOptions,
  verifyRegistrationResponse,
  type AuthenticatorTransportFuture,
  type PublicKeyCredentialCreationOptionsJSON,
} from '@simplewebauthn/server';
import { isoBase64URL } from '@simplewebauthn/server/helpers';
import type { Database } from '../../../db/schema/database.ts';
import {
  insertPasskey,
  listPasskeys,
  type PasskeyOwner,
  type PasskeySummary,
} from '../../../db/webauthn/passkeys.ts';
import type { Logger } from '../../app/log.ts';
import { CHALLENGE_TTL_MS, issueChallenge, redeemChallenge, type ChallengeBinding } from './challenges.ts';
import type { RelyingParty } from './relying-party.ts';
import { claimedChallenge, registrationResponse } from './response-json.ts';
import { reasonOf, refuse, type Refusal } from './refusal.ts';

/**
 * The WebAuthn user handle of a person: the same for all their passkeys (so an authenticator
 * replaces rather than duplicates), derived from kind and id without naming either.
 */
export function userHandle(rp: RelyingParty, owner: PasskeyOwner): Uint8Array<ArrayBuffer> {
  const digest = createHash('sha256')
    .update(`keurmerk passkey user\0${rp.id}\0${owner.kind}\0${owner.id}`)
    .digest();
  return new Uint8Array(digest.subarray(0, 16));
}

/**
 * Options for navigator.credentials.create(): a fresh bound challenge, the person's existing
 * passkeys excluded (so one authenticator is not registered twice), no attestation asked.
 */
export async function registrationOptions(
  db: Kysely<Database>,
  rp: RelyingParty,
  input: {
    owner: PasskeyOwner;
    userName: string;
    displayName: string;
    binding: ChallengeBinding;
    /** `required` where the passkey alone signs in (members); staff use it after a password. */
    userVerification: 'required' | 'preferred';
    now: Date;
  },
): Promise<PublicKeyCredentialCreationOptionsJSON> {
  const existing = await listPasskeys(db, input.owner);
  return generateRegistrationOptions({
    rpName: rp.name,
    rpID: rp.id,
    userName: input.userName,
    userDisplayName: input.displayName,
    userID: userHandle(rp, input.owner),
    // As bytes: a string would be taken as text and encoded once more.
    challenge: isoBase64URL.toBuffer(await issueChallenge(db, input.binding, input.now)),
    timeout: CHALLENGE_TTL_MS,
    attestationType: 'none',
    excludeCredentials: existing.map((p) => ({
      id: p.credentialId,
      transports: p.transports as AuthenticatorTransportFuture[],
    })),
    authenticatorSelection: { residentKey: 'preferred', userVerification: input.userVerification },
  });
}

export type RegistrationResult = { ok: true; passkey: PasskeySummary } | Refusal;

/**
 * Checks a browser's registration response against a challenge this registry issued for the same
 * purpose and subject, our origin and RP id, and stores the new passkey under `name`. Anything
 * else is refused with a reason (logged); the challenge is used up either way.
 */
export async function verifyRegistration(
  db: Kysely<Database>,
  rp: RelyingParty,
  input: {
    owner: PasskeyOwner;
    response: unknown;
    name: string;
    binding: ChallengeBinding;
    userVerification: 'required' | 'preferred';
    now: Date;
    log?: Logger;
  },
): Promise<RegistrationResult> {
  const purpose = input.binding.purpose;
  const response = registrationResponse(input.response);
  const challenge = response && claimedChallenge(response);
  if (!response || !challenge)
    return refuse(input.log, purpose, { reason: 'malformed', detail: 'not a registration response' });
  const check = await redeemChallenge(db, challenge, input.binding, input.now);
  if (!check.ok) return refuse(input.log, purpose, { reason: check.reason, detail: 'challenge not usable' });
  let verified;
  try {
    verified = await verifyRegistrationResponse({
      response,
      expectedChallenge: challenge,
      expectedOrigin: rp.origin,
      expectedRPID: rp.id,
      expectedType: 'webauthn.create',
      requireUserVerification: input.userVerification === 'required',
    });
  } catch (error) {
    return refuse(input.log, purpose, reasonOf(error));
  }
  if (!verified.verified)
    return refuse(input.log, purpose, { reason: 'verification', detail: 'registration not verified' });
  const info = verified.registrationInfo;
  const passkey = await insertPasskey(db, input.owner, {
    credentialId: info.credential.id,
    publicKey: isoBase64URL.fromBuffer(info.credential.publicKey),
    counter: info.credential.counter,
    transports: info.credential.transports ?? [],
    deviceType: info.credentialDeviceType,
    backedUp: info.credentialBackedUp,
    aaguid: info.aaguid,
    name: input.name,
    now: input.now,
  });
  return { ok: true, passkey };
}
