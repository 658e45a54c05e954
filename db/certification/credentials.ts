import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../schema/database.ts';
import type { Credential } from '../schema/credential.table.ts';
import type { LocalisedText } from '../schema/common.ts';
import { certificationsWithOwner } from './with-owner.ts';

type Db = Kysely<Database> | Transaction<Database>;

/** The credential a badge of this certification carries now: neither superseded nor revoked. */
export function currentCredential(db: Db, certificationId: number): Promise<Credential | undefined> {
  return db
    .selectFrom('credential')
    .selectAll()
    .where('certification_id', '=', certificationId)
    .where('superseded_at', 'is', null)
    .where('revoked_at', 'is', null)
    .orderBy('issued_at', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/** Marks the live credentials of a certification as replaced (renewal, reinstatement, new key). */
export async function supersedeCredentials(
  trx: Transaction<Database>,
  certificationId: number,
  now: Date,
): Promise<void> {
  await trx
    .updateTable('credential')
    .set({ superseded_at: now })
    .where('certification_id', '=', certificationId)
    .where('superseded_at', 'is', null)
    .where('revoked_at', 'is', null)
    .execute();
}

/** Sets the status-list bit of the live credentials (suspension, revocation). Returns how many. */
export async function revokeCredentials(
  trx: Transaction<Database>,
  certificationId: number,
  now: Date,
): Promise<number> {
  const rows = await trx
    .updateTable('credential')
    .set({ revoked_at: now })
    .where('certification_id', '=', certificationId)
    .where('superseded_at', 'is', null)
    .where('revoked_at', 'is', null)
    .returning('id')
    .execute();
  return rows.length;
}

/** Status-list indexes whose bit is set in list `list`. */
export async function revokedIndexes(db: Db, list: number): Promise<number[]> {
  const rows = await db
    .selectFrom('credential')
    .select('status_index')
    .where('status_list', '=', list)
    .where('revoked_at', 'is not', null)
    .execute();
  return rows.map((r) => r.status_index);
}

/** The status lists holding a credential of this certification (edges purge them on a change). */
export async function statusListsOf(db: Db, publicId: string): Promise<number[]> {
  const rows = await db
    .selectFrom('credential as c')
    .innerJoin('certification as k', 'k.id', 'c.certification_id')
    .select('c.status_list')
    .distinct()
    .where('k.public_id', '=', publicId)
    .execute();
  return rows.map((r) => r.status_list).sort((a, b) => a - b);
}

/** The highest status list in use and how many entries it holds (list 1, empty, before any). */
export async function statusListFill(db: Db): Promise<{ list: number; used: number }> {
  const row = await db
    .selectFrom('status_list_fill')
    .select(['list', 'used'])
    .orderBy('list', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row ?? { list: 1, used: 0 };
}

/**
 * Counts a credential placed on `list`, in the issuer's transaction: the row lock orders
 * concurrent issuers on one list, and the count is what statusListFill reads instead of counting
 * the list's credentials (migration 2026-12-03T1530-status-list-fill).
 */
export async function countStatusListEntry(db: Db, list: number): Promise<void> {
  await db
    .insertInto('status_list_fill')
    .values({ list, used: 1 })
    .onConflict((oc) => oc.column('list').doUpdateSet({ used: sql`status_list_fill.used + 1` }))
    .execute();
}

export async function indexTaken(db: Db, list: number, index: number): Promise<boolean> {
  const row = await db
    .selectFrom('credential')
    .select('id')
    .where('status_list', '=', list)
    .where('status_index', '=', index)
    .executeTakeFirst();
  return row !== undefined;
}

export interface CredentialSubjectData {
  organisationName: string;
  website: string | null;
  primaryDomain: string | null;
  schemeSlug: string;
  /** The version the certification rests on: what the credential asserts. */
  schemeVersion: { id: number; version: number; publishedAt: Date };
  schemeName: LocalisedText;
  schemeDescription: LocalisedText;
  ownerSlug: string;
  ownerName: string;
  criteriaMet: Array<{ code: string; title: LocalisedText }>;
}

/** Everything a credential of this certification says, read in the issuing transaction. */
export async function credentialSubjectData(db: Db, certificationId: number): Promise<CredentialSubjectData> {
  const row = await certificationsWithOwner(db)
    .select((eb) => [
      'o.legal_name',
      'o.website',
      's.slug',
      'sv.id as version_id',
      'sv.version',
      'sv.published_at',
      'sv.definition',
      's.owner_slug',
      's.owner_name',
      eb
        .selectFrom('organisation_domain as d')
        .select('d.hostname')
        .whereRef('d.organisation_id', '=', 'o.id')
        .orderBy('d.id')
        .limit(1)
        .as('domain'),
    ])
    .where('c.id', '=', certificationId)
    .executeTakeFirstOrThrow();
  const criteria = await db
    .selectFrom('assessment as a')
    .innerJoin('criterion as k', 'k.id', 'a.criterion_id')
    .select(['k.code', 'k.title'])
    .where('a.certification_id', '=', certificationId)
    // Only results against the version the certification rests on; older ones are history.
    .where('a.scheme_version_id', '=', row.version_id)
    .where('a.result', '=', 'met')
    .orderBy('k.position')
    .execute();
  return {
    organisationName: row.legal_name,
    website: row.website,
    primaryDomain: row.domain,
    schemeSlug: row.slug,
    schemeVersion: { id: row.version_id, version: row.version, publishedAt: row.published_at! },
    // The texts of the version asserted, not of whatever version is current now.
    schemeName: row.definition.name,
    schemeDescription: row.definition.description,
    ownerSlug: row.owner_slug,
    ownerName: row.owner_name,
    criteriaMet: criteria.map((c) => ({ code: c.code, title: c.title })),
  };
}
