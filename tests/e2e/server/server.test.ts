import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import http from 'node:http';
import { rawExchange } from '../../helpers/raw-http.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runNode, startServerProcess, type ServerProcess } from '../../helpers/server-process.ts';
import { createPgDatabase, dropPgDatabase } from '../../helpers/databases.ts';
import { SERVER_NODE_FLAGS } from '../../../api/cli/runtime-tuning.ts';

// These run the real entry point (api/cli/serve.ts) on the built site, as `npm start` does.

describe('start-up errors name the problem in one line', () => {
  it.each([
    ['mysql://root@localhost/x', /DATABASE_URL: has scheme "mysql:"/],
    ['definitely not a url', /DATABASE_URL: is not a URL/],
    [
      'postgres://postgres@127.0.0.1:1/nothing',
      /cannot reach PostgreSQL at 127\.0\.0\.1:1\/nothing \(ECONNREFUSED/,
    ],
  ])('DATABASE_URL=%s', async (url, message) => {
    const result = await runNode('api/cli/serve.ts', [], { DATABASE_URL: url, PORT: '0' });
    expect(result.code).toBe(1);
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(message);
    expect(result.stderr).not.toMatch(/^\s+at /m);
  });

  it('a bad PORT', async () => {
    const result = await runNode('api/cli/serve.ts', [], { PORT: 'eighty' });
    expect(result).toMatchObject({ code: 1 });
    expect(result.stderr.trim()).toBe(
      'keurmerk: PORT: expected a whole number from 0 to 65535, got "eighty"',
    );
  });

  it('--help explains the configuration', async () => {
    const result = await runNode('api/cli/serve.ts', ['--help'], {});
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('DATABASE_URL');
  });
});

describe('server on the embedded database', () => {
  let dataDir: string;
  let server: ServerProcess;
  beforeAll(async () => {
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'keurmerk-e2e-'));
    const seeded = await runNode('api/cli/seed-demo.ts', ['--orgs', '40', '--quiet'], { DATA_DIR: dataDir });
    expect(seeded.code, seeded.stderr).toBe(0);
    server = await startServerProcess({ DATA_DIR: dataDir });
  });
  afterAll(async () => {
    await server?.stop('SIGKILL');
    await fs.rm(dataDir, { recursive: true, force: true });
  });

  it('keeps a connection usable after answering a request without reading its body', async () => {
    // A body the handler never read (unknown route, wrong method, a page that does not exist)
    // must not stall the client's next request on the same keep-alive connection.
    const port = Number(new URL(server.url).port);
    const body = 'x'.repeat(200_000);
    for (const target of ['/api/v1/nothing', '/api/v1/organisations', '/no-such-page']) {
      const answers = await rawExchange(port, [
        `POST ${target} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`,
        body,
        'GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n',
      ]);
      const statuses = [...answers.matchAll(/HTTP\/1\.1 (\d{3})/g)].map((m) => m[1]);
      expect(statuses, target).toEqual([target.startsWith('/api/v1/org') ? '405' : '404', '200']);
    }
  });

  it('answers healthz and readyz', async () => {
    expect(await (await fetch(`${server.url}/healthz`)).json()).toMatchObject({ status: 'ok' });
    const ready = await fetch(`${server.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: 'ready', database: 'pglite' });
  });

  it('serves the home page with demo data in three languages', async () => {
    for (const [prefix, lang, heading] of [
      ['', 'nl', 'KSF Servicebeloften'],
      ['/en', 'en', 'KSF Service Promises'],
      ['/fr', 'fr', 'Charte Happy Customer'],
    ] as const) {
      const response = await fetch(`${server.url}${prefix}/`);
      expect(response.status).toBe(200);
      const html = await response.text();
      expect(html).toContain(`<html lang="${lang}"`);
      expect(html).toContain(heading);
      expect(html).toMatch(/40 (organisaties|organisations)/);
      expect(response.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
      expect(response.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    }
  });

  it('serves the built stylesheet', async () => {
    const html = await (await fetch(`${server.url}/`)).text();
    const css = /href="(\/_astro\/[^"]+\.css)"/.exec(html)?.[1];
    expect(css).toMatch(/^\/_astro\/.+\.css$/);
    const response = await fetch(`${server.url}${css}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toContain('immutable');
  });

  it('answers unknown API paths with problem+json', async () => {
    const response = await fetch(`${server.url}/api/v1/nothing-here`);
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect(await response.json()).toMatchObject({ status: 404, type: expect.stringContaining('not_found') });
  });

  it('answers requests the HTTP parser refuses with problem+json too', async () => {
    const port = Number(new URL(server.url).port);
    const problem = (raw: string) => {
      const [head, body] = raw.split('\r\n\r\n');
      expect(head).toMatch(/\r\ncontent-type: application\/problem\+json\r\n/i);
      expect(head).toMatch(/\r\nconnection: close/i);
      return { status: Number(/^HTTP\/1\.1 (\d{3}) /.exec(raw)?.[1]), body: JSON.parse(body!) };
    };
    const tooLarge = await rawExchange(port, [
      `GET /healthz HTTP/1.1\r\nHost: x\r\nX-Padding: ${'a'.repeat(20_000)}\r\n\r\n`,
    ]);
    expect(problem(tooLarge)).toEqual({
      status: 431,
      body: expect.objectContaining({ status: 431, type: expect.stringContaining('headers_too_large') }),
    });
    const garbled = await rawExchange(port, ['GET /healthz HTTP/9\r\n\r\n']);
    expect(problem(garbled)).toEqual({
      status: 400,
      body: expect.objectContaining({ status: 400, type: expect.stringContaining('bad_request') }),
    });
    // The server is unharmed.
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  });

  it('refuses a second process on the same data directory, naming the server', async () => {
    for (const script of ['api/cli/db-migrate.ts', 'api/cli/seed-demo.ts', 'api/cli/serve.ts']) {
      const result = await runNode(script, [], { DATA_DIR: dataDir, PORT: '0' });
      expect(result.code).toBe(1);
      expect(result.stderr).toContain('the server is running on this data directory');
      expect(result.stderr).toContain('stop it first or use the admin API');
    }
  });

  it('writes JSON log lines with a request id', async () => {
    await fetch(`${server.url}/healthz`, { headers: { 'x-request-id': 'trace-me-123' } });
    await new Promise((r) => setTimeout(r, 100));
    // LOG_LEVEL=warn in tests: requests are not logged, so start a verbose server briefly instead.
    const verbose = await startServerProcess({ DATA_DIR: 'memory://', LOG_LEVEL: 'info' });
    await fetch(`${verbose.url}/healthz`, { headers: { 'x-request-id': 'trace-me-123' } });
    await new Promise((r) => setTimeout(r, 200));
    await verbose.stop();
    const line = verbose
      .output()
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .find((l) => l['msg'] === 'request');
    expect(line).toMatchObject({
      level: 'info',
      requestId: 'trace-me-123',
      path: '/healthz',
      status: 200,
      group: 'health',
    });
  });
});

