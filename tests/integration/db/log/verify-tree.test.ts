import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql, type Kysely } from 'kysely';
import { DIALECTS, openTestDatabase, type TestDatabase } from '../../../helpers/databases.ts';
import type { Database } from '../../../../db/schema/database.ts';
import { sequenceBatch } from '../../../../db/log/sequencer.ts';
import { makeCheckpoint } from '../../../../db/log/checkpoints.ts';
import { openLogKeys, type LogKeyring } from '../../../../db/log/log-key.ts';
import { verifyLogTree } from '../../../../db/log/verify-tree.ts';

async function grow(db: Kysely<Database>, keys: LogKeyring, from: number, to: number): Promise<void> {
  await sql`insert into log_pending (entry, subject)
    select convert_to('{"n":' || g || '}', 'UTF8'), null from generate_series(${from}::int, ${to - 1}::int) g`.execute(
    db,
  );
  while ((await sequenceBatch(db, 1000))!.added > 0);
  await makeCheckpoint(db, keys.current());
}

describe.each(DIALECTS)('log verify (tree) on %s', (kind) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await openTestDatabase(kind);
    // The template's seeded schemes queued their publications; this test starts from an empty log.
    await sql`delete from log_pending`.execute(database.db);
    const keys = await openLogKeys(database.db, {
      origin: 'verify.test/log',
      keyFile: null,
      dataDir: 'memory://',
    });
    await makeCheckpoint(database.db, keys.current());
    await grow(database.db, keys, 0, 300);
    await grow(database.db, keys, 300, 70_000);
  }, 300_000);
  afterAll(async () => database?.close());

  it('recomputes an untouched log without a problem', { timeout: 120_000 }, async () => {
    const v = await verifyLogTree(database.db);
    expect(v).toMatchObject({ ok: true, entries: 70_000, checkpoints: 3, problems: [] });
    // 273 full level-0 tiles, 1 partial; 1 full level-1 tile, 1 partial; 1 partial level-2 tile.
    expect(v.tiles).toBe(273 + 1 + 1 + 1 + 1);
  });

  it(
    'names one tampered entry, then one tampered tile, then a tampered checkpoint',
    { timeout: 600_000 },
    async () => {
      const db = database.db;
      const original = await db
        .selectFrom('log_entry')
        .select('entry')
        .where('index', '=', 4321)
        .executeTakeFirstOrThrow();
      await db
        .updateTable('log_entry')
        .set({ entry: new TextEncoder().encode('{"n":-1}') })
        .where('index', '=', 4321)
        .execute();
      let v = await verifyLogTree(db);
      expect(v.ok).toBe(false);
      expect(v.problems).toContain('entry 4321: stored leaf hash differs from the entry');
      expect(v.problems).toContain('tile 0/16: stored hashes differ from the entries');
      await db.updateTable('log_entry').set({ entry: original.entry }).where('index', '=', 4321).execute();

      const tile = await db
        .selectFrom('log_tile')
        .select('hashes')
        .where('level', '=', 1)
        .where('tile_index', '=', 0)
        .executeTakeFirstOrThrow();
      const forged = new Uint8Array(tile.hashes);
      forged[100] = forged[100]! ^ 1;
      await db
        .updateTable('log_tile')
        .set({ hashes: forged })
        .where('level', '=', 1)
        .where('tile_index', '=', 0)
        .execute();
      v = await verifyLogTree(db);
      expect(v.problems).toEqual(['tile 1/0: stored hashes differ from the entries']);
      await db
        .updateTable('log_tile')
        .set({ hashes: tile.hashes })
        .where('level', '=', 1)
        .where('tile_index', '=', 0)
        .execute();

      const cp = await db
        .selectFrom('log_checkpoint')
        .selectAll()
        .where('tree_size', '=', 300)
        .executeTakeFirstOrThrow();
      await db
        .updateTable('log_checkpoint')
        .set({ note: cp.note.replace('\n300\n', '\n301\n') })
        .where('tree_size', '=', 300)
        .execute();
      v = await verifyLogTree(db);
      expect(v.problems).toEqual(['checkpoint 300: signature of verify.test/log does not verify']);
      await db.updateTable('log_checkpoint').set({ note: cp.note }).where('tree_size', '=', 300).execute();
      expect((await verifyLogTree(db)).ok).toBe(true);
    },
  );
});
