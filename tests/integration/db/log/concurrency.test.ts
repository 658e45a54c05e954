import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createPgDatabase, dropPgDatabase } from '../../../helpers/databases.ts';
import { openDatabase, type DatabaseHandle } from '../../../../db/platform/connection.ts';
import { appendLogEntry } from '../../../../db/log/append.ts';
import { openLogKeys } from '../../../../db/log/log-key.ts';
import { startSequencer, type Sequencer } from '../../../../db/log/sequencer-loop.ts';
import { latestCheckpoint } from '../../../../db/log/checkpoints.ts';
import { logKeyRows } from '../../../../db/log/log-key.ts';
import { ReferenceTree, referenceOpenCheckpoint } from '../../../helpers/tlog-reference.ts';

// Two "instances" (two handles, each with its own sequencer) on one PostgreSQL, and writers
// appending in their own transactions meanwhile: every committed entry gets exactly one index.
describe.runIf(process.env['TEST_DATABASE_URL'])(
  'log sequencing with concurrent writers on PostgreSQL',
  () => {
    let url: string;
    const handles: DatabaseHandle[] = [];
    const sequencers: Sequencer[] = [];
    const errors: unknown[] = [];

    beforeAll(async () => {
      url = await createPgDatabase();
      for (let i = 0; i < 2; i++) {
        const handle = await openDatabase({ databaseUrl: url, dataDir: 'memory://' });
        handles.push(handle);
        // Seeded schemes queued their publications; the writers' entries are the whole log here.
        if (i === 0) await sql`delete from log_pending`.execute(handle.db);
        const keys = await openLogKeys(handle.db, {
          origin: 'concurrent.test/log',
          keyFile: null,
          dataDir: 'memory://',
        });
        sequencers.push(
          await startSequencer({
            db: handle.db,
            notifier: handle.notifier,
            keys,
            batchSize: 64,
            onError: (e) => errors.push(e),
          }),
        );
      }
    });
    afterAll(async () => {
      for (const s of sequencers) await s.stop();
      for (const h of handles) await h.close();
      if (url) await dropPgDatabase(url);
    });

    it('gives contiguous indexes, no duplicates, and checkpoints that match the entries', async () => {
      const writers = 6;
      const perWriter = 150;
      let committed = 0;
      await Promise.all(
        Array.from({ length: writers }, async (_, w) => {
          const db = handles[w % 2]!.db;
          for (let i = 0; i < perWriter; i++) {
            // Some transactions queue two entries, some roll back: only committed ones may get an index.
            await db
              .transaction()
              .execute(async (trx) => {
                await appendLogEntry(trx, { w, i }, `writer-${w}`);
                if (i % 10 === 3) await appendLogEntry(trx, { w, i, second: true }, `writer-${w}`);
                if (i % 17 === 5) throw new Error('rolled back');
              })
              .then(() => (committed += i % 10 === 3 ? 2 : 1))
              .catch((e: Error) => {
                if (e.message !== 'rolled back') throw e;
              });
          }
        }),
      );
      for (const s of sequencers) await s.settle();
      const db = handles[0]!.db;
      const rows = await db.selectFrom('log_entry').select(['index', 'entry']).orderBy('index').execute();
      expect(rows.map((r) => r.index)).toEqual(rows.map((_, i) => i));
      const texts = rows.map((r) => Buffer.from(r.entry).toString());
      expect(new Set(texts).size).toBe(texts.length);
      expect(texts.some((t) => t.includes('"i":5,'))).toBe(false);
      expect(rows.length).toBe(committed);
      const pending = await sql<{ n: string }>`select count(*) as n from log_pending`.execute(db);
      expect(Number(pending.rows[0]!.n)).toBe(0);
      const latest = await latestCheckpoint(db);
      expect(latest!.tree_size).toBe(rows.length);
      const vkey = (await logKeyRows(db))[0]!.vkey;
      const reference = new ReferenceTree(rows.map((r) => r.entry));
      const checkpoints = await db.selectFrom('log_checkpoint').selectAll().orderBy('tree_size').execute();
      for (const cp of checkpoints) {
        expect(
          referenceOpenCheckpoint(cp.note, vkey).root.equals(reference.mth(0, cp.tree_size)),
          `checkpoint ${cp.tree_size}`,
        ).toBe(true);
      }
      expect(errors).toEqual([]);
    });
  },
);
