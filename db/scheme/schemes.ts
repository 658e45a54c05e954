import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../schema/database.ts';
import type { LocalisedText } from '../schema/common.ts';
import type { Scheme } from '../schema/scheme.table.ts';
import type { Criterion } from '../schema/criterion.table.ts';
import type { SchemeDefinitionDocument, SchemeVersion } from '../schema/scheme-version.table.ts';
import { diffVersions, type VersionDiff } from './version-diff.ts';

type Db = Kysely<Database> | Transaction<Database>;

export { parseSchemeDefinition, type SchemeDefinition } from './definition.ts';

/** A published version as the public sees it: when, what changed, and by when members move. */
export interface PublishedVersion {
  version: number;
  publishedAt: Date;
  transitionDate: Date | null;
  changeNote: LocalisedText | null;
  /** Against the version before it; null for version 1. */
  changes: VersionDiff | null;
  definition: SchemeDefinitionDocument;
}

/** Published schemes only: a scheme with nothing but a draft is not public. */
export function listSchemes(db: Db): Promise<Scheme[]> {
  return db
    .selectFrom('scheme')
    .selectAll()
    .where('current_version_id', 'is not', null)
    .orderBy('slug')
    .execute();
}

/** Published versions of a scheme, oldest first, each with what changed against the one before. */
export async function publishedVersions(db: Db, schemeId: number): Promise<PublishedVersion[]> {
  const rows = await db
    .selectFrom('scheme_version')
    .selectAll()
    .where('scheme_id', '=', schemeId)
    .where('state', '=', 'published')
    .orderBy('version')
    .execute();
  return rows.map((row, i) => ({
    version: row.version,
    publishedAt: row.published_at!,
    transitionDate: row.transition_date,
    changeNote: row.change_note,
    changes: i === 0 ? null : diffVersions(rows[i - 1]!.definition, row.definition),
    definition: row.definition,
  }));
}

/** The criteria rows of one published version, in order. */
export function versionCriteria(db: Db, versionId: number): Promise<Criterion[]> {
  return db
    .selectFrom('criterion')
    .selectAll()
    .where('scheme_version_id', '=', versionId)
    .orderBy('position')
    .execute();
}

export type PublicScheme = Scheme & {
  criteria: Criterion[];
  version: PublishedVersion;
  versions: PublishedVersion[];
};

/**
 * A published scheme with the criteria of its current version and every published version;
 * undefined for an unknown slug and for a scheme that has only a draft.
 */
export async function findSchemeBySlug(db: Db, slug: string): Promise<PublicScheme | undefined> {
  const scheme = await db
    .selectFrom('scheme')
    .selectAll()
    .where('slug', '=', slug)
    .where('current_version_id', 'is not', null)
    .executeTakeFirst();
  if (!scheme) return undefined;
  const [criteria, versions] = await Promise.all([
    versionCriteria(db, scheme.current_version_id!),
    publishedVersions(db, scheme.id),
  ]);
  // Versions only grow, so the newest published one is the current one.
  return { ...scheme, criteria, version: versions.at(-1)!, versions };
}

/** Every version of a scheme, drafts included: for the admin editor only. */
export function allVersions(db: Db, schemeId: number): Promise<SchemeVersion[]> {
  return db
    .selectFrom('scheme_version')
    .selectAll()
    .where('scheme_id', '=', schemeId)
    .orderBy('version', 'desc')
    .execute();
}
