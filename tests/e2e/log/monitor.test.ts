import { createHash, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, runNode, startServerProcess, type ServerProcess } from '../../helpers/server-process.ts';
import { createPgDatabase, dropPgDatabase } from '../../helpers/databases.ts';
import { SERVER_DATABASES } from '../../helpers/registry-server.ts';
import { adminCall, prepareAdmin, prepareAdminDataDir, type AdminFixture } from '../../helpers/admin-e2e.ts';
import { prepareRegistry } from '../../helpers/registry-fixture.ts';
import { openDatabase } from '../../../db/platform/connection.ts';
import { cosigner, formatCosignerVkey } from '../../../db/log/witness/cosignature.ts';
import type { Database } from '../../../db/schema/database.ts';
import type { Kysely } from 'kysely';

const MONITOR = 'api/cli/log-monitor.ts';

/** A signed note line made from signed-note.md, not with the project's code: the test's own signer. */
function specSignedNote(text: string, name: string, key: KeyObject): string {
  const publicKey = Buffer.from(key.export({ format: 'jwk' }).x!, 'base64url');
  const keyId = createHash('sha256')
    .update(Buffer.concat([Buffer.from(name), Buffer.of(0x0a, 0x01), publicKey]))
    .digest()
    .subarray(0, 4);
  const signature = sign(null, Buffer.from(text), key);
  return `${text}\n— ${name} ${Buffer.concat([keyId, signature]).toString('base64')}\n`;
}

async function waitFor<T>(what: string, probe: () => Promise<T | null>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== null) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function checkpointSize(url: string): Promise<number | null> {
  const response = await fetch(`${url}/log/checkpoint`).catch(() => null);
  if (response?.status !== 200) return null;
  return Number((await response.text()).split('\n')[1]);
}

