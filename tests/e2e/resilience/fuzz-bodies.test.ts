import fs from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServerProcess, type ServerProcess } from '../../helpers/server-process.ts';
import { createPgDatabase, dropPgDatabase } from '../../helpers/databases.ts';
import { prepareRegistry } from '../../helpers/registry-fixture.ts';
import { svgCredentials } from '../../helpers/badge-reading.ts';
import { openDatabase, type DatabaseHandle } from '../../../db/platform/connection.ts';
import { belgianCheckDigits } from '../../../db/values/national-id.ts';
import { nextKvk } from '../../helpers/fixtures.ts';
import {
  prepareAdmin,
  prepareAdminDataDir,
  type AdminFixture,
  type TokenKind,
} from '../../helpers/admin-e2e.ts';
import { OPTIONAL_COLUMNS, REQUIRED_COLUMNS } from '../../../db/import/columns.ts';

// Property-based tests over request BODIES, against the real server process. For every endpoint
// that reads a body (the admin API's writes, the CSV import, POST /api/v1/verify, the public report
// form and the /verify page form), whatever a client sends:
//
//  1. the answer is a 2xx, 3xx or 4xx, never a 5xx, and arrives within PER_REQUEST_TIMEOUT_MS;
//  2. every 4xx of the API is a well-formed application/problem+json (status, type, title);
//  3. a rejected request (any 4xx) leaves the database unchanged;
//  4. the server logs no error for it (a page that throws shows the site's 404 page, see probe());
//  5. the kept-alive connection still carries the next request (see send()).
//
// What "unchanged" means. Accepted input (2xx/3xx) may change anything. Rejected input may still
// leave traces by design, so these are left out of the comparison:
//  - audit_log: a refused admin call is recorded ("denied" for a role refusal, "failed" for bad
//    input or a bad token). On PostgreSQL the test checks that a rejected call added only such rows
//    (never "success" or "error"), and at the end of each group that both hash chains still verify;
//  - api_token.last_used_at: touched (at most once a minute) when a token is used at all;
//  - idempotency_key: not exercised here (no Idempotency-Key header is sent);
//  - sign_in_attempt and login_lock: a refused sign-in is counted by the throttle (per client
//    network and per address, known or not) before its password is checked, by design;
//  - registry_secret: made once, on the first consumer report, whether or not that report is kept.
// Every other table must be identical, row for row, before and after a rejected request.
//
// Where the state is read. With TEST_DATABASE_URL the server runs on a private PostgreSQL database
// and the test reads every table directly (count plus an md5 of the rows, one statement). Without
// it the server holds the embedded PGlite directory locked, so the state is read through the
// server: the open-data export (organisations, domains, certifications), the certification-event
// chain (count and head hash), and the admin API's detail of whatever the request aimed at (the
// organisation with its channels, the certification with its assessments and events, staff,
// tokens, reports, keys).

const PER_REQUEST_TIMEOUT_MS = 10_000;
/** FUZZ_SCALE=5 for a longer local run; the default keeps the file well under three minutes. */
const SCALE = Number(process.env['FUZZ_SCALE'] ?? 1);
const runs = (n: number) => Math.max(1, Math.round(n * SCALE));
const USE_PG = Boolean(process.env['TEST_DATABASE_URL']);

const encoder = new TextEncoder();
const utf8 = (text: string) => encoder.encode(text);

// ---------------------------------------------------------------------------------------------
// Requests and answers

interface Body {
  bytes: Uint8Array;
  /** null: no Content-Type header at all. */
  type: string | null;
  /** Sent as a stream (Transfer-Encoding: chunked, no Content-Length), in pieces. */
  chunked: boolean;
}

interface Call {
  method: string;
  path: string;
  body: Body;
  headers?: Record<string, string>;
}

interface Answer {
  status: number;
  type: string;
  text: string;
}

/** Uneven pieces, so a parser sees chunk boundaries in odd places (inside a UTF-8 sequence too). */
function piecesOf(bytes: Uint8Array): Uint8Array[] {
  const pieces: Uint8Array[] = [];
  for (let i = 0, step = 1; i < bytes.length; i += step, step = (step * 7 + 3) % 4096 || 1)
    pieces.push(bytes.subarray(i, i + step));
  return pieces;
}

// One kept-alive connection for the fuzzed requests: after each answer a GET /healthz goes over the
// same connection (unless the server said "connection: close"), so a server that leaves a body
// half-read and resets the connection under the client's next request is caught, and blamed on
// the request that caused it. The database reads of the embedded setup use fetch's own pool.
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });

function request(baseUrl: string, call: Call): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { ...call.headers };
    if (call.body.type !== null) headers['content-type'] = call.body.type;
    // Explicit: Node's client sends a DELETE body neither chunked nor with a length by default.
    if (call.body.chunked) headers['transfer-encoding'] = 'chunked';
    else headers['content-length'] = String(call.body.bytes.length);
    let answered = false;
    const req = http.request(
      new URL(call.path, baseUrl),
      { method: call.method, headers, agent, signal: AbortSignal.timeout(PER_REQUEST_TIMEOUT_MS) },
      (res) => {
        answered = true;
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', reject);
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            type: res.headers['content-type'] ?? '',
            text: Buffer.concat(chunks).toString('utf8'),
          }),
        );
      },
    );
    // An answer before the whole body was sent (a refusal) may be followed by a write error.
    req.on('error', (error) => {
      if (!answered) reject(error);
    });
    if (call.body.chunked) for (const piece of piecesOf(call.body.bytes)) req.write(piece);
    req.end(call.body.chunked ? undefined : call.body.bytes);
  });
}

async function send(baseUrl: string, call: Call): Promise<Answer> {
  let answer: Answer;
  try {
    answer = await request(baseUrl, call);
  } catch (error) {
    throw new Error(`${describeCall(call)}: no answer (${String(error)})`, { cause: error });
  }
  try {
    const next = await request(baseUrl, { method: 'GET', path: '/healthz', body: EMPTY });
    if (next.status !== 200) throw new Error(`answered ${next.status}`);
  } catch (error) {
    throw new Error(
      `${describeCall(call)} → ${answer.status}: the next request on the connection failed (${String(error)})`,
      { cause: error },
    );
  }
  return answer;
}

const EMPTY: Body = { bytes: new Uint8Array(0), type: null, chunked: false };

/** How the server process is: running, or how it ended (other work on the machine has killed it). */
function ended(server: ServerProcess): string {
  const { exitCode, signalCode } = server.child;
  if (exitCode === null && signalCode === null) return 'still running';
  return signalCode ? `killed by ${signalCode}` : `exited with ${exitCode}`;
}

function bodyPreview(body: Body): string {
  const preview = new TextDecoder().decode(body.bytes.subarray(0, 300));
  return `[${body.type ?? 'no type'}${body.chunked ? ', chunked' : ''}, ${body.bytes.length} bytes] ${JSON.stringify(preview)}`;
}

function describeCall(call: Call): string {
  return `${call.method} ${call.path.slice(0, 200)} ${bodyPreview(call.body)}`;
}

/** Properties 1 and 2: never a 5xx, and an API's 4xx is a problem document. */
function checkAnswer(call: Call, answer: Answer, api: boolean): void {
  const label = `${describeCall(call)}\n→ ${answer.status} ${answer.text.slice(0, 300)}`;
  expect(answer.status, label).toBeGreaterThanOrEqual(200);
  expect(answer.status, label).toBeLessThan(500);
  if (answer.status < 400) return;
  if (!api && !answer.type.includes('json')) return;
  expect(answer.type, label).toBe('application/problem+json');
  const problem = JSON.parse(answer.text) as Record<string, unknown>;
  expect(problem['status'], label).toBe(answer.status);
  expect(typeof problem['type'], label).toBe('string');
  expect(typeof problem['title'], label).toBe('string');
}

// ---------------------------------------------------------------------------------------------
// The database state

/** What a request aimed at, for the embedded database (read through the server). */
interface Focus {
  slug?: string;
  publicId?: string;
  lists?: Array<'staff' | 'tokens' | 'reports' | 'keys'>;
}

const listFocus = (list: NonNullable<Focus['lists']>[number]): Focus => ({ lists: [list] });

interface Setup {
  server: ServerProcess;
  fixture: AdminFixture;
  /** The state a rejected request must not change. */
  snapshot(focus: Focus): Promise<unknown>;
  /** PostgreSQL only: the outcomes of audit rows written since `mark` (see the header comment). */
  auditSince(mark: number): Promise<string[]>;
  auditMark(): Promise<number>;
  cleanup(): Promise<void>;
}

