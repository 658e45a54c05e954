import { describe, expect, it } from 'vitest';
import { readHeader, readRow } from '../../../../db/import/columns.ts';
import { parseCsv } from '../../../../db/import/csv-parser.ts';
import { IMPORT_HEADER, importRow } from '../../../bench/import-csv.ts';

const SCHEMES = new Set(['ksf-service-promises', 'happy-customer']);
const header = readHeader(IMPORT_HEADER.split(','), 1);
if (!('columns' in header)) throw new Error('fixture header invalid');
const columns = header.columns;
async function fieldsOf(line: string): Promise<string[]> {
  for await (const record of parseCsv([line])) return record.fields;
  throw new Error('no record');
}

describe('import header', () => {
  it('accepts the documented columns in any order and case', () => {
    expect('columns' in readHeader(['City', 'LEGAL_NAME', 'registry_id', 'country'], 1)).toBe(true);
  });

  it('names unknown, repeated and missing columns', () => {
    const result = readHeader(['country', 'registry_id', 'naam', 'country'], 1);
    expect('errors' in result && result.errors.map((e) => e.field)).toEqual([
      'naam',
      'country',
      'legal_name',
      'city',
    ]);
  });
});

describe('import rows', () => {
  it('reads a valid row with organisation, normalised channels and certification', async () => {
    const result = readRow(columns, { line: 2, fields: await fieldsOf(importRow(1)) }, SCHEMES);
    if (!('row' in result)) throw new Error(JSON.stringify(result.errors));
    expect(result.row.organisation.row).toMatchObject({
      country: 'NL',
      legal_name: 'Klantenservice 1 "Import" B.V.',
    });
    expect(result.row.organisation.channels[0]).toMatchObject({
      kind: 'phone',
      value: expect.stringMatching(/^\+3120\d{7}$/),
    });
    expect(result.row.certification).toMatchObject({ scheme: 'ksf-service-promises', status: 'active' });
  });

  it.each([
    ['registry_id', (f: string[]) => ((f[1] = '1234'), f)],
    ['registry_id', (f: string[]) => ((f[0] = 'BE'), (f[1] = '0123456789'), f)],
    ['country', (f: string[]) => ((f[0] = 'DE'), f)],
    ['legal_name', (f: string[]) => ((f[2] = ' '), f)],
    ['domains', (f: string[]) => ((f[8] = 'not a host'), f)],
    ['phones', (f: string[]) => ((f[9] = 'bel ons'), f)],
    ['outsourced', (f: string[]) => ((f[7] = 'misschien'), f)],
    ['scheme', (f: string[]) => ((f[11] = 'iso-9001'), f)],
    ['status', (f: string[]) => ((f[12] = 'revoked'), f)],
    ['assurance_level', (f: string[]) => ((f[13] = 'gold'), f)],
  ])('names the bad field %s and the line', async (field, change) => {
    const result = readRow(columns, { line: 7, fields: change(await fieldsOf(importRow(1))) }, SCHEMES);
    expect('errors' in result && result.errors[0]).toMatchObject({ line: 7, field });
  });

  it('refuses a row with the wrong number of fields', () => {
    const result = readRow(columns, { line: 3, fields: ['NL', '12345678'] }, SCHEMES);
    expect('errors' in result && result.errors[0]).toMatchObject({
      line: 3,
      message: `expected ${columns.size} fields, found 2`,
    });
  });
});
