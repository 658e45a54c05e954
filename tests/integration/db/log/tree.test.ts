import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql, type Kysely } from 'kysely';
import { DIALECTS, openTestDatabase, type TestDatabase } from '../../../helpers/databases.ts';
import type { Database } from '../../../../db/schema/database.ts';
import { sequenceBatch } from '../../../../db/log/sequencer.ts';
import { latestCheckpoint, makeCheckpoint } from '../../../../db/log/checkpoints.ts';
import { logKeyRows, openLogKeys, rotateLogKey, type LogKeyring } from '../../../../db/log/log-key.ts';
import { proveConsistency, proveEntry } from '../../../../db/log/proofs.ts';
import { readTileResource } from '../../../../db/log/resources.ts';
import {
  ReferenceTree,
  referenceBundleEntries,
  referenceOpenCheckpoint,
  referenceVerifyConsistency,
  referenceVerifyInclusion,
} from '../../../helpers/tlog-reference.ts';

const ORIGIN = 'registry.test/log';
const entryText = (n: number) => `{"n":${n}}`;

/** Queues entries n = from … to−1 straight into log_pending, in one statement. */
async function queue(db: Kysely<Database>, from: number, to: number): Promise<void> {
  if (to <= from) return;
  await sql`insert into log_pending (entry, subject)
    select convert_to('{"n":' || g || '}', 'UTF8'), 'test' from generate_series(${from}::int, ${to - 1}::int) g`.execute(
    db,
  );
}

async function sequenceAll(db: Kysely<Database>): Promise<number> {
  for (;;) {
    const r = await sequenceBatch(db, 4096);
    if (r === null) throw new Error('lock held');
    if (r.added === 0) return r.size;
  }
}

/** Every tile and bundle a tree of `size` has, per tlog-tiles: full ones and the partial rightmost. */
function tilesOfSize(size: number): Array<{ level: number | 'entries'; index: number; width: number }> {
  const out: Array<{ level: number | 'entries'; index: number; width: number }> = [];
  for (let level = 0; 256 ** level <= size; level++) {
    const count = Math.floor(size / 256 ** level);
    for (let n = 0; n * 256 < count; n++) {
      const width = Math.min(256, count - n * 256);
      out.push({ level, index: n, width });
      if (level === 0) out.push({ level: 'entries', index: n, width });
    }
  }
  return out;
}

const RANDOM_SIZE = 258 + Math.floor(Math.random() * 60_000);
const SIZES = [0, 1, 2, 255, 256, 257, RANDOM_SIZE, 65_536];

