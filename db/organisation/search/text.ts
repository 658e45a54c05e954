/**
 * The JavaScript twin of the SQL functions keurmerk_fold / keurmerk_search_compact in the search
 * migration: queries are folded here exactly as stored names are folded there.
 */
const FROM = 'àáâäãåāçčèéêëēėęìíîïīñòóôöõøōùúûüūýÿžšœæ';
const TO = 'aaaaaaacceeeeeeeiiiiinooooooouuuuuyyzsoa';
const MAP = new Map([...FROM].map((c, i) => [c, TO[i]!]));

/** The letters `fold` replaces, for the test that holds it to the SQL keurmerk_fold(). */
export const FOLDED_LETTERS: readonly string[] = [...FROM];

/** Lower case, Latin accents stripped (same table as the SQL translate()). */
export function fold(text: string): string {
  // JavaScript lowers the Turkish "İ" to "i" plus a combining dot, PostgreSQL's lower() to "i";
  // follow the database, or "İzmir" would be searched as the words "i" and "zmir".
  return [...text.replace(/İ/g, 'i').toLowerCase()].map((c) => MAP.get(c) ?? c).join('');
}

/** Letters and digits only: "Klanten Servis b.v." -> "klantenservisbv". */
export function compact(text: string): string {
  return fold(text).replace(/[^a-z0-9]+/g, '');
}

/** The folded words of a query (at most 8), each [a-z0-9]+: what the prefix full-text query is made of. */
export function queryWords(text: string): string[] {
  return fold(text)
    .split(/[^a-z0-9]+/)
    .filter((w) => w.length > 0)
    .slice(0, 8);
}

/** Words for a prefix full-text query; only [a-z0-9] survive, so the tsquery syntax is never injected. */
export function prefixTsQuery(text: string): string | null {
  const words = queryWords(text);
  return words.length === 0 ? null : words.map((w) => `${w}:*`).join(' & ');
}
