import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Secret, TOTP } from 'otpauth';
import { DIALECTS, openTestDatabase, type TestDatabase } from '../../../helpers/databases.ts';
import { context, testDeps } from '../../../helpers/admin-integration.ts';
import { SoftAuthenticator } from '../../../helpers/soft-authenticator.ts';
import type { Deps } from '../../../../api/app/deps.ts';
import { createStaffAccount } from '../../../../api/auth/staff-accounts.ts';
import { signIn } from '../../../../api/auth/sign-in.ts';
import { authenticateSession, authenticateStaffSession } from '../../../../api/auth/authenticate.ts';
import { verifySecondFactor, type SecondFactorMethod } from '../../../../api/auth/second-factor/verify.ts';
import { pendingTotpSecret } from '../../../../api/auth/second-factor/enrolment.ts';
import { totpSealingKey } from '../../../../api/auth/second-factor/sealing.ts';
import { sealingKey } from '../../../../api/auth/second-factor/totp-seal.ts';
import { staffRegisterBinding } from '../../../../api/auth/second-factor/passkey-binding.ts';
import { registrationOptions } from '../../../../api/auth/webauthn/registration.ts';
import { authenticationOptions } from '../../../../api/auth/webauthn/authentication.ts';
import { relyingParty } from '../../../../api/auth/webauthn/relying-party.ts';
import { staffPasskeyBinding } from '../../../../api/auth/second-factor/passkey-binding.ts';
import { perform } from '../../../../api/admin/perform.ts';
import type { StaffPrincipal } from '../../../../api/admin/principal.ts';
import * as ops from '../../../../api/handlers/admin-second-factor.ts';
import { secondFactors } from '../../../../db/staff/second-factor.ts';
import { verifyAuditChain } from '../../../../db/staff/audit-log.ts';

const PASSWORD = 'lange zin met fietsbel 42';
const ORIGIN = 'http://localhost:4321';
let people = 0;

