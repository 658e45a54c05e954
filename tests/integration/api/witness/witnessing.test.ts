// The asking side against a real witness: this registry's log (checkpoints made by the sequencer
// code) on one database, a witness (the real add-checkpoint handler) on another behind node:http.
// The witness already holds a size the registry never recorded, so the first answer is 409.
import http from 'node:http';
import { generateKeyPairSync } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, type TestDatabase } from '../../../helpers/databases.ts';
import { referenceVerifyCosignature } from '../../../helpers/cosignature-reference.ts';
import { sequenceBatch } from '../../../../db/log/sequencer.ts';
import { latestCheckpoint, makeCheckpoint } from '../../../../db/log/checkpoints.ts';
import { openLogKeys, type LogKeyring } from '../../../../db/log/log-key.ts';
import { formatVkey } from '../../../../db/log/note.ts';
import { cosigner, formatCosignerVkey } from '../../../../db/log/witness/cosignature.ts';
import { cosignedNote } from '../../../../db/log/witness/cosignatures.ts';
import { parsePolicy } from '../../../../db/log/witness/policy.ts';
import { consistencyProof } from '../../../../db/log/proofs.ts';
import { addCheckpoint } from '../../../../db/log/witness/witness.ts';
import { addCheckpointHandler } from '../../../../api/handlers/log-witness.ts';
import { createRateLimiter } from '../../../../api/http/rate-limit.ts';
import { createLogger } from '../../../../api/app/log.ts';
import { startWitnessing, witnessingGauges } from '../../../../api/witness/witnessing.ts';
import type { Deps } from '../../../../api/app/deps.ts';

const ORIGIN = 'registry.test/log';

async function grow(db: TestDatabase['db'], keys: LogKeyring, count: number): Promise<void> {
  await sql`insert into log_pending (entry, subject)
    select convert_to('{"n":' || g || '}', 'UTF8'), 'test' from generate_series(1, ${count}::int) g`.execute(
    db,
  );
  while ((await sequenceBatch(db, 4096))?.added) {
    // drain the queue
  }
  await makeCheckpoint(db, keys.current());
}

describe('asking a witness to cosign (pglite)', () => {
  let registry: TestDatabase;
  let witnessDb: TestDatabase;
  let keys: LogKeyring;
  let server: http.Server;
  let url: string;
  let held: number;
  const witnessKey = cosigner('witness.test/log/witness', generateKeyPairSync('ed25519').privateKey);
  const witnessVkey = formatCosignerVkey(witnessKey);

  beforeAll(async () => {
    [registry, witnessDb] = await Promise.all([openTestDatabase('pglite'), openTestDatabase('pglite')]);
    await sql`delete from log_pending`.execute(registry.db);
    keys = await openLogKeys(registry.db, { origin: ORIGIN, keyFile: null, dataDir: 'memory://' });
    const context = {
      policy: parsePolicy(`log ${formatVkey(keys.current())}\nquorum none\n`),
      cosigner: witnessKey,
      now: () => new Date(),
    };
    const deps = {
      database: witnessDb,
      log: createLogger('silent'),
      transparencyLog: {
        witness: { context, vkey: witnessVkey, limit: createRateLimiter({ perMinute: 600 }) },
      },
    } as unknown as Deps;
    server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const request = new Request(`http://witness${req.url}`, {
          method: 'POST',
          body: Buffer.concat(chunks),
        });
        addCheckpointHandler(request, deps)
          .catch(
            (error: { status?: number; message: string }) =>
              new Response(error.message, { status: error.status ?? 500 }),
          )
          .then(async (response) => {
            res.writeHead(response.status, {
              'content-type': response.headers.get('content-type') ?? 'text/plain',
            });
            res.end(await response.text());
          });
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as { port: number }).port}/log/witness`;
    // The witness already cosigned size 10, which this registry never recorded (another instance asked).
    await grow(registry.db, keys, 10);
    const ten = (await latestCheckpoint(registry.db))!;
    held = ten.tree_size;
    await addCheckpoint(witnessDb.db, context, { oldSize: 0, proof: [], note: ten.note });
  }, 120_000);
  afterAll(async () => {
    server?.close();
    await registry?.close();
    await witnessDb?.close();
  });

  it('answers a 409 by asking again from the witness size, stores and serves the cosignature', async () => {
    await grow(registry.db, keys, 25);
    const policy = parsePolicy(`witness W ${witnessVkey} ${url}\nquorum W\n`);
    const witnessing = await startWitnessing({
      db: registry.db,
      policy,
      ownWitnessKey: null,
      timeoutMs: 10_000,
      log: createLogger('silent'),
      pollMs: 50,
    });
    try {
      await expect.poll(() => witnessing.latest?.quorum ?? false, { timeout: 30_000 }).toBe(true);
      const latest = (await latestCheckpoint(registry.db))!;
      expect(latest.tree_size).toBe(held + 25);
      const served = await cosignedNote(registry.db, latest);
      expect(served.startsWith(latest.note)).toBe(true);
      expect(referenceVerifyCosignature(served, witnessVkey)).toBeGreaterThan(0);
      const gauges = witnessingGauges(witnessing);
      expect(gauges.map((g) => [g.name, g.value])).toEqual([
        ['keurmerk_log_witness_cosigned_size', latest.tree_size],
        ['keurmerk_log_witness_quorum', 1],
      ]);
      // The witness now holds the new size: the retry sent it the proof from the size it held.
      await expect(
        addCheckpoint(
          witnessDb.db,
          {
            policy: parsePolicy(`log ${formatVkey(keys.current())}\nquorum none\n`),
            cosigner: witnessKey,
            now: () => new Date(),
          },
          {
            oldSize: held,
            proof: await consistencyProof(registry.db, held, latest.tree_size),
            note: latest.note,
          },
        ),
      ).rejects.toMatchObject({ code: 'witness_size_conflict', details: { size: latest.tree_size } });
    } finally {
      await witnessing.stop();
    }
  }, 120_000);
});
