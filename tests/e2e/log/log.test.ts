import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import http from 'node:http';
import { gunzipSync } from 'node:zlib';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPgDatabase, dropPgDatabase } from '../../helpers/databases.ts';
import { freePort, startServerProcess, type ServerProcess } from '../../helpers/server-process.ts';
import {
  ReferenceTree,
  referenceBundleEntries,
  referenceOpenCheckpoint,
  referenceTileIndex,
  referenceVerifyConsistency,
  referenceVerifyInclusion,
} from '../../helpers/tlog-reference.ts';

const entry = (n: number) => Buffer.from(`{"n":${n}}`);

/** A GET as the bytes arrive (fetch would decode a gzip body), with the headers. */
function rawGet(
  url: string,
  headers: Record<string, string>,
): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
        );
      })
      .on('error', reject);
  });
}

async function queue(client: pg.Client, from: number, to: number): Promise<void> {
  await client.query(
    `insert into log_pending (entry, subject)
     select convert_to('{"n":' || g || '}', 'UTF8'), null from generate_series($1::int, $2::int) g`,
    [from, to - 1],
  );
}

/**
 * Boots the server once without a sequencer and empties the queue it left. A start writes the
 * registry's own entries (the seeded schemes' version-1 publications, the new signing key); these
 * tests' entries are to be the whole log. Later starts with the same env (same PUBLIC_URL, so the
 * same signing key) seed nothing again, so the sequencing server starts on an empty log.
 */
async function bootWithEmptyLog(env: Record<string, string>): Promise<void> {
  const boot = await startServerProcess({ ...env, LOG_SEQUENCER: 'off' });
  await boot.stop();
  const client = new pg.Client({ connectionString: env['DATABASE_URL'] });
  await client.connect();
  try {
    await client.query('delete from log_pending');
  } finally {
    await client.end();
  }
}

async function waitFor<T>(what: string, probe: () => Promise<T | null>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== null) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function checkpointSize(server: ServerProcess): Promise<number> {
  const response = await fetch(`${server.url}/log/checkpoint`);
  if (response.status !== 200) return -1;
  return Number((await response.text()).split('\n')[1]);
}