// Left out of the comparison, with the reasons in the header comment.
const UNCOMPARED_TABLES = new Set([
  'audit_log',
  'idempotency_key',
  'sign_in_attempt',
  'login_lock',
  'registry_secret',
  // The server's job timer records its runs here whenever it fires, request or no request.
  'job_run',
  // The server's log sequencer moves entries from log_pending to log_entry and writes the tiles
  // and checkpoints over them whenever it wakes, request or no request. The entries themselves
  // stay compared: LOG_ENTRIES below hashes them wherever they are, queued or sequenced.
  'log_pending',
  'log_entry',
  'log_tile',
  'log_checkpoint',
  // The hourly log-expiries job (first run at start-up) claims each passed validity period here
  // and logs it as a certification_expired entry, which LOG_ENTRIES therefore leaves out: only
  // jobs (log-expiries, scheme-transition) write that type, never a request.
  'log_expiry',
  // Requests never write credentials: the server's credential issuer does, at start, a second
  // after an accepted change kicks it (so often during the next, rejected, probe) and on a timer.
  'credential',
  // ...and counts each one it places on a status list here, in the same transaction.
  'status_list_fill',
]);

/** Every log entry a request can write, queued or already sequenced: a rejected request must add none. */
const LOG_ENTRIES = `select 'log_pending + log_entry' as name, count(*)::int as n, md5(coalesce(string_agg(e, '|' order by e), '')) as h
  from (select entry, subject from log_pending union all select entry, subject from log_entry) x,
  lateral (select encode(entry, 'hex') || ':' || coalesce(subject, '') as e) y
  where convert_from(entry, 'UTF8')::jsonb ->> 'type' is distinct from 'certification_expired'`;

async function pgSetup(): Promise<Setup> {
  const url = await createPgDatabase();
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'keurmerk-fuzz-bodies-pg-'));
  const handle: DatabaseHandle = await openDatabase({ databaseUrl: url, dataDir, poolSize: 2 });
  const fixture = { reg: await prepareRegistry(handle.db), ...(await prepareAdmin(handle.db)) };
  const server = await startServerProcess({ DATABASE_URL: url, DATA_DIR: dataDir });
  const { rows: tables } = await sql<{ name: string }>`
    select table_name as name from information_schema.tables
    where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name`.execute(handle.db);
  // One statement: per table the row count and an md5 over its rows (as jsonb, minus last_used_at).
  const parts = tables
    .map((t) => t.name)
    .filter((name) => !UNCOMPARED_TABLES.has(name))
    .map(
      (name) =>
        `select '${name}' as name, count(*)::int as n, md5(coalesce(string_agg((to_jsonb(x) - 'last_used_at')::text, '|' order by (to_jsonb(x) - 'last_used_at')::text), '')) as h from "${name}" x`,
    );
  const statement = sql.raw([...parts, LOG_ENTRIES].join(' union all '));
  return {
    server,
    fixture,
    async snapshot() {
      const { rows } = await statement.execute(handle.db);
      return Object.fromEntries(
        (rows as Array<{ name: string; n: number; h: string }>).map((r) => [r.name, `${r.n}:${r.h}`]),
      );
    },
    async auditMark() {
      const { rows } = await sql<{
        id: number;
      }>`select coalesce(max(id), 0)::int as id from audit_log`.execute(handle.db);
      return rows[0]!.id;
    },
    async auditSince(mark) {
      const { rows } = await sql<{
        outcome: string;
        action: string;
      }>`select outcome, action from audit_log where id > ${mark} order by id`.execute(handle.db);
      return rows.map((r) => `${r.action}:${r.outcome}`);
    },
    async cleanup() {
      await handle.close();
      await dropPgDatabase(url);
      await fs.rm(dataDir, { recursive: true, force: true });
    },
  };
}

async function embeddedSetup(): Promise<Setup> {
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'keurmerk-fuzz-bodies-'));
  const fixture = await prepareAdminDataDir(dataDir);
  const server = await startServerProcess({ DATA_DIR: dataDir });
  const read = async (p: string): Promise<{ status: number; body: unknown }> => {
    const response = await fetch(`${server.url}${p}`, {
      headers: { authorization: `Bearer ${fixture.tokens.admin}` },
      signal: AbortSignal.timeout(PER_REQUEST_TIMEOUT_MS),
    });
    const text = await response.text();
    if (response.status >= 500)
      throw new Error(`reading the state: ${p} answered ${response.status} ${text}`);
    return { status: response.status, body: text ? (JSON.parse(text) as unknown) : null };
  };
  return {
    server,
    fixture,
    async snapshot(focus) {
      const reads: Array<Promise<[string, unknown]>> = [];
      const add = (p: string, clean: (body: any) => unknown = (b) => b) =>
        reads.push(read(p).then((r) => [p, { status: r.status, body: clean(r.body) }]));
      add('/open-data/registry.json', (b) => ({ ...b, generatedAt: undefined }));
      add('/api/v1/admin/events/chain');
      if (focus.slug) add(`/api/v1/admin/organisations/${encodeURIComponent(focus.slug)}`);
      if (focus.publicId) add(`/api/v1/admin/certifications/${encodeURIComponent(focus.publicId)}`);
      for (const list of focus.lists ?? [])
        add(`/api/v1/admin/${list}${list === 'reports' ? '?limit=200' : ''}`, (b) =>
          Array.isArray(b) ? b.map((t: Record<string, unknown>) => ({ ...t, lastUsedAt: undefined })) : b,
        );
      return Object.fromEntries(await Promise.all(reads));
    },
    auditMark: async () => 0,
    auditSince: async () => [],
    cleanup: () => fs.rm(dataDir, { recursive: true, force: true }),
  };
}

// ---------------------------------------------------------------------------------------------
// Generators: values and bodies

/** Texts that have broken parsers and databases before. */
const NASTY_TEXTS = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\ud800',
  'x\udfffy',
  '\u202egnp.exe',
  '\ufeffBOM',
  '\r\n',
  '\t\v\f',
  '\u0085\u2028\u2029',
  'null',
  'true',
  '0',
  '-1',
  '1e309',
  'NaN',
  "' or 1=1 --",
  '"; drop table organisation; --',
  '<script>alert(1)</script>',
  "=cmd|' /C calc'!A0",
  '+31 20 123 4567',
  '@SUM(1+1)',
  '../../etc/passwd',
  '%00%ff',
  '${jndi:ldap://127.0.0.1:1/x}',
  'e\u0301e\u0301',
  '👩‍👩‍👧‍👦🏳️‍🌈',
  'Ａｂｃ',
  'İSTANBUL ß',
  'x'.repeat(301),
  'x'.repeat(2001),
  'y'.repeat(20_000),
];

const text = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.string({ unit: 'binary', maxLength: 20 }),
  fc.constantFrom(...NASTY_TEXTS),
);

const shortText = text.filter((t) => t.length <= 2001);

/** A placeholder replaced by a deeply nested array once the body is serialised (JSON.stringify recurses). */
const DEEP = '\u0001deep:';
const deepValue = fc.integer({ min: 100, max: 20_000 }).map((depth) => `${DEEP}${depth}`);
function expandDeep(json: string): string {
  return json.replace(/"\\u0001deep:(\d+)"/g, (_m, depth: string) => {
    const n = Number(depth);
    return `${'['.repeat(n)}1${']'.repeat(n)}`;
  });
}

/** Any JSON value a field could be sent as: wrong types, huge, odd text, nested. */
const anyValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 6, arbitrary: text },
  { weight: 1, arbitrary: fc.integer() },
  { weight: 1, arbitrary: fc.double() },
  { weight: 1, arbitrary: fc.boolean() },
  { weight: 1, arbitrary: fc.constant(null) },
  { weight: 1, arbitrary: fc.array(text, { maxLength: 4 }) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  { weight: 1, arbitrary: deepValue },
);

/** A field: mostly a plausible value (so requests get past the first check), often anything. */
const field = (valid: fc.Arbitrary<unknown>) =>
  fc.oneof({ weight: 3, arbitrary: valid }, { weight: 2, arbitrary: anyValue });

/**
 * An object for an endpoint: all its fields plausible, or plausible but for one or two spoiled
 * ones (the likeliest way to reach deep code with one bad value), or a random subset of plausible
 * and odd values; sometimes with unknown keys besides.
 */
