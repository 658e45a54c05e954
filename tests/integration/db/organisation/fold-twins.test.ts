import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { DIALECTS, openTestDatabase, type TestDatabase } from '../../../helpers/databases.ts';
import { FOLDED_LETTERS, fold } from '../../../../db/organisation/search/text.ts';

// Stored names are folded by SQL keurmerk_fold() (search migration), queries by TypeScript fold():
// a letter the two fold differently is a name that cannot be found by typing it.
const LATIN_1 = Array.from({ length: 0xff - 0xc0 + 1 }, (_, i) => String.fromCodePoint(0xc0 + i));
const LATIN_EXTENDED_A = Array.from({ length: 0x17f - 0x100 + 1 }, (_, i) => String.fromCodePoint(0x100 + i));
const ASCII_LETTERS = [...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 .-'];

describe.each(DIALECTS)('accent folding on %s', (kind) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await openTestDatabase(kind);
  });
  afterAll(() => db?.close());

  const sqlFold = async (letters: readonly string[]): Promise<Map<string, string>> => {
    const { rows } = await sql<{ letter: string; folded: string }>`
      select letter, keurmerk_fold(letter) as folded from unnest(${[...letters]}::text[]) as letter`.execute(
      db.db,
    );
    return new Map(rows.map((r) => [r.letter, r.folded]));
  };

  it.each([
    ['every letter of the table', FOLDED_LETTERS],
    ['ASCII letters and digits', ASCII_LETTERS],
  ])('SQL and TypeScript fold %s alike', async (_, letters) => {
    const folded = await sqlFold(letters);
    expect(Object.fromEntries(folded)).toEqual(Object.fromEntries(letters.map((c) => [c, fold(c)])));
  });

  it.each([
    ['Latin-1 letters', LATIN_1],
    ['Latin Extended-A letters', LATIN_EXTENDED_A],
  ])('SQL and TypeScript fold the upper- and lower-case %s alike', async (_, letters) => {
    const folded = await sqlFold(letters);
    expect(Object.fromEntries(folded)).toEqual(Object.fromEntries(letters.map((c) => [c, fold(c)])));
  });

  it('folds a whole name the same way', async () => {
    const name = 'Société Générale Ærø Łódź Çağrı Müller-Lüdenscheidt';
    const { rows } = await sql<{ folded: string }>`select keurmerk_fold(${name}) as folded`.execute(db.db);
    expect(rows[0]?.folded).toBe(fold(name));
  });
});
