import type { PublicKeyCredentialCreationOptionsJSON } from '@simplewebauthn/server';
import type { Input, Operation } from '../admin/perform.ts';
import type { MemberPrincipal } from '../admin/principal.ts';
import type { Deps } from '../app/deps.ts';
import { KeurmerkError } from '../../db/errors.ts';
import {
  deletePasskey,
  listPasskeys,
  passkeySummary,
  renamePasskey,
  type PasskeySummary,
} from '../../db/webauthn/passkeys.ts';
import { registrationOptions, verifyRegistration } from '../auth/webauthn/registration.ts';
import { passkeySupport, relyingParty } from '../auth/webauthn/relying-party.ts';
import { refusalError } from '../auth/webauthn/refusal.ts';
import { memberOf } from './account-ops.ts';
import { memberRegisterBinding } from './passkey-binding.ts';

// A member's passkey signs in on its own (no password before it): the authenticator must have
// verified the person (PIN, fingerprint), not merely seen someone touch it.
export const MEMBER_USER_VERIFICATION = 'required';

/**
 * Options for adding a passkey on the profile page, with a fresh challenge bound to this session,
 * or null where passkeys cannot work (PUBLIC_URL an IP address).
 */
export async function memberRegistrationOptions(
  deps: Deps,
  me: MemberPrincipal,
): Promise<PublicKeyCredentialCreationOptionsJSON | null> {
  const support = passkeySupport(deps.config.publicUrl);
  if (!support.available) return null;
  return registrationOptions(deps.database.db, support.rp, {
    owner: { kind: 'member', id: me.id },
    userName: me.email,
    displayName: me.name,
    binding: memberRegisterBinding(me.sessionHash),
    userVerification: MEMBER_USER_VERIFICATION,
    now: deps.now(),
  });
}

/** The id of one of the person's passkeys from a form or body; anything else is not found. */
function passkeyId(input: Input): number {
  const value = input['id'];
  const n =
    typeof value === 'number'
      ? value
      : typeof value === 'string' && /^\d{1,9}$/.test(value)
        ? Number(value)
        : NaN;
  if (!Number.isSafeInteger(n) || n < 1) throw new KeurmerkError('passkey_not_found');
  return n;
}

/** The person's passkeys (names and dates, no key material). */
export const listMemberPasskeysOp: Operation<PasskeySummary[]> = {
  name: 'member.passkeys',
  permission: 'member.self',
  write: false,
  target: () => null,
  async run(ctx) {
    const rows = await listPasskeys(ctx.deps.database.db, { kind: 'member', id: memberOf(ctx).id });
    return rows.map(passkeySummary);
  },
};

/** Registers a passkey from the browser's answer to the options shown on the profile page. */
export const addMemberPasskeyOp: Operation<PasskeySummary> = {
  name: 'member.passkey.add',
  permission: 'member.self',
  write: true,
  async run(ctx, input) {
    const me = memberOf(ctx);
    const result = await verifyRegistration(ctx.deps.database.db, relyingParty(ctx.deps.config.publicUrl), {
      owner: { kind: 'member', id: me.id },
      response: input['response'],
      name: typeof input['name'] === 'string' ? input['name'] : '',
      binding: memberRegisterBinding(me.sessionHash),
      userVerification: MEMBER_USER_VERIFICATION,
      now: ctx.deps.now(),
      log: ctx.deps.log,
    });
    if (!result.ok) throw refusalError(result);
    return result.passkey;
  },
  target: (_input, result) => (result ? `passkey:${result.id}` : null),
  detail: (_input, result) => (result ? { name: result.name } : {}),
};

/** Renames one of the person's passkeys (another's is not found). */
export const renameMemberPasskeyOp: Operation<PasskeySummary> = {
  name: 'member.passkey.rename',
  permission: 'member.self',
  write: true,
  run: (ctx, input) =>
    renamePasskey(
      ctx.deps.database.db,
      { kind: 'member', id: memberOf(ctx).id },
      passkeyId(input),
      input['name'],
    ),
  target: (input) => `passkey:${String(input['id'] ?? '')}`.slice(0, 40),
  detail: (_input, result) => (result ? { name: result.name } : {}),
};

/**
 * Removes one of the person's passkeys. The last one may go too: a member can always sign in
 * with an e-mail link, so no passkey is ever the only way in.
 */
export const removeMemberPasskeyOp: Operation<PasskeySummary> = {
  name: 'member.passkey.remove',
  permission: 'member.self',
  write: true,
  run: (ctx, input) =>
    deletePasskey(ctx.deps.database.db, { kind: 'member', id: memberOf(ctx).id }, passkeyId(input)),
  target: (input) => `passkey:${String(input['id'] ?? '')}`.slice(0, 40),
  detail: (_input, result) => (result ? { name: result.name } : {}),
};
