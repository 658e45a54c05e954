import type { Kysely } from 'kysely';
import type { Database } from '../schema/database.ts';
import type { Country, Organisation } from '../schema/organisation.table.ts';
import type { OrganisationDomain } from '../schema/organisation-domain.table.ts';
import type { ContactChannel, ContactChannelKind } from '../schema/contact-channel.table.ts';
import { parseNationalId } from '../values/national-id.ts';
import { normaliseHostname } from '../values/hostname.ts';
import { organisationSlug } from '../values/slug.ts';
import { KeurmerkError, ValidationError } from '../errors.ts';
import { unstorableText } from '../values/storable-text.ts';
import { hasBidiControl } from '../values/bidi-controls.ts';
import { inTransaction } from '../platform/transaction.ts';
import type { OrganisationFacts } from './public-fields.ts';

export interface OrganisationInput {
  legalName: string;
  tradeNames?: string[];
  country: Country;
  registryId: string;
  city: string;
  website?: string | null;
  sector?: string | null;
  isOutsourcedContactCentre?: boolean;
  domains?: string[];
  channels?: Array<{ kind: ContactChannelKind; value: string; label?: string | null }>;
}

export interface ValidOrganisation {
  row: OrganisationFacts;
  domains: string[];
  channels: Array<{ kind: ContactChannelKind; value: string; label: string | null }>;
}

/** `bidi`: refuse direction controls (names and cities people read on our pages; see bidi-controls.ts). */
function cleanName(value: unknown, field: string, max = 300, bidi: 'refuse' | 'allow' = 'refuse'): string {
  if (typeof value !== 'string' || !value.trim()) throw new ValidationError(field, `${field} is required`);
  const cleaned = value.normalize('NFC').replace(/\s+/g, ' ').trim();
  if (cleaned.length > max) throw new ValidationError(field, `${field} is longer than ${max} characters`);
  if (unstorableText(cleaned))
    throw new ValidationError(field, `${field} contains a NUL character or an unpaired surrogate`);
  if (bidi === 'refuse' && hasBidiControl(cleaned))
    throw new ValidationError(
      field,
      `${field} contains a bidirectional control character (U+202A–U+202E, U+2066–U+2069)`,
    );
  return cleaned;
}

/**
 * Validates and normalises an organisation: national id by country rules, domains to bare
 * punycode hosts, website to an https origin. Channel values must already be normalised
 * (phone parsing lives with the contact-channel feature).
 */
export function validateOrganisation(input: OrganisationInput): ValidOrganisation {
  if (input.country !== 'NL' && input.country !== 'BE')
    throw new ValidationError('country', 'country must be NL or BE');
  const legalName = cleanName(input.legalName, 'legalName');
  const id = parseNationalId(input.country, String(input.registryId ?? ''));
  if (!id.ok) throw new ValidationError('registryId', id.reason);
  const domains = [
    ...new Set(
      (input.domains ?? []).map((d, i) => {
        const host = normaliseHostname(d);
        if (!host.ok) throw new ValidationError(`domains[${i}]`, host.reason);
        return host.hostname;
      }),
    ),
  ];
  let website: string | null = null;
  if (input.website) {
    const host = normaliseHostname(input.website);
    if (!host.ok) throw new ValidationError('website', host.reason);
    website = `https://${host.hostname}`;
    if (!domains.includes(host.hostname)) domains.unshift(host.hostname);
  }
  return {
    row: {
      slug: organisationSlug(legalName, id.value),
      legal_name: legalName,
      trade_names: (input.tradeNames ?? []).map((t, i) => cleanName(t, `tradeNames[${i}]`)),
      country: input.country,
      registry_id: id.value,
      city: cleanName(input.city, 'city', 100),
      website,
      sector: input.sector ? cleanName(input.sector, 'sector', 100, 'allow') : null,
      is_outsourced_contact_centre: input.isOutsourcedContactCentre === true,
    },
    domains,
    // The same channel twice (typed two ways, normalised alike) is kept once, like domains.
    channels: (input.channels ?? [])
      .filter((c, i, all) => all.findIndex((d) => d.kind === c.kind && d.value === c.value) === i)
      .map((c) => ({ kind: c.kind, value: c.value, label: c.label ?? null })),
  };
}

/** Creates an organisation with its domains and channels in one transaction. */
export async function createOrganisation(
  db: Kysely<Database>,
  input: OrganisationInput,
): Promise<Organisation> {
  const valid = validateOrganisation(input);
  return inTransaction(db, async (trx) => {
    const taken = await trx
      .selectFrom('organisation')
      .select('slug')
      .where('country', '=', valid.row.country)
      .where('registry_id', '=', valid.row.registry_id)
      .executeTakeFirst();
    if (taken) {
      throw new KeurmerkError(
        'duplicate_registry_id',
        `An organisation with this national id already exists (${taken.slug}).`,
        {
          slug: taken.slug,
        },
      );
    }
    const org = await trx
      .insertInto('organisation')
      .values(valid.row)
      .returningAll()
      .executeTakeFirstOrThrow();
    if (valid.domains.length > 0) {
      const clash = await trx
        .selectFrom('organisation_domain')
        .select('hostname')
        .where('hostname', 'in', valid.domains)
        .executeTakeFirst();
      if (clash)
        throw new KeurmerkError(
          'domain_taken',
          `The domain ${clash.hostname} belongs to another organisation.`,
        );
      await trx
        .insertInto('organisation_domain')
        .values(valid.domains.map((hostname) => ({ organisation_id: org.id, hostname })))
        .execute();
    }
    if (valid.channels.length > 0) {
      const taken = await trx
        .selectFrom('contact_channel')
        .select(['kind', 'value'])
        .where((eb) =>
          eb.or(valid.channels.map((c) => eb.and([eb('kind', '=', c.kind), eb('value', '=', c.value)]))),
        )
        .executeTakeFirst();
      if (taken)
        throw new KeurmerkError(
          'channel_taken',
          `The ${taken.kind} ${taken.value} belongs to another organisation.`,
        );
      await trx
        .insertInto('contact_channel')
        .values(valid.channels.map((c) => ({ ...c, organisation_id: org.id })))
        .execute();
    }
    return org;
  });
}

export function findOrganisationBySlug(
  db: Kysely<Database>,
  slug: string,
): Promise<Organisation | undefined> {
  return db.selectFrom('organisation').selectAll().where('slug', '=', slug).executeTakeFirst();
}

export function organisationDomains(
  db: Kysely<Database>,
  organisationId: number,
): Promise<OrganisationDomain[]> {
  return db
    .selectFrom('organisation_domain')
    .selectAll()
    .where('organisation_id', '=', organisationId)
    .orderBy('hostname')
    .execute();
}

export function organisationChannels(
  db: Kysely<Database>,
  organisationId: number,
): Promise<ContactChannel[]> {
  return db
    .selectFrom('contact_channel')
    .selectAll()
    .where('organisation_id', '=', organisationId)
    .orderBy('kind')
    .orderBy('value')
    .execute();
}
