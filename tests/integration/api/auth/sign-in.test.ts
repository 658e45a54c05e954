import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { DIALECTS, openTestDatabase, type TestDatabase } from '../../../helpers/databases.ts';
import { createStaffAccount } from '../../../../api/auth/staff-accounts.ts';
import { signIn, type SignInInput } from '../../../../api/auth/sign-in.ts';
import { authenticateBearer, authenticateSession } from '../../../../api/auth/authenticate.ts';
import { ensureFirstAdmin } from '../../../../api/auth/first-admin.ts';
import { createLogger } from '../../../../api/app/log.ts';
import { ConfigError } from '../../../../api/app/config.ts';
import { perform } from '../../../../api/admin/perform.ts';
import { createTokenOp, revokeTokenOp } from '../../../../api/handlers/admin-tokens.ts';
import { signOutEverywhereOp } from '../../../../api/handlers/admin-account.ts';
import { updateStaffOp } from '../../../../api/handlers/admin-staff.ts';
import { secretHash } from '../../../../api/auth/secrets.ts';
import { SESSION_ABSOLUTE_MS, SESSION_IDLE_MS } from '../../../../db/staff/sessions.ts';
import { ACCOUNT_MAX_LOCK_MS, CLIENT_LIMIT } from '../../../../api/auth/throttle.ts';
import { verifyAuditChain } from '../../../../db/staff/audit-log.ts';
import { claimIdempotencyKey, completeIdempotencyKey } from '../../../../db/staff/idempotency.ts';
import { context, testDeps, tokenPrincipal } from '../../../helpers/admin-integration.ts';

const PASSWORD = 'lange zin met fietsbel 42';
const MINUTE = 60_000;
let counter = 0;
const email = () => `staff-${process.pid}-${++counter}@keurmerk.test`;

