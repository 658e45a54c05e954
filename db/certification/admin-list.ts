import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema/database.ts';
import type { AssuranceLevel } from '../schema/certification.table.ts';
import type { AssessmentResult } from '../schema/assessment.table.ts';
import type { CertificationEvent } from '../schema/certification-event.table.ts';
import type { LocalisedText } from '../schema/common.ts';
import { effectiveStatus, type Status } from './lifecycle.ts';
import { statusCondition } from '../organisation/search/search.ts';
import { decodeCursor, encodeCursor, int4Id } from '../values/cursor.ts';
import { NotFoundError } from '../errors.ts';
import { schemeBasis, type SchemeBasis } from '../scheme/basis.ts';
import { BASIS_COLUMNS, certificationsWithOwner } from './with-owner.ts';
import type { AdminCertificationLine } from './summaries.ts';

export interface AdminCertificationRow extends AdminCertificationLine {
  organisationSlug: string;
  organisationName: string;
  updatedAt: Date;
}

export interface CertificationFilter {
  status: Status | null;
  scheme: string | null;
  organisation: string | null;
  cursor: string | null;
  limit: number;
}

/** Certifications for staff, newest change first, every status included; keyset-paged. */
export async function listAdminCertifications(
  db: Kysely<Database>,
  f: CertificationFilter,
  now: Date,
): Promise<{ rows: AdminCertificationRow[]; nextCursor: string | null }> {
  const where = [sql`true`];
  if (f.status) where.push(statusCondition(f.status, now));
  if (f.scheme) where.push(sql`s.slug = ${f.scheme}`);
  if (f.organisation) where.push(sql`o.slug = ${f.organisation}`);
  if (f.cursor) {
    const [lastId] = decodeCursor(f.cursor, [int4Id]);
    where.push(sql`c.id < ${lastId}`);
  }
  const { rows } = await sql<{
    id: number;
    public_id: string;
    slug: string;
    legal_name: string;
    scheme_slug: string;
    scheme_name: LocalisedText;
    status: 'pending' | 'active' | 'suspended' | 'revoked';
    assurance_level: AssuranceLevel;
    valid_from: Date | null;
    valid_until: Date | null;
    updated_at: Date;
  }>`
    select c.id, c.public_id, o.slug, o.legal_name, s.slug as scheme_slug, s.name as scheme_name, c.status,
           c.assurance_level, c.valid_from, c.valid_until, c.updated_at
    from certification c join organisation o on o.id = c.organisation_id join scheme s on s.id = c.scheme_id
    where ${sql.join(where, sql` and `)}
    order by c.id desc
    limit ${f.limit + 1}`.execute(db);
  const page = rows.slice(0, f.limit);
  return {
    rows: page.map((r) => ({
      publicId: r.public_id,
      organisationSlug: r.slug,
      organisationName: r.legal_name,
      scheme: r.scheme_slug,
      schemeName: r.scheme_name,
      status: effectiveStatus(r, now),
      assuranceLevel: r.assurance_level,
      validFrom: r.valid_from,
      validUntil: r.valid_until,
      updatedAt: r.updated_at,
    })),
    nextCursor: rows.length > f.limit ? encodeCursor([page.at(-1)!.id]) : null,
  };
}

export interface AdminCertificationDetail extends AdminCertificationRow {
  id: number;
  schemeId: number;
  /** The scheme version it was assessed against, and the transition date while that is not the current one. */
  schemeBasis: SchemeBasis;
  version: number;
  criteria: Array<{
    code: string;
    title: LocalisedText;
    result: AssessmentResult | null;
    note: string | null;
    assessor: string | null;
    assessedAt: Date | null;
  }>;
  events: CertificationEvent[];
  credential: {
    id: string;
    kid: string;
    issuedAt: Date;
    validUntil: Date;
    statusList: number;
    statusIndex: number;
  } | null;
}

/** One certification with its criteria and results, full event history and live credential. */
export async function adminCertification(
  db: Kysely<Database>,
  publicId: string,
  now: Date,
): Promise<AdminCertificationDetail> {
  const c = await certificationsWithOwner(db)
    .select([
      'c.id',
      'c.public_id',
      'c.scheme_id',
      'c.scheme_version_id',
      ...BASIS_COLUMNS,
      'c.version',
      'o.slug',
      'o.legal_name',
      's.slug as scheme_slug',
      's.name as scheme_name',
      'c.status',
      'c.assurance_level',
      'c.valid_from',
      'c.valid_until',
      'c.updated_at',
    ])
    .where('c.public_id', '=', publicId)
    .executeTakeFirst();
  if (!c) throw new NotFoundError('certification', publicId.slice(0, 40));
  const [criteria, events, credential] = await Promise.all([
    db
      .selectFrom('criterion as k')
      .leftJoin('assessment as a', (join) =>
        join.onRef('a.criterion_id', '=', 'k.id').on('a.certification_id', '=', c.id),
      )
      .select(['k.code', 'k.title', 'a.result', 'a.note', 'a.assessor', 'a.assessed_at'])
      .where('k.scheme_version_id', '=', c.scheme_version_id)
      .orderBy('k.position')
      .execute(),
    db
      .selectFrom('certification_event')
      .selectAll()
      .where('certification_id', '=', c.id)
      .orderBy('id')
      .execute(),
    db
      .selectFrom('credential')
      .select(['id', 'kid', 'issued_at', 'valid_until', 'status_list', 'status_index'])
      .where('certification_id', '=', c.id)
      .where('superseded_at', 'is', null)
      .where('revoked_at', 'is', null)
      .orderBy('issued_at', 'desc')
      .limit(1)
      .executeTakeFirst(),
  ]);
  return {
    id: c.id,
    schemeId: c.scheme_id,
    schemeBasis: schemeBasis(c),
    version: c.version,
    publicId: c.public_id,
    organisationSlug: c.slug,
    organisationName: c.legal_name,
    scheme: c.scheme_slug,
    schemeName: c.scheme_name as LocalisedText,
    status: effectiveStatus(c, now),
    assuranceLevel: c.assurance_level,
    validFrom: c.valid_from,
    validUntil: c.valid_until,
    updatedAt: c.updated_at,
    criteria: criteria.map((k) => ({
      code: k.code,
      title: k.title as LocalisedText,
      result: k.result,
      note: k.note,
      assessor: k.assessor,
      assessedAt: k.assessed_at,
    })),
    events,
    credential: credential
      ? {
          id: credential.id,
          kid: credential.kid,
          issuedAt: credential.issued_at,
          validUntil: credential.valid_until,
          statusList: credential.status_list,
          statusIndex: credential.status_index,
        }
      : null,
  };
}
