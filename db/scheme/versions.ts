import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema/database.ts';
import type { LocalisedText } from '../schema/common.ts';
import type { SchemeDefinitionDocument, SchemeVersion } from '../schema/scheme-version.table.ts';
import type { SchemeDefinition } from './definition.ts';
import { KeurmerkError, NotFoundError, ValidationError } from '../errors.ts';
import { appendLogEntry } from '../log/append.ts';

// Every function here expects to run inside the caller's transaction (perform's, or the seed's):
// it locks the scheme row first, so concurrent editors of one scheme queue.
type Trx = Kysely<Database>;

/** Certified members get at least this long to be re-assessed against a new version. */
export const MIN_TRANSITION_DAYS = 30;
const DAY_MS = 86_400_000;

/** The columns of the scheme row that mirror its current (or, before publication, only) version. */
function schemeColumns(doc: SchemeDefinitionDocument) {
  return {
    owner_name: doc.owner.name,
    owner_slug: doc.owner.slug,
    owner_url: doc.owner.url,
    country: doc.country,
    name: JSON.stringify(doc.name),
    description: JSON.stringify(doc.description),
    validity_months: doc.validityMonths,
    in_force_from: doc.inForceFrom,
  };
}

async function lockScheme(trx: Trx, slug: string) {
  const scheme = await trx
    .selectFrom('scheme')
    .select(['id', 'slug', 'current_version_id'])
    .where('slug', '=', slug)
    .forUpdate()
    .executeTakeFirst();
  if (!scheme) throw new NotFoundError('scheme', slug.slice(0, 60));
  return scheme;
}

async function versionOf(trx: Trx, schemeId: number, version: number): Promise<SchemeVersion> {
  const row = await trx
    .selectFrom('scheme_version')
    .selectAll()
    .where('scheme_id', '=', schemeId)
    .where('version', '=', version)
    .executeTakeFirst();
  if (!row) throw new NotFoundError('scheme version', String(version));
  return row;
}

