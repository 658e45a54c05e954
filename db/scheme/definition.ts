import type { LocalisedText } from '../schema/common.ts';
import type { SchemeDefinitionDocument } from '../schema/scheme-version.table.ts';
import { ASSURANCE_LEVELS, type AssuranceLevel } from '../vocabulary.ts';
import { ValidationError } from '../errors.ts';
import { parseDateInput } from '../values/date-input.ts';
import { unstorableText } from '../values/storable-text.ts';

/** What a seed file or the admin API gives for a new scheme: its slug and its first definition. */
export interface SchemeDefinition extends SchemeDefinitionDocument {
  slug: string;
}

export const DEFAULT_RENEWAL_GRACE_DAYS = 30;
export const DEFAULT_OBJECTION_PERIOD_DAYS = 42;
export const MAX_CRITERIA = 100;

const SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function text(value: unknown, field: string, max = 200): string {
  if (typeof value !== 'string' || !value.trim())
    throw new ValidationError(field, `${field} must be a non-empty string`);
  if (value.length > max) throw new ValidationError(field, `${field} is longer than ${max} characters`);
  if (unstorableText(value))
    throw new ValidationError(field, `${field} contains characters that cannot be stored`);
  return value.trim();
}

function localised(value: unknown, field: string, max: number): LocalisedText {
  if (!isRecord(value)) throw new ValidationError(field, `${field} must be an object with nl and en texts`);
  const result: LocalisedText = {
    nl: text(value['nl'], `${field}.nl`, max),
    en: text(value['en'], `${field}.en`, max),
  };
  // An empty French text in a form means "none yet", not an error.
  const fr = value['fr'];
  if (fr !== undefined && !(typeof fr === 'string' && fr.trim() === ''))
    result.fr = text(fr, `${field}.fr`, max);
  return result;
}

function wholeNumber(value: unknown, field: string, min: number, max: number, fallback?: number): number {
  if (value === undefined && fallback !== undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max)
    throw new ValidationError(field, `${field} must be a whole number from ${min} to ${max}`);
  return value;
}

/** Proves a slug is lower-case words joined by hyphens, at most 60 characters. */
export function parseSchemeSlug(value: unknown, field = 'slug'): string {
  const slug = text(value, field, 60);
  if (!SLUG.test(slug))
    throw new ValidationError(field, `${field} must be lower-case words joined by hyphens`);
  return slug;
}

function assuranceLevels(value: unknown): AssuranceLevel[] {
  if (value === undefined) return [...ASSURANCE_LEVELS];
  if (!Array.isArray(value) || value.length === 0)
    throw new ValidationError('assuranceLevels', 'assuranceLevels must list at least one assurance level');
  const chosen = new Set<AssuranceLevel>();
  for (const level of value) {
    if (!(ASSURANCE_LEVELS as readonly unknown[]).includes(level))
      throw new ValidationError('assuranceLevels', `assuranceLevels may hold ${ASSURANCE_LEVELS.join(', ')}`);
    chosen.add(level as AssuranceLevel);
  }
  // Kept in the vocabulary's order, so the same choice is always stored the same way.
  return ASSURANCE_LEVELS.filter((level) => chosen.has(level));
}

/** Proves the shape of an untrusted scheme definition (without slug); throws a ValidationError naming the field. */
export function parseDefinitionDocument(input: unknown): SchemeDefinitionDocument {
  if (!isRecord(input)) throw new ValidationError('scheme', 'a scheme definition must be a JSON object');
  const owner = input['owner'];
  if (!isRecord(owner)) throw new ValidationError('owner', 'owner must be an object with name, slug and url');
  const ownerSlug = parseSchemeSlug(owner['slug'], 'owner.slug');
  const ownerUrl = text(owner['url'], 'owner.url', 300);
  if (!/^https?:\/\/[^\s]+$/.test(ownerUrl))
    throw new ValidationError('owner.url', 'owner.url must be an http(s) URL');
  const country = text(input['country'], 'country', 2);
  if (!/^[A-Z]{2}$/.test(country))
    throw new ValidationError('country', 'country must be a two-letter ISO code');
  const inForceFrom = text(input['inForceFrom'], 'inForceFrom', 10);
  if (!parseDateInput(inForceFrom, { dateOnly: true }))
    throw new ValidationError('inForceFrom', 'inForceFrom must be a date, YYYY-MM-DD');
  const criteria = input['criteria'];
  if (!Array.isArray(criteria) || criteria.length === 0 || criteria.length > MAX_CRITERIA)
    throw new ValidationError('criteria', `criteria must be a list of 1 to ${MAX_CRITERIA} criteria`);
  const codes = new Set<string>();
  const parsedCriteria = criteria.map((c: unknown, i) => {
    if (!isRecord(c)) throw new ValidationError(`criteria[${i}]`, 'each criterion must be an object');
    const code = text(c['code'], `criteria[${i}].code`, 20);
    if (!/^[a-z0-9-]{1,20}$/.test(code))
      throw new ValidationError(`criteria[${i}].code`, 'criterion codes are short lower-case words');
    if (codes.has(code))
      throw new ValidationError(`criteria[${i}].code`, `criterion code "${code}" appears twice`);
    codes.add(code);
    return {
      code,
      title: localised(c['title'], `criteria[${i}].title`, 300),
      description: localised(c['description'], `criteria[${i}].description`, 4000),
    };
  });
  return {
    owner: { name: text(owner['name'], 'owner.name'), slug: ownerSlug, url: ownerUrl },
    country,
    inForceFrom,
    validityMonths: wholeNumber(input['validityMonths'], 'validityMonths', 1, 120),
    renewalGraceDays: wholeNumber(
      input['renewalGraceDays'],
      'renewalGraceDays',
      0,
      365,
      DEFAULT_RENEWAL_GRACE_DAYS,
    ),
    objectionPeriodDays: wholeNumber(
      input['objectionPeriodDays'],
      'objectionPeriodDays',
      1,
      365,
      DEFAULT_OBJECTION_PERIOD_DAYS,
    ),
    assuranceLevels: assuranceLevels(input['assuranceLevels']),
    name: localised(input['name'], 'name', 200),
    description: localised(input['description'], 'description', 4000),
    criteria: parsedCriteria,
  };
}

/** Proves the shape of a whole scheme definition: a slug and the definition of its first version. */
export function parseSchemeDefinition(input: unknown): SchemeDefinition {
  if (!isRecord(input)) throw new ValidationError('scheme', 'a scheme definition must be a JSON object');
  return { slug: parseSchemeSlug(input['slug']), ...parseDefinitionDocument(input) };
}

/** A localised "what changed" note; absent or all-empty is null. */
export function parseChangeNote(value: unknown): LocalisedText | null {
  if (value === undefined || value === null) return null;
  if (isRecord(value) && Object.values(value).every((v) => typeof v === 'string' && v.trim() === ''))
    return null;
  return localised(value, 'changeNote', 2000);
}
