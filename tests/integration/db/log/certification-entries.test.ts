import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { DIALECTS, openTestDatabase, type TestDatabase } from '../../../helpers/databases.ts';
import { pendingCertification } from '../../../helpers/fixtures.ts';
import { queuedCount, queuedEntries } from '../../../helpers/log-entries.ts';
import { applyTransition, grant, type ChangeHook } from '../../../../db/certification/transitions.ts';
import { recordExpiries } from '../../../../db/log/expiry-entries.ts';
import { rotateKey, openKeyStore } from '../../../../badges/credentials/key-store.ts';
import type { Action } from '../../../../db/certification/lifecycle.ts';

const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');
const T0 = new Date('2026-01-05T09:30:00.123Z');
const at = (days: number) => new Date(T0.getTime() + days * 86_400_000);

describe.each(DIALECTS)('transparency-log entries on %s', (kind) => {
  let h: TestDatabase;
  beforeAll(async () => {
    h = await openTestDatabase(kind);
  });
  afterAll(async () => {
    await h.close();
  });

  it('an application appends nothing; each public change appends exactly its own entry', async () => {
    const start = await queuedCount(h.db);
    const c = await pendingCertification(h.db, { now: T0 });
    expect(await queuedCount(h.db)).toBe(start);

    await grant(h.db, c.public_id, {
      actor: 'staff@keurmerk.test',
      reason: 'Alle beloften getoetst',
      now: T0,
    });
    const [granted, ...rest] = (await queuedEntries(h.db)).slice(start);
    expect(rest).toEqual([]);
    expect(granted).toEqual({
      subject: c.public_id,
      bytes: expect.any(Number),
      facts: {
        type: 'certification_granted',
        at: '2026-01-05T09:30:00.123Z',
        public_id: c.public_id,
        organisation: c.organisationSlug,
        scheme: 'ksf-service-promises',
        status: 'active',
        reason_sha256: sha256('Alle beloften getoetst'),
        assurance_level: 'self_declared',
        valid_from: '2026-01-05T09:30:00.123Z',
        valid_until: expect.stringMatching(/^2027-01-05T09:30:00\.123Z$|^2029-01-05/),
      },
    });
    // Nothing the registry keeps private: never the actor.
    expect(JSON.stringify(granted!.facts)).not.toContain('staff@keurmerk.test');

    const steps: Array<[Action, string, string]> = [
      ['suspend', 'certification_suspended', 'suspended'],
      ['reinstate', 'certification_reinstated', 'active'],
      ['renew', 'certification_renewed', 'active'],
      ['revoke', 'certification_revoked', 'revoked'],
    ];
    for (const [i, [action, type, status]] of steps.entries()) {
      const before = await queuedCount(h.db);
      await applyTransition(h.db, c.public_id, action, { actor: 't', reason: `stap ${i}`, now: at(i + 1) });
      const added = (await queuedEntries(h.db)).slice(before);
      expect(added).toHaveLength(1);
      expect(added[0]!.facts).toMatchObject({
        type,
        at: at(i + 1).toISOString(),
        status,
        reason_sha256: sha256(`stap ${i}`),
      });
    }
  });

  it('states the assurance level a hook set in the same transaction', async () => {
    const c = await pendingCertification(h.db);
    const raise: ChangeHook = async (trx, change) => {
      await trx
        .updateTable('certification')
        .set({ assurance_level: 'audited' })
        .where('id', '=', change.after.id)
        .execute();
    };
    const before = await queuedCount(h.db);
    await grant(h.db, c.public_id, { actor: 't', reason: 'audit', hooks: [raise] });
    const [entry] = (await queuedEntries(h.db)).slice(before);
    expect(entry!.facts['assurance_level']).toBe('audited');
  });

  it('a failed or refused change appends nothing', async () => {
    const c = await pendingCertification(h.db);
    const before = await queuedCount(h.db);
    const failing: ChangeHook = async () => {
      throw new Error('signing service down');
    };
    await expect(grant(h.db, c.public_id, { actor: 't', reason: 'x', hooks: [failing] })).rejects.toThrow(
      'signing service down',
    );
    await expect(
      applyTransition(h.db, c.public_id, 'suspend', { actor: 't', reason: 'x' }),
    ).rejects.toMatchObject({
      code: 'illegal_transition',
    });
    expect(await queuedCount(h.db)).toBe(before);
  });

  it('records a key added and the key it retired', async () => {
    const options = {
      publicUrl: 'https://keurmerk.test',
      alg: 'ES256' as const,
      keyFile: null,
      dataDir: 'memory://',
    };
    const store = await openKeyStore(h.db, options);
    const old = store.current();
    const before = await queuedCount(h.db);
    const now = new Date('2026-02-01T12:00:00.000Z');
    const key = await rotateKey(h.db, options, now);
    const added = (await queuedEntries(h.db)).slice(before);
    expect(added).toEqual([
      {
        subject: 'keys',
        bytes: expect.any(Number),
        facts: {
          type: 'signing_key_added',
          at: now.toISOString(),
          kid: key.kid,
          thumbprint: key.thumbprint,
          alg: 'ES256',
        },
      },
      {
        subject: 'keys',
        bytes: expect.any(Number),
        facts: {
          type: 'signing_key_retired',
          at: now.toISOString(),
          kid: old.kid,
          thumbprint: old.thumbprint,
          alg: old.alg,
        },
      },
    ]);
  });

  it('records each expiry once per validity period', async () => {
    const c = await pendingCertification(h.db, { now: T0 });
    await grant(h.db, c.public_id, { actor: 't', reason: 'g', now: T0 });
    const cert = await h.db
      .selectFrom('certification')
      .selectAll()
      .where('id', '=', c.id)
      .executeTakeFirstOrThrow();
    const after = new Date(cert.valid_until!.getTime() + 1000);
    const before = await queuedCount(h.db);
    // Concurrent runs (several instances) still record it once.
    const runs = await Promise.all([recordExpiries(h.db, after), recordExpiries(h.db, after)]);
    const mine = (await queuedEntries(h.db)).slice(before).filter((e) => e.subject === c.public_id);
    expect(mine).toHaveLength(1);
    expect(runs.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(1);
    expect(mine[0]!.facts).toEqual({
      type: 'certification_expired',
      at: cert.valid_until!.toISOString(),
      public_id: c.public_id,
      organisation: c.organisationSlug,
      scheme: 'ksf-service-promises',
      status: 'expired',
      assurance_level: 'self_declared',
      valid_from: cert.valid_from!.toISOString(),
      valid_until: cert.valid_until!.toISOString(),
    });
    expect(await recordExpiries(h.db, new Date(after.getTime() + 86_400_000))).toBe(0);

    // A renewal opens a new period, whose expiry is recorded in its turn.
    await applyTransition(h.db, c.public_id, 'renew', { actor: 't', reason: 'r', now: after });
    const renewed = await h.db
      .selectFrom('certification')
      .selectAll()
      .where('id', '=', c.id)
      .executeTakeFirstOrThrow();
    const later = new Date(renewed.valid_until!.getTime() + 1000);
    await recordExpiries(h.db, later);
    const expiries = (await queuedEntries(h.db)).filter(
      (e) => e.subject === c.public_id && e.facts['type'] === 'certification_expired',
    );
    expect(expiries.map((e) => e.facts['valid_until'])).toEqual([
      cert.valid_until!.toISOString(),
      renewed.valid_until!.toISOString(),
    ]);
  });
});
