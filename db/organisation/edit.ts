import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../schema/database.ts';
import type { Organisation } from '../schema/organisation.table.ts';
import type { ContactChannelKind } from '../schema/contact-channel.table.ts';
import type { LocalisedText } from '../schema/common.ts';
import { CERTIFICATION_CHANNEL } from '../certification/transitions.ts';
import { supersedeCredentials } from '../certification/credentials.ts';
import { effectiveStatus } from '../certification/lifecycle.ts';
import type { AdminCertificationLine } from '../certification/summaries.ts';
import { KeurmerkError, NotFoundError } from '../errors.ts';
import { inTransaction } from '../platform/transaction.ts';

export interface AdminOrganisation {
  organisation: Organisation;
  domains: Array<{ id: number; hostname: string }>;
  channels: Array<{ id: number; kind: ContactChannelKind; value: string; label: string | null }>;
  certifications: AdminCertificationLine[];
}

type Db = Kysely<Database> | Transaction<Database>;

/** The organisation by slug, or a NotFoundError. */
export async function organisationOrThrow(db: Db, slug: string): Promise<Organisation> {
  const org = await db.selectFrom('organisation').selectAll().where('slug', '=', slug).executeTakeFirst();
  if (!org) throw new NotFoundError('organisation', slug.slice(0, 200));
  return org;
}

/** Everything staff see of one organisation, pending certifications included. */
export async function adminOrganisation(
  db: Kysely<Database>,
  slug: string,
  now: Date,
): Promise<AdminOrganisation> {
  const organisation = await organisationOrThrow(db, slug);
  const [domains, channels, certs] = await Promise.all([
    db
      .selectFrom('organisation_domain')
      .select(['id', 'hostname'])
      .where('organisation_id', '=', organisation.id)
      .orderBy('hostname')
      .execute(),
    db
      .selectFrom('contact_channel')
      .select(['id', 'kind', 'value', 'label'])
      .where('organisation_id', '=', organisation.id)
      .orderBy('kind')
      .orderBy('value')
      .execute(),
    db
      .selectFrom('certification as c')
      .innerJoin('scheme as s', 's.id', 'c.scheme_id')
      .select([
        'c.public_id',
        's.slug',
        's.name',
        'c.status',
        'c.assurance_level',
        'c.valid_from',
        'c.valid_until',
      ])
      .where('c.organisation_id', '=', organisation.id)
      .orderBy('c.id', 'desc')
      .execute(),
  ]);
  return {
    organisation,
    domains,
    channels,
    certifications: certs.map((c) => ({
      publicId: c.public_id,
      scheme: c.slug,
      schemeName: c.name as LocalisedText,
      status: effectiveStatus(c, now),
      assuranceLevel: c.assurance_level,
      validFrom: c.valid_from,
      validUntil: c.valid_until,
    })),
  };
}

/**
 * Tells every instance that the badges of this organisation's certifications must be rendered
 * again (name, domains). NOTIFY is transactional: it is heard once the change commits.
 */
export async function announceOrganisation(
  trx: Transaction<Database>,
  organisationId: number,
): Promise<string[]> {
  const rows = await trx
    .selectFrom('certification')
    .select('public_id')
    .where('organisation_id', '=', organisationId)
    .execute();
  for (const r of rows) await sql`select pg_notify(${CERTIFICATION_CHANNEL}, ${r.public_id})`.execute(trx);
  return rows.map((r) => r.public_id);
}

export interface OrganisationChanges {
  legal_name?: string;
  trade_names?: string[];
  city?: string;
  website?: string | null;
  sector?: string | null;
  is_outsourced_contact_centre?: boolean;
}

/**
 * Edits an organisation's descriptive fields (its country and national id are its identity and
 * do not change; a duplicate is merged instead). A new name or website re-issues live credentials
 * on the next badge request, since they carry both.
 */
export async function updateOrganisation(
  db: Kysely<Database>,
  slug: string,
  changes: OrganisationChanges,
  now: Date,
): Promise<Organisation> {
  return inTransaction(db, async (trx) => {
    const before = await organisationOrThrow(trx, slug);
    const after = await trx
      .updateTable('organisation')
      .set({ ...changes, updated_at: now })
      .where('id', '=', before.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    if (after.legal_name !== before.legal_name || after.website !== before.website) {
      const certs = await trx
        .selectFrom('certification')
        .select('id')
        .where('organisation_id', '=', before.id)
        .execute();
      for (const c of certs) await supersedeCredentials(trx, c.id, now);
    }
    await announceOrganisation(trx, before.id);
    return after;
  });
}

/** Registers a host on which the organisation's badge may appear. */
export async function addDomain(db: Kysely<Database>, slug: string, hostname: string): Promise<void> {
  await inTransaction(db, async (trx) => {
    const org = await organisationOrThrow(trx, slug);
    const taken = await trx
      .selectFrom('organisation_domain')
      .select('organisation_id')
      .where('hostname', '=', hostname)
      .executeTakeFirst();
    if (taken && taken.organisation_id !== org.id)
      throw new KeurmerkError('domain_taken', `The domain ${hostname} belongs to another organisation.`, {
        hostname,
      });
    if (!taken)
      await trx.insertInto('organisation_domain').values({ organisation_id: org.id, hostname }).execute();
    await announceOrganisation(trx, org.id);
  });
}

export async function removeDomain(db: Kysely<Database>, slug: string, hostname: string): Promise<void> {
  await inTransaction(db, async (trx) => {
    const org = await organisationOrThrow(trx, slug);
    const gone = await trx
      .deleteFrom('organisation_domain')
      .where('organisation_id', '=', org.id)
      .where('hostname', '=', hostname)
      .executeTakeFirst();
    if (Number(gone.numDeletedRows) === 0) throw new NotFoundError('domain', hostname);
    await announceOrganisation(trx, org.id);
  });
}

/** Adds an official contact channel (already normalised). */
export async function addChannel(
  db: Kysely<Database>,
  slug: string,
  channel: { kind: ContactChannelKind; value: string; label: string | null },
): Promise<number> {
  return inTransaction(db, async (trx) => {
    const org = await organisationOrThrow(trx, slug);
    const taken = await trx
      .selectFrom('contact_channel')
      .select('organisation_id')
      .where('kind', '=', channel.kind)
      .where('value', '=', channel.value)
      .executeTakeFirst();
    if (taken)
      throw new KeurmerkError(
        'channel_taken',
        taken.organisation_id === org.id
          ? 'This channel is already registered.'
          : 'This channel belongs to another organisation.',
      );
    const row = await trx
      .insertInto('contact_channel')
      .values({ ...channel, organisation_id: org.id })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  });
}

export async function removeChannel(db: Kysely<Database>, slug: string, id: number): Promise<void> {
  const org = await organisationOrThrow(db, slug);
  const gone = await db
    .deleteFrom('contact_channel')
    .where('organisation_id', '=', org.id)
    .where('id', '=', id)
    .executeTakeFirst();
  if (Number(gone.numDeletedRows) === 0) throw new NotFoundError('contact channel', String(id));
}
