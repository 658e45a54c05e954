import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../schema/database.ts';
import { CsvSyntaxError, type CsvRecord } from './csv-parser.ts';
import { readHeader, readRow, type ImportRow, type RowError } from './columns.ts';
import { loadSchemes, writeBatch, type SchemeInfo } from './write-batch.ts';
import { inTransaction } from '../platform/transaction.ts';

export interface ImportOptions {
  dryRun: boolean;
  /** Recorded as the actor of every certification event the import writes. */
  actor: string;
  /** Recorded as the reason of those events, e.g. `CSV import of members.csv`. */
  reason: string;
  now: Date;
  batchSize?: number;
  /** Rows listed in the summary; every error is counted. */
  maxErrors?: number;
  onProgress?: (rows: number) => void;
}

export interface ImportSummary {
  dryRun: boolean;
  /** Data rows read (the header not counted). */
  rows: number;
  organisationsCreated: number;
  certificationsCreated: number;
  /** Rows whose organisation (same country and national id) is already in the registry: left as they are. */
  unchanged: number;
  errors: RowError[];
  errorCount: number;
}

class Rollback extends Error {}

/**
 * Imports organisations (and optionally a certification each) from CSV records, all or nothing:
 * everything runs in one transaction, written in batches as the file streams in, and rolled back
 * if any row has an error or for a dry run. Rows are keyed on country and national id; one
 * already in the registry is left unchanged, so importing the same file twice changes nothing.
 */
export async function importRegistry(
  db: Kysely<Database>,
  records: AsyncIterable<CsvRecord>,
  options: ImportOptions,
): Promise<ImportSummary> {
  const batchSize = options.batchSize ?? 1_000;
  const maxErrors = options.maxErrors ?? 100;
  const summary: ImportSummary = {
    dryRun: options.dryRun,
    rows: 0,
    organisationsCreated: 0,
    certificationsCreated: 0,
    unchanged: 0,
    errors: [],
    errorCount: 0,
  };
  const addErrors = (errors: RowError[]) => {
    summary.errorCount += errors.length;
    for (const e of errors) if (summary.errors.length < maxErrors) summary.errors.push(e);
  };
  try {
    await inTransaction(db, async (trx) => {
      const schemes = await loadSchemes(trx);
      const schemeSlugs = new Set(schemes.keys());
      // In-file duplicates are found in a temporary table, not a Map: memory stays flat at any size.
      await sql`create temp table import_seen (key text primary key, line integer not null) on commit drop`.execute(
        trx,
      );
      let header: ReturnType<typeof readHeader> | null = null;
      let batch: ImportRow[] = [];
      const flush = async () => {
        await processBatch(trx, batch, schemes, summary, addErrors, options);
        batch = [];
      };
      try {
        for await (const record of records) {
          if (header === null) {
            header = readHeader(record.fields, record.line);
            if ('errors' in header) {
              addErrors(header.errors);
              break;
            }
            continue;
          }
          if (!('columns' in header)) break;
          summary.rows++;
          const result = readRow(header.columns, record, schemeSlugs);
          if ('errors' in result) addErrors(result.errors);
          else batch.push(result.row);
          if (batch.length >= batchSize) await flush();
          if (summary.rows % 1_000 === 0) options.onProgress?.(summary.rows);
        }
      } catch (error) {
        if (!(error instanceof CsvSyntaxError)) throw error;
        addErrors([
          {
            line: Number(error.details['line']),
            field: null,
            message: error.message.replace(/^line \d+: /, ''),
          },
        ]);
      }
      if (header === null)
        addErrors([{ line: 1, field: null, message: 'the file is empty; it needs a header line' }]);
      await flush();
      options.onProgress?.(summary.rows);
      if (summary.errorCount > 0 || options.dryRun) throw new Rollback();
    });
  } catch (error) {
    if (!(error instanceof Rollback)) throw error;
  }
  if (summary.errorCount > 0) {
    summary.organisationsCreated = 0;
    summary.certificationsCreated = 0;
  }
  return summary;
}

function keysOf(row: ImportRow): Array<{ key: string; field: string; what: string }> {
  const o = row.organisation;
  return [
    {
      key: `id:${o.row.country}:${o.row.registry_id}`,
      field: 'registry_id',
      what: `national id ${o.row.registry_id}`,
    },
    ...o.domains.map((d) => ({ key: `domain:${d}`, field: 'domains', what: `domain ${d}` })),
    ...o.channels.map((c) => ({
      key: `channel:${c.kind}:${c.value}`,
      field: c.kind,
      what: `${c.kind} ${c.value}`,
    })),
  ];
}

