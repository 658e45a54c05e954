import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { DIALECTS, openTestDatabase, type TestDatabase } from '../../../helpers/databases.ts';
import { pendingCertification } from '../../../helpers/fixtures.ts';
import { applyTransition, grant } from '../../../../db/certification/transitions.ts';
import { verifyLogAgainstChain, describeDisagreement } from '../../../../db/log/chain-agreement.ts';
import { recordExpiries } from '../../../../db/log/expiry-entries.ts';
import { appendLogEntry } from '../../../../db/log/append.ts';
import { sequenceBatch } from '../../../../db/log/sequencer.ts';
import { seedDemo } from '../../../../db/seed/demo-writer.ts';

// Half the history is numbered by the sequencer (log_entry), half still waits (log_pending): the
// check reads both, in log order.
describe.each(DIALECTS)('log verify, chain half, on %s', (kind) => {
  let h: TestDatabase;
  let eventIds: number[];
  beforeEach(async () => {
    h = await openTestDatabase(kind);
    // The template's seeded schemes queued their publications; this test starts from an empty log.
    await sql`delete from log_pending`.execute(h.db);
    await seedDemo(h.db, { organisations: 30, seed: 5, now: new Date('2026-06-01T00:00:00Z') });
    await recordExpiries(h.db, new Date());
    await sequenceBatch(h.db, 25);
    const c = await pendingCertification(h.db);
    await grant(h.db, c.public_id, { actor: 't', reason: 'toegekend' });
    await applyTransition(h.db, c.public_id, 'suspend', { actor: 't', reason: 'klachten' });
    eventIds = (
      await h.db
        .selectFrom('certification_event')
        .select('id')
        .where('kind', '<>', 'created')
        .orderBy('id')
        .execute()
    ).map((r) => r.id);
  });
  afterEach(async () => {
    await h.close();
  });

  it('agrees on an honest history', async () => {
    expect(await h.db.selectFrom('log_entry').select('index').execute()).toHaveLength(25);
    const verdict = await verifyLogAgainstChain(h.db);
    expect(verdict).toMatchObject({ ok: true, events: eventIds.length });
    expect(verdict.ok && verdict.expiries).toBeGreaterThan(0);
  });

  it('names the event whose numbered entry was deleted', async () => {
    // Entry 3 is the fourth public event's (no key or expiry entries come before the events).
    await h.db.deleteFrom('log_entry').where('index', '=', 3).execute();
    const verdict = await verifyLogAgainstChain(h.db);
    expect(verdict).toMatchObject({ ok: false, first: { kind: 'event_missing', eventId: eventIds[3] } });
  });

  it('names a changed fact of a queued entry', async () => {
    const last = await h.db
      .selectFrom('log_pending')
      .select(['id', 'entry'])
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirstOrThrow();
    const facts = JSON.parse(Buffer.from(last.entry).toString('utf8'));
    expect(facts).toMatchObject({ type: 'certification_suspended' });
    const forged = new TextEncoder().encode(JSON.stringify({ ...facts, status: 'active' }));
    await h.db.updateTable('log_pending').set({ entry: forged }).where('id', '=', last.id).execute();
    const verdict = await verifyLogAgainstChain(h.db);
    expect(verdict).toMatchObject({
      ok: false,
      first: {
        kind: 'facts_differ',
        eventId: eventIds.at(-1),
        field: 'status',
        entry: 'active',
        event: 'suspended',
      },
    });
    expect(describeDisagreement((verdict as Extract<typeof verdict, { ok: false }>).first)).toContain(
      `event ${eventIds.at(-1)} in status`,
    );
  });

  it('refuses an entry without its event, and a second expiry of one period', async () => {
    const bogus = {
      type: 'certification_revoked',
      at: new Date().toISOString(),
      public_id: 'zzzzzzzzzzzz',
      status: 'revoked',
    };
    await appendLogEntry(h.db, bogus, 'zzzzzzzzzzzz');
    expect(await verifyLogAgainstChain(h.db)).toMatchObject({
      ok: false,
      first: { kind: 'entry_without_event' },
    });
    await h.db
      .deleteFrom('log_pending')
      .where(sql<boolean>`convert_from(entry, 'UTF8') like '%zzzzzzzzzzzz%'`)
      .execute();
    expect((await verifyLogAgainstChain(h.db)).ok).toBe(true);
    const expiry = await h.db
      .selectFrom('log_pending')
      .select(['entry', 'subject'])
      .where(sql<boolean>`convert_from(entry, 'UTF8') like '%certification_expired%'`)
      .limit(1)
      .executeTakeFirstOrThrow();
    await h.db.insertInto('log_pending').values(expiry).execute();
    expect(await verifyLogAgainstChain(h.db)).toMatchObject({
      ok: false,
      first: { kind: 'expiry_duplicated' },
    });
  });
});
