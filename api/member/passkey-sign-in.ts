import type { PublicKeyCredentialRequestOptionsJSON } from '@simplewebauthn/server';
import type { Deps } from '../app/deps.ts';
import { inTransaction } from '../../db/platform/transaction.ts';
import { insertMemberSession } from '../../db/member/sessions.ts';
import { memberById } from '../../db/member/users.ts';
import { newSecret, secretHash } from '../auth/secrets.ts';
import { authenticationOptions, verifyAuthentication } from '../auth/webauthn/authentication.ts';
import { passkeySupport, relyingParty } from '../auth/webauthn/relying-party.ts';
import { refusalError, refuse } from '../auth/webauthn/refusal.ts';
import { audit, type RequestOrigin } from '../admin/audit.ts';
import type { MemberPrincipal } from '../admin/principal.ts';
import type { Language } from '../../db/vocabulary.ts';
import { memberSignInBinding } from './passkey-binding.ts';
import { MEMBER_USER_VERIFICATION } from './passkey-ops.ts';

/**
 * Options for "sign in with a passkey" on the sign-in page, or null where passkeys cannot work
 * (PUBLIC_URL an IP address). No address is asked first: the browser offers the passkeys it
 * holds for this registry (discoverable credentials), and the answer's credential id says whose.
 */
export async function memberSignInOptions(
  deps: Deps,
  browserToken: string,
): Promise<PublicKeyCredentialRequestOptionsJSON | null> {
  const support = passkeySupport(deps.config.publicUrl);
  if (!support.available) return null;
  return authenticationOptions(deps.database.db, support.rp, {
    owner: null,
    binding: memberSignInBinding(browserToken),
    userVerification: MEMBER_USER_VERIFICATION,
    now: deps.now(),
  });
}

export interface PasskeySignIn {
  sessionToken: string;
  language: Language;
}

/**
 * Signs a member in with a passkey: the response must answer a challenge shown to this browser,
 * come from our origin and RP id, carry a verified user and name a member's passkey (a staff
 * passkey opens no member session). Success makes a new session (method `passkey`) and its audit
 * record in one transaction; a refusal is logged and audited with its reason, then thrown as
 * `webauthn_refused`.
 */
export async function signInWithPasskey(
  deps: Deps,
  input: { response: unknown; browserToken: string },
  origin: RequestOrigin,
): Promise<PasskeySignIn> {
  const db = deps.database.db;
  const now = deps.now();
  let result = await verifyAuthentication(db, relyingParty(deps.config.publicUrl), {
    owner: null,
    response: input.response,
    binding: memberSignInBinding(input.browserToken),
    userVerification: MEMBER_USER_VERIFICATION,
    now,
    log: deps.log,
  });
  if (result.ok && result.passkey.owner.kind !== 'member')
    result = refuse(deps.log, 'member.sign_in', {
      reason: 'credential_owner',
      detail: `passkey ${result.passkey.id} is not a member's`,
    });
  if (!result.ok) {
    await audit(db, origin, {
      principal: null,
      action: 'member.sign_in',
      target: null,
      outcome: 'failed',
      detail: { method: 'passkey', reason: result.reason },
      now,
    });
    throw refusalError(result);
  }
  const passkey = result.passkey;
  return inTransaction(db, async (trx) => {
    const member = await memberById(trx, passkey.owner.id);
    if (!member) throw refusalError({ ok: false, reason: 'credential_unknown', detail: 'member gone' });
    const sessionToken = newSecret('kmm');
    const sessionHash = secretHash(sessionToken);
    await insertMemberSession(trx, sessionHash, member.id, 'passkey', now);
    const actor: MemberPrincipal = {
      kind: 'member',
      id: member.id,
      email: member.email,
      name: member.name,
      language: member.language,
      sessionHash,
      memberships: [],
    };
    await audit(trx, origin, {
      principal: actor,
      action: 'member.sign_in',
      target: member.email,
      outcome: 'success',
      detail: { method: 'passkey', passkey: passkey.name },
      now,
    });
    return { sessionToken, language: member.language };
  });
}
