// Two registries on two databases witness each other per their tlog-policy files (C2SP
// tlog-witness): each serves checkpoints cosigned by the other, checked here with code written
// from the specs (tlog-reference.ts, cosignature-reference.ts). Then one is started with the
// test-only split-view fault: the other refuses to cosign its second root, and its size stays.
import { createHash, generateKeyPairSync, type KeyObject } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPgDatabase, dropPgDatabase } from '../../helpers/databases.ts';
import { freePort, startServerProcess, type ServerProcess } from '../../helpers/server-process.ts';
import { metricValue } from '../../helpers/registry-server.ts';
import { referenceOpenCheckpoint } from '../../helpers/tlog-reference.ts';
import { referenceVerifyCosignature } from '../../helpers/cosignature-reference.ts';
import { formatVkey, noteSigner } from '../../../db/log/note.ts';
import { cosigner, formatCosignerVkey } from '../../../db/log/witness/cosignature.ts';

interface Instance {
  name: 'A' | 'B';
  env: Record<string, string>;
  url: string;
  origin: string;
  logVkey: string;
  witnessVkey: string;
  metricsPort: number;
  server: ServerProcess | null;
}

async function makeInstance(name: 'A' | 'B', dir: string): Promise<Instance> {
  const port = await freePort();
  const metricsPort = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const origin = `127.0.0.1:${port}/log`;
  const write = async (file: string, key: KeyObject) => {
    await fs.writeFile(path.join(dir, file), key.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
    return path.join(dir, file);
  };
  const logKey = generateKeyPairSync('ed25519').privateKey;
  const witnessKey = generateKeyPairSync('ed25519').privateKey;
  const dataDir = await fs.mkdtemp(path.join(dir, `data-${name}-`));
  return {
    name,
    url,
    origin,
    metricsPort,
    logVkey: formatVkey(noteSigner(origin, logKey)),
    witnessVkey: formatCosignerVkey(cosigner(`127.0.0.1:${port}/log/witness`, witnessKey)),
    server: null,
    env: {
      DATABASE_URL: await createPgDatabase(),
      DATA_DIR: dataDir,
      PORT: String(port),
      PUBLIC_URL: url,
      METRICS_PORT: String(metricsPort),
      LOG_KEY_FILE: await write(`log-${name}.pem`, logKey),
      WITNESS_KEY_FILE: await write(`witness-${name}.pem`, witnessKey),
      LOG_POLICY_FILE: path.join(dir, `policy-${name}.txt`),
      WITNESS_TIMEOUT: '5',
    },
  };
}

/** Each witnesses the other's log and asks the other to witness its own: the quorum is the other. */
async function writePolicy(self: Instance, other: Instance): Promise<void> {
  const text = [
    `# ${self.name}: witnesses ${other.name}, and asks ${other.name} to witness it`,
    `log ${other.logVkey} ${other.url}/log`,
    `witness ${other.name} ${other.witnessVkey} ${other.url}/log/witness`,
    `quorum ${other.name}`,
    '',
  ].join('\n');
  await fs.writeFile(self.env['LOG_POLICY_FILE']!, text);
}

async function waitFor<T>(what: string, probe: () => Promise<T | null>, timeoutMs = 90_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => null);
    if (value !== null) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const text = async (url: string, init?: RequestInit) => {
  const response = await fetch(url, init);
  return { status: response.status, type: response.headers.get('content-type'), body: await response.text() };
};

/** The checkpoint `of` serves, opened with its log key and its cosignature by `by` verified (null if none yet). */
async function cosignedCheckpoint(of: Instance, by: Instance, minSize = 1) {
  const { status, body } = await text(`${of.url}/log/checkpoint`);
  if (status !== 200) return null;
  const checkpoint = referenceOpenCheckpoint(body, of.logVkey);
  if (checkpoint.size < minSize) return null;
  try {
    return { ...checkpoint, note: body, time: referenceVerifyCosignature(body, by.witnessVkey) };
  } catch {
    return null;
  }
}

async function queueEntries(instance: Instance, count: number): Promise<void> {
  const client = new pg.Client({ connectionString: instance.env['DATABASE_URL'] });
  await client.connect();
  try {
    await client.query(
      `insert into log_pending (entry, subject)
       select convert_to('{"witness-test":' || g || '}', 'UTF8'), null from generate_series(1, $1::int) g`,
      [count],
    );
  } finally {
    await client.end();
  }
}

const originHash = (origin: string) => createHash('sha256').update(origin).digest('hex');

describe.runIf(process.env['TEST_DATABASE_URL'])(
  'two registries witness each other (C2SP tlog-witness)',
  () => {
    let dir: string;
    let a: Instance;
    let b: Instance;
    beforeAll(async () => {
      dir = await fs.mkdtemp(path.join(os.tmpdir(), 'keurmerk-witness-'));
      [a, b] = await Promise.all([makeInstance('A', dir), makeInstance('B', dir)]);
      await writePolicy(a, b);
      await writePolicy(b, a);
      [a.server, b.server] = await Promise.all([startServerProcess(a.env), startServerProcess(b.env)]);
    }, 180_000);
    afterAll(async () => {
      for (const instance of [a, b]) {
        await instance?.server?.stop('SIGKILL');
        if (instance) await dropPgDatabase(instance.env['DATABASE_URL']!);
      }
      await fs.rm(dir, { recursive: true, force: true });
    });

    it('serves each checkpoint cosigned by the other, and follows the log as it grows', async () => {
      const aByB = await waitFor('A cosigned by B', () => cosignedCheckpoint(a, b));
      const bByA = await waitFor('B cosigned by A', () => cosignedCheckpoint(b, a));
      expect(aByB.origin).toBe(a.origin);
      expect(bByA.origin).toBe(b.origin);
      expect(Math.abs(aByB.time - Date.now() / 1000)).toBeLessThan(600);
      expect((await text(`${b.url}/log/witness/key`)).body).toBe(`${b.witnessVkey}\n`);

      // Growth: the next cosignature needs a consistency proof from the size B last cosigned.
      await queueEntries(a, 300);
      const grown = await waitFor('A grown and cosigned', () => cosignedCheckpoint(a, b, aByB.size + 300));
      expect(grown.size).toBeGreaterThanOrEqual(aByB.size + 300);
      const metrics = await waitFor('A metrics', async () => {
        const page = (await text(`http://127.0.0.1:${a.metricsPort}/metrics`)).body;
        return metricValue(page, 'keurmerk_log_witness_cosigned_size') >= grown.size ? page : null;
      });
      expect(metricValue(metrics, 'keurmerk_log_witness_quorum')).toBe(1);
      // B's monitoring view of A: the checkpoint it cosigned, with A's signature and its own.
      const held = await text(`${b.url}/log/witness/${originHash(a.origin)}/checkpoint`);
      expect(held.status).toBe(200);
      expect(referenceOpenCheckpoint(held.body, a.logVkey).size).toBeGreaterThanOrEqual(grown.size);
      referenceVerifyCosignature(held.body, b.witnessVkey);
    }, 180_000);

    it('refuses tampered, unknown-log and stale submissions, and holds its size', async () => {
      const current = await waitFor('A cosigned', () => cosignedCheckpoint(a, b));
      const heldBefore = referenceOpenCheckpoint(
        (await text(`${b.url}/log/witness/${originHash(a.origin)}/checkpoint`)).body,
        a.logVkey,
      ).size;
      const post = (body: string) =>
        text(`${b.url}/log/witness/add-checkpoint`, {
          method: 'POST',
          body,
          headers: { 'content-type': 'text/plain' },
        });
      // The log's signature no longer matches a changed size line: 403.
      const tampered = current.note.replace(`\n${current.size}\n`, `\n${current.size + 1}\n`);
      expect((await post(`old ${heldBefore}\n\n${tampered}`)).status).toBe(403);
      // A log B does not witness (B's own): 404.
      const own = await text(`${b.url}/log/checkpoint`);
      expect((await post(`old 0\n\n${own.body}`)).status).toBe(404);
      // A stale old size: 409 with the size B holds, as text/x.tlog.size.
      const stale = await post(`old 0\n\n${current.note}`);
      expect([stale.status, stale.type, stale.body]).toEqual([409, 'text/x.tlog.size', `${heldBefore}\n`]);
      expect((await post('not a request')).status).toBe(400);
      const heldAfter = referenceOpenCheckpoint(
        (await text(`${b.url}/log/witness/${originHash(a.origin)}/checkpoint`)).body,
        a.logVkey,
      ).size;
      expect(heldAfter).toBe(heldBefore);
    }, 60_000);

    it('refuses a split view: a second root for a published size is not cosigned (422)', async () => {
      // The fork must hit a size B already cosigned: wait until B has cosigned A's latest.
      await waitFor('A cosigned at its latest size', () => cosignedCheckpoint(a, b));
      await a.server!.stop('SIGTERM');
      const before = referenceOpenCheckpoint(
        (await text(`${b.url}/log/witness/${originHash(a.origin)}/checkpoint`)).body,
        a.logVkey,
      );
      a.server = await startServerProcess({ ...a.env, LOG_TEST_FAULT: 'split-view', NODE_ENV: 'test' });
      // A now serves the same size with another root, signed by its log key and cosigned by nobody.
      const forked = await waitFor('A forked', async () => {
        const { body } = await text(`${a.url}/log/checkpoint`);
        const checkpoint = referenceOpenCheckpoint(body, a.logVkey);
        return checkpoint.size === before.size && !checkpoint.root.equals(before.root)
          ? { ...checkpoint, body }
          : null;
      });
      expect(() => referenceVerifyCosignature(forked.body, b.witnessVkey)).toThrow(/no cosignature/);
      // B answers A's own attempt with 422 (A logs it), and a direct submission the same way.
      await waitFor('A told of the refusal', async () => (/HTTP 422/.test(a.server!.output()) ? true : null));
      const direct = await text(`${b.url}/log/witness/add-checkpoint`, {
        method: 'POST',
        body: `old ${before.size}\n\n${forked.body}`,
      });
      expect(direct.status).toBe(422);
      // Growing the forked tree does not help: the proof from B's size fails, B's size stays.
      await queueEntries(a, 5);
      await waitFor('A grown past the fork', async () => {
        const { body } = await text(`${a.url}/log/checkpoint`);
        return referenceOpenCheckpoint(body, a.logVkey).size > before.size ? true : null;
      });
      await waitFor('A refused again', async () =>
        (a.server!.output().match(/HTTP 422/g) ?? []).length >= 2 ? true : null,
      );
      const page = (await text(`http://127.0.0.1:${a.metricsPort}/metrics`)).body;
      expect(metricValue(page, 'keurmerk_log_witness_quorum')).toBe(0);
      expect(metricValue(page, 'keurmerk_log_witness_cosigned_size')).toBe(before.size);
      const after = referenceOpenCheckpoint(
        (await text(`${b.url}/log/witness/${originHash(a.origin)}/checkpoint`)).body,
        a.logVkey,
      );
      expect([after.size, after.root.equals(before.root)]).toEqual([before.size, true]);
    }, 180_000);
  },
);
