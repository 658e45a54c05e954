import fs from 'node:fs';
import { once } from 'node:events';
import { belgianCheckDigits } from '../../db/values/national-id.ts';

export const IMPORT_HEADER =
  'country,registry_id,legal_name,trade_names,city,website,sector,outsourced,domains,phones,email_domains,scheme,status,assurance_level,not_applicable';

/** Row `i` of a deterministic import file: unique national ids, domains and phone numbers. */
export function importRow(i: number, seed = 1): string {
  const n = seed * 1_000_000 + i;
  const be = i % 5 === 4;
  const first = `0${String(2_000_000 + (n % 7_999_999)).padStart(7, '0')}`;
  const id = be ? first + belgianCheckDigits(first) : String(30_000_000 + (n % 69_999_999));
  const name = `${be ? 'Contactcenter' : 'Klantenservice'} ${i} "Import" ${be ? 'NV' : 'B.V.'}`;
  const domain = `import-${seed}-${i}.${be ? 'be' : 'nl'}`;
  const phone = be
    ? `+32 2 ${String(2_000_000 + (n % 7_999_999)).padStart(7, '0')}`
    : `+31 20 ${String(1_000_000 + (n % 8_999_999))}`;
  const certified = i % 3 !== 2;
  const scheme = be ? 'happy-customer' : 'ksf-service-promises';
  return [
    be ? 'BE' : 'NL',
    id,
    `"${name.replace(/"/g, '""')}"`,
    i % 4 === 0 ? `Merk ${i}|Label ${i}` : '',
    be ? 'Gent' : 'Utrecht',
    `https://www.${domain}`,
    i % 2 ? 'Energie' : 'Telecom',
    i % 7 === 0 ? 'ja' : 'nee',
    `shop.${domain}`,
    phone,
    domain,
    certified ? scheme : '',
    certified ? (i % 2 ? 'active' : 'pending') : '',
    certified ? 'self_declared' : '',
    '',
  ].join(',');
}

/** Writes an import file of `rows` rows (streamed, so a million rows need no memory); `bad` lines get a broken KvK. */
export async function writeImportCsv(
  file: string,
  rows: number,
  options: { seed?: number; badRows?: number[] } = {},
): Promise<void> {
  const out = fs.createWriteStream(file);
  if (!out.write(`${IMPORT_HEADER}\r\n`)) await once(out, 'drain');
  const bad = new Set(options.badRows ?? []);
  for (let i = 0; i < rows; i++) {
    let line = importRow(i, options.seed);
    if (bad.has(i)) line = line.replace(/^(NL|BE),\d+,/, '$1,12AB,');
    if (!out.write(`${line}\r\n`)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}