/** A new scheme with its first draft (version 1); not public until published. 409 if the slug is taken. */
export async function createScheme(
  trx: Trx,
  def: SchemeDefinition,
  actor: string,
  now: Date,
): Promise<SchemeVersion> {
  const { slug, ...doc } = def;
  const scheme = await trx
    .insertInto('scheme')
    .values({ slug, ...schemeColumns(doc), created_at: now })
    .onConflict((oc) => oc.column('slug').doNothing())
    .returning('id')
    .executeTakeFirst();
  if (!scheme)
    throw new KeurmerkError('scheme_exists', `A scheme with the slug ${slug} already exists.`, { slug });
  return trx
    .insertInto('scheme_version')
    .values({
      scheme_id: scheme.id,
      version: 1,
      state: 'draft',
      definition: JSON.stringify(doc),
      created_by: actor,
      created_at: now,
      updated_at: now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Opens the next version as a draft, a copy of the current one; 409 when a draft already exists. */
export async function startDraft(trx: Trx, slug: string, actor: string, now: Date): Promise<SchemeVersion> {
  const scheme = await lockScheme(trx, slug);
  const latest = await trx
    .selectFrom('scheme_version')
    .selectAll()
    .where('scheme_id', '=', scheme.id)
    .orderBy('version', 'desc')
    .limit(1)
    .executeTakeFirstOrThrow();
  if (latest.state === 'draft')
    throw new KeurmerkError('scheme_draft_exists', `Version ${latest.version} is already a draft.`, {
      version: latest.version,
    });
  // The scheme row is locked, so two staff starting a draft at once queue here.
  return trx
    .insertInto('scheme_version')
    .values({
      scheme_id: scheme.id,
      version: latest.version + 1,
      state: 'draft',
      definition: JSON.stringify(latest.definition),
      created_by: actor,
      created_at: now,
      updated_at: now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Replaces a draft's definition and note; a published version is a 409 and stays as it was. */
export async function saveDraft(
  trx: Trx,
  slug: string,
  version: number,
  doc: SchemeDefinitionDocument,
  changeNote: LocalisedText | null,
  now: Date,
): Promise<SchemeVersion> {
  const scheme = await lockScheme(trx, slug);
  const row = await versionOf(trx, scheme.id, version);
  if (row.state === 'published')
    throw new KeurmerkError(
      'scheme_version_published',
      `Version ${version} is published and cannot change.`,
      {
        version,
      },
    );
  // A scheme never published shows its draft's texts in the admin list.
  if (scheme.current_version_id === null)
    await trx.updateTable('scheme').set(schemeColumns(doc)).where('id', '=', scheme.id).execute();
  return trx
    .updateTable('scheme_version')
    .set({
      definition: JSON.stringify(doc),
      change_note: changeNote === null ? null : JSON.stringify(changeNote),
      updated_at: now,
    })
    .where('id', '=', row.id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** How many certifications stand on an older version than `versionId` (active or suspended, not revoked). */
export async function membersOnOlderVersions(trx: Trx, schemeId: number, versionId: number): Promise<number> {
  const row = await trx
    .selectFrom('certification')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('scheme_id', '=', schemeId)
    .where('scheme_version_id', '<>', versionId)
    .where('status', 'in', ['active', 'suspended'])
    .executeTakeFirstOrThrow();
  return row.n;
}

export interface PublishRequest {
  transitionDate: Date | null;
  actor: string;
  now: Date;
}

/**
 * Publishes a draft: its criteria become rows, it becomes the scheme's current version and can
 * never change again. When members are certified on an earlier version, staff choose a
 * transition date at least 30 days ahead; until then they keep their basis, afterwards those
 * not re-assessed expire (db/scheme/transition.ts). Queued for the transparency log in the
 * same transaction.
 */
export async function publishDraft(
  trx: Trx,
  slug: string,
  version: number,
  request: PublishRequest,
): Promise<SchemeVersion & { members: number }> {
  const { now, transitionDate } = request;
  const scheme = await lockScheme(trx, slug);
  const row = await versionOf(trx, scheme.id, version);
  if (row.state === 'published')
    throw new KeurmerkError('scheme_version_published', `Version ${version} is published already.`, {
      version,
    });
  const members = await membersOnOlderVersions(trx, scheme.id, row.id);
  if (members > 0 && transitionDate === null)
    throw new ValidationError(
      'transitionDate',
      `${members} certified members stand on an earlier version: choose a transition date.`,
    );
  if (transitionDate !== null && transitionDate.getTime() < now.getTime() + MIN_TRANSITION_DAYS * DAY_MS)
    throw new KeurmerkError('transition_date_too_soon', undefined, { days: MIN_TRANSITION_DAYS });
  const doc = row.definition;
  for (const [index, criterion] of doc.criteria.entries()) {
    await trx
      .insertInto('criterion')
      .values({
        scheme_id: scheme.id,
        scheme_version_id: row.id,
        position: index + 1,
        code: criterion.code,
        title: JSON.stringify(criterion.title),
        description: JSON.stringify(criterion.description),
      })
      .execute();
  }
  const published = await trx
    .updateTable('scheme_version')
    .set({
      state: 'published',
      published_at: now,
      published_by: request.actor,
      transition_date: transitionDate,
      updated_at: now,
    })
    .where('id', '=', row.id)
    .returningAll()
    .executeTakeFirstOrThrow();
  await trx
    .updateTable('scheme')
    .set({ ...schemeColumns(doc), current_version_id: row.id })
    .where('id', '=', scheme.id)
    .execute();
  await appendLogEntry(
    trx,
    {
      type: 'scheme_version_published',
      at: now.toISOString(),
      scheme: slug,
      version,
      criteria: doc.criteria.map((c) => c.code),
      ...(transitionDate ? { transitionDate: transitionDate.toISOString() } : {}),
    },
    `scheme:${slug}`,
  );
  return { ...published, members };
}
