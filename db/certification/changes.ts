import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Database } from '../schema/database.ts';
import { CHANGE_KINDS, PRIVATE_EVENT_KINDS, type ChangeKind } from '../vocabulary.ts';
import type { LocalisedText } from '../schema/common.ts';
import { decodeCursor, encodeCursor, int4Id, isoTimestamp, smallIntOf } from '../values/cursor.ts';
import { ValidationError } from '../errors.ts';

/** What the public log shows: every event but applications, plus expiries derived from valid_until. */
export type { ChangeKind };

export interface ChangeFilter {
  kind: ChangeKind | null;
  scheme: string | null;
  cursor: string | null;
  limit: number;
}

export interface PublicChange {
  /**
   * Stable: `e{eventId}` for events, `x{certificationId}-{validUntil}` for expiries,
   * `v{schemeVersionId}` for a published scheme version.
   */
  id: string;
  kind: ChangeKind;
  occurredAt: Date;
  reason: string | null;
  /** The certification and its organisation; null for a published scheme version. */
  publicId: string | null;
  organisationSlug: string | null;
  organisationName: string | null;
  schemeSlug: string;
  schemeName: LocalisedText;
  /** The version published (kind `scheme_published`), else null. */
  schemeVersion: number | null;
}

/** Parses change-log filters from a query string; a ValidationError on unknown values. */
export function parseChangeFilter(params: URLSearchParams, defaultLimit = 50): ChangeFilter {
  const kind = params.get('kind') || null;
  if (kind !== null && !(CHANGE_KINDS as readonly string[]).includes(kind))
    throw new ValidationError('kind', `kind must be one of ${CHANGE_KINDS.join(', ')}.`);
  const scheme = params.get('scheme') || null;
  if (scheme !== null && !/^[a-z0-9-]{1,60}$/.test(scheme))
    throw new ValidationError('scheme', 'Unknown scheme.');
  const limit = params.get('limit') ? Number(params.get('limit')) : defaultLimit;
  if (!Number.isInteger(limit) || limit < 1 || limit > 200)
    throw new ValidationError('limit', 'limit must be a whole number from 1 to 200.');
  const cursor = params.get('cursor') || null;
  if (cursor !== null && !/^[A-Za-z0-9_-]{1,300}$/.test(cursor))
    throw new ValidationError('cursor', 'The cursor is not valid; start again from the first page.');
  return { kind: kind as ChangeKind | null, scheme, cursor, limit };
}

interface Row {
  src: number;
  ref: number;
  kind: ChangeKind;
  at: Date;
  reason: string | null;
  public_id: string | null;
  slug: string | null;
  legal_name: string | null;
  scheme_slug: string;
  scheme_name: LocalisedText;
  version: number | null;
}

/** The union branches, numbered for the cursor's tie-break: expiries, events, scheme versions. */
const SOURCE = { expiry: 0, event: 1, version: 2 } as const;

/**
 * The public change log, newest first, keyset-paged on (time, source, id). Expiries are not
 * stored events: a certification still stored active or suspended whose valid_until has passed
 * shows as expired at that moment. A published scheme version is a row of its own, naming the
 * scheme and no organisation (drafts never show).
 */
export async function listChanges(
  db: Kysely<Database>,
  f: ChangeFilter,
  now: Date,
): Promise<{ changes: PublicChange[]; nextCursor: string | null }> {
  let after: RawBuilder<unknown> = sql`true`;
  if (f.cursor) {
    // src is the union branch (SOURCE); ref an event, certification or scheme version id.
    const [at, src, ref] = decodeCursor(f.cursor, [
      isoTimestamp,
      smallIntOf(SOURCE.expiry, SOURCE.event, SOURCE.version),
      int4Id,
    ]);
    after = sql`(u.at, u.src, u.ref) < (${at}::timestamptz, ${src}, ${ref})`;
  }
  const scheme = f.scheme ? sql`and s.slug = ${f.scheme}` : sql``;
  const wanted = (kind: ChangeKind) => f.kind === null || f.kind === kind;
  const eventKinds = f.kind === null ? null : f.kind;
  const branches: RawBuilder<unknown>[] = [];
  if (f.kind === null || (f.kind !== 'expired' && f.kind !== 'scheme_published'))
    branches.push(sql`select ${SOURCE.event}::int as src, e.id as ref, e.kind, e.occurred_at as at, e.reason,
          e.certification_id, null::int as scheme_id, null::int as version
        from certification_event e
        where e.kind <> all(${PRIVATE_EVENT_KINDS as unknown as string[]}::text[])
          ${eventKinds ? sql`and e.kind = ${eventKinds}` : sql``}`);
  if (wanted('expired'))
    branches.push(sql`select ${SOURCE.expiry}::int as src, c.id as ref, 'expired' as kind, c.valid_until as at, null as reason,
          c.id as certification_id, null::int as scheme_id, null::int as version
        from certification c where c.status in ('active', 'suspended') and c.valid_until <= ${now}`);
  if (wanted('scheme_published'))
    branches.push(sql`select ${SOURCE.version}::int as src, v.id as ref, 'scheme_published' as kind, v.published_at as at,
          null as reason, null::int as certification_id, v.scheme_id, v.version
        from scheme_version v where v.state = 'published' and v.published_at <= ${now}`);
  const union = sql.join(branches, sql` union all `);
  const { rows } = await sql<Row>`
    select u.src, u.ref, u.kind, u.at, u.reason, c.public_id, o.slug, o.legal_name, s.slug as scheme_slug,
      s.name as scheme_name, u.version
    from (${union}) u
    left join certification c on c.id = u.certification_id
    left join organisation o on o.id = c.organisation_id
    join scheme s on s.id = coalesce(u.scheme_id, c.scheme_id)
    where ${after} ${scheme}
    order by u.at desc, u.src desc, u.ref desc
    limit ${f.limit + 1}`.execute(db);
  const page = rows.slice(0, f.limit);
  const last = page.at(-1);
  return {
    nextCursor:
      rows.length > f.limit && last
        ? encodeCursor([new Date(last.at).toISOString(), last.src, last.ref])
        : null,
    changes: page.map((r) => ({
      id:
        r.src === SOURCE.event
          ? `e${r.ref}`
          : r.src === SOURCE.version
            ? `v${r.ref}`
            : `x${r.ref}-${new Date(r.at).getTime()}`,
      kind: r.kind,
      occurredAt: new Date(r.at),
      reason: r.reason,
      publicId: r.public_id,
      organisationSlug: r.slug,
      organisationName: r.legal_name,
      schemeSlug: r.scheme_slug,
      schemeName: typeof r.scheme_name === 'string' ? JSON.parse(r.scheme_name) : r.scheme_name,
      schemeVersion: r.version === null ? null : Number(r.version),
    })),
  };
}