function bodyObject(fields: Record<string, fc.Arbitrary<unknown>>): fc.Arbitrary<Record<string, unknown>> {
  const keys = Object.keys(fields);
  const valid = fc.record(fields) as fc.Arbitrary<Record<string, unknown>>;
  const spoiled = fc
    .tuple(
      valid,
      fc.subarray(keys, { minLength: 1, maxLength: Math.min(2, keys.length) }),
      anyValue,
      anyValue,
    )
    .map(([v, spoil, a, b]) => ({ ...v, ...Object.fromEntries(spoil.map((k, i) => [k, i === 0 ? a : b])) }));
  const random = fc.record(Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, field(v)])), {
    requiredKeys: [],
  }) as fc.Arbitrary<Record<string, unknown>>;
  const extra = fc.oneof(
    { weight: 4, arbitrary: fc.constant({}) },
    {
      weight: 1,
      arbitrary: fc.dictionary(
        fc.oneof(
          fc.string({ maxLength: 10 }),
          fc.constantFrom('__proto__', 'constructor', 'toString', 'publicId'),
        ),
        anyValue,
        { maxKeys: 3 },
      ),
    },
  );
  return fc
    .tuple(
      fc.oneof(
        { weight: 3, arbitrary: spoiled },
        { weight: 1, arbitrary: valid },
        { weight: 2, arbitrary: random },
      ),
      extra,
    )
    .map(([k, e]) => ({ ...e, ...k }));
}

/** Counterexamples print as a short description instead of every byte of a 60 kB body. */
function shown<T extends object>(arb: fc.Arbitrary<T>, show: (value: T) => string): fc.Arbitrary<T> {
  return arb.map(
    (value) =>
      Object.assign(Object.create(null) as object, value, { [fc.toStringMethod]: () => show(value) }) as T,
  );
}

const JSON_TYPES = [
  'application/json',
  'application/json; charset=utf-8',
  'APPLICATION/JSON',
  'application/merge-patch+json',
  'application/problem+json',
];
const OTHER_TYPES = [
  'text/plain',
  'text/plain; charset=utf-8',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/xml',
  'application/jsonx',
  'application/json-seq',
  'application/octet-stream',
  'text/csv',
  '*/*',
  ';',
  'application/json; charset=utf-16',
];
const contentType = (preferred: readonly string[]) =>
  fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom(...preferred) },
    { weight: 2, arbitrary: fc.constantFrom(...OTHER_TYPES) },
    { weight: 1, arbitrary: fc.constant(null) },
  );
const chunked = fc.oneof(
  { weight: 5, arbitrary: fc.constant(false) },
  { weight: 1, arbitrary: fc.constant(true) },
);

/** Bytes that are not JSON at all: text, binary, truncated or wrapped JSON, padding past the limit. */
function garbage(json: string, limit: number): fc.Arbitrary<Uint8Array> {
  return fc.oneof(
    fc.string({ maxLength: 200 }).map(utf8),
    fc.uint8Array({ maxLength: 300 }),
    fc.nat({ max: Math.max(0, json.length - 1) }).map((n) => utf8(json.slice(0, n))),
    fc.constantFrom(
      utf8(`\ufeff${json}`),
      utf8(`${json}${json}`),
      utf8(`${json} trailing`),
      utf8(json.replace(/"/g, "'")),
      utf8('{"a":1,"a":2}'),
      utf8('{"__proto__":{"role":"admin","isAdmin":true}}'),
      utf8('[' + '{"a":'.repeat(3000) + '1' + '}'.repeat(3000) + ']'),
      utf8('{"a":' + '['.repeat(30_000)),
      utf8('1e999999'),
      utf8('"\\ud800"'),
      new Uint8Array([0xff, 0xfe, 0x7b, 0x00, 0x7d, 0x00]),
      new Uint8Array([0x7b, 0x22, 0xc3, 0x28, 0x22, 0x3a, 0x31, 0x7d]),
      utf8(`{"pad":"${'x'.repeat(limit)}"}`),
    ),
  );
}

/** The ways an object can travel as a body: proper JSON, with another type, or not JSON at all. */
function jsonBody(object: fc.Arbitrary<unknown>, limit = 64 * 1024): fc.Arbitrary<Body> {
  return fc.oneof(
    {
      weight: 8,
      arbitrary: fc.record({
        bytes: object.map((o) => utf8(expandDeep(JSON.stringify(o)))),
        type: contentType(JSON_TYPES),
        chunked,
      }),
    },
    {
      weight: 2,
      arbitrary: object.chain((o) =>
        fc.record({
          bytes: garbage(JSON.stringify(o) ?? 'null', limit),
          type: contentType(JSON_TYPES),
          chunked,
        }),
      ),
    },
    {
      weight: 1,
      arbitrary: fc.record({
        bytes: fc
          .oneof(fc.jsonValue({ maxDepth: 2 }), fc.constant([]), fc.constant(null))
          .map((v) => utf8(JSON.stringify(v) ?? 'null')),
        type: contentType(JSON_TYPES),
        chunked,
      }),
    },
    {
      weight: 1,
      arbitrary: fc.record({ bytes: fc.constant(new Uint8Array(0)), type: contentType(JSON_TYPES), chunked }),
    },
  );
}

/** A path segment: one of the known ones, or anything (encoded). */
const segment = (known: readonly string[]) =>
  fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom(...known) },
    {
      weight: 1,
      arbitrary: fc
        .oneof(
          fc.string({ maxLength: 30 }),
          fc.constantFrom('0', '-1', '99999999999999999999', '1.5', '%00', 'ABC'),
        )
        .map(encodeURIComponent),
    },
  );

// Plausible values of the admin API's fields.
const kvk = fc.integer({ min: 10_000_000, max: 99_999_999 }).map(String);
const kbo = fc.integer({ min: 2_000_000, max: 9_999_999 }).map((n) => {
  const first = `0${n}`;
  return first + belgianCheckDigits(first);
});
const hostname = fc
  .tuple(fc.stringMatching(/^[a-z][a-z0-9-]{0,12}[a-z0-9]$/), fc.constantFrom('nl', 'be', 'com', 'example'))
  .map(([name, tld]) => `${name}.${tld}`);
const phone = fc.integer({ min: 1_000_000, max: 9_999_999 }).map((n) => `+31 20 ${n}`);
const reason = fc.oneof(
  fc.constantFrom('Complaints from three consumers', 'Audit passed'),
  fc.string({ maxLength: 60 }),
);
const channel = fc.record(
  {
    kind: field(fc.constantFrom('phone', 'email_domain', 'whatsapp', 'chat_url')),
    value: field(
      fc.oneof(
        phone,
        hostname,
        hostname.map((h) => `https://${h}/chat`),
      ),
    ),
    label: field(fc.string({ maxLength: 20 })),
  },
  { requiredKeys: [] },
);
const assessments = fc.array(
  fc.record(
    {
      criterion: field(fc.constantFrom('1', '2', '3', '4', '5', '6', '7', 'ksf-1', 'hc-1')),
      result: field(fc.constantFrom('met', 'not_met', 'not_applicable')),
      note: field(fc.string({ maxLength: 40 })),
    },
    { requiredKeys: [] },
  ),
  { maxLength: 8 },
);
const level = fc.constantFrom('self_declared', 'reviewed', 'audited');

// ---------------------------------------------------------------------------------------------