describe.each(DIALECTS)('staff second factor on %s', (kind) => {
  let h: TestDatabase;
  let deps: Deps;
  const clock = { now: new Date('2031-05-01T09:00:00Z') };
  beforeAll(async () => {
    h = await openTestDatabase(kind);
    const base = await testDeps(h, clock);
    // Passkeys need a host name; the default PUBLIC_URL of tests is an IP address.
    deps = { ...base, config: { ...base.config, publicUrl: ORIGIN, staffMfa: 'required' } };
  });
  afterAll(async () => {
    await deps?.close();
    await h?.close();
  });
  const later = (seconds: number) => (clock.now = new Date(clock.now.getTime() + seconds * 1000));

  async function newStaff() {
    const email = `mfa-${process.pid}-${++people}@keurmerk.test`;
    const user = await createStaffAccount(
      h.db,
      { email, displayName: 'MFA', role: 'admin', password: PASSWORD },
      clock.now,
    );
    return { id: user.id, email };
  }
  async function passwordStep(email: string, staffMfa: 'required' | 'optional' = 'required') {
    const result = await signIn(h.db, clock.now, {
      email,
      password: PASSWORD,
      clientAddress: `198.51.100.${people}`,
      requestId: null,
      deviceToken: null,
      previousSession: null,
      staffMfa,
    });
    if (!result.ok) throw new Error(`password step refused: ${result.reason}`);
    const session = await authenticateStaffSession(h.db, result.sessionToken, clock.now);
    return { ...result, session: session!, principal: session!.principal as StaffPrincipal };
  }
  const second = (principal: StaffPrincipal, method: SecondFactorMethod, value: unknown) =>
    totpSealingKey(deps).then((key) =>
      verifySecondFactor(h.db, clock.now, {
        staff: principal,
        method,
        value,
        deviceToken: null,
        sealingKey: key,
        rp: relyingParty(ORIGIN),
        clientAddress: '203.0.113.9',
        requestId: null,
      }),
    );
  const code = (secret: string, at = clock.now) =>
    new TOTP({ secret: Secret.fromBase32(secret), digits: 6, period: 30 }).generate({
      timestamp: at.getTime(),
    });
  const ctx = (principal: StaffPrincipal) => context(deps, principal, 'ui');

  async function enrolTotp(principal: StaffPrincipal) {
    const secret = await pendingTotpSecret(h.db, await totpSealingKey(deps), principal.id, clock.now);
    const enrolment = await perform(ctx(principal), ops.enrolTotpOp, { code: code(secret) });
    return { secret, codes: enrolment.recoveryCodes! };
  }

  it('with STAFF_MFA=required, a password alone opens only enrolment; a confirmed app completes the session', async () => {
    const s = await newStaff();
    const first = await passwordStep(s.email);
    expect(first.secondFactor).toBe('enrol');
    expect(first.deviceToken).toBeNull();
    expect(first.session.passwordOnly).toBe(true);
    expect(await authenticateSession(h.db, first.sessionToken, clock.now)).toBeNull();

    const secret = await pendingTotpSecret(h.db, await totpSealingKey(deps), s.id, clock.now);
    // The secret is sealed at rest: neither it nor its bytes appear in the row.
    const row = await h.db
      .selectFrom('staff_totp')
      .selectAll()
      .where('staff_user_id', '=', s.id)
      .executeTakeFirstOrThrow();
    expect(row.secret_sealed).not.toContain(secret);
    expect(row.secret_sealed).toMatch(/^v1\.[0-9a-f]{8}\./);
    // The same pending secret is shown again on reload.
    expect(await pendingTotpSecret(h.db, await totpSealingKey(deps), s.id, clock.now)).toBe(secret);

    await expect(perform(ctx(first.principal), ops.enrolTotpOp, { code: '000000' })).rejects.toMatchObject({
      code: 'second_factor_invalid',
    });
    const { recoveryCodes } = await perform(ctx(first.principal), ops.enrolTotpOp, { code: code(secret) });
    expect(recoveryCodes).toHaveLength(10);
    expect(new Set(recoveryCodes).size).toBe(10);
    expect(await authenticateSession(h.db, first.sessionToken, clock.now)).not.toBeNull();
    const stored = await h.db
      .selectFrom('staff_recovery_code')
      .select('code_hash')
      .where('staff_user_id', '=', s.id)
      .execute();
    for (const c of recoveryCodes!) expect(stored.map((r) => r.code_hash).join()).not.toContain(c);
    await expect(pendingTotpSecret(h.db, await totpSealingKey(deps), s.id, clock.now)).rejects.toMatchObject({
      code: 'totp_already_enrolled',
    });
  });

  it('asks for the code after the password; a code works once, within one step either side', async () => {
    const s = await newStaff();
    const { secret } = await enrolTotp((await passwordStep(s.email)).principal);
    later(60);
    const signIn1 = await passwordStep(s.email);
    expect(signIn1.secondFactor).toBe('verify');
    expect(await second(signIn1.principal, 'totp', '123456')).toMatchObject({ ok: false, reason: 'invalid' });
    // The code of the previous step still works (a phone 30 s behind)...
    const previous = code(secret, new Date(clock.now.getTime() - 30_000));
    const done = await second(signIn1.principal, 'totp', previous.replace(/(...)/, '$1 '));
    expect(done.ok).toBe(true);
    if (!done.ok) return;
    // ...the password-only session is replaced by a new complete one.
    expect(await authenticateStaffSession(h.db, signIn1.sessionToken, clock.now)).toBeNull();
    expect(await authenticateSession(h.db, done.sessionToken, clock.now)).toMatchObject({ id: s.id });
    // The same code (or any earlier one) never works again, not even in a new sign-in.
    const signIn2 = await passwordStep(s.email);
    expect(await second(signIn2.principal, 'totp', previous)).toMatchObject({ ok: false, reason: 'invalid' });
    expect(
      await second(signIn2.principal, 'totp', code(secret, new Date(clock.now.getTime() - 60_000))),
    ).toMatchObject({ ok: false });
    expect((await second(signIn2.principal, 'totp', code(secret))).ok).toBe(true);
  });

  it('takes a recovery code once, and never again', async () => {
    const s = await newStaff();
    const { codes } = await enrolTotp((await passwordStep(s.email)).principal);
    const a = await passwordStep(s.email);
    const used = await second(a.principal, 'recovery_code', codes[3]!.toUpperCase());
    expect(used).toMatchObject({ ok: true, recoveryCodesLeft: 9 });
    const b = await passwordStep(s.email);
    expect(await second(b.principal, 'recovery_code', codes[3])).toMatchObject({
      ok: false,
      reason: 'invalid',
    });
    // Another person's code is no code of this account.
    const other = await newStaff();
    const theirs = await enrolTotp((await passwordStep(other.email)).principal);
    expect(await second(b.principal, 'recovery_code', theirs.codes[0])).toMatchObject({
      ok: false,
      reason: 'invalid',
    });
  });

  it('throttles wrong codes like wrong passwords, and a right password does not reset the count', async () => {
    const s = await newStaff();
    await enrolTotp((await passwordStep(s.email)).principal);
    later(60);
    const a = await passwordStep(s.email);
    for (let i = 0; i < 4; i++)
      expect(await second(a.principal, 'totp', `00000${i}`)).toMatchObject({ reason: 'invalid' });
    const b = await passwordStep(s.email);
    expect(await second(b.principal, 'totp', '000009')).toMatchObject({ reason: 'invalid' });
    expect(await second(b.principal, 'totp', '000008')).toMatchObject({ ok: false, reason: 'throttled' });
  });

  it('signs in with a passkey instead of a code; the challenge is bound to the session', async () => {
    const s = await newStaff();
    const enrolling = await passwordStep(s.email);
    const rp = relyingParty(ORIGIN);
    const device = new SoftAuthenticator(ORIGIN, rp.id);
    const options = await registrationOptions(h.db, rp, {
      owner: { kind: 'staff', id: s.id },
      userName: s.email,
      displayName: 'MFA',
      binding: staffRegisterBinding(enrolling.principal.sessionHash),
      userVerification: 'preferred',
      now: clock.now,
    });
    const added = await perform(ctx(enrolling.principal), ops.addPasskeyOp, {
      response: JSON.stringify(device.register(options)),
      name: 'Laptop',
    });
    expect(added).toMatchObject({ passkey: { name: 'Laptop' } });
    expect(added.recoveryCodes).toHaveLength(10);
    expect(await authenticateSession(h.db, enrolling.sessionToken, clock.now)).not.toBeNull();

    const a = await passwordStep(s.email);
    expect(a.secondFactor).toBe('verify');
    // A challenge shown to another session does not serve this one.
    const elsewhere = await authenticationOptions(h.db, rp, {
      owner: { kind: 'staff', id: s.id },
      binding: staffPasskeyBinding('another-session'),
      userVerification: 'preferred',
      now: clock.now,
    });
    expect(await second(a.principal, 'passkey', device.authenticate(elsewhere))).toMatchObject({
      ok: false,
      reason: 'invalid',
    });
    const mine = await authenticationOptions(h.db, rp, {
      owner: { kind: 'staff', id: s.id },
      binding: staffPasskeyBinding(a.principal.sessionHash),
      userVerification: 'preferred',
      now: clock.now,
    });
    expect((await second(a.principal, 'passkey', JSON.stringify(device.authenticate(mine)))).ok).toBe(true);
  });

  it('refuses removing the last factor while required; an admin reset removes all and ends sessions', async () => {
    const s = await newStaff();
    const first = await passwordStep(s.email);
    await enrolTotp(first.principal);
    await expect(perform(ctx(first.principal), ops.removeTotpOp, {})).rejects.toMatchObject({
      code: 'second_factor_last',
    });
    const optional = { ...deps, config: { ...deps.config, staffMfa: 'optional' as const } };
    expect(await perform(context(optional, first.principal, 'ui'), ops.removeTotpOp, {})).toEqual({
      removed: true,
    });
    await enrolTotp(first.principal);

    const admin = await newStaff();
    const adminSession = (await passwordStep(admin.email, 'optional')).principal;
    const reset = await perform(ctx(adminSession), ops.resetSecondFactorOp, { id: s.id });
    expect(reset).toMatchObject({ totp: true, passkeys: 0 });
    expect(reset.sessionsEnded).toBeGreaterThan(0);
    expect(await secondFactors(h.db, s.id)).toEqual({ totp: false, passkeys: 0, recoveryCodes: 0 });
    expect(await authenticateStaffSession(h.db, first.sessionToken, clock.now)).toBeNull();
    // Their next sign-in must enrol anew.
    expect((await passwordStep(s.email)).secondFactor).toBe('enrol');

    const actions = await h.db
      .selectFrom('audit_log')
      .select(['action', 'outcome', 'target'])
      .where('action', 'in', ['account.totp_enrol', 'account.totp_remove', 'staff.second_factor_reset'])
      .execute();
    expect(actions).toEqual(
      expect.arrayContaining([
        { action: 'account.totp_enrol', outcome: 'success', target: null },
        { action: 'account.totp_remove', outcome: 'failed', target: null },
        { action: 'staff.second_factor_reset', outcome: 'success', target: String(s.id) },
      ]),
    );
    expect((await verifyAuditChain(h.db)).ok).toBe(true);
  });

  it('with STAFF_MFA=optional, someone without a factor signs in with the password alone', async () => {
    const s = await newStaff();
    const result = await passwordStep(s.email, 'optional');
    expect(result.secondFactor).toBeNull();
    expect(result.deviceToken).toMatch(/^kmd_/);
    expect(await authenticateSession(h.db, result.sessionToken, clock.now)).toMatchObject({ id: s.id });
  });

  it('says a secret sealed under another key cannot be read, instead of misreading it', async () => {
    const s = await newStaff();
    const a = await passwordStep(s.email);
    await enrolTotp(a.principal);
    const b = await passwordStep(s.email);
    const result = await verifySecondFactor(h.db, clock.now, {
      staff: b.principal,
      method: 'totp',
      value: '123456',
      deviceToken: null,
      sealingKey: sealingKey('another registry secret of enough length'),
      rp: null,
      clientAddress: '203.0.113.10',
      requestId: null,
    });
    expect(result).toMatchObject({ ok: false, reason: 'totp_unreadable' });
  });
});
