import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, runNode, startServerProcess, type ServerProcess } from '../../helpers/server-process.ts';
import { createPgDatabase, dropPgDatabase } from '../../helpers/databases.ts';
import { SERVER_DATABASES } from '../../helpers/registry-server.ts';
import { openDatabase } from '../../../db/platform/connection.ts';
import { recordExpiries } from '../../../db/log/expiry-entries.ts';
import { decodeJwt, svgCredentials } from '../../helpers/badge-reading.ts';
import { createHash, generateKeyPairSync } from 'node:crypto';
import { routes } from '../../../api/routes/router.ts';
import { formatVkey, noteSigner, signNote } from '../../../db/log/note.ts';

// Every route under /log/, classified: a new one must be added here, saying what it may write.
const LOG_ROUTES: Record<string, 'read' | 'witness-state'> = {
  'GET /log/checkpoint': 'read',
  'GET /log/key': 'read',
  'GET /log/tile/*path': 'read',
  // An anonymous write by design (C2SP tlog-witness): to this registry's witness state for
  // another log, only with that log's valid signature; never to our own log.
  'POST /log/witness/add-checkpoint': 'witness-state',
  'GET /log/witness/key': 'read',
  'GET /log/witness/:origin/checkpoint': 'read',
};

// A log this server witnesses (its policy file), so add-checkpoint really cosigns in the flood.
const foreignLog = noteSigner('foreign.test/log', generateKeyPairSync('ed25519').privateKey);
// A one-entry tree: its root is the leaf hash SHA-256(0x00 ‖ entry).
const LEAF = createHash('sha256').update(Buffer.of(0)).update('{}').digest();
const foreignCheckpoint = signNote(`foreign.test/log\n1\n${LEAF.toString('base64')}\n`, [foreignLog]);

/**
 * The whole log, in order: the entries already numbered (log_entry), then those waiting to be
 * (log_pending). The server's sequencer moves entries from the second to the first; an append
 * adds to one of them. Read with the server stopped.
 */
async function logState(env: { DATA_DIR: string; DATABASE_URL?: string }) {
  const handle = await openDatabase({ databaseUrl: env.DATABASE_URL ?? null, dataDir: env.DATA_DIR });
  try {
    const sequenced = await handle.db.selectFrom('log_entry').select(['entry']).orderBy('index').execute();
    const pending = await handle.db.selectFrom('log_pending').select(['entry']).orderBy('id').execute();
    const active = await handle.db
      .selectFrom('certification')
      .select('public_id')
      .where('status', '=', 'active')
      .where('valid_until', '>', new Date(Date.now() + 86_400_000))
      .execute();
    return {
      entries: [...sequenced, ...pending].map((r) => Buffer.from(r.entry).toString('utf8')),
      active: active.map((a) => a.public_id),
    };
  } finally {
    await handle.close();
  }
}

