import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { DIALECTS, openTestDatabase, type TestDatabase } from '../../../helpers/databases.ts';
import { pendingCertification } from '../../../helpers/fixtures.ts';
import { prepareRegistry, type PreparedRegistry } from '../../../helpers/registry-fixture.ts';
import { createDispatcher, routes } from '../../../../api/routes/router.ts';
import type { Deps } from '../../../../api/app/deps.ts';
import { perform, type Operation } from '../../../../api/admin/perform.ts';
import { createStaffOp, resetPasswordOp } from '../../../../api/handlers/admin-staff.ts';
import { createTokenOp } from '../../../../api/handlers/admin-tokens.ts';
import { lifecycleOps } from '../../../../api/handlers/admin-lifecycle.ts';
import { verifyChain } from '../../../../db/certification/event-chain.ts';
import { verifyAuditChain } from '../../../../db/staff/audit-log.ts';
import { claimIdempotencyKey, completeIdempotencyKey } from '../../../../db/staff/idempotency.ts';
import { inTransaction } from '../../../../db/platform/transaction.ts';
import {
  context,
  testDeps,
  ownedTokenPrincipal,
  tokenPrincipal,
} from '../../../helpers/admin-integration.ts';

// A change, its success audit record and its Idempotency-Key claim and answer commit in one
// transaction, or none of them does (api/admin/perform.ts).

