import fs from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runNode } from '../../helpers/server-process.ts';
import { startVerifyServer, type VerifyServer } from '../../helpers/verify-fixture.ts';

// `npm run verify` (api/cli/verify.ts): first online against the running server, then, with the
// server stopped, fully offline from the JWKS, status list and badge files saved from it.

let ctx: VerifyServer;
let dir: string;
let apiShape: string[];
let trap: http.Server;
let trapUrl: string;
const trapHits: string[] = [];
const files: Record<string, string> = {};

const cli = (args: string[]) => runNode('api/cli/verify.ts', args, {});

beforeAll(async () => {
  ctx = await startVerifyServer();
  dir = path.join(ctx.dataDir, 'saved');
  await fs.mkdir(dir);
  const save = async (name: string, urlPath: string) => {
    const body = Buffer.from(await (await fetch(`${ctx.server.url}${urlPath}`)).arrayBuffer());
    files[name] = path.join(dir, name);
    await fs.writeFile(files[name]!, body);
  };
  await save('jwks.json', '/.well-known/jwks.json');
  await save('status-1.jwt', '/status/1');
  await save('badge.svg', `/badges/${ctx.fixture.reg.active}.svg?lang=en`);
  await save('badge.png', `/badges/${ctx.fixture.reg.active}.png`);
  for (const [name, token] of Object.entries(ctx.fixture.tokens)) {
    files[`${name}.jwt`] = path.join(dir, `${name}.jwt`);
    await fs.writeFile(files[`${name}.jwt`]!, `${token}\n`);
  }
  const api = await fetch(`${ctx.server.url}/api/v1/verify`, {
    method: 'POST',
    headers: { 'content-type': 'text/plain' },
    body: ctx.fixture.tokens.active,
  });
  apiShape = Object.keys((await api.json()) as object).sort();
  trap = http.createServer((req, res) => {
    trapHits.push(`${req.method} ${req.url}`);
    res.end('{}');
  });
  await new Promise<void>((resolve) => trap.listen(0, '127.0.0.1', resolve));
  trapUrl = `http://127.0.0.1:${(trap.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await ctx?.close();
  await new Promise((resolve) => trap?.close(resolve));
});

describe('online, against one registry only', () => {
  it('verifies a badge URL and a badge file with keys and status lists fetched from --registry', async () => {
    const url = await cli([
      `${ctx.server.url}/badges/${ctx.fixture.reg.active}.png`,
      '--registry',
      ctx.server.url,
    ]);
    expect(url.code, url.stderr).toBe(0);
    expect(url.stdout).toMatch(/^VALID/);
    const file = await cli([files['badge.svg']!, '--registry', ctx.server.url]);
    expect(file.code, file.stderr).toBe(0);
  });

  it('refuses to fetch anything outside the registry (exit 2, no request made)', async () => {
    const other = await cli([
      `${trapUrl}/badges/${ctx.fixture.reg.active}.svg`,
      '--registry',
      ctx.server.url,
    ]);
    expect(other.code).toBe(2);
    expect(other.stderr).toMatch(/only .* may be asked/);
    const noRegistry = await cli([
      files['badge.svg']!,
      '--jwks',
      `${trapUrl}/.well-known/jwks.json`,
      '--status',
      files['status-1.jwt']!,
    ]);
    expect(noRegistry.code).toBe(2);
    expect(trapHits).toEqual([]);
  });
});

describe.concurrent('offline, from saved files, with the server stopped', () => {
  beforeAll(async () => {
    await ctx.server.stop('SIGKILL');
  });
  const offline = (subject: string, ...extra: string[]) =>
    cli([subject, '--jwks', files['jwks.json']!, '--status', files['status-1.jwt']!, ...extra]);

  it.each(['badge.svg', 'badge.png', 'active.jwt'])('%s → exit 0, valid', async (name) => {
    const run = await offline(files[name]!);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^VALID\n/);
    expect(run.stdout).toContain('✓ signature');
    expect(run.stdout).toContain('✓ status_list');
  });

  it('takes the token itself as the argument', async () => {
    expect((await offline(ctx.fixture.tokens.activeBe)).code).toBe(0);
  });

  it('prints the API verdict shape with --json', async () => {
    const run = await offline(files['badge.svg']!, '--json');
    expect(run.code).toBe(0);
    const json = JSON.parse(run.stdout) as Record<string, any>;
    expect(Object.keys(json).sort()).toEqual(apiShape);
    expect(json).toMatchObject({ verdict: 'valid', source: 'svg', organisation: null, certification: null });
    expect(json['checks'].map((c: { name: string }) => c.name)).toEqual([
      'format',
      'algorithm',
      'key',
      'signature',
      'claims',
      'schema',
      'validity_period',
      'status_list',
      'badge_subject',
    ]);
  });

  it.each([
    ['revoked.jwt', 'revoked', 'status_list'],
    ['suspended.jwt', 'revoked', 'status_list'], // offline, a set bit cannot say which
    ['expired.jwt', 'expired', 'validity_period'],
  ])('%s → exit 1, %s', async (name, verdict, check) => {
    const run = await offline(files[name]!, '--json');
    expect(run.code).toBe(1);
    const json = JSON.parse(run.stdout) as { verdict: string; reasons: string[] };
    expect(json.verdict).toBe(verdict);
    expect(json.reasons.some((r) => r.startsWith(`${check}:`))).toBe(true);
  });

  it('a tampered badge → exit 1, invalid', async () => {
    const svg = await fs.readFile(files['badge.svg']!, 'utf8');
    const tampered = path.join(dir, 'tampered.svg');
    await fs.writeFile(tampered, svg.replace(/(verify="[^"]+)..."/, '$1AAA"'));
    const run = await offline(tampered);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^INVALID/);
  });

  it('judges validity at --at', async () => {
    const run = await offline(files['active.jwt']!, '--at', '2000-01-01T00:00:00Z', '--json');
    expect(run.code).toBe(1);
    expect((JSON.parse(run.stdout) as { verdict: string }).verdict).toBe('not_yet_valid');
  });

  it.each([
    ['no arguments', []],
    ['no key set', ['SUBJECT', '--status', 'STATUS']],
    ['no status list', ['SUBJECT', '--jwks', 'JWKS']],
    ['an unknown option', ['SUBJECT', '--jwks', 'JWKS', '--status', 'STATUS', '--fetch-anything']],
    ['a missing file', ['/nonexistent/badge.svg', '--jwks', 'JWKS', '--status', 'STATUS']],
    ['a key set that is not JSON', ['SUBJECT', '--jwks', 'STATUS', '--status', 'STATUS']],
    ['an unreachable registry', ['SUBJECT', '--registry', 'http://127.0.0.1:9']],
  ])('%s → exit 2', async (_name, args) => {
    const run = await cli(
      args.map(
        (a) =>
          ({ SUBJECT: files['badge.svg']!, JWKS: files['jwks.json']!, STATUS: files['status-1.jwt']! })[a] ??
          a,
      ),
    );
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^verify: /);
  });

  it('explains itself with --help', async () => {
    const run = await cli(['--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Usage: npm run verify');
    expect(run.stdout).toContain('--status');
  });
});
