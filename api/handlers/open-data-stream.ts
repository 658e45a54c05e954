import { stringify, type Options } from 'csv-stringify/sync';
import type { OpenDataOrganisation } from '../../db/organisation/open-data.ts';

/**
 * A byte stream pulled from an async source of text chunks: the next database batch is read only
 * when the client has taken the previous one, so a slow download never piles up in memory.
 */
export function streamFrom(chunks: AsyncIterable<string>): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const iterator = chunks[Symbol.asyncIterator]();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const { done, value } = await iterator.next();
      if (done) controller.close();
      else controller.enqueue(encoder.encode(value));
    },
    async cancel() {
      await iterator.return?.();
    },
  });
}

export const LICENCE = {
  name: 'CC BY 4.0',
  url: 'https://creativecommons.org/licenses/by/4.0/',
  attribution: 'Keurmerkregister',
};

/** JSON document: licence and metadata first, then the organisations array, one batch at a time. */
export async function* jsonChunks(
  batches: AsyncIterable<OpenDataOrganisation[]>,
  generatedAt: Date,
): AsyncGenerator<string> {
  yield `{"licence":${JSON.stringify(LICENCE)},"generatedAt":"${generatedAt.toISOString()}","organisations":[`;
  let first = true;
  for await (const batch of batches) {
    for (const org of batch) {
      yield (first ? '\n' : ',\n') + JSON.stringify(org);
      first = false;
    }
  }
  yield '\n]}\n';
}

type Cell = string | boolean | null;
type OpenDataCertification = OpenDataOrganisation['certifications'][number];

// Each column's header beside its value, so the header row and the rows cannot drift apart.
const ORGANISATION_CELLS: ReadonlyArray<readonly [string, (o: OpenDataOrganisation) => Cell]> = [
  ['organisation_slug', (o) => o.slug],
  ['legal_name', (o) => o.legalName],
  ['trade_names', (o) => o.tradeNames.join('; ')],
  ['country', (o) => o.country],
  ['registry_id', (o) => o.registryId],
  ['city', (o) => o.city],
  ['website', (o) => o.website],
  ['sector', (o) => o.sector],
  ['outsourced_contact_centre', (o) => o.outsourcedContactCentre],
  ['domains', (o) => o.domains.join(' ')],
];
const CERTIFICATION_CELLS: ReadonlyArray<readonly [string, (c: OpenDataCertification) => Cell]> = [
  ['certification_public_id', (c) => c.publicId],
  ['scheme', (c) => c.scheme],
  ['scheme_version', (c) => String(c.schemeVersion)],
  ['status', (c) => c.status],
  ['assurance_level', (c) => c.assuranceLevel],
  ['valid_from', (c) => c.validFrom],
  ['valid_until', (c) => c.validUntil],
];

export const CSV_COLUMNS: readonly string[] = [...ORGANISATION_CELLS, ...CERTIFICATION_CELLS].map(
  ([column]) => column,
);

// RFC 4180 as csv-stringify writes it: CRLF, fields quoted only when they must be. Text a
// spreadsheet would run as a formula (=, +, -, @ first) gets a leading apostrophe: open data must
// not become an attack on the people who open it. Booleans read `true`/`false`, not `1`/``.
const CSV_OPTIONS: Options = {
  record_delimiter: 'windows',
  // With a record_delimiter given, csv-stringify would stop quoting a lone CR or LF in a field.
  quote_record_delimiter: true,
  escape_formulas: true,
  cast: { boolean: (value) => String(value) },
};

/** CSV rows: one per certification; an organisation without any still gets one row. */
export async function* csvChunks(batches: AsyncIterable<OpenDataOrganisation[]>): AsyncGenerator<string> {
  yield stringify([[...CSV_COLUMNS]], CSV_OPTIONS);
  for await (const batch of batches) {
    const rows: Cell[][] = [];
    for (const o of batch) {
      const org = ORGANISATION_CELLS.map(([, cell]) => cell(o));
      const certs = o.certifications.length > 0 ? o.certifications : [null];
      for (const c of certs)
        rows.push([...org, ...CERTIFICATION_CELLS.map(([, cell]) => (c ? cell(c) : null))]);
    }
    yield stringify(rows, CSV_OPTIONS);
  }
}