describe.each(DIALECTS)('transparency log tree on %s', (kind) => {
  let database: TestDatabase;
  let keys: LogKeyring;
  const reference = new ReferenceTree(
    Array.from({ length: 65_536 }, (_, n) => new TextEncoder().encode(entryText(n))),
  );
  const checkpoints: Array<{ size: number; root: Buffer }> = [];

  beforeAll(async () => {
    database = await openTestDatabase(kind);
    // The template's seeded schemes queued their publications; this test grows a log of its own.
    await sql`delete from log_pending`.execute(database.db);
    keys = await openLogKeys(database.db, { origin: ORIGIN, keyFile: null, dataDir: 'memory://' });
  });
  afterAll(async () => database?.close());

  it(`matches the outside verifier at sizes ${SIZES.join(', ')}`, { timeout: 600_000 }, async () => {
    const db = database.db;
    const vkey = (await logKeyRows(db))[0]!.vkey;
    let size = 0;
    for (const target of SIZES) {
      await queue(db, size, target);
      expect(await sequenceAll(db)).toBe(target);
      size = target;
      await makeCheckpoint(db, keys.current());
      const latest = await latestCheckpoint(db);
      const opened = referenceOpenCheckpoint(latest!.note, vkey);
      expect(opened.origin).toBe(ORIGIN);
      expect(opened.size).toBe(target);
      expect(opened.root.equals(reference.mth(0, target)), `root at ${target}`).toBe(true);
      checkpoints.push({ size: target, root: opened.root });

      // Tiles and bundles: byte-exact, and nothing beyond the checkpoint.
      const tiles = tilesOfSize(target);
      // At 65,536 compare a sample of level-0 tiles; every tile at the smaller sizes.
      const sample =
        target > 20_000
          ? tiles.filter((t, i) =>
              t.level !== 0 && t.level !== 'entries' ? true : i % 37 === 0 || t.index >= 254,
            )
          : tiles;
      for (const tile of sample) {
        const bytes = await readTileResource(db, tile, target);
        expect(bytes, JSON.stringify(tile)).not.toBeNull();
        if (tile.level === 'entries') {
          const got = referenceBundleEntries(bytes!).map((b) => b.toString());
          expect(got).toEqual(Array.from({ length: tile.width }, (_, i) => entryText(tile.index * 256 + i)));
        } else {
          expect(
            Buffer.from(bytes!).equals(reference.tile(tile.level, tile.index, tile.width)),
            JSON.stringify(tile),
          ).toBe(true);
        }
      }
      if (target % 256 !== 255) {
        const beyond = { level: 0, index: Math.floor(target / 256), width: (target % 256) + 1 };
        expect(await readTileResource(db, beyond, target)).toBeNull();
      }

      // Inclusion proofs in tlog-proof text, checked against the signed root.
      for (const index of new Set(
        [0, 1, Math.floor(target / 3), target - 2, target - 1].filter((i) => i >= 0 && i < target),
      )) {
        const proof = await proveEntry(db, index);
        const [head, note] = [
          proof.text.slice(0, proof.text.indexOf('\n\n')),
          proof.text.slice(proof.text.indexOf('\n\n') + 2),
        ];
        const lines = head.split('\n');
        expect(lines[0]).toBe('c2sp.org/tlog-proof@v1');
        expect(lines[1]).toBe(`index ${index}`);
        expect(note).toBe(latest!.note);
        const hashes = lines.slice(2).map((l) => Buffer.from(l, 'base64'));
        expect(hashes.map((h) => h.toString('hex'))).toEqual(
          reference.path(index, 0, target).map((h) => h.toString('hex')),
        );
        expect(referenceVerifyInclusion(index, target, reference.leaves[index]!, hashes, opened.root)).toBe(
          true,
        );
      }
      await expect(proveEntry(db, target)).rejects.toMatchObject({ code: 'log_entry_not_found' });

      // Consistency from every earlier checkpoint.
      for (const earlier of checkpoints.filter((c) => c.size > 0 && c.size < target)) {
        const answer = await proveConsistency(db, earlier.size, null);
        expect(answer.to).toBe(target);
        expect(answer.proof.map((h) => Buffer.from(h).toString('hex'))).toEqual(
          reference.consistency(earlier.size, target).map((h) => h.toString('hex')),
        );
        expect(
          referenceVerifyConsistency(earlier.size, target, earlier.root, opened.root, answer.proof),
        ).toBe(true);
      }
    }
    const pending = await db
      .selectFrom('log_pending')
      .select(sql<number>`count(*)`.as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(pending.n)).toBe(0);
  });

  it('refuses a second checkpoint of a size it already signed', async () => {
    const db = database.db;
    const before = await latestCheckpoint(db);
    expect(await makeCheckpoint(db, keys.current())).toMatchObject({ made: false, reason: 'up-to-date' });
    await expect(
      db
        .insertInto('log_checkpoint')
        .values({
          tree_size: before!.tree_size,
          root_hash: new Uint8Array(32),
          note: 'x',
          key_id: before!.key_id,
        })
        .execute(),
    ).rejects.toThrow();
  });

  it('keeps checkpoints of a rotated key verifiable, the retired key still listed', async () => {
    const db = database.db;
    const oldVkey = (await logKeyRows(db))[0]!.vkey;
    const oldNote = (await latestCheckpoint(db))!.note;
    const newVkey = await rotateLogKey(db, {
      origin: 'ignored.example/log',
      keyFile: null,
      dataDir: 'memory://',
    });
    await keys.reload();
    expect(newVkey.startsWith(`${ORIGIN}+`)).toBe(true);
    await queue(db, 65_536, 65_540);
    await sequenceAll(db);
    await makeCheckpoint(db, keys.current());
    const rows = await logKeyRows(db);
    expect(rows.map((r) => r.vkey)).toEqual([newVkey, oldVkey]);
    expect(rows[1]!.retired_at).not.toBeNull();
    expect(referenceOpenCheckpoint((await latestCheckpoint(db))!.note, newVkey).size).toBe(65_540);
    expect(referenceOpenCheckpoint(oldNote, oldVkey).size).toBe(65_536);
    expect(() => referenceOpenCheckpoint(oldNote, newVkey)).toThrow();
  });
});
