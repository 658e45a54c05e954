import { finished } from 'node:stream/promises';
import { CsvError, Parser, type InfoField, type InfoRecord } from 'csv-parse';
import { KeurmerkError } from '../errors.ts';
import { NotUtf8Error, readCsvText } from './csv-text.ts';

/** One record of a CSV file, with the line it starts on (quoted fields may span lines). */
export interface CsvRecord {
  line: number;
  fields: string[];
}

export interface CsvLimits {
  maxFieldLength: number;
  maxFields: number;
}

const DEFAULT_LIMITS: CsvLimits = { maxFieldLength: 10_000, maxFields: 64 };

/** A file that is not CSV we can read: the line is named. */
export class CsvSyntaxError extends KeurmerkError {
  constructor(line: number, message: string) {
    super('csv_syntax', `line ${line}: ${message}`, { line });
    this.name = 'CsvSyntaxError';
  }
}

// csv-parse's own codes, worded for the person who saved the spreadsheet.
const MESSAGES: Record<string, string> = {
  CSV_QUOTE_NOT_CLOSED: 'a quoted field is not closed',
  CSV_INVALID_CLOSING_QUOTE: 'text after a closing quote; double a quote inside a quoted field ("")',
  INVALID_OPENING_QUOTE:
    'a quote inside an unquoted field; put the whole field in quotes and double the quote ("")',
};

/**
 * Streams RFC 4180 records out of chunks of bytes or text with csv-parse, holding one record at a
 * time (so a file of any size parses in constant memory). UTF-8 with or without BOM; CRLF, LF or
 * CR; `"` quoting with `""` escapes; the delimiter is `,` or, when the header line has semicolons
 * and no commas, `;`. Blank lines are skipped. Limits are checked as each field ends, and a record
 * can never grow past what the limits allow, so an absurd field is refused, not held in memory.
 */
export async function* parseCsv(
  source: AsyncIterable<Uint8Array | string> | Iterable<Uint8Array | string>,
  limits: CsvLimits = DEFAULT_LIMITS,
): AsyncGenerator<CsvRecord> {
  const lines = new LineCounter();
  // Records leave through this queue rather than the stream's buffer: a stream that fails drops
  // what it buffered, and the records before a syntax error must still come out, in order.
  const queue: CsvRecord[] = [];
  let parser: Parser | undefined;
  try {
    const { delimiter, text } = await readCsvText(source);
    parser = new Parser({
      delimiter,
      record_delimiter: ['\r\n', '\n', '\r'],
      relax_column_count: true,
      skip_empty_lines: true,
      // A field's bytes may be 4 per character; past this, some field is surely over the limit.
      max_record_size: 4 * limits.maxFieldLength * limits.maxFields,
      cast: (value, context) => {
        if (context.index >= limits.maxFields)
          throw new CsvSyntaxError(lines.current(context), `more than ${limits.maxFields} fields`);
        if (value.length > limits.maxFieldLength)
          throw new CsvSyntaxError(
            lines.current(context),
            `a field is longer than ${limits.maxFieldLength} characters`,
          );
        return value;
      },
      on_record: (fields, context) => {
        const line = lines.record(fields, context);
        // A line holding only `""` is as blank as an empty one.
        if (fields.length > 1 || fields[0] !== '') queue.push({ line, fields });
        return null;
      },
    });
    const ended = finished(parser.resume());
    ended.catch(() => {}); // the same failure reaches the write or the await below
    try {
      for await (const chunk of text) {
        await write(parser, chunk);
        yield* queue.splice(0);
      }
      parser.end();
      await ended;
      yield* queue.splice(0);
    } catch (error) {
      yield* queue.splice(0);
      throw error;
    }
  } catch (error) {
    throw toSyntaxError(error, lines, limits);
  } finally {
    parser?.destroy();
  }
}

// The callback of a write runs once the parser has taken the chunk, with its error if it failed.
function write(parser: Parser, chunk: string): Promise<void> {
  return new Promise((resolve, reject) =>
    parser.write(chunk, (error) => (error ? reject(error) : resolve())),
  );
}

// A record ends where csv-parse's `lines` says; it starts that many newlines earlier. csv-parse
// counts each CR and each LF inside a quoted field as a line, where a person sees CRLF as one; the
// surplus CRs are kept so later records are numbered as an editor numbers them.
class LineCounter {
  private surplus = 0;
  private lastEnd = 0;
  private emptyBefore = 0;

  /** The line `fields` start on, from the parser's context as the record is emitted. */
  record(fields: string[], context: InfoRecord): number {
    let cr = 0;
    let lf = 0;
    for (const field of fields) {
      for (let i = field.indexOf('\r'); i >= 0; i = field.indexOf('\r', i + 1)) cr++;
      for (let i = field.indexOf('\n'); i >= 0; i = field.indexOf('\n', i + 1)) lf++;
    }
    const end = context.lines - this.surplus - cr;
    this.surplus += cr;
    this.lastEnd = end;
    this.emptyBefore = context.empty_lines;
    return end - lf;
  }

  /** The line of the record being read: after the last one and the blank lines skipped since. */
  current(context: InfoField | { empty_lines: number }): number {
    return this.lastEnd + 1 + (context.empty_lines - this.emptyBefore);
  }
}

function toSyntaxError(error: unknown, lines: LineCounter, limits: CsvLimits): unknown {
  if (error instanceof NotUtf8Error)
    return new CsvSyntaxError(error.line, 'the file is not UTF-8 text (save it as "CSV UTF-8")');
  if (!(error instanceof CsvError)) return error;
  const line = lines.current(error as unknown as { empty_lines: number });
  if (error.code === 'CSV_MAX_RECORD_SIZE')
    return new CsvSyntaxError(line, `a field is longer than ${limits.maxFieldLength} characters`);
  return new CsvSyntaxError(line, MESSAGES[error.code] ?? error.message);
}
