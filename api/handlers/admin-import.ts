import { Readable } from 'node:stream';
import type { Operation } from '../admin/perform.ts';
import { actorName } from '../admin/principal.ts';
import { parseCsv } from '../../db/import/csv-parser.ts';
import { importRegistry, type ImportSummary } from '../../db/import/importer.ts';
import { KeurmerkError, ValidationError } from '../../db/errors.ts';
import { discardRest } from '../http/body.ts';
import { flag, optionalText } from './admin-input.ts';

export type { ImportSummary };

/** Larger files are refused: about 2 million rows, far beyond any association's member list. */
export const MAX_IMPORT_BYTES = 512 * 1024 * 1024;

/** An import with row errors: nothing was written; the summary names the rows. */
export class ImportFailedError extends KeurmerkError {
  readonly summary: ImportSummary;
  constructor(summary: ImportSummary) {
    super('import_failed', `${summary.errorCount} row(s) have errors; nothing was imported.`, {
      errors: summary.errors,
      errorCount: summary.errorCount,
      rows: summary.rows,
    });
    this.name = 'ImportFailedError';
    this.summary = summary;
  }
}

type Source = ReadableStream<Uint8Array> | AsyncIterable<Uint8Array | string> | string;

function iterate(source: Source): AsyncIterable<Uint8Array | string> {
  if (typeof source === 'string') return Readable.from([source]);
  if (source instanceof ReadableStream) return chunksOf(source);
  return source;
}

/**
 * The chunks of a request body. An import that stops early (a bad header, a syntax error) drains
 * the rest, bounded, instead of cancelling the stream: a cancelled request body resets the
 * connection, and the client's next request on it fails.
 */
async function* chunksOf(stream: ReadableStream<Uint8Array>): AsyncGenerator<Uint8Array> {
  const reader = stream.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      yield value;
    }
  } finally {
    await discardRest(reader, 0);
  }
}

async function* counted(
  source: AsyncIterable<Uint8Array | string>,
  onBytes: (bytes: number) => void,
): AsyncGenerator<Uint8Array | string> {
  let bytes = 0;
  for await (const chunk of source) {
    bytes += typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.byteLength;
    if (bytes > MAX_IMPORT_BYTES)
      throw new KeurmerkError('payload_too_large', `An import file is at most ${MAX_IMPORT_BYTES} bytes.`);
    onBytes(bytes);
    yield chunk;
  }
}

/**
 * Imports organisations and certifications from CSV (a stream, never held whole in memory), all
 * or nothing. `dryRun` checks everything, the registry included, and writes nothing.
 */
export const importOp: Operation<ImportSummary> = {
  name: 'registry.import',
  permission: 'import',
  write: true,
  async run(ctx, input) {
    const source = input['csv'];
    if (!source || (typeof source !== 'string' && typeof source !== 'object'))
      throw new ValidationError('file', 'Send the CSV file.');
    const fileName = optionalText(input, 'fileName', 200);
    const onProgress =
      typeof input['onProgress'] === 'function'
        ? (input['onProgress'] as (b: number, r: number) => void)
        : null;
    let bytes = 0;
    const summary = await importRegistry(
      ctx.deps.database.db,
      parseCsv(counted(iterate(source as Source), (b) => (bytes = b))),
      {
        dryRun: flag(input, 'dryRun') ?? false,
        actor: actorName(ctx.principal),
        reason: `CSV import${fileName ? ` of ${fileName}` : ''}`,
        now: ctx.deps.now(),
        onProgress: (rows) => onProgress?.(bytes, rows),
      },
    );
    if (summary.errorCount > 0) throw new ImportFailedError(summary);
    return summary;
  },
  target: (input) => (typeof input['fileName'] === 'string' ? input['fileName'] : null),
  detail: (input, result) => ({
    dryRun: input['dryRun'] === true || input['dryRun'] === 'true',
    rows: result?.rows,
    organisationsCreated: result?.organisationsCreated,
    certificationsCreated: result?.certificationsCreated,
    unchanged: result?.unchanged,
  }),
};