describe.runIf(process.env['TEST_DATABASE_URL'])(
  'transparency log served by the built server (PostgreSQL)',
  () => {
    let url: string;
    let dataDir: string;
    let client: pg.Client;
    let server: ServerProcess;
    const size = 700;
    const reference = new ReferenceTree(Array.from({ length: size }, (_, n) => entry(n)));

    beforeAll(async () => {
      url = await createPgDatabase();
      dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'keurmerk-log-e2e-'));
      // One port for both lives: the badge signing key is bound to PUBLIC_URL.
      const env = { DATABASE_URL: url, DATA_DIR: dataDir, PORT: String(await freePort()) };
      await bootWithEmptyLog(env);
      server = await startServerProcess(env);
      client = new pg.Client({ connectionString: url });
      await client.connect();
      await queue(client, 0, size);
    });
    afterAll(async () => {
      await server?.stop();
      await client?.end();
      if (url) await dropPgDatabase(url);
      if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
    });

    it('signs a checkpoint of the new size within a second of the commit, verifiable with /log/key', async () => {
      const started = Date.now();
      await waitFor('checkpoint 700', async () => ((await checkpointSize(server)) === size ? true : null));
      expect(Date.now() - started).toBeLessThan(5_000);
      const response = await fetch(`${server.url}/log/checkpoint`);
      expect(response.headers.get('content-type')).toBe('text/plain; charset=utf-8');
      expect(response.headers.get('cache-control')).toBe('public, max-age=1');
      const keys = (await (await fetch(`${server.url}/log/key`)).text()).trim().split('\n');
      expect(keys).toHaveLength(1);
      const port = new URL(server.url).port;
      expect(keys[0]!.startsWith(`127.0.0.1:${port}/log+`)).toBe(true);
      const opened = referenceOpenCheckpoint(await response.text(), keys[0]!);
      expect(opened).toMatchObject({ origin: `127.0.0.1:${port}/log`, size });
      expect(opened.root.equals(reference.mth(0, size))).toBe(true);
      const files = fs.readdirSync(path.join(dataDir, 'keys')).filter((f) => f.startsWith('log-'));
      expect(files).toHaveLength(1);
      expect(fs.statSync(path.join(dataDir, 'keys', files[0]!)).mode & 0o777).toBe(0o600);
    });

    it('serves full and partial tiles and entry bundles byte for byte, with their cache policy', async () => {
      const cases = [
        { path: `tile/0/${referenceTileIndex(0)}`, bytes: reference.tile(0, 0, 256), immutable: true },
        { path: `tile/0/${referenceTileIndex(1)}`, bytes: reference.tile(0, 1, 256), immutable: true },
        { path: `tile/0/${referenceTileIndex(2)}.p/188`, bytes: reference.tile(0, 2, 188), immutable: false },
        { path: `tile/0/${referenceTileIndex(2)}.p/10`, bytes: reference.tile(0, 2, 10), immutable: false },
        { path: `tile/1/${referenceTileIndex(0)}.p/2`, bytes: reference.tile(1, 0, 2), immutable: false },
      ];
      for (const c of cases) {
        // Twice: the second full-tile answer comes from the fast lane's memory.
        for (let round = 0; round < 2; round++) {
          const response = await fetch(`${server.url}/log/${c.path}`);
          expect(response.status, c.path).toBe(200);
          expect(response.headers.get('content-type')).toBe('application/octet-stream');
          expect(response.headers.get('cache-control')).toBe(
            c.immutable ? 'public, max-age=31536000, immutable' : 'public, max-age=1',
          );
          expect(Buffer.from(await response.arrayBuffer()).equals(c.bytes), c.path).toBe(true);
        }
      }
      const full = await fetch(`${server.url}/log/tile/entries/001`);
      expect(full.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      expect(referenceBundleEntries(new Uint8Array(await full.arrayBuffer())).map(String)).toEqual(
        Array.from({ length: 256 }, (_, i) => String(entry(256 + i))),
      );
      const partial = await fetch(`${server.url}/log/tile/entries/002.p/188`);
      const bundle = referenceBundleEntries(new Uint8Array(await partial.arrayBuffer()));
      expect(bundle).toHaveLength(188);
      bundle.forEach((e, i) => expect(e.equals(entry(512 + i))).toBe(true));
    });

    it('gzips entry bundles for a client that accepts it, never hash tiles', async () => {
      for (const bundlePath of ['tile/entries/001', 'tile/entries/002.p/188']) {
        const identity = await rawGet(`${server.url}/log/${bundlePath}`, {});
        expect(identity.headers['content-encoding'], bundlePath).toBeUndefined();
        expect(identity.headers['vary']).toBe('Accept-Encoding');
        // Twice: the full bundle's second answer comes from the fast lane's memory.
        for (let round = 0; round < 2; round++) {
          const gzip = await rawGet(`${server.url}/log/${bundlePath}`, { 'accept-encoding': 'br, gzip' });
          expect(gzip.status).toBe(200);
          expect(gzip.headers['content-encoding'], bundlePath).toBe('gzip');
          expect(gzip.headers['vary']).toBe('Accept-Encoding');
          expect(Number(gzip.headers['content-length'])).toBe(gzip.body.length);
          expect(gzip.body.length).toBeLessThan(identity.body.length);
          expect(gunzipSync(gzip.body).equals(identity.body), bundlePath).toBe(true);
        }
        const refused = await rawGet(`${server.url}/log/${bundlePath}`, { 'accept-encoding': 'gzip;q=0' });
        expect(refused.headers['content-encoding']).toBeUndefined();
        expect(refused.body.equals(identity.body)).toBe(true);
      }
      const tile = await rawGet(`${server.url}/log/tile/0/${referenceTileIndex(1)}`, {
        'accept-encoding': 'gzip',
      });
      expect(tile.headers['content-encoding']).toBeUndefined();
      expect(tile.headers['vary']).toBeUndefined();
      expect(tile.body.equals(reference.tile(0, 1, 256))).toBe(true);
    });

    it('answers bad and absent tile paths with problems, never 5xx', async () => {
      const expectations: Array<[string, number]> = [
        ['tile/0/2', 400],
        ['tile/0/x000/002', 400],
        ['tile/00/000', 400],
        ['tile/0/000.p/256', 400],
        ['tile/64/000', 400],
        ['tile/0/003', 404],
        ['tile/0/002', 404],
        ['tile/0/002.p/189', 404],
        ['tile/2/000.p/1', 404],
        ['tile/entries/x999/x999/x999/x999/999', 404],
        ['tile/%ff', 400],
        ['nothing', 404],
      ];
      for (const [p, status] of expectations) {
        const response = await fetch(`${server.url}/log/${p}`);
        expect(response.status, p).toBe(status);
        expect(response.headers.get('content-type'), p).toBe('application/problem+json');
      }
      expect((await fetch(`${server.url}/log/checkpoint`, { method: 'POST' })).status).toBe(405);
    });

    it('proves inclusion as c2sp.org/tlog-proof@v1 and consistency between sizes', async () => {
      const keys = (await (await fetch(`${server.url}/log/key`)).text()).trim().split('\n');
      for (const index of [0, 5, 255, 256, 699]) {
        // Twice: the first reads tiles through the handler, the second is answered from memory
        // by the fast lane; both answers are the same.
        const first = await rawGet(`${server.url}/api/v1/log/proof?index=${index}`, {});
        const response = await fetch(`${server.url}/api/v1/log/proof?index=${index}`);
        expect(response.status).toBe(200);
        const text = await response.text();
        expect(first.body.toString()).toBe(text);
        for (const name of [
          'content-type',
          'cache-control',
          'access-control-allow-origin',
          'x-content-type-options',
        ])
          expect(response.headers.get(name), name).toBe(first.headers[name]);
        const split = text.indexOf('\n\n');
        const [header, indexLine, ...hashes] = text.slice(0, split).split('\n');
        expect(header).toBe('c2sp.org/tlog-proof@v1');
        expect(indexLine).toBe(`index ${index}`);
        const cp = referenceOpenCheckpoint(text.slice(split + 2), keys[0]!);
        const proof = hashes.map((h) => Buffer.from(h, 'base64'));
        expect(referenceVerifyInclusion(index, cp.size, reference.leaves[index]!, proof, cp.root)).toBe(true);
      }
      for (const [query, status] of [
        ['index=700', 404],
        ['index=-1', 400],
        ['index=01', 400],
        ['index=abc', 400],
        ['', 400],
        ['index=1&x=2', 400],
      ] as const) {
        const response = await fetch(`${server.url}/api/v1/log/proof?${query}`);
        expect(response.status, query).toBe(status);
      }
      const consistency = await fetch(`${server.url}/api/v1/log/consistency?from=300&to=700`);
      const body = (await consistency.json()) as {
        from: number;
        to: number;
        proof: string[];
        checkpoint: string;
      };
      expect(body).toMatchObject({ from: 300, to: 700 });
      expect(referenceOpenCheckpoint(body.checkpoint, keys[0]!).size).toBe(700);
      const proof = body.proof.map((h) => Buffer.from(h, 'base64'));
      expect(referenceVerifyConsistency(300, 700, reference.mth(0, 300), reference.mth(0, 700), proof)).toBe(
        true,
      );
      expect((await fetch(`${server.url}/api/v1/log/consistency?from=300&to=701`)).status).toBe(404);
      expect((await fetch(`${server.url}/api/v1/log/consistency?from=500&to=400`)).status).toBe(400);
      expect((await fetch(`${server.url}/api/v1/log/consistency?from=x`)).status).toBe(400);
    });
  },
);

