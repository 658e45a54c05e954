import type { AstroGlobal } from 'astro';
import type { PublicKeyCredentialCreationOptionsJSON } from '@simplewebauthn/server';
import type { Operation } from '../../../api/admin/perform.ts';
import * as ops from '../../../api/handlers/admin-second-factor.ts';
import { registrationOptions } from '../../../api/auth/webauthn/registration.ts';
import { passkeySupport } from '../../../api/auth/webauthn/relying-party.ts';
import { staffRegisterBinding } from '../../../api/auth/second-factor/passkey-binding.ts';
import { pendingTotpSecret } from '../../../api/auth/second-factor/enrolment.ts';
import { totpSealingKey } from '../../../api/auth/second-factor/sealing.ts';
import { groupedSecret, qrDataUrl, totpUri } from '../../../api/auth/second-factor/totp.ts';
import { secondFactors, type SecondFactors } from '../../../db/staff/second-factor.ts';
import { listPasskeys, type StoredPasskey } from '../../../db/webauthn/passkeys.ts';
import { act, adminLang, refused, staffOf, type Outcome } from './context.ts';
import { readForm } from './forms.ts';

export interface SecurityPage {
  factors: SecondFactors;
  passkeys: StoredPasskey[];
  /** Options for adding a passkey, or null where passkeys cannot work (PUBLIC_URL an IP address). */
  registerOptions: PublicKeyCredentialCreationOptionsJSON | null;
}

/** The security page's data, with a fresh challenge for adding a passkey. */
export async function securityPageData(astro: AstroGlobal): Promise<SecurityPage> {
  const { deps } = astro.locals;
  const staff = staffOf(astro);
  const db = deps.database.db;
  const owner = { kind: 'staff', id: staff.id } as const;
  const support = passkeySupport(deps.config.publicUrl);
  return {
    factors: await secondFactors(db, staff.id),
    passkeys: await listPasskeys(db, owner),
    registerOptions: support.available
      ? await registrationOptions(db, support.rp, {
          owner,
          userName: staff.email,
          displayName: staff.name,
          binding: staffRegisterBinding(staff.sessionHash),
          userVerification: 'preferred',
          now: deps.now(),
        })
      : null,
  };
}

const ACTIONS: Record<string, Operation<any>> = {
  'passkey-add': ops.addPasskeyOp,
  'passkey-remove': ops.removePasskeyOp,
  'totp-remove': ops.removeTotpOp,
  'recovery-regenerate': ops.regenerateRecoveryCodesOp,
};

/** The security page's forms, each naming its operation (audited through perform) in `action`. */
export async function securityAction(
  astro: AstroGlobal,
): Promise<Outcome<{ recoveryCodes?: string[] | null }>> {
  const form = await readForm(astro.request);
  const op = ACTIONS[form['action'] ?? ''];
  if (!op) return refused('unknown_action', adminLang(astro));
  return act(astro, op, form);
}

export interface TotpSetup {
  qr: string;
  secret: string;
}

/** The authenticator app being set up: QR code and the secret as text. */
export async function totpSetup(astro: AstroGlobal): Promise<TotpSetup> {
  const { deps } = astro.locals;
  const staff = staffOf(astro);
  const secret = await pendingTotpSecret(deps.database.db, await totpSealingKey(deps), staff.id, deps.now());
  return {
    qr: await qrDataUrl(totpUri(secret, staff.email, new URL(deps.config.publicUrl).host)),
    secret: groupedSecret(secret),
  };
}

/** Confirms the app with its first code. */
export async function confirmTotp(astro: AstroGlobal): Promise<Outcome<ops.Enrolment>> {
  const form = await readForm(astro.request);
  return act(astro, ops.enrolTotpOp, { code: form['code'] });
}