// After a seed and a key rotation, the badges' credentials are stale: before, the first badge
// request re-issued them. Now a background job does, and no anonymous request writes at all.
describe.each(SERVER_DATABASES)('no anonymous request appends to the log (%s)', (kind) => {
  let env: { DATA_DIR: string; PUBLIC_URL: string; PORT: string; DATABASE_URL?: string };
  let server: ServerProcess;
  let before: Awaited<ReturnType<typeof logState>>;
  let rotatedKid: string;
  beforeAll(async () => {
    const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), `keurmerk-log-${kind}-`));
    // Seeder, rotation and server share one origin: kids are URLs under it.
    const port = String(await freePort());
    env = {
      DATA_DIR: dataDir,
      PORT: port,
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      ...(kind === 'postgres' ? { DATABASE_URL: await createPgDatabase() } : {}),
    };
    const seeded = await runNode('api/cli/seed-demo.ts', ['--orgs', '40', '--quiet'], env, 120_000);
    expect(seeded.code, seeded.stderr).toBe(0);
    expect(seeded.stdout).toMatch(/credentials: \d+ issued/);
    const rotated = await runNode('api/cli/rotate-keys.ts', [], env);
    expect(rotated.code, rotated.stderr).toBe(0);
    rotatedKid = /new current key: (\S+)/.exec(rotated.stdout)![1]!;
    // The expiry job's entries are the registry's own writes: made before the baseline is taken.
    const handle = await openDatabase({ databaseUrl: env.DATABASE_URL ?? null, dataDir });
    await recordExpiries(handle.db, new Date());
    await handle.close();
    before = await logState(env);
    const policy = path.join(dataDir, 'policy.txt');
    await fs.writeFile(policy, `log ${formatVkey(foreignLog)}\nquorum none\n`);
    server = await startServerProcess(
      { ...env, PUBLIC_URL: 'http://127.0.0.1', LOG_POLICY_FILE: policy },
      60_000,
    ).catch(async () => startServerProcess({ ...env, LOG_POLICY_FILE: policy }));
  }, 240_000);
  afterAll(async () => {
    await server?.stop('SIGKILL');
    if (env.DATABASE_URL) await dropPgDatabase(env.DATABASE_URL);
    await fs.rm(env.DATA_DIR, { recursive: true, force: true });
  });

  it('floods badges, verify and pages; the log is unchanged and credentials move to the new key', async () => {
    expect(before.active.length).toBeGreaterThan(3);
    expect(before.entries.length).toBeGreaterThan(0);
    const ids = before.active.slice(0, 12);
    const failed: string[] = [];
    const get = async (p: string, init?: RequestInit) => {
      const res = await fetch(`${server.url}${p}`, init);
      const body = await res.text();
      if (res.status >= 500)
        failed.push(`${res.status} ${init?.method ?? 'GET'} ${p}: ${body.slice(0, 200)}`);
      return res.status;
    };
    const tokens: string[] = [];
    for (let round = 0; round < 3; round++) {
      const requests: Array<Promise<number>> = [];
      for (const id of ids) {
        for (const q of ['', '?theme=dark', '?lang=fr&size=l'])
          requests.push(get(`/badges/${id}.svg${q}`), get(`/badges/${id}.png${q}`));
        requests.push(get(`/verify/${id}`), get(`/en/verify/${id}`), get(`/api/v1/verify/${id}`));
        requests.push(
          get('/api/v1/verify', {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ url: `${server.url}/badges/${id}.svg` }),
          }),
        );
      }
      requests.push(
        get('/'),
        get('/changes'),
        get('/changes.atom'),
        get('/.well-known/jwks.json'),
        get('/status/1'),
      );
      for (const route of routes.filter((r) => r.path.startsWith('/log/'))) {
        expect(LOG_ROUTES[`${route.method} ${route.path}`], `${route.method} ${route.path}`).toBeDefined();
        if (route.method === 'GET')
          requests.push(get(route.path.replace('*path', '0/000').replace(':origin', 'a'.repeat(64))));
      }
      const witness = (body: string) => get('/log/witness/add-checkpoint', { method: 'POST', body });
      // The first round has the foreign checkpoint cosigned from 0; later rounds meet its size (409).
      const witnessed = await Promise.all([
        witness(`old 0\n\n${foreignCheckpoint}`),
        witness('old 1\n\nnot a checkpoint\n'),
        witness('garbage'),
      ]);
      expect(witnessed, `${failed.join('\n')}\n${server.output().slice(-3000)}`).toEqual([
        round === 0 ? 200 : 409,
        404,
        400,
      ]);
      const statuses = await Promise.all(requests);
      expect(
        statuses.filter((s) => s >= 500),
        failed.join('\n'),
      ).toEqual([]);
      const svg = await (await fetch(`${server.url}/badges/${ids[0]}.svg`)).text();
      tokens.push(...svgCredentials(svg));
    }
    // Old credentials are served while the background job re-issues them with the new key.
    await expect
      .poll(
        async () => {
          const svg = await (await fetch(`${server.url}/badges/${ids.at(-1)}.svg?lang=en`)).text();
          const [jwt] = svgCredentials(svg);
          return jwt ? decodeJwt(jwt).header['kid'] : null;
        },
        { timeout: 30_000, interval: 250 },
      )
      .toMatch(new RegExp(`${rotatedKid.split('/').at(-1)}$`));
    expect(tokens.length).toBeGreaterThan(0);
    await server.stop('SIGTERM');
    const after = await logState(env);
    // The server's sequencer numbered what was waiting; it added nothing.
    expect(after.entries).toEqual(before.entries);
  }, 180_000);
});