/**
 * Registers the batch's national ids, domains and channels in the import's temporary table and
 * returns the rows that repeat one from an earlier line (a repeated national id is the whole
 * story: its domains and channels repeat with it).
 */
async function inFileDuplicates(
  trx: Transaction<Database>,
  batch: ImportRow[],
): Promise<Map<number, RowError[]>> {
  const keys = batch.flatMap((r) => keysOf(r).map((k) => ({ ...k, line: r.line })));
  const { rows } = await sql<{ key: string; line: number }>`
    insert into import_seen (key, line)
    select key, line from unnest(${keys.map((k) => k.key)}::text[], ${keys.map((k) => k.line)}::int[]) with ordinality as u(key, line, ord)
    order by ord
    on conflict (key) do nothing
    returning key, line`.execute(trx);
  const mine = new Set(rows.map((r) => `${r.line}|${r.key}`));
  const repeated = keys.filter((k) => !mine.has(`${k.line}|${k.key}`));
  const errors = new Map<number, RowError[]>();
  if (repeated.length === 0) return errors;
  const first = await sql<{ key: string; line: number }>`
    select key, line from import_seen where key = any(${repeated.map((k) => k.key)}::text[])`.execute(trx);
  const lineOf = new Map(first.rows.map((r) => [r.key, r.line]));
  for (const k of repeated) {
    const list = errors.get(k.line) ?? [];
    if (list.some((e) => e.field === 'registry_id')) continue;
    const error = { line: k.line, field: k.field, message: `${k.what} is also on line ${lineOf.get(k.key)}` };
    errors.set(k.line, k.field === 'registry_id' ? [error] : [...list, error]);
  }
  return errors;
}

/** Checks a batch against the registry (existing organisations, taken domains and channels), then writes it. */
async function processBatch(
  trx: Transaction<Database>,
  batch: ImportRow[],
  schemes: Map<string, SchemeInfo>,
  summary: ImportSummary,
  addErrors: (errors: RowError[]) => void,
  options: ImportOptions,
): Promise<void> {
  if (batch.length === 0) return;
  const repeats = await inFileDuplicates(trx, batch);
  if (repeats.size > 0) {
    addErrors([...repeats.values()].flat());
    batch = batch.filter((r) => !repeats.has(r.line));
  }
  const existing = await sql<{ key: string }>`
    select o.country || ':' || o.registry_id as key from organisation o
    join unnest(${batch.map((r) => r.organisation.row.country)}::text[], ${batch.map((r) => r.organisation.row.registry_id)}::text[])
      as u(country, registry_id) on o.country = u.country and o.registry_id = u.registry_id`.execute(trx);
  const present = new Set(existing.rows.map((r) => r.key));
  const fresh = batch.filter(
    (r) => !present.has(`${r.organisation.row.country}:${r.organisation.row.registry_id}`),
  );
  summary.unchanged += batch.length - fresh.length;
  const lineOf = new Map<string, number>();
  for (const r of fresh) {
    for (const d of r.organisation.domains) lineOf.set(`domains:${d}`, r.line);
    for (const c of r.organisation.channels) lineOf.set(`${c.kind}:${c.value}`, r.line);
  }
  const domains = fresh.flatMap((r) => r.organisation.domains);
  const channels = fresh.flatMap((r) => r.organisation.channels);
  const taken = await sql<{ key: string }>`
    select 'domains:' || hostname as key from organisation_domain where hostname = any(${domains}::text[])
    union all
    select c.kind || ':' || c.value from contact_channel c
    join unnest(${channels.map((c) => c.kind)}::text[], ${channels.map((c) => c.value)}::text[]) as u(kind, value)
      on c.kind = u.kind and c.value = u.value`.execute(trx);
  const errors: RowError[] = taken.rows.map((t) => {
    const [field, ...value] = t.key.split(':');
    return {
      line: lineOf.get(t.key) ?? 0,
      field: field!,
      message: `${value.join(':')} belongs to an organisation already in the registry`,
    };
  });
  for (const r of fresh) {
    const cert = r.certification;
    const known = cert ? schemes.get(cert.scheme) : undefined;
    for (const code of cert?.notApplicable ?? [])
      if (known && !known.criteria.some((c) => c.code === code))
        errors.push({
          line: r.line,
          field: 'not_applicable',
          message: `the scheme has no criterion "${code.slice(0, 40)}"`,
        });
  }
  if (errors.length > 0) addErrors(errors.sort((a, b) => a.line - b.line));
  if (summary.errorCount > 0) return;
  const written = await writeBatch(trx, fresh, schemes, options);
  summary.organisationsCreated += written.organisations;
  summary.certificationsCreated += written.certifications;
}