describe('graceful shutdown', () => {
  it('finishes the request in flight, refuses new ones, exits 0 and releases the data directory', async () => {
    const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'keurmerk-stop-'));
    const server = await startServerProcess({ DATA_DIR: dataDir });
    // A slow request: a body that trickles in keeps the request in flight during SIGTERM.
    const port = Number(new URL(server.url).port);
    const inFlight = new Promise<number>((resolve, reject) => {
      const req = http.request(
        {
          host: '127.0.0.1',
          port,
          path: '/api/v1/none',
          method: 'POST',
          headers: { 'content-type': 'text/plain', 'content-length': '4' },
        },
        (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        },
      );
      req.on('error', reject);
      req.write('ab');
      setTimeout(() => req.end('cd'), 400);
    });
    await new Promise((r) => setTimeout(r, 100));
    const exit = server.stop('SIGTERM');
    await new Promise((r) => setTimeout(r, 100));
    await expect(fetch(`${server.url}/healthz`)).rejects.toThrow();
    expect(await inFlight).toBe(404);
    expect(await exit).toBe(0);
    await expect(fs.access(path.join(dataDir, 'keurmerk.pid'))).rejects.toThrow();
    await fs.rm(dataDir, { recursive: true, force: true });
  });
});

describe.runIf(process.env['TEST_DATABASE_URL'])('server on PostgreSQL', () => {
  it('starts on DATABASE_URL, migrates, and is ready', async () => {
    const url = await createPgDatabase();
    const server = await startServerProcess({ DATABASE_URL: url });
    try {
      expect(await (await fetch(`${server.url}/readyz`)).json()).toMatchObject({
        status: 'ready',
        database: 'postgres',
      });
      expect(await server.stop()).toBe(0);
    } finally {
      await server.stop('SIGKILL');
      await dropPgDatabase(url);
    }
  });
});

describe.runIf(process.platform === 'linux')('runtime memory settings', () => {
  const processInfo = async (pid: number) => ({
    args: (await fs.readFile(`/proc/${pid}/cmdline`, 'utf8')).split('\0'),
    env: (await fs.readFile(`/proc/${pid}/environ`, 'utf8')).split('\0'),
  });

  // Three server starts, each re-executing Node: about 12 s idle, more under the suite's load.
  it(
    're-executes in place with the young-generation and malloc settings, unless told not to',
    { timeout: 90_000 },
    async () => {
      const tuned = await startServerProcess({ DATA_DIR: 'memory://' });
      try {
        const { args, env } = await processInfo(tuned.child.pid!); // the same PID after the re-exec
        expect(args).toEqual(expect.arrayContaining([...SERVER_NODE_FLAGS]));
        expect(args.filter((a) => a.endsWith('api/cli/serve.ts'))).toHaveLength(1);
        expect(env).toContain('MALLOC_ARENA_MAX=2');
        expect((await fetch(`${tuned.url}/healthz`)).status).toBe(200);
      } finally {
        await tuned.stop('SIGKILL');
      }
      const plain = await startServerProcess({ DATA_DIR: 'memory://', KEURMERK_TUNING: 'off' });
      try {
        expect((await processInfo(plain.child.pid!)).args).not.toContain(SERVER_NODE_FLAGS[0]);
      } finally {
        await plain.stop('SIGKILL');
      }
      // An operator's own setting wins (and the process still starts, without re-executing forever).
      const own = await startServerProcess({
        DATA_DIR: 'memory://',
        NODE_OPTIONS: '--max-semi-space-size=32',
      });
      try {
        const { args, env } = await processInfo(own.child.pid!);
        expect(args).not.toContain(SERVER_NODE_FLAGS[0]);
        expect(env).toContain('KEURMERK_TUNED=1');
      } finally {
        await own.stop('SIGKILL');
      }
    },
  );
});
