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

export const CSV_COLUMNS = [
  'organisation_slug',
  'legal_name',
  'trade_names',
  'country',
  'registry_id',
  'city',
  'website',
  'sector',
  'outsourced_contact_centre',
  'domains',
  'certification_public_id',
  'scheme',
  'status',
  'assurance_level',
  'valid_from',
  'valid_until',
] as const;

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
    const rows: (string | boolean | null)[][] = [];
    for (const o of batch) {
      const org = [
        o.slug,
        o.legalName,
        o.tradeNames.join('; '),
        o.country,
        o.registryId,
        o.city,
        o.website,
        o.sector,
        o.outsourcedContactCentre,
        o.domains.join(' '),
      ];
      const certs = o.certifications.length > 0 ? o.certifications : [null];
      for (const c of certs) {
        const cert = c
          ? [c.publicId, c.scheme, c.status, c.assuranceLevel, c.validFrom, c.validUntil]
          : [null, null, null, null, null, null];
        rows.push([...org, ...cert]);
      }
    }
    yield stringify(rows, CSV_OPTIONS);
  }
}
