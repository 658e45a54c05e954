import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { parseArgs } from 'node:util';
import { parseCsv } from '../../db/import/csv-parser.ts';
import { readHeader, readRow } from '../../db/import/columns.ts';
import { writeImportCsv } from './import-csv.ts';

// Usage: node tests/bench/import.ts [--rows 100000] [--postgres] [--heap-mb 128]
// Imports a generated file through the real CLI with a capped V8 heap (a file held in memory
// would not fit), imports it again (nothing may change), and reports rows per second against a
// same-run baseline: parsing and validating the file without a database.
const { values } = parseArgs({
  options: {
    rows: { type: 'string', default: '100000' },
    postgres: { type: 'boolean', default: false },
    'heap-mb': { type: 'string', default: '128' },
  },
});
const rows = Number(values.rows);
const root = path.resolve(import.meta.dirname, '..', '..');
const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'keurmerk-import-bench-'));
const file = path.join(dir, 'import.csv');
await writeImportCsv(file, rows, { seed: 9 });
const size = (await fs.stat(file)).size;

const env: Record<string, string> = {
  PATH: process.env['PATH'] ?? '',
  LOG_LEVEL: 'warn',
  DATA_DIR: path.join(dir, 'data'),
};
let dropDatabase: (() => Promise<void>) | null = null;
if (values.postgres) {
  const admin = process.env['TEST_DATABASE_URL'];
  if (!admin) throw new Error('--postgres needs TEST_DATABASE_URL');
  const pg = (await import('pg')).default;
  const name = `kimport_${process.pid}`;
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  await client.query(`create database ${name}`);
  await client.end();
  const url = new URL(admin);
  url.pathname = `/${name}`;
  env['DATABASE_URL'] = url.href;
  dropDatabase = async () => {
    const c = new pg.Client({ connectionString: admin });
    await c.connect();
    await c.query(`drop database if exists ${name} with (force)`);
    await c.end();
  };
}

function cli(
  args: string[],
): Promise<{ code: number | null; out: string; seconds: number; peakRssMb: number }> {
  const started = performance.now();
  return new Promise((resolve) => {
    const child = spawn(
      '/usr/bin/time',
      [
        '-f',
        'RSS_KB=%M',
        process.execPath,
        `--max-old-space-size=${values['heap-mb']}`,
        path.join(root, 'api/cli/admin.ts'),
        ...args,
      ],
      {
        cwd: root,
        env,
      },
    );
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d));
    child.stderr.on('data', (d: Buffer) => (out += d));
    child.on('exit', (code) => {
      const rss = Number(/RSS_KB=(\d+)/.exec(out)?.[1] ?? 0);
      resolve({
        code,
        out,
        seconds: (performance.now() - started) / 1000,
        peakRssMb: Math.round(rss / 1024),
      });
    });
  });
}

// Baseline: parse and validate only.
const t0 = performance.now();
let parsed = 0;
let columns: Map<never, number> | null = null;
for await (const record of parseCsv((await fs.open(file)).createReadStream())) {
  if (!columns) {
    const h = readHeader(record.fields, record.line);
    columns = 'columns' in h ? (h.columns as Map<never, number>) : null;
    continue;
  }
  if ('row' in readRow(columns, record, new Set(['ksf-service-promises', 'happy-customer']))) parsed++;
}
const baseline = (performance.now() - t0) / 1000;

const first = await cli(['import', file, '--quiet']);
const again = await cli(['import', file, '--quiet']);
const verify = await cli(['audit', 'verify']);
await dropDatabase?.();
await fs.rm(dir, { recursive: true, force: true });

const rate = (n: number, s: number) => Math.round(n / s).toLocaleString('en');
process.stdout.write(
  [
    `file: ${rows.toLocaleString('en')} rows, ${(size / 1048576).toFixed(1)} MB; database: ${values.postgres ? 'postgres' : 'pglite'}; V8 heap cap ${values['heap-mb']} MB`,
    `baseline (parse + validate, no database): ${parsed.toLocaleString('en')} rows in ${baseline.toFixed(1)} s = ${rate(parsed, baseline)} rows/s`,
    `import:  exit ${first.code}, ${first.seconds.toFixed(1)} s = ${rate(rows, first.seconds)} rows/s (${(first.seconds / baseline).toFixed(1)}x baseline), peak RSS ${first.peakRssMb} MB`,
    `         ${first.out
      .trim()
      .split('\n')
      .filter((l) => !l.startsWith('RSS_KB'))
      .at(-1)}`,
    `again:   exit ${again.code}, ${again.seconds.toFixed(1)} s — ${again.out
      .trim()
      .split('\n')
      .filter((l) => !l.startsWith('RSS_KB'))
      .at(-1)}`,
    `audit verify: exit ${verify.code}`,
  ].join('\n') + '\n',
);
process.exitCode =
  first.code === 0 && again.code === 0 && verify.code === 0 && /added 0 organisations/.test(again.out)
    ? 0
    : 1;
