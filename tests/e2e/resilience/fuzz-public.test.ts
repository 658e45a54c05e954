import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServerProcess, type ServerProcess } from '../../helpers/server-process.ts';
import { prepareDataDir, type PreparedRegistry } from '../../helpers/registry-fixture.ts';

// Property: whatever a client sends to a public read endpoint, the answer is a 2xx/3xx/4xx (never
// a 5xx), arrives within the timeout, and every 4xx from the API is a well-formed problem+json.

const PER_REQUEST_TIMEOUT_MS = 5_000;

async function check(url: string): Promise<void> {
  const response = await fetch(url, {
    signal: AbortSignal.timeout(PER_REQUEST_TIMEOUT_MS),
    redirect: 'manual',
  });
  const body = await response.text();
  expect(response.status, `${url} → ${response.status} ${body.slice(0, 200)}`).toBeLessThan(500);
  const type = response.headers.get('content-type') ?? '';
  if (response.status >= 400 && type.includes('json')) {
    expect(type).toBe('application/problem+json');
    const problem = JSON.parse(body) as Record<string, unknown>;
    expect(problem['status']).toBe(response.status);
    expect(typeof problem['type']).toBe('string');
    expect(typeof problem['title']).toBe('string');
  }
}

/** Anything a query-string value can be: printable, unicode, control characters, huge. */
const value = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.string({ unit: 'binary', maxLength: 20 }),
  fc.constantFrom(
    '',
    '-1',
    '0',
    '1e309',
    'NaN',
    'null',
    '%',
    '%00',
    '../../etc/passwd',
    "' or 1=1 --",
    '<script>',
    'x'.repeat(3000),
  ),
);
const query = (keys: string[]) =>
  fc
    .array(fc.tuple(fc.oneof(fc.constantFrom(...keys), fc.string({ maxLength: 10 })), value), {
      maxLength: 6,
    })
    .map((pairs) => new URLSearchParams(pairs).toString());
const segment = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 12 }),
  fc.constantFrom('..', '%2e%2e', '%00', ''),
);

describe('fuzzing public inputs', () => {
  let dataDir: string;
  let server: ServerProcess;
  let reg: PreparedRegistry;
  beforeAll(async () => {
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'keurmerk-fuzz-'));
    reg = await prepareDataDir(dataDir);
    server = await startServerProcess({ DATA_DIR: dataDir });
  }, 120_000);
  afterAll(async () => {
    await server?.stop('SIGKILL');
    await fs.rm(dataDir, { recursive: true, force: true });
  });

  it('badge URLs: any id, extension and query string', { timeout: 120_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.constant(reg.active), fc.constant(reg.revoked), segment),
        fc.constantFrom('svg', 'png', 'gif', ''),
        query(['theme', 'lang', 'size']),
        async (id, ext, qs) => {
          await check(`${server.url}/badges/${encodeURIComponent(id)}${ext ? `.${ext}` : ''}?${qs}`);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('search pages and the public API: any query parameters', { timeout: 180_000 }, async () => {
    const keys = ['q', 'cursor', 'limit', 'status', 'scheme', 'country', 'sector', 'outsourced', 'sort'];
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(
          '/search',
          '/en/search',
          '/api/v1/organisations',
          '/api/v1/certifications',
          '/api/v1/changes',
          '/changes',
        ),
        query(keys),
        async (p, qs) => {
          await check(`${server.url}${p}?${qs}`);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('path parameters of the read API, keys and status lists', { timeout: 120_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(
          '/api/v1/organisations/',
          '/api/v1/certifications/',
          '/api/v1/schemes/',
          '/keys/',
          '/status/',
          '/organisations/',
          '/schemes/',
        ),
        segment,
        async (prefix, s) => {
          await check(`${server.url}${prefix}${encodeURIComponent(s)}`);
        },
      ),
      { numRuns: 150 },
    );
  });
});
