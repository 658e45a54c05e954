import type { Country } from '../schema/organisation.table.ts';
import { ASSURANCE_LEVELS, type AssuranceLevel } from '../vocabulary.ts';
import type { ContactChannelKind } from '../schema/contact-channel.table.ts';
import { validateOrganisation, type ValidOrganisation } from '../organisation/organisations.ts';
import { normaliseChannel } from '../organisation/channels.ts';
import { KeurmerkError } from '../errors.ts';
import { parseDateInput } from '../values/date-input.ts';

/** The columns an import file may have; the first four are required. Lists use `|` between items. */
export const REQUIRED_COLUMNS = ['country', 'registry_id', 'legal_name', 'city'] as const;
export const OPTIONAL_COLUMNS = [
  'trade_names',
  'website',
  'sector',
  'outsourced',
  'domains',
  'phones',
  'email_domains',
  'whatsapp',
  'chat_urls',
  'scheme',
  'status',
  'assurance_level',
  'valid_from',
  'not_applicable',
] as const;
type Column = (typeof REQUIRED_COLUMNS)[number] | (typeof OPTIONAL_COLUMNS)[number];
const ALL: readonly string[] = [...REQUIRED_COLUMNS, ...OPTIONAL_COLUMNS];

export interface RowError {
  line: number;
  field: string | null;
  message: string;
}

/** Column positions by name, or the header's problems (all at line 1). */
export function readHeader(
  fields: string[],
  line: number,
): { columns: Map<Column, number> } | { errors: RowError[] } {
  const errors: RowError[] = [];
  const columns = new Map<Column, number>();
  fields.forEach((raw, i) => {
    const name = raw.trim().toLowerCase();
    if (!ALL.includes(name))
      errors.push({
        line,
        field: raw.slice(0, 40),
        message: `unknown column "${raw.slice(0, 40)}"; the columns are ${ALL.join(', ')}`,
      });
    else if (columns.has(name as Column))
      errors.push({ line, field: name, message: `column "${name}" appears twice` });
    else columns.set(name as Column, i);
  });
  for (const name of REQUIRED_COLUMNS)
    if (!columns.has(name))
      errors.push({ line, field: name, message: `the required column "${name}" is missing` });
  return errors.length > 0 ? { errors } : { columns };
}

export interface CertificationRow {
  scheme: string;
  status: 'pending' | 'active';
  assuranceLevel: AssuranceLevel;
  validFrom: Date | null;
  notApplicable: string[];
}

export interface ImportRow {
  line: number;
  organisation: ValidOrganisation;
  certification: CertificationRow | null;
}

const CHANNEL_COLUMNS: Array<[Column, ContactChannelKind]> = [
  ['phones', 'phone'],
  ['email_domains', 'email_domain'],
  ['whatsapp', 'whatsapp'],
  ['chat_urls', 'chat_url'],
];
const list = (value: string) =>
  value
    .split('|')
    .map((v) => v.trim())
    .filter((v) => v.length > 0);

function bool(value: string): boolean | null {
  const v = value.trim().toLowerCase();
  if (v === '' || ['no', 'nee', 'non', 'false', '0', 'n'].includes(v)) return false;
  if (['yes', 'ja', 'oui', 'true', '1', 'y', 'j'].includes(v)) return true;
  return null;
}

/**
 * Validates one data row against the same rules as the admin API (national id with its check
 * digits, host names, phone numbers in E.164), so an import can add nothing the API would refuse.
 */
export function readRow(
  columns: Map<Column, number>,
  record: { line: number; fields: string[] },
  schemes: ReadonlySet<string>,
): { row: ImportRow } | { errors: RowError[] } {
  const { line, fields } = record;
  if (fields.length !== columns.size)
    return {
      errors: [{ line, field: null, message: `expected ${columns.size} fields, found ${fields.length}` }],
    };
  const get = (c: Column) => (columns.has(c) ? fields[columns.get(c)!]!.trim() : '');
  const errors: RowError[] = [];
  const fail = (field: string, message: string) => errors.push({ line, field, message });

  const country = get('country').toUpperCase();
  if (country !== 'NL' && country !== 'BE') fail('country', 'country must be NL or BE');
  const outsourced = bool(get('outsourced'));
  if (outsourced === null) fail('outsourced', 'outsourced must be yes or no');
  let organisation: ValidOrganisation | null = null;
  if (errors.length === 0) {
    try {
      organisation = validateOrganisation({
        legalName: get('legal_name'),
        tradeNames: list(get('trade_names')),
        country: country as Country,
        registryId: get('registry_id'),
        city: get('city'),
        website: get('website') || null,
        sector: get('sector') || null,
        isOutsourcedContactCentre: outsourced === true,
        domains: list(get('domains')),
      });
      for (const [column, kind] of CHANNEL_COLUMNS)
        for (const value of list(get(column))) {
          const normalised = normaliseChannel(kind, value, country as Country, column);
          // "+31 20 123 4567|020 123 4567" is one number: stored once.
          if (!organisation.channels.some((c) => c.kind === kind && c.value === normalised))
            organisation.channels.push({ kind, value: normalised, label: null });
        }
    } catch (error) {
      if (!(error instanceof KeurmerkError)) throw error;
      const field = String(error.details['field'] ?? '');
      fail(COLUMN_OF[field.replace(/\[\d+\]$/, '')] ?? field, error.message);
    }
  }

  let certification: CertificationRow | null = null;
  const scheme = get('scheme');
  if (scheme) {
    if (!schemes.has(scheme)) fail('scheme', `unknown scheme "${scheme.slice(0, 60)}"`);
    const status = get('status') || 'pending';
    if (status !== 'pending' && status !== 'active') fail('status', 'status must be pending or active');
    const level = get('assurance_level') || 'self_declared';
    if (!(ASSURANCE_LEVELS as readonly string[]).includes(level))
      fail('assurance_level', `assurance_level must be one of ${ASSURANCE_LEVELS.join(', ')}`);
    const from = get('valid_from');
    // A real calendar date (2026-02-30 is not March 2) in years PostgreSQL and the driver can hold.
    const validFrom = from ? parseDateInput(from, { dateOnly: true, minYear: 1900, maxYear: 2999 }) : null;
    if (from && !validFrom)
      fail('valid_from', 'valid_from must be a date, YYYY-MM-DD, between 1900 and 2999');
    if (from && status !== 'active') fail('valid_from', 'valid_from goes with status active');
    certification = {
      scheme,
      status: status as CertificationRow['status'],
      assuranceLevel: level as AssuranceLevel,
      validFrom,
      notApplicable: list(get('not_applicable')),
    };
  } else {
    for (const c of ['status', 'assurance_level', 'valid_from', 'not_applicable'] as const)
      if (get(c)) fail(c, `${c} needs a scheme`);
  }
  if (errors.length > 0 || !organisation) return { errors };
  return { row: { line, organisation, certification } };
}

// Field names of validateOrganisation, as the columns they came from.
const COLUMN_OF: Record<string, string> = {
  legalName: 'legal_name',
  registryId: 'registry_id',
  tradeNames: 'trade_names',
  city: 'city',
  website: 'website',
  sector: 'sector',
  domains: 'domains',
  country: 'country',
};
