import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DIALECTS, openTestDatabase, type TestDatabase } from '../../../helpers/databases.ts';
import { pendingCertification } from '../../../helpers/fixtures.ts';
import { grant, revoke, suspend } from '../../../../db/certification/transitions.ts';
import { verifyChain } from '../../../../db/certification/event-chain.ts';

describe.each(DIALECTS)('event hash chain on %s', (kind) => {
  let h: TestDatabase;
  let ids: number[];
  beforeEach(async () => {
    h = await openTestDatabase(kind);
    for (let i = 0; i < 3; i++) {
      const c = await pendingCertification(h.db);
      await grant(h.db, c.public_id, { actor: 'a', reason: 'ok' });
      await suspend(h.db, c.public_id, { actor: 'a', reason: 'complaint' });
      await revoke(h.db, c.public_id, { actor: 'a', reason: 'fraud' });
    }
    ids = (await h.db.selectFrom('certification_event').select('id').orderBy('id').execute()).map(
      (r) => r.id,
    );
  });
  afterEach(async () => {
    await h.close();
  });

  it('verifies an untouched chain', async () => {
    expect(await verifyChain(h.db)).toMatchObject({ ok: true, events: 12 });
  });

  it('names the row whose reason was edited', async () => {
    const target = ids[5]!;
    await sql`update certification_event set reason = 'nothing happened' where id = ${target}`.execute(h.db);
    expect(await verifyChain(h.db)).toEqual({
      ok: false,
      events: 5,
      brokenAt: target,
      reason: 'hash_mismatch',
    });
  });

  it('names the row whose hash was recomputed to hide an edit (its successor no longer links)', async () => {
    const target = ids[5]!;
    await sql`update certification_event set actor = 'someone else', hash = repeat('a', 64) where id = ${target}`.execute(
      h.db,
    );
    const verdict = await verifyChain(h.db);
    expect(verdict).toMatchObject({ ok: false, brokenAt: target });
  });

  it('names the row after a deleted one', async () => {
    await sql`delete from certification_event where id = ${ids[7]!}`.execute(h.db);
    expect(await verifyChain(h.db)).toMatchObject({ ok: false, brokenAt: ids[8], reason: 'link_mismatch' });
  });

  it('detects a changed timestamp', async () => {
    await sql`update certification_event set occurred_at = occurred_at - interval '1 day' where id = ${ids[0]!}`.execute(
      h.db,
    );
    expect(await verifyChain(h.db)).toMatchObject({ ok: false, brokenAt: ids[0], reason: 'hash_mismatch' });
  });

  it('walks long chains page by page', async () => {
    expect(await verifyChain(h.db, 5)).toMatchObject({ ok: true, events: 12 });
  });
});
