import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, openTestDatabase, type TestDatabase } from '../../../helpers/databases.ts';
import { pendingCertification } from '../../../helpers/fixtures.ts';
import {
  applyTransition,
  certificationHistory,
  findCertification,
  grant,
  reinstate,
  renew,
  revoke,
  suspend,
} from '../../../../db/certification/transitions.ts';
import { verifyChain } from '../../../../db/certification/event-chain.ts';
import { KeurmerkError } from '../../../../db/errors.ts';
import type { Action, Status } from '../../../../db/certification/lifecycle.ts';

const T0 = new Date('2026-03-01T09:00:00.000Z');
const DAY = 86_400_000;
const by = (reason: string, now = T0) => ({ actor: 'assessor@test', reason, now });

describe.each(DIALECTS)('certification lifecycle on %s', (kind) => {
  let h: TestDatabase;
  beforeAll(async () => {
    h = await openTestDatabase(kind);
  });
  afterAll(async () => {
    await h.close();
  });

  /** Brings a fresh certification into `status` through legal steps. */
  async function certificationIn(status: Status): Promise<string> {
    const c = await pendingCertification(h.db, { now: T0 });
    if (status === 'pending') return c.public_id;
    await grant(h.db, c.public_id, by('granted'));
    if (status === 'suspended') await suspend(h.db, c.public_id, by('complaint'));
    if (status === 'revoked') await revoke(h.db, c.public_id, by('fraud'));
    return c.public_id;
  }

  it('walks pending → active → suspended → active → revoked, with one event each', async () => {
    const c = await pendingCertification(h.db, { now: T0 });
    const granted = await grant(h.db, c.public_id, by('all criteria met'));
    expect(granted).toMatchObject({ status: 'active', effective_status: 'active' });
    expect(granted.valid_from?.toISOString()).toBe(T0.toISOString());
    expect(granted.valid_until?.toISOString()).toBe('2027-03-01T09:00:00.000Z'); // KSF: 12 months
    await suspend(h.db, c.public_id, by('complaints', new Date(T0.getTime() + DAY)));
    await reinstate(h.db, c.public_id, by('resolved', new Date(T0.getTime() + 2 * DAY)));
    const revoked = await revoke(h.db, c.public_id, by('fraud', new Date(T0.getTime() + 3 * DAY)));
    expect(revoked.status).toBe('revoked');
    expect(revoked.version).toBe(5);
    const history = await certificationHistory(h.db, c.id);
    expect(history.map((e) => [e.kind, e.from_status, e.to_status, e.reason])).toEqual([
      ['created', null, 'pending', 'application'],
      ['granted', 'pending', 'active', 'all criteria met'],
      ['suspended', 'active', 'suspended', 'complaints'],
      ['reinstated', 'suspended', 'active', 'resolved'],
      ['revoked', 'active', 'revoked', 'fraud'],
    ]);
    expect(history.every((e) => e.actor === 'assessor@test' || e.actor === 'test')).toBe(true);
  });

  it('derives expired from valid_until on read, and renews onto the same public id', async () => {
    const id = await certificationIn('active');
    const later = new Date(T0.getTime() + 400 * DAY);
    expect((await findCertification(h.db, id, T0))?.effective_status).toBe('active');
    expect((await findCertification(h.db, id, later))?.effective_status).toBe('expired');
    expect((await findCertification(h.db, id, later))?.status).toBe('active'); // never stored
    await expect(suspend(h.db, id, by('x', later))).rejects.toMatchObject({ code: 'illegal_transition' });
    const renewed = await renew(h.db, id, by('re-assessed', later));
    expect(renewed).toMatchObject({ public_id: id, effective_status: 'active' });
    expect(renewed.valid_from?.toISOString()).toBe(later.toISOString());
  });

  const illegal: Array<[Status, Action]> = [
    ['pending', 'renew'],
    ['pending', 'suspend'],
    ['pending', 'reinstate'],
    ['pending', 'revoke'],
    ['active', 'grant'],
    ['active', 'reinstate'],
    ['suspended', 'grant'],
    ['suspended', 'suspend'],
    ['suspended', 'renew'],
    ['revoked', 'grant'],
    ['revoked', 'renew'],
    ['revoked', 'suspend'],
    ['revoked', 'reinstate'],
    ['revoked', 'revoke'],
  ];
  it.each(illegal)('refuses %s + %s with a typed error and changes nothing', async (status, action) => {
    const id = await certificationIn(status);
    const before = await findCertification(h.db, id, T0);
    const events = (await certificationHistory(h.db, before!.id)).length;
    const error = await applyTransition(h.db, id, action, by('try')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KeurmerkError);
    expect(error).toMatchObject({
      code: 'illegal_transition',
      status: 409,
      details: { action, from: status },
    });
    expect(await findCertification(h.db, id, T0)).toEqual(before);
    expect(await certificationHistory(h.db, before!.id)).toHaveLength(events);
  });

  const legal: Array<[Status, Action, Status]> = [
    ['pending', 'grant', 'active'],
    ['active', 'renew', 'active'],
    ['active', 'suspend', 'suspended'],
    ['active', 'revoke', 'revoked'],
    ['suspended', 'reinstate', 'active'],
    ['suspended', 'revoke', 'revoked'],
  ];
  it.each(legal)('allows %s + %s → %s', async (status, action, to) => {
    const id = await certificationIn(status);
    const after = await applyTransition(h.db, id, action, by('ok'));
    expect(after.effective_status).toBe(to);
  });

  it('requires a reason and an actor', async () => {
    const id = await certificationIn('active');
    await expect(suspend(h.db, id, { actor: 'a', reason: '   ', now: T0 })).rejects.toMatchObject({
      code: 'validation_failed',
      details: { field: 'reason' },
    });
    await expect(suspend(h.db, id, { actor: '', reason: 'r', now: T0 })).rejects.toMatchObject({
      details: { field: 'actor' },
    });
  });

  it('refuses an unknown public id with not_found', async () => {
    await expect(grant(h.db, 'doesnotexist1', by('x'))).rejects.toMatchObject({
      code: 'not_found',
      status: 404,
    });
  });

  it('rolls back state and event when work inside the transaction fails', async () => {
    const id = await certificationIn('active');
    const before = await findCertification(h.db, id, T0);
    const failingHook = async () => {
      throw new Error('credential service down');
    };
    await expect(revoke(h.db, id, { ...by('fraud'), hooks: [failingHook] })).rejects.toThrow(
      'credential service down',
    );
    expect(await findCertification(h.db, id, T0)).toEqual(before);
    expect((await certificationHistory(h.db, before!.id)).map((e) => e.kind)).toEqual(['created', 'granted']);
    expect((await verifyChain(h.db)).ok).toBe(true);
  });

  it('announces committed changes on the notification channel', async () => {
    const id = await certificationIn('active');
    const heard: string[] = [];
    await h.notifier.listen('certification_changed', (payload) => heard.push(payload));
    await suspend(h.db, id, by('complaint'));
    await expect.poll(() => heard, { timeout: 3000 }).toContain(id);
  });

  it('keeps the whole chain intact after all of the above', async () => {
    const verdict = await verifyChain(h.db);
    expect(verdict.ok).toBe(true);
    expect(verdict.events).toBeGreaterThan(40);
  });
});
