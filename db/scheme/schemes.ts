import type { Kysely } from 'kysely';
import type { Database } from '../schema/database.ts';
import type { LocalisedText } from '../schema/common.ts';
import type { Scheme } from '../schema/scheme.table.ts';
import type { Criterion } from '../schema/criterion.table.ts';
import { ValidationError } from '../errors.ts';
import { parseDateInput } from '../values/date-input.ts';
import { inTransaction } from '../platform/transaction.ts';

/** A scheme as data: what a JSON file in db/seed/schemes/ or the admin API provides. */
export interface SchemeDefinition {
  slug: string;
  owner: { name: string; slug: string; url: string };
  country: string;
  inForceFrom: string;
  validityMonths: number;
  name: LocalisedText;
  description: LocalisedText;
  criteria: Array<{ code: string; title: LocalisedText; description: LocalisedText }>;
}

const SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function text(value: unknown, field: string): string {
  if (typeof value !== 'string' || !value.trim())
    throw new ValidationError(field, `${field} must be a non-empty string`);
  return value.trim();
}

function localised(value: unknown, field: string): LocalisedText {
  if (!isRecord(value)) throw new ValidationError(field, `${field} must be an object with nl and en texts`);
  const result: LocalisedText = {
    nl: text(value['nl'], `${field}.nl`),
    en: text(value['en'], `${field}.en`),
  };
  if (value['fr'] !== undefined) result.fr = text(value['fr'], `${field}.fr`);
  return result;
}

/** Proves the shape of an untrusted scheme definition; throws a ValidationError naming the field. */
export function parseSchemeDefinition(input: unknown): SchemeDefinition {
  if (!isRecord(input)) throw new ValidationError('scheme', 'a scheme definition must be a JSON object');
  const slug = text(input['slug'], 'slug');
  if (!SLUG.test(slug)) throw new ValidationError('slug', 'slug must be lower-case words joined by hyphens');
  const owner = input['owner'];
  if (!isRecord(owner)) throw new ValidationError('owner', 'owner must be an object with name, slug and url');
  const ownerSlug = text(owner['slug'], 'owner.slug');
  if (!SLUG.test(ownerSlug))
    throw new ValidationError('owner.slug', 'owner.slug must be lower-case words joined by hyphens');
  const ownerUrl = text(owner['url'], 'owner.url');
  if (!/^https?:\/\/[^\s]+$/.test(ownerUrl))
    throw new ValidationError('owner.url', 'owner.url must be an http(s) URL');
  const country = text(input['country'], 'country');
  if (!/^[A-Z]{2}$/.test(country))
    throw new ValidationError('country', 'country must be a two-letter ISO code');
  const inForceFrom = text(input['inForceFrom'], 'inForceFrom');
  if (!parseDateInput(inForceFrom, { dateOnly: true })) {
    throw new ValidationError('inForceFrom', 'inForceFrom must be a date, YYYY-MM-DD');
  }
  const validityMonths = input['validityMonths'];
  if (
    typeof validityMonths !== 'number' ||
    !Number.isInteger(validityMonths) ||
    validityMonths < 1 ||
    validityMonths > 120
  ) {
    throw new ValidationError('validityMonths', 'validityMonths must be a whole number from 1 to 120');
  }
  const criteria = input['criteria'];
  if (!Array.isArray(criteria) || criteria.length === 0 || criteria.length > 100) {
    throw new ValidationError('criteria', 'criteria must be a list of 1 to 100 criteria');
  }
  const codes = new Set<string>();
  const parsedCriteria = criteria.map((c: unknown, i) => {
    if (!isRecord(c)) throw new ValidationError(`criteria[${i}]`, 'each criterion must be an object');
    const code = text(c['code'], `criteria[${i}].code`);
    if (!/^[a-z0-9-]{1,20}$/.test(code))
      throw new ValidationError(`criteria[${i}].code`, 'criterion codes are short lower-case words');
    if (codes.has(code))
      throw new ValidationError(`criteria[${i}].code`, `criterion code "${code}" appears twice`);
    codes.add(code);
    return {
      code,
      title: localised(c['title'], `criteria[${i}].title`),
      description: localised(c['description'], `criteria[${i}].description`),
    };
  });
  return {
    slug,
    owner: { name: text(owner['name'], 'owner.name'), slug: ownerSlug, url: ownerUrl },
    country,
    inForceFrom,
    validityMonths,
    name: localised(input['name'], 'name'),
    description: localised(input['description'], 'description'),
    criteria: parsedCriteria,
  };
}

/** Inserts or updates a scheme and its criteria by slug and code; criteria keep their ids. */
export async function upsertScheme(db: Kysely<Database>, def: SchemeDefinition): Promise<Scheme> {
  return inTransaction(db, async (trx) => {
    const values = {
      slug: def.slug,
      owner_name: def.owner.name,
      owner_slug: def.owner.slug,
      owner_url: def.owner.url,
      country: def.country,
      name: JSON.stringify(def.name),
      description: JSON.stringify(def.description),
      validity_months: def.validityMonths,
      in_force_from: def.inForceFrom,
    };
    const scheme = await trx
      .insertInto('scheme')
      .values(values)
      .onConflict((oc) => oc.column('slug').doUpdateSet(values))
      .returningAll()
      .executeTakeFirstOrThrow();
    // Positions are unique per scheme: park existing ones out of the way before renumbering.
    await trx
      .updateTable('criterion')
      .set((eb) => ({ position: eb('position', '+', 10_000) }))
      .where('scheme_id', '=', scheme.id)
      .execute();
    for (const [index, criterion] of def.criteria.entries()) {
      const row = {
        scheme_id: scheme.id,
        position: index + 1,
        code: criterion.code,
        title: JSON.stringify(criterion.title),
        description: JSON.stringify(criterion.description),
      };
      await trx
        .insertInto('criterion')
        .values(row)
        .onConflict((oc) => oc.columns(['scheme_id', 'code']).doUpdateSet(row))
        .execute();
    }
    return scheme;
  });
}

export function listSchemes(db: Kysely<Database>): Promise<Scheme[]> {
  return db.selectFrom('scheme').selectAll().orderBy('slug').execute();
}

export async function findSchemeBySlug(
  db: Kysely<Database>,
  slug: string,
): Promise<(Scheme & { criteria: Criterion[] }) | undefined> {
  const scheme = await db.selectFrom('scheme').selectAll().where('slug', '=', slug).executeTakeFirst();
  if (!scheme) return undefined;
  const criteria = await db
    .selectFrom('criterion')
    .selectAll()
    .where('scheme_id', '=', scheme.id)
    .orderBy('position')
    .execute();
  return { ...scheme, criteria };
}