describe(`fuzzing request bodies (${USE_PG ? 'PostgreSQL' : 'embedded database'})`, () => {
  let s: Setup;
  let url: string;
  /** Organisation slugs of the fixture's certifications. */
  const slugs: Record<string, string> = {};
  let duplicateSlug = '';
  let svg = '';
  let png = new Uint8Array(0);
  let jwt = '';

  beforeAll(async () => {
    s = await (USE_PG ? pgSetup() : embeddedSetup());
    url = s.server.url;
    for (const [name, publicId] of Object.entries(s.fixture.reg)) {
      if (typeof publicId !== 'string') continue;
      const response = await fetch(`${url}/api/v1/admin/certifications/${publicId}`, {
        headers: { authorization: `Bearer ${s.fixture.tokens.admin}` },
      });
      slugs[name] = ((await response.json()) as { organisation: { slug: string } }).organisation.slug;
    }
    // A duplicate that the merge endpoint may merge away without taking a fixture organisation.
    const created = await fetch(`${url}/api/v1/admin/organisations`, {
      method: 'POST',
      headers: { authorization: `Bearer ${s.fixture.tokens.admin}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        legalName: 'Dubbel Ingeschreven B.V.',
        country: 'NL',
        registryId: nextKvk(),
        city: 'Delft',
      }),
    });
    duplicateSlug = ((await created.json()) as { slug: string }).slug;
    // Real badges to mutate, taken before any fuzzing (which may suspend or revoke this one).
    svg = await (await fetch(`${url}/badges/${s.fixture.reg.active}.svg`)).text();
    png = new Uint8Array(await (await fetch(`${url}/badges/${s.fixture.reg.active}.png`)).arrayBuffer());
    jwt = svgCredentials(svg)[0] ?? '';
    expect(jwt).not.toBe('');
  }, 120_000);

  afterAll(async () => {
    agent.destroy();
    if (s && (s.server.child.exitCode !== null || s.server.child.signalCode !== null))
      console.error(`the server ended (${ended(s.server)}):\n${s.server.output().slice(-8000)}`);
    await s?.server.stop('SIGKILL');
    await s?.cleanup();
  });

  const tokenHeader = (kind: TokenKind | 'none' | 'garbage'): Record<string, string> =>
    kind === 'none'
      ? {}
      : { authorization: `Bearer ${kind === 'garbage' ? 'kmt_not-a-token' : s.fixture.tokens[kind]}` };
  /** Mostly the admin token (to reach validation), sometimes a weaker, dead or missing one. */
  const tokenKind = fc.oneof(
    { weight: 12, arbitrary: fc.constant('admin' as const) },
    { weight: 2, arbitrary: fc.constantFrom('assessor' as const, 'viewer' as const) },
    {
      weight: 1,
      arbitrary: fc.constantFrom('revoked' as const, 'expired' as const, 'garbage' as const, 'none' as const),
    },
  );

  /** Sends one call and checks the three properties; the database is compared for rejected calls. */
  async function probe(call: Call, focus: Focus, api = true): Promise<Answer> {
    const before = await s.snapshot(focus);
    const mark = await s.auditMark();
    const logged = s.server.output().length;
    const answer = await send(url, call).catch((error: Error) => {
      throw new Error(
        `${error.message}\nserver: ${ended(s.server)}; its last output:\n${s.server.output().slice(-4000)}`,
      );
    });
    checkAnswer(call, answer, api);
    // A page that throws is answered with the site's 404 page (Astro's error route /500 falls into
    // the [...lang] catch-all), so for pages the status alone hides a crash: the server's log tells.
    const errors = s.server
      .output()
      .slice(logged)
      .split('\n')
      .filter((line) => line.includes('"level":"error"') || line.includes('[ERROR]'));
    expect(errors, `${describeCall(call)} → ${answer.status}: the server logged errors`).toEqual([]);
    if (answer.status >= 400) {
      const label = `${describeCall(call)}\n→ ${answer.status} ${answer.text.slice(0, 300)}`;
      expect(await s.snapshot(focus), `rejected, yet the database changed: ${label}`).toEqual(before);
      const outcomes = await s.auditSince(mark);
      expect(
        outcomes.filter((o) => !o.endsWith(':denied') && !o.endsWith(':failed')),
        `rejected, yet audited as: ${label}`,
      ).toEqual([]);
    }
    return answer;
  }

  async function chainsVerify(): Promise<void> {
    for (const p of ['/api/v1/admin/audit/verify', '/api/v1/admin/events/chain']) {
      const response = await fetch(`${url}${p}`, { headers: tokenHeader('admin') });
      const body = (await response.json()) as { ok: boolean };
      expect(response.status, p).toBe(200);
      expect(body.ok, `${p}: ${JSON.stringify(body)}`).toBe(true);
    }
  }

  it('the state the properties compare does change with an accepted request (self-check)', async () => {
    const focus: Focus = { slug: duplicateSlug };
    const before = await s.snapshot(focus);
    const answer = await probe(
      {
        method: 'POST',
        path: `/api/v1/admin/organisations/${duplicateSlug}/channels`,
        body: {
          bytes: utf8('{"kind":"email_domain","value":"dubbel.example"}'),
          type: 'application/json',
          chunked: false,
        },
        headers: tokenHeader('admin'),
      },
      focus,
    );
    expect(answer.status).toBe(201);
    expect(await s.snapshot(focus)).not.toEqual(before);
  });

  // -------------------------------------------------------------------------------------------
  // Admin API

  interface Target {
    method: string;
    path: string;
    body: Body;
    focus: Focus;
  }

  function adminProperty(targets: fc.Arbitrary<Target>, numRuns: number) {
    return fc.assert(
      fc.asyncProperty(
        shown(targets, (t) => `${t.method} ${t.path} ${bodyPreview(t.body)}`),
        tokenKind,
        async (t, kind) => {
          await probe(
            { method: t.method, path: `/api/v1/admin${t.path}`, body: t.body, headers: tokenHeader(kind) },
            t.focus,
          );
        },
      ),
      { numRuns },
    );
  }

  it('admin API, organisations: create, edit, domains, channels, merge', { timeout: 150_000 }, async () => {
    const known = [slugs['active']!, slugs['activeBe']!, slugs['pending']!];
    const slug = segment(known);
    const organisation = {
      legalName: fc.string({ minLength: 1, maxLength: 40 }),
      tradeNames: fc.array(fc.string({ maxLength: 20 }), { maxLength: 3 }),
      country: fc.constantFrom('NL', 'BE'),
      registryId: fc.oneof(kvk, kbo),
      city: fc.constantFrom('Utrecht', 'Gent', "'s-Hertogenbosch"),
      website: hostname.map((h) => `https://www.${h}`),
      sector: fc.constantFrom('Energie', 'Telecom'),
      outsourcedContactCentre: fc.oneof(fc.boolean(), fc.constantFrom('true', 'on', '0')),
      domains: fc.array(hostname, { maxLength: 3 }),
      channels: fc.array(channel, { maxLength: 4 }),
    };
    const targets: fc.Arbitrary<Target> = fc.oneof(
      jsonBody(bodyObject(organisation)).map((body) => ({
        method: 'POST',
        path: '/organisations',
        body,
        focus: {},
      })),
      fc.tuple(slug, jsonBody(bodyObject(organisation))).map(([sl, body]) => ({
        method: 'PATCH',
        path: `/organisations/${sl}`,
        body,
        focus: { slug: sl },
      })),
      fc.tuple(slug, jsonBody(bodyObject({ hostname }))).map(([sl, body]) => ({
        method: 'POST',
        path: `/organisations/${sl}/domains`,
        body,
        focus: { slug: sl },
      })),
      fc
        .tuple(
          slug,
          segment(['shop.example.nl', 'localhost', 'nope.example']),
          jsonBody(bodyObject({ hostname })),
        )
        .map(([sl, host, body]) => ({
          method: 'DELETE',
          path: `/organisations/${sl}/domains/${host}`,
          body,
          focus: { slug: sl },
        })),
      fc.tuple(slug, jsonBody(channel)).map(([sl, body]) => ({
        method: 'POST',
        path: `/organisations/${sl}/channels`,
        body,
        focus: { slug: sl },
      })),
      fc
        .tuple(
          segment([duplicateSlug]),
          jsonBody(bodyObject({ into: fc.constantFrom(...known, slugs['revoked']!), reason })),
        )
        .map(([sl, body]) => ({
          method: 'POST',
          path: `/organisations/${sl}/merge`,
          body,
          focus: { slug: sl },
        })),
    );
    await adminProperty(targets, runs(100));
    await chainsVerify();
  });

  it('admin API, certifications: create, assessments, lifecycle', { timeout: 150_000 }, async () => {
    const reg = s.fixture.reg;
    const publicId = segment([
      reg.pending,
      reg.active,
      reg.suspended,
      reg.revoked,
      reg.expired,
      reg.activeBe,
    ]);
    const action = fc.constantFrom('grant', 'renew', 'suspend', 'reinstate', 'revoke');
    const targets: fc.Arbitrary<Target> = fc.oneof(
      jsonBody(
        bodyObject({
          organisation: fc.constantFrom(...Object.values(slugs), duplicateSlug),
          scheme: fc.constantFrom('ksf-service-promises', 'happy-customer', 'nope'),
          assuranceLevel: level,
          reason,
        }),
      ).map((body) => ({ method: 'POST', path: '/certifications', body, focus: {} })),
      fc.tuple(publicId, jsonBody(bodyObject({ assessments }))).map(([id, body]) => ({
        method: 'PUT',
        path: `/certifications/${id}/assessments`,
        body,
        focus: { publicId: id },
      })),
      fc
        .tuple(publicId, action, jsonBody(bodyObject({ reason, assuranceLevel: level, assessments })))
        .map(([id, a, body]) => ({
          method: 'POST',
          path: `/certifications/${id}/${a}`,
          body,
          focus: { publicId: id },
        })),
    );
    await adminProperty(targets, runs(100));
    await chainsVerify();
  });

  it('admin API, staff, tokens, reports and keys', { timeout: 150_000 }, async () => {
    // Token ids 4 and 5 are the fixture's revoked and expired tokens: the working ones stay working.
    // A token acts for its owner and ends with them, so the staff the fuzzer disables and demotes
    // are three of its own, never the fixture's token owners (ids 1 to 3).
    const targetIds: string[] = [];
    for (const role of ['admin', 'assessor', 'viewer']) {
      const made = await fetch(`${url}/api/v1/admin/staff`, {
        method: 'POST',
        headers: { ...tokenHeader('admin'), 'content-type': 'application/json' },
        body: JSON.stringify({
          email: `fuzz-target-${role}@keurmerk.test`,
          displayName: `Fuzz target ${role}`,
          role,
          password: 'fietsbel kaasschaaf zonnebloem 8',
        }),
      });
      expect(made.status).toBe(201);
      targetIds.push(String(((await made.json()) as { id: number }).id));
    }
    const staffId = segment(targetIds);
    const targets: fc.Arbitrary<Target> = fc.oneof(
      jsonBody(
        bodyObject({
          email: fc.oneof(fc.emailAddress(), fc.constantFrom('admin@keurmerk.test')),
          displayName: fc.string({ maxLength: 30 }),
          role: fc.constantFrom('admin', 'assessor', 'viewer'),
          password: fc.oneof(
            fc.constantFrom('password123456', 'fietsbel kaasschaaf zonnebloem 8'),
            fc.string(),
          ),
        }),
      ).map((body) => ({ method: 'POST', path: '/staff', body, focus: listFocus('staff') })),
      fc
        .tuple(
          staffId,
          jsonBody(
            bodyObject({
              role: fc.constantFrom('admin', 'assessor', 'viewer'),
              displayName: fc.string({ maxLength: 30 }),
              disabled: fc.oneof(fc.boolean(), fc.constantFrom('on', '0')),
            }),
          ),
        )
        .map(([id, body]) => ({ method: 'PATCH', path: `/staff/${id}`, body, focus: listFocus('staff') })),
      fc
        .tuple(staffId, jsonBody(bodyObject({ password: fc.string({ maxLength: 40 }) })))
        .map(([id, body]) => ({
          method: 'POST',
          path: `/staff/${id}/password`,
          body,
          focus: listFocus('staff'),
        })),
      jsonBody(
        bodyObject({
          name: fc.stringMatching(/^[\w .@-]{1,20}$/),
          role: fc.constantFrom('admin', 'assessor', 'viewer'),
          expiresAt: fc.constantFrom(
            '2099-01-01',
            '2000-01-01',
            '2099-02-30',
            '9999-12-31T23:59:59Z',
            '9999-12-31T23:59:59-12:00',
            '0000-01-01',
            '+275760-09-13',
          ),
        }),
      ).map((body) => ({ method: 'POST', path: '/tokens', body, focus: listFocus('tokens') })),
      fc
        .tuple(segment(['4', '5', '999999']), jsonBody(bodyObject({ id: fc.constant(1) })))
        .map(([id, body]) => ({
          method: 'POST',
          path: `/tokens/${id}/revoke`,
          body,
          focus: listFocus('tokens'),
        })),
      fc
        .tuple(
          segment(['1', '2', '999999']),
          jsonBody(bodyObject({ state: fc.constantFrom('open', 'handled', 'dismissed'), note: text })),
        )
        .map(([id, body]) => ({
          method: 'POST',
          path: `/reports/${id}/state`,
          body,
          focus: listFocus('reports'),
        })),
      // A valid reason rotates the signing key: rare on purpose (it generates an RSA key).
      jsonBody(bodyObject({ reason: fc.constant(null) })).map((body) => ({
        method: 'POST',
        path: '/keys/rotate',
        body,
        focus: listFocus('keys'),
      })),
    );
    await adminProperty(targets, runs(80));
    await chainsVerify();
    // The fuzzer never revoked or disabled what later groups rely on.
    expect((await fetch(`${url}/api/v1/admin/me`, { headers: tokenHeader('admin') })).status).toBe(200);
  });

  // -------------------------------------------------------------------------------------------
  // CSV import

  const COLUMNS = [...REQUIRED_COLUMNS, ...OPTIONAL_COLUMNS] as const;

  it('admin API, CSV import: mutated rows, headers, encodings', { timeout: 150_000 }, async () => {
    const cell = (valid: fc.Arbitrary<string>) =>
      fc.oneof({ weight: 5, arbitrary: valid }, { weight: 1, arbitrary: text });
    const nl = fc.record({
      country: cell(fc.constantFrom('NL', 'nl', 'NL ')),
      registry_id: cell(
        fc.oneof(
          kvk,
          kvk.map((k) => `KvK ${k}`),
          fc.constantFrom('1234567', '12AB5678'),
        ),
      ),
      legal_name: cell(
        fc.oneof(
          fc.string({ minLength: 1, maxLength: 30 }),
          fc.constantFrom("=cmd|' /C calc'!A0", '@SUM(A1)'),
        ),
      ),
      city: cell(fc.constantFrom('Utrecht', 'Zwolle')),
      trade_names: cell(fc.constantFrom('', 'Merk|Label', '||')),
      website: cell(
        fc.oneof(
          fc.constant(''),
          hostname.map((h) => `https://${h}`),
        ),
      ),
      sector: cell(fc.constantFrom('', 'Energie')),
      outsourced: cell(fc.constantFrom('', 'ja', 'nee', 'yes', 'maybe')),
      domains: cell(
        fc.oneof(
          fc.constant(''),
          hostname,
          fc.tuple(hostname, hostname).map(([a, b]) => `${a}|${b}`),
        ),
      ),
      // The same number twice, written two ways, too.
      phones: cell(
        fc.oneof(
          fc.constant(''),
          phone,
          phone.map((p) => `${p}|020 ${p.slice(7)}`),
        ),
      ),
      email_domains: cell(fc.oneof(fc.constant(''), hostname)),
      whatsapp: cell(fc.oneof(fc.constant(''), phone)),
      chat_urls: cell(
        fc.oneof(
          fc.constant(''),
          hostname.map((h) => `https://${h}/chat`),
        ),
      ),
      scheme: cell(fc.constantFrom('', 'ksf-service-promises', 'happy-customer', 'nope')),
      status: cell(fc.constantFrom('', 'pending', 'active', 'revoked')),
      assurance_level: cell(fc.constantFrom('', 'self_declared', 'audited', 'gold')),
      valid_from: cell(
        fc.constantFrom('', '2026-01-01', '2026-02-30', '0000-01-01', '9999-12-31', '1900-01-01'),
      ),
      not_applicable: cell(fc.constantFrom('', '3', '3|4', 'zz')),
    });
    const be = nl.chain((row) =>
      kbo.map((id) => ({
        ...row,
        country: 'BE',
        registry_id: id,
        city: 'Gent',
        scheme: row.scheme && 'happy-customer',
      })),
    );
    const quote = (v: string) => `"${v.replace(/"/g, '""')}"`;
    const fieldText = fc.constantFrom('plain', 'quoted', 'broken', 'after', 'bare', 'huge', 'nul');
    const line = fc
      .tuple(
        fc.oneof(nl, be),
        fc.array(fieldText, { minLength: COLUMNS.length, maxLength: COLUMNS.length }),
        fc.constantFrom('same', 'extra', 'missing'),
      )
      .map(([row, styles, shape]) => {
        const cells = COLUMNS.map((c, i) => {
          const v = row[c];
          switch (styles[i]) {
            case 'quoted':
              return quote(v);
            case 'broken':
              return `"${v}`;
            case 'after':
              return `${quote(v)}x`;
            case 'bare':
              return `${v}"${v}`;
            case 'huge':
              return 'h'.repeat(10_001);
            case 'nul':
              return `${v}\u0000`;
            default:
              return /[",\r\n]/.test(v) ? quote(v) : v;
          }
        });
        if (shape === 'extra') cells.push('extra');
        if (shape === 'missing') cells.pop();
        return cells;
      });
    // Mostly plain fields: most lines then stay valid CSV and reach the row checks.
    const plainLine = fc
      .tuple(fc.oneof(nl, be))
      .map(([row]) => COLUMNS.map((c) => (/[",\r\n]/.test(row[c]) ? quote(row[c]) : row[c])));
    const header = fc.oneof(
      { weight: 6, arbitrary: fc.constant([...COLUMNS] as string[]) },
      { weight: 1, arbitrary: fc.shuffledSubarray([...COLUMNS] as string[], { minLength: 1 }) },
      { weight: 1, arbitrary: fc.array(fc.string({ maxLength: 12 }), { maxLength: 5 }) },
      { weight: 1, arbitrary: fc.constant([...COLUMNS, 'country'] as string[]) },
      { weight: 1, arbitrary: fc.constant(COLUMNS.map((c) => c.toUpperCase())) },
    );
    const csv = fc
      .record({
        header,
        lines: fc.array(fc.oneof({ weight: 3, arbitrary: plainLine }, { weight: 1, arbitrary: line }), {
          maxLength: 6,
        }),
        delimiter: fc.constantFrom(',', ',', ',', ';'),
        eol: fc.constantFrom('\r\n', '\n', '\r', '\r\n', '\n\n'),
        bom: fc.boolean(),
        finalEol: fc.boolean(),
      })
      .map(({ header: h, lines, delimiter, eol, bom, finalEol }) => {
        const body = [h, ...lines].map((cells) => cells.join(delimiter)).join(eol);
        return utf8(`${bom ? '\ufeff' : ''}${body}${finalEol ? eol : ''}`);
      });
    const bytes = fc.oneof(
      { weight: 8, arbitrary: csv },
      { weight: 1, arbitrary: fc.uint8Array({ maxLength: 400 }) },
      { weight: 1, arbitrary: fc.string({ maxLength: 200 }).map(utf8) },
      {
        weight: 1,
        arbitrary: fc.constantFrom(
          new Uint8Array(0),
          utf8(COLUMNS.join(',')),
          new Uint8Array([0xef, 0xbb, 0xbf]),
          new Uint8Array([0xff, 0xfe, 0x63, 0x00]),
          utf8(`${COLUMNS.join(',')}\r\n"unclosed`),
          utf8(`${'a,'.repeat(70)}a\r\n`),
          utf8(`${COLUMNS.join(',')}\r\n${'x'.repeat(70_000)}`),
          Uint8Array.from([...utf8(`${COLUMNS.join(',')}\r\nNL,12345678,A`), 0xc3]),
        ),
      },
    );
    const query = fc
      .record(
        {
          // Short enough for a request line (Node answers 431 past 16 kB of headers, before any handler).
          dryRun: fc.oneof(fc.constantFrom('true', 'false', '1', 'maybe', ''), shortText),
          fileName: shortText,
        },
        { requiredKeys: [] },
      )
      .map((q) => {
        const params = new URLSearchParams();
        for (const [k, v] of Object.entries(q)) params.set(k, v);
        return params.toString();
      });
    await fc.assert(
      fc.asyncProperty(
        shown(
          fc.record({ bytes, type: contentType(['text/csv', 'text/csv; charset=utf-8']), chunked }),
          bodyPreview,
        ),
        query,
        tokenKind,
        async (body, qs, kind) => {
          await probe(
            { method: 'POST', path: `/api/v1/admin/imports?${qs}`, body, headers: tokenHeader(kind) },
            {},
          );
        },
      ),
      { numRuns: runs(80) },
    );
    await chainsVerify();
  });

  // -------------------------------------------------------------------------------------------
  // POST /api/v1/verify and the /verify page form

  /** A JWT segment (with any deep placeholder expanded: a header or payload nested thousands deep). */
  const b64 = (value: unknown) => Buffer.from(expandDeep(JSON.stringify(value))).toString('base64url');

  /** JWT-shaped strings: random segments, odd headers, real parts recombined. */
  function jwtShaped(): fc.Arbitrary<string> {
    const [h, p, sig] = jwt.split('.') as [string, string, string];
    const header = fc.record(
      {
        alg: fc.oneof(fc.constantFrom('none', 'HS256', 'RS256', 'ES256', 'EdDSA', 'RS512'), anyValue),
        kid: fc.oneof(fc.constantFrom(`${url}/keys/x`, 'http://127.0.0.1:1/k', '../../etc/passwd'), anyValue),
        typ: fc.oneof(fc.constant('JWT'), anyValue),
        crit: fc.array(fc.string({ maxLength: 8 }), { maxLength: 2 }),
        jku: fc.constant('http://127.0.0.1:1/jwks'),
      },
      { requiredKeys: [] },
    );
    const payload = fc.oneof(
      fc.jsonValue({ maxDepth: 3 }),
      fc.record(
        {
          iss: anyValue,
          sub: anyValue,
          exp: fc.oneof(fc.integer(), fc.double(), fc.constant(8.64e15 + 1)),
          nbf: fc.oneof(fc.integer(), fc.double()),
          credentialStatus: fc.record(
            {
              statusListCredential: fc.oneof(
                fc.constantFrom(`${url}/status/1`, `${url}/status/99999999`, 'http://127.0.0.1:1/status/1'),
                anyValue,
              ),
              statusListIndex: fc.oneof(fc.constantFrom('-1', '131072', '1e9', '0x10'), anyValue),
              statusPurpose: fc.oneof(fc.constant('revocation'), anyValue),
            },
            { requiredKeys: [] },
          ),
          credentialSubject: anyValue,
        },
        { requiredKeys: [] },
      ),
    );
    const segmentText = fc.oneof(fc.base64String({ maxLength: 60 }), fc.string({ maxLength: 30 }));
    return fc.oneof(
      fc.constant(jwt),
      fc
        .tuple(header, payload, fc.oneof(fc.constant(sig), segmentText))
        .map(([hd, pl, sg]) => `${b64(hd)}.${b64(pl)}.${sg}`),
      fc.tuple(header).map(([hd]) => `${b64(hd)}.${p}.${sig}`),
      fc.tuple(payload).map(([pl]) => `${h}.${b64(pl)}.${sig}`),
      fc.array(segmentText, { minLength: 1, maxLength: 6 }).map((parts) => parts.join('.')),
      fc.nat({ max: jwt.length }).map((n) => jwt.slice(0, n)),
      fc.constantFrom(
        `${jwt}.`,
        `${jwt} ${jwt}`,
        ` \n${jwt}\n `,
        `${h}..${sig}`,
        '..',
        `${h}.${p}.`,
        `${jwt}\u0000`,
      ),
    );
  }

  function svgShaped(): fc.Arbitrary<string> {
    const withCredential = (token: string) => svg.replace(jwt, token);
    const lol = `<!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa">${Array.from({ length: 9 }, (_, i) => `<!ENTITY ${String.fromCharCode(98 + i)} "${`&${String.fromCharCode(97 + i)};`.repeat(10)}">`).join('')}]>`;
    return fc.oneof(
      fc.constant(svg),
      jwtShaped().map(withCredential),
      fc.nat({ max: svg.length }).map((n) => svg.slice(0, n)),
      fc.constantFrom(
        `<?xml version="1.0"?>${lol}${svg.replace('<title>', '<title>&j;')}`,
        `<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]>${svg.replace(jwt, '&x;')}`,
        `<!DOCTYPE svg SYSTEM "http://127.0.0.1:1/evil.dtd">${svg}`,
        svg.replace(/<openbadges:credential[^>]*\/>/, (m) => m + m),
        svg.replace(/verify="[^"]*"/, 'verify=""'),
        svg.replace(
          /<openbadges:credential[^>]*\/>/,
          `<openbadges:credential><![CDATA[${jwt}]]></openbadges:credential>`,
        ),
        svg.replace('<svg', '<svg xmlns:openbadges="http://example.com/other"'),
        `<svg>${'<g>'.repeat(20_000)}${'</g>'.repeat(20_000)}</svg>`,
        `<svg><title>${'&amp;'.repeat(50_000)}</title></svg>`,
        `<svg a="${'x'.repeat(900_000)}"/>`,
        '<svg',
        '<?xml version="1.0" encoding="UTF-16"?><svg/>',
        '<html><body>not a badge</body></html>',
      ),
      fc.string({ maxLength: 200 }).map((t) => `<svg xmlns="http://www.w3.org/2000/svg">${t}</svg>`),
    );
  }

  function pngChunk(type: string, data: Uint8Array, lengthOverride?: number): Uint8Array {
    const out = Buffer.alloc(12 + data.length);
    out.writeUInt32BE(lengthOverride ?? data.length, 0);
    out.write(type.padEnd(4, 'x').slice(0, 4), 4, 'latin1');
    out.set(data, 8);
    out.writeUInt32BE(0xdeadbeef, 8 + data.length); // a wrong CRC on purpose, most of the time
    return out;
  }

  function pngShaped(): fc.Arbitrary<Uint8Array> {
    const signature = png.subarray(0, 8);
    const chunk = fc
      .record({
        type: fc.constantFrom('IHDR', 'iTXt', 'tEXt', 'zTXt', 'IDAT', 'IEND', 'abcd', 'iTX'),
        data: fc.oneof(
          fc.uint8Array({ maxLength: 200 }),
          jwtShaped().map((t) => utf8(`openbadgecredential\u0000\u0000\u0000\u0000\u0000${t}`)),
          jwtShaped().map((t) => utf8(`openbadgecredential\u0000\u0001\u0000\u0000\u0000${t}`)),
          fc.constant(utf8('openbadgecredential')),
        ),
        length: fc.option(fc.constantFrom(0, 1, 0x7fffffff, 0xffffffff, 1_000_000), { freq: 4 }),
      })
      .map(({ type, data, length }) => pngChunk(type, data, length ?? undefined));
    const iend = png.length - 12;
    return fc.oneof(
      fc.constant(png),
      fc.array(chunk, { maxLength: 5 }).map((chunks) => Buffer.concat([signature, ...chunks])),
      fc
        .array(chunk, { minLength: 1, maxLength: 3 })
        .map((chunks) => Buffer.concat([png.subarray(0, iend), ...chunks, png.subarray(iend)])),
      fc.nat({ max: png.length }).map((n) => png.subarray(0, n)),
      fc
        .array(fc.tuple(fc.nat({ max: png.length - 1 }), fc.integer({ min: 0, max: 255 })), {
          minLength: 1,
          maxLength: 8,
        })
        .map((flips) => {
          const copy = Uint8Array.from(png);
          for (const [i, b] of flips) copy[i] = b;
          return copy;
        }),
      fc.uint8Array({ maxLength: 300 }).map((rest) => Buffer.concat([signature, rest])),
    );
  }

  it('POST /api/v1/verify: tokens, badges and JSON of every shape', { timeout: 150_000 }, async () => {
    const badgeUrl = fc
      .tuple(
        fc.constantFrom(
          url,
          'http://127.0.0.1:1',
          url.replace('127.0.0.1', 'localhost'),
          `${url.replace('http://', 'http://user:pw@')}`,
        ),
        fc.constantFrom(
          s.fixture.reg.active,
          s.fixture.reg.revoked,
          s.fixture.reg.pending,
          'zzzzzzzzzzzz',
          '..',
          '%00',
        ),
        fc.constantFrom('.svg', '.png', '.gif', ''),
        fc.constantFrom('', '?theme=dark&lang=fr&size=l', `?${'a=b&'.repeat(300)}`, '#x'),
      )
      .map(([origin, id, ext, q]) => `${origin}/badges/${id}${ext}${q}`);
    const json = fc.oneof(
      fc.record({ token: fc.oneof(jwtShaped(), anyValue) }),
      fc.record({ url: fc.oneof(badgeUrl, anyValue, fc.constant('x'.repeat(2001))) }),
      fc.record({ token: jwtShaped(), url: badgeUrl }),
      fc.jsonValue({ maxDepth: 2 }),
    );
    const bodies: fc.Arbitrary<Body> = fc.oneof(
      fc.record({
        bytes: jwtShaped().map(utf8),
        type: contentType(['text/plain', 'application/jwt', 'application/vc+jwt']),
        chunked,
      }),
      fc.record({
        bytes: svgShaped().map(utf8),
        type: contentType(['image/svg+xml', 'image/svg+xml; charset=utf-8']),
        chunked,
      }),
      fc.record({ bytes: pngShaped(), type: contentType(['image/png', 'IMAGE/PNG']), chunked }),
      jsonBody(json, 1024 * 1024).map((b) => ({
        ...b,
        type: b.type === null ? null : b.type.replace('merge-patch+', ''),
      })),
      fc.record({
        bytes: fc.oneof(
          pngShaped(),
          svgShaped().map(utf8),
          jwtShaped().map(utf8),
          fc.uint8Array({ maxLength: 200 }),
        ),
        type: fc.constantFrom(
          ...OTHER_TYPES,
          'image/png',
          'image/svg+xml',
          'text/plain',
          'application/json',
          null,
        ),
        chunked,
      }),
      fc.record({
        bytes: fc.constantFrom(new Uint8Array(0), new Uint8Array(1024 * 1024 + 1).fill(0x41)),
        type: fc.constantFrom('text/plain', 'image/png', 'image/svg+xml', 'application/json'),
        chunked,
      }),
    );
    await fc.assert(
      fc.asyncProperty(shown(bodies, bodyPreview), async (body) => {
        await probe({ method: 'POST', path: '/api/v1/verify', body }, {});
      }),
      { numRuns: runs(100) },
    );
  });

  it('POST /verify (the page form): multipart and urlencoded submissions', { timeout: 120_000 }, async () => {
    const boundary = 'fuzzBoundary7MA4YWxkTrZu0gW';
    const part = (name: string, content: Uint8Array, filename?: string, type?: string) =>
      Buffer.concat([
        utf8(
          `--${boundary}\r\nContent-Disposition: form-data; name="${name}"${filename === undefined ? '' : `; filename="${filename}"`}\r\n${type ? `Content-Type: ${type}\r\n` : ''}\r\n`,
        ),
        content,
        utf8('\r\n'),
      ]);
    const file = fc.oneof(
      pngShaped(),
      svgShaped().map(utf8),
      jwtShaped().map(utf8),
      fc.uint8Array({ maxLength: 200 }),
    );
    const multipart = fc
      .record({
        badge: fc.option(file),
        token: fc.option(fc.oneof(jwtShaped(), text)),
        filename: fc.constantFrom('badge.svg', 'badge.png', '', '"; x="', '../../x'),
        close: fc.constantFrom(`--${boundary}--\r\n`, '', `--${boundary}`, '--other--'),
      })
      .map(({ badge, token, filename, close }) =>
        Buffer.concat([
          ...(badge ? [part('badge', badge, filename, 'application/octet-stream')] : []),
          ...(token !== null ? [part('token', utf8(token))] : []),
          utf8(close),
        ]),
      );
    const bodies: fc.Arbitrary<Body> = fc.oneof(
      fc.record({
        bytes: multipart,
        type: fc.constantFrom(
          `multipart/form-data; boundary=${boundary}`,
          'multipart/form-data',
          `multipart/form-data; boundary="${boundary}"`,
        ),
        chunked,
      }),
      fc.record({
        bytes: fc.oneof(jwtShaped(), text).map((t) => utf8(new URLSearchParams({ token: t }).toString())),
        type: fc.constant('application/x-www-form-urlencoded'),
        chunked,
      }),
      fc.record({
        bytes: fc.oneof(
          fc.uint8Array({ maxLength: 300 }),
          fc.constant(new Uint8Array(1024 * 1024 + 20 * 1024).fill(0x61)),
        ),
        type: fc.constantFrom(
          'application/x-www-form-urlencoded',
          `multipart/form-data; boundary=${boundary}`,
          'text/plain',
        ),
        chunked,
      }),
    );
    await fc.assert(
      fc.asyncProperty(
        shown(bodies, bodyPreview),
        fc.constantFrom('/verify', '/en/verify', '/fr/verify'),
        async (body, p) => {
          await probe({ method: 'POST', path: p, body, headers: { origin: url } }, {}, false);
        },
      ),
      { numRuns: runs(40) },
    );
  });

  // -------------------------------------------------------------------------------------------
  // The public report form

  it(
    'POST /organisations/{slug} (the report form): any fields, encodings and origins',
    { timeout: 120_000 },
    async () => {
      const form = fc.record(
        {
          kind: field(fc.constantFrom('foreign_domain', 'broken_promise')),
          url: field(
            fc.oneof(
              hostname.map((h) => `https://${h}/shop`),
              fc.constant('x'.repeat(2001)),
            ),
          ),
          message: field(fc.oneof(fc.string({ minLength: 1, maxLength: 80 }), fc.constant('m'.repeat(4001)))),
          email: field(fc.oneof(fc.emailAddress(), fc.constant(`${'a'.repeat(65)}@example.nl`))),
          homepage: fc.oneof(
            { weight: 5, arbitrary: fc.constant('') },
            { weight: 1, arbitrary: fc.string({ maxLength: 10 }) },
          ),
        },
        { requiredKeys: [] },
      );
      const encoded = form.map((f) => {
        const params = new URLSearchParams();
        for (const [k, v] of Object.entries(f))
          params.append(k, typeof v === 'string' ? v : (JSON.stringify(v) ?? ''));
        return utf8(params.toString());
      });
      const bodies: fc.Arbitrary<Body> = fc.oneof(
        {
          weight: 6,
          arbitrary: fc.record({
            bytes: encoded,
            type: fc.constant('application/x-www-form-urlencoded'),
            chunked,
          }),
        },
        {
          weight: 2,
          arbitrary: fc.record({
            bytes: fc.oneof(
              encoded,
              fc.uint8Array({ maxLength: 300 }),
              fc.constantFrom(
                utf8(`kind=broken_promise&message=${'%00'.repeat(10)}`),
                utf8('kind=broken_promise&message=%ED%A0%80'),
                utf8(`kind=broken_promise&message=${'m'.repeat(20_000)}`),
                utf8('kind=foreign_domain&url=%00.nl'),
                utf8('kind=broken_promise&message=a&message=b&kind=x'),
              ),
            ),
            type: fc.constantFrom(
              ...OTHER_TYPES,
              'application/x-www-form-urlencoded',
              'application/json',
              null,
            ),
            chunked,
          }),
        },
      );
      const page = fc.tuple(
        fc.constantFrom('', '/en', '/fr', '/de'),
        segment([slugs['active']!, slugs['activeBe']!]),
      );
      const origin = fc.oneof(
        { weight: 6, arbitrary: fc.constant<string | null>(url) },
        { weight: 1, arbitrary: fc.constantFrom<string | null>('https://evil.example', 'null', null) },
      );
      await fc.assert(
        fc.asyncProperty(shown(bodies, bodyPreview), page, origin, async (body, [lang, sl], o) => {
          await probe(
            {
              method: 'POST',
              path: `${lang}/organisations/${sl}`,
              body,
              headers: o === null ? {} : { origin: o },
            },
            listFocus('reports'),
            false,
          );
        }),
        { numRuns: runs(60) },
      );
    },
  );

  // -------------------------------------------------------------------------------------------
  // What the fuzzer found, kept as plain cases (each was a 500, a broken chain or a reset connection)

  describe('cases the fuzzer found', () => {
    const json = (value: unknown): Body => ({
      bytes: utf8(JSON.stringify(value)),
      type: 'application/json',
      chunked: false,
    });
    const raw = (text: string, type: string | null, chunked = false): Body => ({
      bytes: utf8(text),
      type,
      chunked,
    });
    const admin = (method: string, p: string, body: Body, focus: Focus = {}, kind: TokenKind = 'admin') =>
      probe({ method, path: `/api/v1/admin${p}`, body, headers: tokenHeader(kind) }, focus);
    const field = (answer: Answer) => (JSON.parse(answer.text) as { field?: string }).field;
    const nested = (depth: number) => `${'['.repeat(depth)}1${']'.repeat(depth)}`;
    const organisation = (extra: Record<string, unknown> = {}) => ({
      legalName: 'Regressie B.V.',
      country: 'NL',
      registryId: nextKvk(),
      city: 'Utrecht',
      ...extra,
    });
    const CSV_HEAD = 'country,registry_id,legal_name,city,phones,scheme,status,valid_from';

    it('an audited field nested 5,000 deep is a 400, not a stack overflow writing the audit record', async () => {
      const grant = await admin(
        'POST',
        `/certifications/${s.fixture.reg.pending}/grant`,
        raw(`{"reason":"ok","assuranceLevel":${nested(5_000)}}`, 'application/json'),
        { publicId: s.fixture.reg.pending },
      );
      expect(grant.status).toBe(400);
      const create = await admin(
        'POST',
        '/organisations',
        raw(`{"registryId":${nested(5_000)}}`, 'application/json'),
      );
      expect(create.status).toBe(400);
      await chainsVerify();
    });

    it('text PostgreSQL cannot store (NUL, unpaired surrogates) is a 400 naming the field', async () => {
      const reg = s.fixture.reg;
      expect(
        field(await admin('POST', '/organisations', json(organisation({ legalName: 'a\u0000b' })))),
      ).toBe('legalName');
      expect(
        field(await admin('POST', '/organisations', json(organisation({ tradeNames: ['x\u0000'] })))),
      ).toBe('tradeNames');
      expect(
        field(
          await admin(
            'POST',
            '/staff',
            json({ email: 'a\u0000@example.nl', displayName: 'X', role: 'viewer' }),
          ),
        ),
      ).toBe('email');
      // A valid suspension with such a reason used to commit an event whose stored reason (U+FFFD)
      // no longer matched its hash: the event chain reported tampering, and the call answered 500.
      const suspend = await admin(
        'POST',
        `/certifications/${reg.activeBe}/suspend`,
        json({ reason: 'x\ud800y' }),
        {
          publicId: reg.activeBe,
        },
      );
      expect(field(suspend)).toBe('reason');
      // A refused transition with a NUL in its reason: the audit record of the refusal failed (500).
      const refused = await admin(
        'POST',
        `/certifications/${reg.pending}/suspend`,
        json({ reason: 'a\u0000b' }),
        {
          publicId: reg.pending,
        },
      );
      expect(refused.status).toBe(400);
      const csv = await admin('POST', '/imports?fileName=a%00b.csv', raw('nonsense', 'text/csv'));
      expect(field(csv)).toBe('fileName'); // and its audit record (target: the file name) is written
      // PGlite strips a leading U+FEFF from a text value it reads back: the audit chain broke here.
      expect(
        (await admin('POST', '/imports?fileName=%EF%BB%BFleden.csv', raw('nonsense', 'text/csv'))).status,
      ).toBe(422);
      const report = await probe(
        {
          method: 'POST',
          path: `/organisations/${slugs['active']}`,
          body: raw('kind=broken_promise&message=a%00b', 'application/x-www-form-urlencoded'),
          headers: { origin: url },
        },
        listFocus('reports'),
        false,
      );
      expect(report.status).toBe(400);
      const signIn = await probe(
        {
          method: 'POST',
          path: '/admin/sign-in',
          body: raw('email=a%00%40b.nl&password=x&next=%2Fadmin', 'application/x-www-form-urlencoded'),
          headers: { origin: url },
        },
        {},
        false,
      );
      expect(signIn.status).toBe(401); // an unknown address, as any other
      await chainsVerify();
    });

    it('a contact channel given twice is kept once; one of another organisation is a 409', async () => {
      const twice = organisation({
        channels: [
          { kind: 'phone', value: '+31 20 765 4321' },
          { kind: 'phone', value: '020 765 4321' },
        ],
      });
      const created = await admin('POST', '/organisations', json(twice));
      expect(created.status).toBe(201);
      const slug = (JSON.parse(created.text) as { slug: string }).slug;
      const detail = await fetch(`${url}/api/v1/admin/organisations/${slug}`, {
        headers: tokenHeader('admin'),
      });
      expect(((await detail.json()) as { channels: unknown[] }).channels).toHaveLength(1);
      const taken = await admin(
        'POST',
        '/organisations',
        json(organisation({ channels: [{ kind: 'phone', value: '+31207654321' }] })),
      );
      expect(taken.status).toBe(409);
      const row = `NL,${nextKvk()},Dubbel Nummer B.V.,Utrecht,+31 20 765 4322|020 765 4322,,,`;
      const imported = await admin('POST', '/imports?dryRun=true', raw(`${CSV_HEAD}\n${row}\n`, 'text/csv'));
      expect(imported.status).toBe(200);
    });

    it('dates the database cannot hold are refused', async () => {
      for (const date of ['0000-01-01', '9999-12-31', '2026-02-30']) {
        const row = `NL,${nextKvk()},Oud B.V.,Utrecht,,ksf-service-promises,active,${date}`;
        const answer = await admin('POST', '/imports', raw(`${CSV_HEAD}\n${row}\n`, 'text/csv'));
        expect(answer.status, date).toBe(422);
        expect(answer.text, date).toContain('valid_from');
      }
      const token = await admin(
        'POST',
        '/tokens',
        json({ name: 'far', role: 'viewer', expiresAt: '9999-12-31T23:59:59-12:00' }),
        listFocus('tokens'),
      );
      expect(field(token)).toBe('expiresAt');
    });

    it('PATCH /staff/{id} with nothing to change is a 400', async () => {
      expect((await admin('PATCH', '/staff/1', raw('', 'application/json'), listFocus('staff'))).status).toBe(
        400,
      );
    });

    it('a refusal before the body is read leaves the connection usable for the next request', async () => {
      // send() follows every answer with a request on the same connection: these used to reset it.
      const big = `{"pad":"${'x'.repeat(300_000)}"}`;
      expect(
        (await admin('POST', '/organisations', raw(big, 'application/json'), {}, 'revoked')).status,
      ).toBe(401);
      const verify = await probe({ method: 'POST', path: '/api/v1/verify', body: raw(big, null) }, {});
      expect(verify.status).toBe(415);
      const csv = `unknown,columns\n${'NL,1\n'.repeat(60_000)}`;
      expect((await admin('POST', '/imports', raw(csv, 'text/csv', true))).status).toBe(422);
    });
  });

  it('ends with the server up and both hash chains intact', async () => {
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    await chainsVerify();
  });
});
