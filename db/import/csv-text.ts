/** Text of a CSV file and the field delimiter its header line asks for. */
export interface CsvText {
  delimiter: ',' | ';';
  text: AsyncIterable<string>;
}

// The header decides the delimiter; a header longer than this is not a header we can read anyway.
const MAX_HEADER = 65_536;

/**
 * Decodes chunks as strict UTF-8 (BOM dropped) and reads ahead to the end of the header line to
 * choose the delimiter: `;` when the header has semicolons and no commas (a spreadsheet saved in
 * a Dutch or Belgian locale), `,` otherwise. The text it hands on still starts with the header.
 */
export async function readCsvText(
  source: AsyncIterable<Uint8Array | string> | Iterable<Uint8Array | string>,
): Promise<CsvText> {
  const chunks = decodeUtf8(source)[Symbol.asyncIterator]();
  let head = '';
  let done = false;
  while (!done && !/[\r\n]/.test(head) && head.length < MAX_HEADER) {
    const next = await chunks.next();
    if (next.done) done = true;
    else head += next.value;
  }
  const end = head.search(/[\r\n]/);
  const header = end < 0 ? head : head.slice(0, end);
  const delimiter = header.includes(';') && !header.includes(',') ? ';' : ',';
  async function* text(): AsyncGenerator<string> {
    try {
      if (head) yield head;
      if (done) return;
      for (let next = await chunks.next(); !next.done; next = await chunks.next()) yield next.value;
    } finally {
      // A reader that stops early closes the source too (a file handle, a request body).
      await chunks.return?.(undefined);
    }
  }
  return { delimiter, text: text() };
}

/** Bytes that are not UTF-8, on the line where decoding stopped; the parser words it for people. */
export class NotUtf8Error extends Error {
  readonly line: number;
  constructor(line: number) {
    super(`line ${line}: not UTF-8`);
    this.line = line;
    this.name = 'NotUtf8Error';
  }
}

// The library would decode bytes leniently (U+FFFD); a file that is not UTF-8 must be refused, and
// a multi-byte character split across two chunks must still decode, hence a streaming decoder.
async function* decodeUtf8(
  source: AsyncIterable<Uint8Array | string> | Iterable<Uint8Array | string>,
): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });
  let line = 1;
  const decode = (chunk: Uint8Array | string, stream: boolean): string => {
    try {
      const text = typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream });
      for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) line++;
      return text;
    } catch {
      throw new NotUtf8Error(line);
    }
  };
  let first = true;
  for await (const chunk of source) {
    let text = decode(chunk, true);
    if (first && text.length > 0) {
      // TextDecoder drops a BOM in bytes; a string source may still carry one.
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      first = false;
    }
    if (text) yield text;
  }
  const rest = decode(new Uint8Array(0), false);
  if (rest) yield rest;
}