describe.each(SERVER_DATABASES)('log:monitor against the built server (%s)', (kind) => {
  let env: Record<string, string>;
  let dir: string;
  let server: ServerProcess;
  let fixture: AdminFixture;
  let logKey: KeyObject;
  let databaseUrl: string | null = null;
  const stateFile = () => path.join(dir, 'monitor-state.json');
  const monitor = (args: string[]) => runNode(MONITOR, args, {}, 120_000);

  /** Changes the database behind the server's back (an embedded one only while the server is stopped). */
  async function behindTheServersBack(change: (db: Kysely<Database>) => Promise<void>): Promise<void> {
    if (kind === 'pglite') await server.stop();
    const handle = await openDatabase({ databaseUrl, dataDir: env['DATA_DIR']! });
    try {
      await change(handle.db);
    } finally {
      await handle.close();
    }
    if (kind === 'pglite') server = await startServerProcess(env);
  }

  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), `keurmerk-monitor-${kind}-`));
    const dataDir = path.join(dir, 'data');
    await fs.mkdir(dataDir);
    logKey = generateKeyPairSync('ed25519').privateKey;
    const keyFile = path.join(dir, 'log.pem');
    await fs.writeFile(keyFile, logKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
    // One port for every life of the server: the origin and the badge keys are bound to it.
    env = { DATA_DIR: dataDir, PORT: String(await freePort()), LOG_KEY_FILE: keyFile };
    if (kind === 'postgres') {
      databaseUrl = await createPgDatabase();
      env['DATABASE_URL'] = databaseUrl;
      const handle = await openDatabase({ databaseUrl, dataDir });
      try {
        fixture = { reg: await prepareRegistry(handle.db), ...(await prepareAdmin(handle.db)) };
      } finally {
        await handle.close();
      }
    } else {
      fixture = await prepareAdminDataDir(dataDir);
    }
    server = await startServerProcess(env);
    await waitFor('a first checkpoint', () => checkpointSize(server.url));
  }, 180_000);

  afterAll(async () => {
    await server?.stop();
    if (databaseUrl) await dropPgDatabase(databaseUrl);
    if (dir) await fs.rm(dir, { recursive: true, force: true });
  }, 180_000);

  it('finds a consistent registry consistent, and catches up from its state with the new entries only', async () => {
    const first = await monitor(['--registry', server.url, '--state', stateFile(), '--json']);
    expect(first.code, first.stderr + first.stdout).toBe(0);
    const report = JSON.parse(first.stdout);
    expect(report).toMatchObject({
      ok: true,
      previousSize: null,
      keyPinnedOnFirstUse: true,
      disagreement: null,
    });
    expect(report.treeSize).toBeGreaterThan(0);
    expect(report.entriesRead).toBe(report.treeSize);
    // Every certification of the fixture but the application is in the log.
    expect(report.certifications).toBe(6);
    const saved = JSON.parse(await fs.readFile(stateFile(), 'utf8'));
    expect(saved).toMatchObject({
      format: 'keurmerk-log-monitor@v1',
      size: report.treeSize,
      root: report.rootHash,
    });
    expect(saved.certifications[fixture.reg.suspended][0]).toBe('suspended');

    const suspended = await adminCall(
      server.url,
      'POST',
      `/certifications/${fixture.reg.active}/suspend`,
      fixture.tokens.admin,
      {
        reason: 'Klachten over bereikbaarheid',
      },
    );
    expect(suspended.status, JSON.stringify(suspended.body)).toBe(200);
    await waitFor('the suspension under a checkpoint', async () => {
      const size = await checkpointSize(server.url);
      return size !== null && size > report.treeSize ? size : null;
    });
    const second = await monitor(['--registry', server.url, '--state', stateFile(), '--json']);
    expect(second.code, second.stderr + second.stdout).toBe(0);
    const again = JSON.parse(second.stdout);
    expect(again).toMatchObject({ ok: true, previousSize: report.treeSize, keyPinnedOnFirstUse: false });
    expect(again.entriesRead).toBe(again.treeSize - report.treeSize);
    expect(again.entriesRead).toBeLessThan(again.treeSize);
    const resaved = JSON.parse(await fs.readFile(stateFile(), 'utf8'));
    expect(resaved.certifications[fixture.reg.active][0]).toBe('suspended');

    // Without --json: one line saying so, progress on stderr only.
    const plain = await monitor(['--registry', server.url, '--state', stateFile()]);
    expect(plain.code).toBe(0);
    expect(plain.stdout).toMatch(/^CONSISTENT: 127\.0\.0\.1:\d+\/log at size \d+/);
  }, 180_000);

  it('names a split view: a saved checkpoint of the same size with another root, signed by the log key', async () => {
    const saved = JSON.parse(await fs.readFile(stateFile(), 'utf8'));
    const origin = saved.origin as string;
    const forged = createHash('sha256').update('another history').digest('base64');
    const fork = path.join(dir, 'forked-state.json');
    for (const size of [saved.size, saved.size - 1]) {
      const note = specSignedNote(`${origin}\n${size}\n${forged}\n`, origin, logKey);
      await fs.writeFile(fork, JSON.stringify({ ...saved, size, root: forged, checkpoint: note }));
      const result = await monitor(['--registry', server.url, '--state', fork, '--json']);
      expect(result.code, result.stderr + result.stdout).toBe(1);
      const report = JSON.parse(result.stdout);
      expect(report.disagreement.kind).toBe('split_view');
      expect(report.disagreement.message).toMatch(/^Split view: /);
      // Both signed checkpoints are evidence a third party can check.
      expect(report.disagreement.evidence.saved).toBe(note);
      expect(report.disagreement.evidence.latest).toMatch(new RegExp(`^${origin.replace('.', '\\.')}\\n`));
      // The state is evidence too: a disagreement never overwrites it.
      expect(JSON.parse(await fs.readFile(fork, 'utf8')).root).toBe(forged);
    }
  }, 180_000);

  it('holds the cosignatures to a tlog-policy quorum (--policy), trusting its log key', async () => {
    const vkey = (await (await fetch(`${server.url}/log/key`)).text()).split('\n')[0]!;
    const witness = formatCosignerVkey(
      cosigner('witness.example/w1', generateKeyPairSync('ed25519').privateKey),
    );
    const policy = path.join(dir, 'policy.txt');
    await fs.writeFile(policy, `log ${vkey}\nwitness w1 ${witness}\nquorum w1\n`);
    const short = await monitor(['--registry', server.url, '--policy', policy, '--json']);
    expect(short.code, short.stderr + short.stdout).toBe(1);
    const report = JSON.parse(short.stdout);
    expect(report.keyPinnedOnFirstUse).toBe(false);
    expect(report.disagreement.kind).toBe('cosignatures');
    expect(report.disagreement.message).toMatch(
      /cosigned by no witness of the policy, short of its quorum "w1"/,
    );
    await fs.writeFile(policy, `log ${vkey}\nwitness w1 ${witness}\nquorum none\n`);
    const none = await monitor(['--registry', server.url, '--policy', policy, '--json']);
    expect(none.code, none.stderr + none.stdout).toBe(0);
    await fs.writeFile(policy, `log ${vkey}\nquorum w9\n`);
    const broken = await monitor(['--registry', server.url, '--policy', policy]);
    expect(broken.code).toBe(2);
    expect(broken.stderr).toMatch(/policy .*policy\.txt: line 2: "w9" is not defined on a line above/);
  }, 180_000);

  it('exits 2 with usage on bad arguments, and 2 when the registry cannot be reached', async () => {
    for (const args of [
      [],
      ['--registry', 'ftp://example.org'],
      ['--registry', server.url, '--frobnicate'],
      ['--registry'],
    ]) {
      const result = await monitor(args);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr).toMatch(/^log:monitor: .+\nRun with --help for usage\.\n$/);
    }
    const help = await monitor(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: npm run log:monitor -- --registry URL/);

    const nobody = `http://127.0.0.1:${await freePort()}`;
    const unreachable = await monitor(['--registry', nobody, '--json']);
    expect(unreachable.code).toBe(2);
    expect(JSON.parse(unreachable.stdout).error.code).toBe('monitor_registry_unreachable');
    expect(unreachable.stderr).toMatch(/could not be reached.*ECONNREFUSED/);

    const garbage = path.join(dir, 'garbage.json');
    await fs.writeFile(garbage, '{"format":"something else"}');
    const unusable = await monitor(['--registry', server.url, '--state', garbage]);
    expect(unusable.code).toBe(2);
    expect(unusable.stderr).toMatch(/garbage\.json: is not a keurmerk-log-monitor@v1 state file/);
  }, 180_000);

  it('names a status in the open data that the log never recorded', async () => {
    await behindTheServersBack(async (db) => {
      await db
        .updateTable('certification')
        .set({
          status: 'active',
          valid_from: new Date(),
          valid_until: new Date(Date.now() + 86_400_000 * 300),
        })
        .where('public_id', '=', fixture.reg.pending)
        .execute();
    });
    await waitFor('a checkpoint', () => checkpointSize(server.url));
    const result = await monitor(['--registry', server.url, '--state', stateFile(), '--json']);
    expect(result.code, result.stderr + result.stdout).toBe(1);
    const report = JSON.parse(result.stdout);
    expect(report.disagreement).toMatchObject({ kind: 'status_not_logged' });
    expect(report.disagreement.message).toContain(
      `Certification ${fixture.reg.pending} is active in the open data`,
    );
    await behindTheServersBack(async (db) => {
      await db
        .updateTable('certification')
        .set({ status: 'pending', valid_from: null, valid_until: null })
        .where('public_id', '=', fixture.reg.pending)
        .execute();
    });
  }, 180_000);

  it('names a tampered entry whose leaf hash does not fit the tree', async () => {
    const target = await waitFor('a checkpoint', () => checkpointSize(server.url));
    let index = -1;
    await behindTheServersBack(async (db) => {
      const row = await db
        .selectFrom('log_entry')
        .select('index')
        .where('subject', '=', fixture.reg.revoked)
        .where('index', '<', target)
        .orderBy('index', 'desc')
        .limit(1)
        .executeTakeFirstOrThrow();
      index = Number(row.index);
      // The revocation rewritten into a suspension: still a well-formed entry, no longer the one signed.
      await sql`update log_entry set entry = convert_to(replace(convert_from(entry, 'UTF8'), '"revoked"', '"suspended"'), 'UTF8')
                where index = ${index}`.execute(db);
    });
    await waitFor('a checkpoint', () => checkpointSize(server.url));
    const result = await monitor(['--registry', server.url, '--json']);
    expect(result.code, result.stderr + result.stdout).toBe(1);
    const report = JSON.parse(result.stdout);
    expect(report.disagreement.kind).toBe('tampered_entry');
    expect(report.disagreement.message).toMatch(new RegExp(`^Entry ${index} does not fit the tree`));
    expect(report.disagreement.evidence.index).toBe(index);
  }, 180_000);
});
