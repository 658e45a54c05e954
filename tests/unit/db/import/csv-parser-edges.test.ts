import { describe, expect, it } from 'vitest';
import { parseCsv, type CsvRecord } from '../../../../db/import/csv-parser.ts';

// Edges of the csv-parse adapter: what our own counting and error handling add to the library.
async function collect(text: string): Promise<{ records: CsvRecord[]; error: unknown }> {
  const records: CsvRecord[] = [];
  try {
    for await (const record of parseCsv([text])) records.push(record);
    return { records, error: null };
  } catch (error) {
    return { records, error };
  }
}

describe('CSV parser on csv-parse', () => {
  it('hands out the records before a syntax error, then the error', async () => {
    const { records, error } = await collect('a,b\n1,2\n3,"open\n');
    expect(records).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['1', '2'] },
    ]);
    expect(error).toMatchObject({ code: 'csv_syntax', details: { line: 3 } });
  });

  it('numbers lines as an editor does after CRLF inside quoted fields and skipped blank lines', async () => {
    const { records } = await collect('a\r\n"x\r\ny\r\nz"\r\n\r\n""\r\nb\r\n');
    expect(records).toEqual([
      { line: 1, fields: ['a'] },
      { line: 2, fields: ['x\r\ny\r\nz'] },
      { line: 7, fields: ['b'] },
    ]);
  });

  it('refuses a quote inside an unquoted field, saying how to quote it (RFC 4180)', async () => {
    const { error } = await collect('a,b\nab"c,1\n');
    expect(error).toMatchObject({ code: 'csv_syntax', details: { line: 2 } });
    expect((error as Error).message).toMatch(/^line 2: a quote inside an unquoted field/);
  });
});