describe.runIf(process.env['TEST_DATABASE_URL'])(
  'kill -9 of the sequencing server mid-batch (PostgreSQL)',
  () => {
    let url: string;
    let client: pg.Client;
    const total = 60_000;
    const reference = new ReferenceTree(Array.from({ length: total }, (_, n) => entry(n)));

    beforeAll(async () => {
      url = await createPgDatabase();
      client = new pg.Client({ connectionString: url });
      await client.connect();
    });
    afterAll(async () => {
      await client?.end();
      if (url) await dropPgDatabase(url);
    });

    async function consistentState(): Promise<number> {
      const { rows } = await client.query<{ n: string; last: string | null; distinct: string }>(
        'select count(*) as n, max(index) as last, count(distinct entry) as distinct from log_entry',
      );
      const n = Number(rows[0]!.n);
      expect(rows[0]!.last === null ? 0 : Number(rows[0]!.last) + 1).toBe(n);
      expect(Number(rows[0]!.distinct)).toBe(n);
      const pending = await client.query<{ n: string }>('select count(*) as n from log_pending');
      expect(Number(pending.rows[0]!.n) + n).toBe(total);
      const key = await client.query<{ vkey: string }>('select vkey from log_key');
      const checkpoints = await client.query<{ tree_size: string; note: string }>(
        'select tree_size, note from log_checkpoint',
      );
      for (const cp of checkpoints.rows) {
        const size = Number(cp.tree_size);
        expect(size).toBeLessThanOrEqual(n);
        expect(referenceOpenCheckpoint(cp.note, key.rows[0]!.vkey).root.equals(reference.mth(0, size))).toBe(
          true,
        );
      }
      return n;
    }

    it(
      'leaves no gap, no duplicate and no checkpoint beyond the committed entries, and resumes',
      { timeout: 300_000 },
      async () => {
        const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'keurmerk-log-kill-'));
        try {
          // One port for both lives: the badge signing key is bound to PUBLIC_URL.
          const env = { DATABASE_URL: url, DATA_DIR: dataDir, PORT: String(await freePort()) };
          await bootWithEmptyLog(env);
          let server = await startServerProcess(env);
          await waitFor('the first checkpoint', async () =>
            (await checkpointSize(server)) === 0 ? true : null,
          );
          await queue(client, 0, total);
          await waitFor('sequencing under way', async () => {
            const { rows } = await client.query<{ n: string }>('select count(*) as n from log_entry');
            return Number(rows[0]!.n) > 0 ? true : null;
          });
          await server.stop('SIGKILL');
          const atKill = await consistentState();
          expect(atKill).toBeLessThan(total);
          server = await startServerProcess(env);
          try {
            await waitFor(
              'the last checkpoint',
              async () => ((await checkpointSize(server)) === total ? true : null),
              120_000,
            );
            expect(await consistentState()).toBe(total);
            const { rows } = await client.query<{ index: string; entry: Buffer }>(
              'select index, entry from log_entry where index in (0, 12345, 59999) order by index',
            );
            expect(rows.map((r) => String(r.entry))).toEqual([0, 12345, 59999].map((n) => String(entry(n))));
          } finally {
            await server.stop();
          }
        } finally {
          fs.rmSync(dataDir, { recursive: true, force: true });
        }
      },
    );
  },
);