describe.each(DIALECTS)('staff authentication on %s', (kind) => {
  let h: TestDatabase;
  beforeAll(async () => {
    h = await openTestDatabase(kind);
  });
  afterAll(async () => {
    await h?.close();
  });

  let addressCounter = 0;
  const attempt = (now: Date, input: Partial<SignInInput> & { email: string; password: string }) =>
    signIn(h.db, now, {
      clientAddress: input.clientAddress ?? `198.51.100.${++addressCounter % 250}`,
      requestId: null,
      deviceToken: null,
      previousSession: null,
      // Password rules only here; the second factor has its own tests (second-factor.test.ts).
      staffMfa: 'optional',
      ...input,
    });

  async function staff(role: 'admin' | 'assessor' | 'viewer' = 'viewer', now = new Date()) {
    const address = email();
    const user = await createStaffAccount(
      h.db,
      { email: address, displayName: 'Test', role, password: PASSWORD },
      now,
    );
    return { ...user, address };
  }

  it('refuses weak passwords and duplicate addresses, and never stores the password', async () => {
    await expect(
      createStaffAccount(
        h.db,
        { email: email(), displayName: 'W', role: 'viewer', password: 'Welkom2024!!' },
        new Date(),
      ),
    ).rejects.toMatchObject({ code: 'weak_password', status: 400 });
    const s = await staff();
    expect(s).not.toHaveProperty('password_hash');
    await expect(
      createStaffAccount(
        h.db,
        { email: s.address.toUpperCase(), displayName: 'D', role: 'viewer', password: PASSWORD },
        new Date(),
      ),
    ).rejects.toMatchObject({ code: 'staff_exists', status: 409 });
    const row = await h.db
      .selectFrom('staff_user')
      .selectAll()
      .where('id', '=', s.id)
      .executeTakeFirstOrThrow();
    expect(row.password_hash).toMatch(/^scrypt\$15\$8\$1\$/);
    expect(JSON.stringify(row)).not.toContain('fietsbel');
  });

  it('signs in, starts a session stored only as a hash, and audits without the password', async () => {
    const s = await staff('assessor');
    const now = new Date();
    const result = await attempt(now, { email: s.address, password: PASSWORD, clientAddress: '203.0.113.9' });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.staff).toMatchObject({ email: s.address, role: 'assessor' });
    const who = await authenticateSession(h.db, result.sessionToken, now);
    expect(who).toMatchObject({ kind: 'staff', id: s.id, role: 'assessor' });
    const stored = await h.db.selectFrom('session').selectAll().where('staff_user_id', '=', s.id).execute();
    expect(stored.map((r) => r.token_hash)).toEqual([secretHash(result.sessionToken)]);
    const audit = await h.db.selectFrom('audit_log').selectAll().where('target', '=', s.address).execute();
    expect(audit.at(-1)).toMatchObject({
      action: 'auth.login',
      outcome: 'success',
      actor: s.address,
      client_address: '203.0.113.9',
    });
    expect(JSON.stringify(audit)).not.toContain('fietsbel');
  });

  it('answers a wrong password, an unknown address and a disabled account alike, and audits each', async () => {
    const s = await staff();
    const now = new Date();
    const wrong = await attempt(now, { email: s.address, password: 'not the password at all' });
    const unknown = await attempt(now, { email: `nobody-${counter}@keurmerk.test`, password: PASSWORD });
    await h.db.updateTable('staff_user').set({ disabled_at: now }).where('id', '=', s.id).execute();
    const disabled = await attempt(now, { email: s.address, password: PASSWORD });
    expect(wrong).toEqual({ ok: false, reason: 'invalid' });
    expect(unknown).toEqual(wrong);
    expect(disabled).toEqual(wrong);
    const rows = await h.db
      .selectFrom('audit_log')
      .select(['outcome', 'detail'])
      .where('action', '=', 'auth.login')
      .where('outcome', '=', 'failed')
      .orderBy('id', 'desc')
      .limit(3)
      .execute();
    expect(rows.map((r) => (r.detail as { reason: string }).reason).sort()).toEqual([
      'disabled',
      'unknown_account',
      'wrong_password',
    ]);
  });

  it('locks an account after 5 wrong passwords, for at most 15 minutes however many follow', async () => {
    const s = await staff();
    const t0 = new Date('2030-01-01T10:00:00Z');
    for (let i = 0; i < 5; i++)
      expect((await attempt(t0, { email: s.address, password: `wrong password ${i}!` })).ok).toBe(false);
    const locked = await attempt(t0, { email: s.address, password: PASSWORD });
    expect(locked).toMatchObject({ ok: false, reason: 'throttled' });
    // More guesses later keep failing and re-lock, but each lock is bounded.
    let t = t0;
    for (let i = 0; i < 20; i++) {
      t = new Date(t.getTime() + ACCOUNT_MAX_LOCK_MS + 1000);
      await attempt(t, { email: s.address, password: `still wrong ${i}!` });
    }
    const row = await h.db
      .selectFrom('staff_user')
      .select('locked_until')
      .where('id', '=', s.id)
      .executeTakeFirstOrThrow();
    expect(row.locked_until!.getTime() - t.getTime()).toBeLessThanOrEqual(ACCOUNT_MAX_LOCK_MS);
    const later = new Date(t.getTime() + ACCOUNT_MAX_LOCK_MS + 1000);
    expect((await attempt(later, { email: s.address, password: PASSWORD })).ok).toBe(true);
  });

  it('lets parallel guesses through only up to the threshold', async () => {
    const s = await staff();
    const now = new Date('2030-02-01T10:00:00Z');
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        attempt(now, { email: s.address, password: `parallel guess ${i}!` }),
      ),
    );
    const checked = await h.db
      .selectFrom('audit_log')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('target', '=', s.address)
      .where('outcome', '=', 'failed')
      .executeTakeFirstOrThrow();
    expect(Number(checked.n)).toBe(5);
    expect(results.filter((r) => !r.ok && r.reason === 'throttled')).toHaveLength(7);
  });

  it('lets the owner in from a known browser while an attacker keeps the account locked', async () => {
    const s = await staff();
    const t0 = new Date('2030-03-01T10:00:00Z');
    const first = await attempt(t0, { email: s.address, password: PASSWORD });
    if (!first.ok) throw new Error('first sign-in failed');
    for (let i = 0; i < 8; i++) await attempt(t0, { email: s.address, password: `attacker guess ${i}!` });
    expect(await attempt(t0, { email: s.address, password: PASSWORD })).toMatchObject({
      reason: 'throttled',
    });
    const owner = await attempt(t0, { email: s.address, password: PASSWORD, deviceToken: first.deviceToken });
    expect(owner.ok).toBe(true);
  });

  it('pauses a client network after 20 failed attempts, whatever the accounts', async () => {
    const now = new Date('2030-04-01T10:00:00Z');
    const address = '192.0.2.200';
    for (let i = 0; i < CLIENT_LIMIT.attempts; i++)
      await attempt(now, {
        email: `spray-${i}@keurmerk.test`,
        password: `spray password ${i}`,
        clientAddress: address,
      });
    const s = await staff();
    expect(
      await attempt(now, { email: s.address, password: PASSWORD, clientAddress: address }),
    ).toMatchObject({
      ok: false,
      reason: 'throttled',
    });
    // The one client rule: a neighbour in the same /24 shares the pause, another network does not.
    expect(
      await attempt(now, { email: s.address, password: PASSWORD, clientAddress: '192.0.2.201' }),
    ).toMatchObject({ ok: false, reason: 'throttled' });
    expect(
      (await attempt(now, { email: s.address, password: PASSWORD, clientAddress: '198.51.100.201' })).ok,
    ).toBe(true);
    const later = new Date(now.getTime() + CLIENT_LIMIT.windowMs + 1000);
    const s2 = await staff();
    expect((await attempt(later, { email: s2.address, password: PASSWORD, clientAddress: address })).ok).toBe(
      true,
    );
  });

  it('ends sessions when idle, at the absolute limit, at a new sign-in, and everywhere on request', async () => {
    const s = await staff();
    const t0 = new Date('2030-05-01T08:00:00Z');
    const signed = await attempt(t0, { email: s.address, password: PASSWORD });
    if (!signed.ok) throw new Error('sign-in failed');
    expect(
      await authenticateSession(h.db, signed.sessionToken, new Date(t0.getTime() + SESSION_IDLE_MS + 1000)),
    ).toBeNull();

    // Active every 50 minutes: still ends at the absolute limit.
    const active = await attempt(t0, { email: s.address, password: PASSWORD });
    if (!active.ok) throw new Error('sign-in failed');
    let t = t0.getTime();
    while (t + 50 * MINUTE < t0.getTime() + SESSION_ABSOLUTE_MS) {
      t += 50 * MINUTE;
      expect(await authenticateSession(h.db, active.sessionToken, new Date(t))).not.toBeNull();
    }
    expect(
      await authenticateSession(
        h.db,
        active.sessionToken,
        new Date(t0.getTime() + SESSION_ABSOLUTE_MS + 1000),
      ),
    ).toBeNull();

    // A sign-in with an old session cookie ends that session (rotation).
    const a = await attempt(t0, { email: s.address, password: PASSWORD });
    if (!a.ok) throw new Error('sign-in failed');
    const b = await attempt(t0, { email: s.address, password: PASSWORD, previousSession: a.sessionToken });
    if (!b.ok) throw new Error('sign-in failed');
    expect(b.sessionToken).not.toBe(a.sessionToken);
    expect(await authenticateSession(h.db, a.sessionToken, t0)).toBeNull();
    expect(await authenticateSession(h.db, b.sessionToken, t0)).not.toBeNull();

    // Sign out everywhere.
    const deps = await testDeps(h, { now: t0 });
    const c = await attempt(t0, { email: s.address, password: PASSWORD });
    if (!c.ok) throw new Error('sign-in failed');
    const me = await authenticateSession(h.db, c.sessionToken, t0);
    await perform(context(deps, me!, 'ui'), signOutEverywhereOp, {});
    expect(await authenticateSession(h.db, b.sessionToken, t0)).toBeNull();
    expect(await authenticateSession(h.db, c.sessionToken, t0)).toBeNull();
  });

  it('applies a role change at the next request and a disabled account ends its sessions', async () => {
    await staff('admin');
    const s = await staff('assessor');
    const now = new Date();
    const signed = await attempt(now, { email: s.address, password: PASSWORD });
    if (!signed.ok) throw new Error('sign-in failed');
    const deps = await testDeps(h);
    const admin = tokenPrincipal('admin');
    await perform(context(deps, admin), updateStaffOp, { id: String(s.id), role: 'viewer' });
    expect(await authenticateSession(h.db, signed.sessionToken, now)).toMatchObject({ role: 'viewer' });
    await perform(context(deps, admin), updateStaffOp, { id: String(s.id), disabled: true });
    expect(await authenticateSession(h.db, signed.sessionToken, now)).toBeNull();
  });

  it('keeps at least one enabled admin', async () => {
    const deps = await testDeps(h);
    await h.db.updateTable('staff_user').set({ role: 'viewer' }).where('role', '=', 'admin').execute();
    const only = await staff('admin');
    await expect(
      perform(context(deps, tokenPrincipal('admin')), updateStaffOp, { id: only.id, role: 'viewer' }),
    ).rejects.toMatchObject({
      code: 'last_admin',
    });
    await expect(
      perform(context(deps, tokenPrincipal('admin')), updateStaffOp, { id: only.id, disabled: true }),
    ).rejects.toMatchObject({
      code: 'last_admin',
    });
  });

  it('API tokens: shown once, stored as SHA-256, last use recorded, revocable, expiring', async () => {
    const clock = { now: new Date('2030-06-01T10:00:00Z') };
    const deps = await testDeps(h, clock);
    // A token acts for its owner, so the making token needs one.
    const admin = tokenPrincipal('admin', 'test-admin', (await staff('admin')).id);
    const created = await perform(context(deps, admin), createTokenOp, { name: 'ci', role: 'assessor' });
    expect(created.token).toMatch(/^kmt_[\w-]{43}$/);
    const row = await h.db
      .selectFrom('api_token')
      .selectAll()
      .where('id', '=', created.id)
      .executeTakeFirstOrThrow();
    expect(row.token_hash).toBe(secretHash(created.token));
    expect(JSON.stringify(row)).not.toContain(created.token.slice(4));
    const auth = await authenticateBearer(h.db, `Bearer ${created.token}`, clock.now);
    expect(auth).toMatchObject({
      state: 'valid',
      principal: { kind: 'token', role: 'assessor', name: 'ci' },
    });
    const used = await h.db
      .selectFrom('api_token')
      .select('last_used_at')
      .where('id', '=', created.id)
      .executeTakeFirstOrThrow();
    expect(used.last_used_at).toEqual(clock.now);

    await perform(context(deps, admin), revokeTokenOp, { id: String(created.id) });
    expect(await authenticateBearer(h.db, `Bearer ${created.token}`, clock.now)).toMatchObject({
      state: 'revoked',
    });

    const expiring = await perform(context(deps, admin), createTokenOp, {
      name: 'short',
      role: 'viewer',
      expiresAt: '2030-06-02',
    });
    expect(await authenticateBearer(h.db, `Bearer ${expiring.token}`, clock.now)).toMatchObject({
      state: 'valid',
    });
    expect(
      await authenticateBearer(h.db, `Bearer ${expiring.token}`, new Date('2030-06-03T00:00:00Z')),
    ).toMatchObject({
      state: 'expired',
    });
    expect(await authenticateBearer(h.db, 'Bearer kmt_nonsense', clock.now)).toEqual({ state: 'malformed' });
    expect(await authenticateBearer(h.db, `Bearer kmt_${'A'.repeat(43)}`, clock.now)).toEqual({
      state: 'unknown',
    });
    expect(await authenticateBearer(h.db, null, clock.now)).toEqual({ state: 'missing' });
    await expect(
      perform(context(deps, tokenPrincipal('assessor')), createTokenOp, { name: 'escalate', role: 'admin' }),
    ).rejects.toMatchObject({ code: 'forbidden', status: 403 });
  });

  it('hash-chains the audit log: an edited or deleted row is found', async () => {
    expect(await verifyAuditChain(h.db)).toMatchObject({ ok: true });
    const rows = await h.db.selectFrom('audit_log').select('id').orderBy('id').limit(3).execute();
    const middle = Number(rows[1]!.id);
    await sql`update audit_log set outcome = 'success' where id = ${middle}`.execute(h.db);
    await sql`update audit_log set actor = 'someone-else' where id = ${middle}`.execute(h.db);
    expect(await verifyAuditChain(h.db)).toMatchObject({
      ok: false,
      brokenAt: middle,
      reason: 'hash_mismatch',
    });
    await sql`delete from audit_log where id = ${middle}`.execute(h.db);
    expect(await verifyAuditChain(h.db)).toMatchObject({
      ok: false,
      brokenAt: Number(rows[2]!.id),
      reason: 'link_mismatch',
    });
  });

  it('creates the first admin from ADMIN_EMAIL/ADMIN_PASSWORD only on an empty database', async () => {
    const fresh = await openTestDatabase(kind);
    try {
      const log = createLogger('silent');
      await expect(
        ensureFirstAdmin(fresh.db, { adminEmail: 'first@keurmerk.test', adminPassword: 'password1234' }, log),
      ).rejects.toBeInstanceOf(ConfigError);
      await expect(
        ensureFirstAdmin(fresh.db, { adminEmail: 'first@keurmerk.test', adminPassword: 'password1234' }, log),
      ).rejects.toThrow(/ADMIN_PASSWORD/);
      expect(
        await ensureFirstAdmin(fresh.db, { adminEmail: 'First@Keurmerk.test', adminPassword: PASSWORD }, log),
      ).toBe('created');
      expect(
        await ensureFirstAdmin(fresh.db, { adminEmail: 'other@keurmerk.test', adminPassword: PASSWORD }, log),
      ).toBe('exists');
      const users = await fresh.db.selectFrom('staff_user').select(['email', 'role']).execute();
      expect(users).toEqual([{ email: 'first@keurmerk.test', role: 'admin' }]);
    } finally {
      await fresh.close();
    }
  });

  it('claims an Idempotency-Key once per principal and replays the stored result', async () => {
    const now = new Date();
    const base = {
      principal: 'token:1',
      key: `k-${counter++}`,
      method: 'POST',
      path: '/x',
      requestHash: 'a',
      now,
    };
    const claims = await Promise.all([claimIdempotencyKey(h.db, base), claimIdempotencyKey(h.db, base)]);
    expect(claims.map((c) => c.state).sort()).toEqual(['in_progress', 'new']);
    await completeIdempotencyKey(h.db, base.principal, base.key, { status: 200, body: '{"ok":true}', now });
    expect(await claimIdempotencyKey(h.db, base)).toEqual({
      state: 'replay',
      status: 200,
      body: '{"ok":true}',
    });
    expect(await claimIdempotencyKey(h.db, { ...base, requestHash: 'b' })).toEqual({ state: 'mismatch' });
    expect(await claimIdempotencyKey(h.db, { ...base, principal: 'token:2' })).toEqual({ state: 'new' });
  });
});