const dispatch = createDispatcher(routes);
const ORIGIN = 'http://127.0.0.1:4321';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.each(DIALECTS)('admin changes commit with their bookkeeping on %s', (kind) => {
  let h: TestDatabase;
  let deps: Deps;
  let reg: PreparedRegistry;
  let token: string;
  /** Public ids this instance's badge cache was told to drop, in order. */
  const invalidated: string[] = [];
  /** The stored status each of those saw, read from another connection the moment it was dropped. */
  const seen: Array<Promise<string | undefined>> = [];

  beforeAll(async () => {
    h = await openTestDatabase(kind);
    const base = await testDeps(h);
    const badges = base.badges;
    deps = {
      ...base,
      badges: {
        ...badges,
        invalidate(publicId: string) {
          invalidated.push(publicId);
          seen.push(
            h.db
              .selectFrom('certification')
              .select('status')
              .where('public_id', '=', publicId)
              .executeTakeFirst()
              .then((row) => row?.status),
          );
          badges.invalidate(publicId);
        },
      },
    };
    token = (
      await perform(context(deps, await ownedTokenPrincipal(h.db, 'admin'), 'cli'), createTokenOp, {
        name: 'atomic',
        role: 'admin',
      })
    ).token;
    reg = await prepareRegistry(h.db, deps.lifecycleHooks);
    // The audit log refuses success records of one action: the audit write of that change fails.
    await sql`create function refuse_audit() returns trigger language plpgsql as $$
      begin raise exception 'audit log refused (test)'; end $$`.execute(h.db);
    await sql`create trigger refuse_audit before insert on audit_log for each row
      when (new.outcome = 'success' and new.action = 'certification.suspend')
      execute function refuse_audit()`.execute(h.db);
  });
  afterAll(async () => {
    await deps?.close();
    await h?.close();
  });

  async function call(path: string, body: unknown, headers: Record<string, string> = {}) {
    const response = (await dispatch(
      new Request(`${ORIGIN}/api/v1/admin${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...headers },
        body: JSON.stringify(body),
      }),
      deps,
    ))!;
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : null, headers: response.headers };
  }

  async function stateOf(publicId: string) {
    const cert = await h.db
      .selectFrom('certification')
      .select(['id', 'status', 'version'])
      .where('public_id', '=', publicId)
      .executeTakeFirstOrThrow();
    const events = await h.db
      .selectFrom('certification_event')
      .select(['kind', 'reason'])
      .where('certification_id', '=', cert.id)
      .orderBy('id')
      .execute();
    const credentials = await h.db
      .selectFrom('credential')
      .select(['id', 'revoked_at'])
      .where('certification_id', '=', cert.id)
      .execute();
    const audit = await h.db
      .selectFrom('audit_log')
      .select(['action', 'outcome', 'detail'])
      .where('target', '=', publicId)
      .orderBy('id')
      .execute();
    return { ...cert, events, credentials, audit };
  }

  const idempotencyRows = (key: string) =>
    h.db.selectFrom('idempotency_key').selectAll().where('key', '=', key).execute();

  it('rolls the change back when its audit record cannot be written', async () => {
    const publicId = reg.active;
    const before = await stateOf(publicId);
    invalidated.length = 0;
    seen.length = 0;
    await expect(
      perform(context(deps, tokenPrincipal('assessor')), lifecycleOps.suspend, {
        publicId,
        reason: 'audit write fails',
      }),
    ).rejects.toThrow(/audit log refused/);
    const after = await stateOf(publicId);
    // No new state, event, credential revocation or success record; the error is recorded instead.
    expect(after.status).toBe('active');
    expect(after.version).toBe(before.version);
    expect(after.events).toEqual(before.events);
    expect(after.credentials).toEqual(before.credentials);
    expect(after.audit.slice(before.audit.length)).toMatchObject([
      { action: 'certification.suspend', outcome: 'error' },
    ]);
    // Nothing committed, so nothing was dropped from the badge cache after a commit.
    expect(invalidated).toEqual([]);
    expect(await verifyChain(h.db)).toMatchObject({ ok: true });
    expect(await verifyAuditChain(h.db)).toMatchObject({ ok: true });

    // Through the API with an Idempotency-Key: a 500 leaves no claim, so the retry runs.
    const key = { 'idempotency-key': `atomic-audit-${publicId}` };
    const failed = await call(`/certifications/${publicId}/suspend`, { reason: 'audit write fails' }, key);
    expect(failed.status).toBe(500);
    expect(await idempotencyRows(key['idempotency-key'])).toEqual([]);
    expect((await stateOf(publicId)).events).toEqual(before.events);

    await sql`drop trigger refuse_audit on audit_log`.execute(h.db);
    const retry = await call(`/certifications/${publicId}/suspend`, { reason: 'audit write fails' }, key);
    expect(retry.status).toBe(200);
    expect(retry.headers.get('idempotent-replayed')).toBeNull();
    expect(retry.body.status).toBe('suspended');
    const done = await stateOf(publicId);
    expect(done.events.slice(before.events.length)).toEqual([
      { kind: 'suspended', reason: 'audit write fails' },
    ]);
    expect(done.audit.filter((a) => a.outcome === 'success')).toMatchObject([
      { action: 'certification.suspend', detail: { reason: 'audit write fails' } },
    ]);
    // Dropped from the cache once, after the commit: a query started then sees the new state.
    expect(invalidated).toEqual([publicId]);
    expect(await Promise.all(seen)).toEqual(['suspended']);
    const stored = await idempotencyRows(key['idempotency-key']);
    expect(stored).toMatchObject([{ status: 200 }]);
    expect(JSON.parse(stored[0]!.response_body!)).toEqual(retry.body);
    const again = await call(`/certifications/${publicId}/suspend`, { reason: 'audit write fails' }, key);
    expect(again.status).toBe(200);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body).toEqual(retry.body);
    expect((await stateOf(publicId)).events).toHaveLength(done.events.length);
    expect(await verifyAuditChain(h.db)).toMatchObject({ ok: true });
  });

  it('keeps a refusal with its key but undoes what the refused operation wrote', async () => {
    const cert = await pendingCertification(h.db);
    const key = { 'idempotency-key': `atomic-refused-${cert.public_id}` };
    // Assessments sent with a grant are written first; the grant then finds them incomplete.
    const body = { reason: 'partial review', assessments: [{ criterion: 'p1', result: 'met' }] };
    const refused = await call(`/certifications/${cert.public_id}/grant`, body, key);
    expect(refused.status).toBe(409);
    expect(refused.body.type).toMatch(/assessment_incomplete$/);
    const assessments = await h.db
      .selectFrom('assessment')
      .select('id')
      .where('certification_id', '=', cert.id)
      .execute();
    expect(assessments).toEqual([]);
    const state = await stateOf(cert.public_id);
    expect(state.status).toBe('pending');
    expect(state.audit).toMatchObject([
      { action: 'certification.grant', outcome: 'failed', detail: { code: 'assessment_incomplete' } },
    ]);
    expect(await idempotencyRows(key['idempotency-key'])).toMatchObject([{ status: 409 }]);
    const replay = await call(`/certifications/${cert.public_id}/grant`, body, key);
    expect(replay.status).toBe(409);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(replay.body).toEqual(refused.body);
    expect((await stateOf(cert.public_id)).audit).toHaveLength(1);
  });

  it('runs identical requests sent at once a single time, and the others replay its answer', async () => {
    const certs = await Promise.all([1, 2, 3].map(() => pendingCertification(h.db)));
    const criteria = ['p1', 'p2', 'p3', 'p4', 'p5', 'p6', 'p7'].map((criterion) => ({
      criterion,
      result: 'met',
    }));
    // Per certification: six copies of one grant (one key), alongside the other certifications'.
    const answers = await Promise.all(
      certs.flatMap((cert) =>
        Array.from({ length: 6 }, () =>
          call(
            `/certifications/${cert.public_id}/grant`,
            { reason: 'all at once', assessments: criteria },
            { 'idempotency-key': `at-once-${cert.public_id}` },
          ),
        ),
      ),
    );
    for (const [i, cert] of certs.entries()) {
      const mine = answers.slice(i * 6, i * 6 + 6);
      expect(mine.map((a) => a.status)).toEqual([200, 200, 200, 200, 200, 200]);
      expect(mine.filter((a) => a.headers.get('idempotent-replayed') === 'true')).toHaveLength(5);
      for (const a of mine) expect(a.body).toEqual(mine[0]!.body);
      const state = await stateOf(cert.public_id);
      expect(state.events.map((e) => e.kind)).toEqual(['created', 'granted']);
      expect(state.audit).toMatchObject([{ action: 'certification.grant', outcome: 'success' }]);
    }
    expect(await verifyChain(h.db)).toMatchObject({ ok: true });
    expect(await verifyAuditChain(h.db)).toMatchObject({ ok: true });
  });

  it('serialises conflicting changes of one certification without a deadlock', async () => {
    const publicIds = [reg.activeBe, reg.accented];
    const before = await Promise.all(publicIds.map(stateOf));
    const actions = ['suspend', 'reinstate', 'renew', 'suspend', 'reinstate', 'revoke', 'suspend', 'renew'];
    const answers = await Promise.all(
      publicIds.flatMap((publicId, p) =>
        [...actions, ...actions].map((action, i) =>
          call(
            `/certifications/${publicId}/${action}`,
            { reason: `race ${p}-${i}` },
            // Half of them with a key, so claims, row locks and the audit lock all meet.
            i % 2 === 0 ? { 'idempotency-key': `race-${publicId}-${i}` } : {},
          ),
        ),
      ),
    );
    // Each answered by the lifecycle rules: done, or refused for the state it found; never a 500.
    for (const a of answers) {
      expect([200, 409]).toContain(a.status);
      if (a.status === 409) expect(a.body.type).toMatch(/illegal_transition$/);
    }
    for (const [p, publicId] of publicIds.entries()) {
      const state = await stateOf(publicId);
      const mine = answers.slice(p * actions.length * 2, (p + 1) * actions.length * 2);
      const events = state.events.slice(before[p]!.events.length);
      expect(events).toHaveLength(mine.filter((a) => a.status === 200).length);
      // One success record per change, none for a refusal.
      const successes = state.audit
        .filter((r) => r.outcome === 'success')
        .slice(before[p]!.audit.filter((r) => r.outcome === 'success').length);
      expect(successes.map((r) => (r.detail as { reason: string }).reason).sort()).toEqual(
        events.map((e) => e.reason).sort(),
      );
    }
    expect(await verifyChain(h.db)).toMatchObject({ ok: true });
    expect(await verifyAuditChain(h.db)).toMatchObject({ ok: true });
  });

  it('leaves the key free when the claiming transaction rolls back', async () => {
    const claim = (k: string, db = h.db, requestHash = 'h') =>
      claimIdempotencyKey(db, {
        principal: 'token:9',
        key: k,
        method: 'POST',
        path: '/x',
        requestHash,
        now: new Date(),
      });
    await expect(
      inTransaction(h.db, async (trx) => {
        expect(await claim('rolled-back', trx)).toEqual({ state: 'new' });
        throw new Error('the process died');
      }),
    ).rejects.toThrow(/died/);
    expect(await idempotencyRows('rolled-back')).toEqual([]);
    expect(await claim('rolled-back')).toEqual({ state: 'new' });
  });

  it('makes an identical claim wait for the first, then replay its answer or take the key', async () => {
    const claim = (k: string, db = h.db) =>
      claimIdempotencyKey(db, {
        principal: 'token:9',
        key: k,
        method: 'POST',
        path: '/x',
        requestHash: 'h',
        now: new Date(),
      });
    for (const ending of ['commit', 'rollback'] as const) {
      const k = `waits-${ending}`;
      let second: Promise<Awaited<ReturnType<typeof claim>>> | undefined;
      let settled = false;
      await inTransaction(h.db, async (trx) => {
        expect(await claim(k, trx)).toEqual({ state: 'new' });
        // From another connection (PostgreSQL: the insert waits on the uncommitted row; PGlite:
        // its turn on the one connection comes after this transaction).
        second = claim(k).finally(() => (settled = true));
        await sleep(150);
        expect(settled).toBe(false);
        await completeIdempotencyKey(trx, 'token:9', k, {
          status: 200,
          body: '{"done":true}',
          now: new Date(),
        });
        if (ending === 'rollback') throw new Error('rolled back');
      }).catch((error: Error) => expect(error.message).toBe('rolled back'));
      expect(await second!).toEqual(
        ending === 'commit' ? { state: 'replay', status: 200, body: '{"done":true}' } : { state: 'new' },
      );
    }
  });

  it('prepares slow work (password hashing) outside the transaction, and audits its refusals', async () => {
    // A preparation that waits on a gate: meanwhile another query must get through (on PGlite
    // there is one connection, which an open transaction would hold).
    let open!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    const inTrx: boolean[] = [];
    const op: Operation<string, string> = {
      name: 'test.prepared',
      permission: 'staff.manage',
      write: true,
      async prepare(ctx) {
        inTrx.push(ctx.deps.database.db.isTransaction);
        await gate;
        return 'prepared';
      },
      run: async (ctx, _input, prepared) => {
        inTrx.push(ctx.deps.database.db.isTransaction);
        return prepared;
      },
    };
    const done = perform(context(deps, tokenPrincipal('admin')), op, { id: 'gated' });
    await sleep(20);
    const during = await Promise.race([
      sql<{ one: number }>`select 1 as one`.execute(h.db).then((r) => r.rows[0]?.one),
      sleep(2_000).then(() => 'blocked'),
    ]);
    expect(during).toBe(1);
    open();
    expect(await done).toBe('prepared');
    expect(inTrx).toEqual([false, true]);

    // The real password operations: a weak password is refused in preparation, audited as
    // failed, and changes nothing.
    const ctx = context(deps, tokenPrincipal('admin'));
    const staff = await perform(ctx, createStaffOp, {
      email: 'prepared@example.nl',
      displayName: 'Prepared',
      role: 'admin', // the first staff account must be an admin
      password: 'a long and proper passphrase 2026',
    });
    const hashOf = async () =>
      (
        await h.db
          .selectFrom('staff_user')
          .select('password_hash')
          .where('id', '=', staff.id)
          .executeTakeFirstOrThrow()
      ).password_hash;
    const before = await hashOf();
    await expect(perform(ctx, resetPasswordOp, { id: staff.id, password: 'short' })).rejects.toMatchObject({
      code: 'weak_password',
    });
    expect(await hashOf()).toBe(before);
    const audit = await h.db
      .selectFrom('audit_log')
      .select(['action', 'outcome', 'detail'])
      .where('action', '=', 'staff.password_reset')
      .orderBy('id')
      .execute();
    expect(audit.at(-1)).toMatchObject({ outcome: 'failed', detail: { code: 'weak_password' } });
    await perform(ctx, resetPasswordOp, { id: staff.id, password: 'another long passphrase 2027' });
    expect(await hashOf()).not.toBe(before);
    expect(await verifyAuditChain(h.db)).toMatchObject({ ok: true });
  });
});
