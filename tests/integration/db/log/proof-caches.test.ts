import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql, type Kysely } from 'kysely';
import { DIALECTS, openTestDatabase, type TestDatabase } from '../../../helpers/databases.ts';
import type { Database } from '../../../../db/schema/database.ts';
import { sequenceBatch } from '../../../../db/log/sequencer.ts';
import { logKeyRows, openLogKeys, type LogKeyring } from '../../../../db/log/log-key.ts';
import { proveEntry } from '../../../../db/log/proofs.ts';
import { CHECKPOINT_CHANNEL, createCheckpointCache } from '../../../../db/log/checkpoint-cache.ts';
import { createFullTileCache } from '../../../../db/log/full-tile-cache.ts';
import { createLogProver } from '../../../../db/log/prover.ts';
import {
  ReferenceTree,
  referenceOpenCheckpoint,
  referenceVerifyInclusion,
} from '../../../helpers/tlog-reference.ts';

const ORIGIN = 'registry.test/log';
const reference = new ReferenceTree(
  Array.from({ length: 700 }, (_, n) => new TextEncoder().encode(`{"n":${n}}`)),
);

async function queue(db: Kysely<Database>, from: number, to: number): Promise<void> {
  await sql`insert into log_pending (entry, subject)
    select convert_to('{"n":' || g || '}', 'UTF8'), 'test' from generate_series(${from}::int, ${to - 1}::int) g`.execute(
    db,
  );
}

/** Proof text → its hashes and the checked root, with the outside verifier. */
function check(text: string, index: number, vkey: string) {
  const head = text.slice(0, text.indexOf('\n\n')).split('\n');
  const note = referenceOpenCheckpoint(text.slice(text.indexOf('\n\n') + 2), vkey);
  const hashes = head.slice(2).map((l) => Buffer.from(l, 'base64'));
  expect(head[1]).toBe(`index ${index}`);
  expect(note.root.equals(reference.mth(0, note.size))).toBe(true);
  expect(referenceVerifyInclusion(index, note.size, reference.leaves[index]!, hashes, note.root)).toBe(true);
  return note.size;
}

describe.each(DIALECTS)('log proof caches on %s', (kind) => {
  let database: TestDatabase;
  let keys: LogKeyring;
  let vkey: string;
  let clock = 0;
  const grow = async (from: number, to: number) => {
    await queue(database.db, from, to);
    const r = await sequenceBatch(database.db, 4096, keys.current());
    expect(r).toMatchObject({ size: to, checkpointed: true });
  };

  beforeAll(async () => {
    database = await openTestDatabase(kind);
    await sql`delete from log_pending`.execute(database.db);
    keys = await openLogKeys(database.db, { origin: ORIGIN, keyFile: null, dataDir: 'memory://' });
    vkey = (await logKeyRows(database.db))[0]!.vkey;
  });
  afterAll(async () => database?.close());

  it('prove from memory what the stored tiles prove, and never past the cached checkpoint', async () => {
    const db = database.db;
    const checkpoints = createCheckpointCache(db, { now: () => clock, maxAgeMs: 1000 });
    const prover = createLogProver(db, checkpoints, createFullTileCache());
    expect(await checkpoints.latest()).toBeNull();
    await expect(prover.prove(0)).rejects.toMatchObject({ code: 'log_not_ready' });

    await grow(0, 300);
    // Nothing cached yet: the memory-only path declines, the full path reads and then caches.
    expect(prover.proveCached(5)).toBeNull();
    const first = await prover.prove(5);
    expect(first.size).toBe(300);
    expect(first.text).toBe((await proveEntry(db, 5)).text);
    expect(check(first.text, 5, vkey)).toBe(300);
    expect(prover.proveCached(5)?.text).toBe(first.text);

    // The tree grows to 600: tile 0/1 (partial, 44 hashes, at 300) is now stored full. While the
    // cached checkpoint is 300, proofs use the 44 hashes it signed, never the full tile.
    await grow(300, 600);
    expect(checkpoints.fresh()?.size).toBe(300);
    for (const index of [0, 255, 256, 299]) {
      const proof = prover.proveCached(index) ?? (await prover.prove(index));
      expect(check(proof.text, index, vkey)).toBe(300);
    }
    expect(prover.proveCached(450)).toBeNull();
    // Asked beyond it, the prover reloads rather than answering "not found".
    const later = await prover.prove(450);
    expect(check(later.text, 450, vkey)).toBe(600);
    expect(checkpoints.fresh()?.size).toBe(600);
    for (const index of [0, 256, 511, 599]) {
      const proof = await prover.prove(index);
      expect(proof.text).toBe((await proveEntry(db, index)).text);
      expect(check(proof.text, index, vkey)).toBe(600);
    }
    // The memory-only path (a lookup a hash, the right edge's ranges folded once a checkpoint)
    // gives the stored tiles' proof at every index.
    for (let index = 0; index < 600; index += 7)
      expect(prover.proveCached(index)?.text).toBe((await proveEntry(db, index)).text);
    await expect(prover.prove(600)).rejects.toMatchObject({ code: 'log_entry_not_found' });
  });

  it('forget the checkpoint when told, and on their own after maxAgeMs', async () => {
    const db = database.db;
    const checkpoints = createCheckpointCache(db, { now: () => clock, maxAgeMs: 1000 });
    expect((await checkpoints.latest())?.size).toBe(600);
    await grow(600, 650);
    expect(checkpoints.fresh()?.size).toBe(600);
    checkpoints.invalidate();
    expect(checkpoints.fresh()).toBeUndefined();
    expect((await checkpoints.latest())?.size).toBe(650);
    await grow(650, 700);
    clock += 999;
    expect(checkpoints.fresh()?.size).toBe(650);
    clock += 2;
    expect(checkpoints.fresh()).toBeUndefined();
    expect((await checkpoints.latest())?.size).toBe(700);
  });

  it('announce each committed checkpoint on NOTIFY log_checkpoint', async () => {
    const heard: string[] = [];
    await database.notifier.listen(CHECKPOINT_CHANNEL, (payload) => heard.push(payload));
    // An empty batch signs nothing new: the checkpoint of 700 exists.
    expect(await sequenceBatch(database.db, 4096, keys.current())).toMatchObject({ checkpointed: false });
    await queue(database.db, 700, 702);
    await sequenceBatch(database.db, 4096, keys.current());
    const deadline = Date.now() + 10_000;
    while (!heard.includes('702') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(heard).toEqual(['702']);
  });
});
