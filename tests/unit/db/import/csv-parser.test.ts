import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseCsv, type CsvRecord } from '../../../../db/import/csv-parser.ts';

async function* chunks(text: string | Uint8Array, cuts: number[] = []): AsyncGenerator<Uint8Array> {
  const bytes = typeof text === 'string' ? new TextEncoder().encode(text) : text;
  let start = 0;
  for (const cut of [...cuts].sort((a, b) => a - b)) {
    if (cut <= start || cut >= bytes.length) continue;
    yield bytes.subarray(start, cut);
    start = cut;
  }
  yield bytes.subarray(start);
}

async function parse(text: string | Uint8Array, cuts: number[] = []): Promise<CsvRecord[]> {
  const out: CsvRecord[] = [];
  for await (const record of parseCsv(chunks(text, cuts))) out.push(record);
  return out;
}

describe('CSV parser', () => {
  it('reads quotes, doubled quotes, embedded delimiters and newlines, with the line each record starts on', async () => {
    const records = await parse('a,b,c\r\n1,"x,""y""\r\nz",3\r\n\r\n4,5,\n"end"');
    expect(records).toEqual([
      { line: 1, fields: ['a', 'b', 'c'] },
      { line: 2, fields: ['1', 'x,"y"\r\nz', '3'] },
      { line: 5, fields: ['4', '5', ''] },
      { line: 6, fields: ['end'] },
    ]);
  });

  it('strips a BOM and detects semicolons from a spreadsheet in a Dutch locale', async () => {
    expect(await parse('\ufeffa;b\n1,5;2\n')).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['1,5', '2'] },
    ]);
  });

  it('gives the same records however the bytes are split into chunks (multi-byte characters too)', async () => {
    const text = '\ufeffnaam;plaats\r\n"Société ""Générale""";Liège\r\n"a\r\nb";€ 5\n';
    const whole = await parse(text);
    const length = new TextEncoder().encode(text).length;
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer({ min: 1, max: length - 1 }), { maxLength: 12 }), async (cuts) => {
        expect(await parse(text, cuts)).toEqual(whole);
      }),
      { numRuns: 200 },
    );
  });

  it('names the line of a syntax error', async () => {
    await expect(parse('a,b\n1,"open\n2,3\n')).rejects.toMatchObject({
      code: 'csv_syntax',
      details: { line: 2 },
    });
    await expect(parse('a,b\n1,"x"y\n')).rejects.toMatchObject({ code: 'csv_syntax', details: { line: 2 } });
    await expect(parse(new Uint8Array([0x61, 0x0a, 0xff, 0xfe, 0x0a]))).rejects.toMatchObject({
      code: 'csv_syntax',
    });
  });

  it('refuses absurd fields instead of holding them in memory', async () => {
    await expect(parse(`a\n${'x'.repeat(20_000)}\n`)).rejects.toMatchObject({
      code: 'csv_syntax',
      details: { line: 2 },
    });
    await expect(parse(`a\n${','.repeat(100)}\n`)).rejects.toMatchObject({ code: 'csv_syntax' });
  });

  it('streams: records come out before the source has ended', async () => {
    let produced = 0;
    async function* endless(): AsyncGenerator<string> {
      yield 'a,b\n';
      for (;;) {
        produced++;
        yield `${produced},x\n`;
      }
    }
    let seen = 0;
    for await (const record of parseCsv(endless())) {
      if (++seen === 1000) {
        expect(record.fields[0]).toBe('999');
        break;
      }
    }
    expect(produced).toBeLessThan(1010);
  });
});
