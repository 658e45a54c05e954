import { KeurmerkError } from '../errors.ts';

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

// Where the parser is, kept across chunks so a chunk may end anywhere.
type State = 'start' | 'unquoted' | 'quoted' | 'quote' | 'cr';

/**
 * Streams RFC 4180 records out of chunks of bytes or text, holding one record at a time (so a file
 * of any size parses in constant memory). UTF-8 with or without BOM; CRLF or LF; `"` quoting with
 * `""` escapes; the delimiter is `,` or, when the header line has semicolons and no commas (a
 * spreadsheet in a Dutch or Belgian locale), `;`. Blank lines are skipped.
 */
export async function* parseCsv(
  source: AsyncIterable<Uint8Array | string> | Iterable<Uint8Array | string>,
  limits: CsvLimits = DEFAULT_LIMITS,
): AsyncGenerator<CsvRecord> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let delimiter: string | null = null;
  let head = '';
  let state: State = 'start';
  let field = '';
  let fields: string[] = [];
  let line = 1;
  let recordLine = 1;
  let bom = true;

  const decode = (chunk: Uint8Array | string, stream: boolean): string => {
    try {
      return typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream });
    } catch {
      throw new CsvSyntaxError(line, 'the file is not UTF-8 text (save it as "CSV UTF-8")');
    }
  };
  const endField = () => {
    fields.push(field);
    field = '';
    if (fields.length > limits.maxFields)
      throw new CsvSyntaxError(recordLine, `more than ${limits.maxFields} fields`);
  };
  const endRecord = (): CsvRecord | null => {
    endField();
    const record = fields.length > 1 || fields[0] !== '' ? { line: recordLine, fields } : null;
    fields = [];
    line++;
    recordLine = line;
    return record;
  };

  function* consume(text: string): Generator<CsvRecord> {
    for (let i = 0; i < text.length; i++) {
      const ch = text[i]!;
      if (state === 'cr') {
        state = 'start';
        if (ch === '\n') continue;
      }
      if (state === 'quote') {
        if (ch === '"') {
          field += '"';
          state = 'quoted';
          continue;
        }
        if (ch !== delimiter && ch !== '\n' && ch !== '\r')
          throw new CsvSyntaxError(
            line,
            'text after a closing quote; double a quote inside a quoted field ("")',
          );
        state = 'unquoted';
      }
      if ((state as State) === 'quoted') {
        if (ch === '"') state = 'quote';
        else {
          if (ch === '\n') line++;
          field += ch;
        }
      } else if (ch === delimiter) {
        endField();
        state = 'start';
      } else if (ch === '\n' || ch === '\r') {
        const record = endRecord();
        if (record) yield record;
        state = ch === '\r' ? 'cr' : 'start';
      } else if (ch === '"' && (state as State) === 'start') {
        state = 'quoted';
      } else {
        field += ch;
        state = 'unquoted';
      }
      if (field.length > limits.maxFieldLength)
        throw new CsvSyntaxError(recordLine, `a field is longer than ${limits.maxFieldLength} characters`);
    }
  }

  function* feed(text: string): Generator<CsvRecord> {
    if (bom) {
      if (text.length === 0) return;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      bom = false;
    }
    if (delimiter === null) {
      // The header line decides the delimiter; hold text back until it is complete.
      head += text;
      const end = head.search(/[\r\n]/);
      if (end < 0 && head.length < 65_536) return;
      const header = end < 0 ? head : head.slice(0, end);
      delimiter = header.includes(';') && !header.includes(',') ? ';' : ',';
      text = head;
      head = '';
    }
    yield* consume(text);
  }

  for await (const chunk of source) yield* feed(decode(chunk, true));
  yield* feed(decode(new Uint8Array(0), false));
  if (delimiter === null && head) {
    delimiter = head.includes(';') && !head.includes(',') ? ';' : ',';
    yield* consume(head);
  }
  if ((state as State) === 'quoted') throw new CsvSyntaxError(recordLine, 'a quoted field is not closed');
  if (field !== '' || fields.length > 0 || (state as State) === 'quote') {
    const record = endRecord();
    if (record) yield record;
  }
}
