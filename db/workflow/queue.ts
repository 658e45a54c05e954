import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema/database.ts';
import type { CaseKind, CaseStage } from '../vocabulary.ts';

export interface QueueItem {
  caseId: number;
  kind: CaseKind;
  stage: CaseStage;
  publicId: string;
  organisationSlug: string;
  organisationName: string;
  openedAt: Date;
  /** When it last moved: a case's age in the queue counts from here. */
  updatedAt: Date;
  dueAt: Date | null;
  /** A remediation whose deadline passed: it leads the queue. */
  overdue: boolean;
}

/** Which stages wait for staff rather than the member. */
export const STAFF_STAGES: readonly CaseStage[] = ['submitted', 'in_review'];

/**
 * The staff queue: every open case, remediations past their deadline first (oldest deadline
 * first), then everything else oldest first (by when it last moved). Drafts are the member's
 * own and are listed too, so staff see the whole pipeline; pages group by kind and stage.
 */
export async function staffQueue(
  db: Kysely<Database>,
  now: Date,
  options: { limit?: number } = {},
): Promise<QueueItem[]> {
  const limit = Math.min(Math.max(options.limit ?? 500, 1), 2000);
  const { rows } = await sql<{
    id: number;
    kind: CaseKind;
    stage: CaseStage;
    public_id: string;
    slug: string;
    legal_name: string;
    opened_at: Date;
    updated_at: Date;
    due_at: Date | null;
    overdue: boolean;
  }>`
    select k.id, k.kind, k.stage, c.public_id, o.slug, o.legal_name, k.opened_at, k.updated_at, k.due_at,
           (k.kind = 'remediation' and k.due_at is not null and k.due_at <= ${now}) as overdue
    from certification_case k
    join certification c on c.id = k.certification_id
    join organisation o on o.id = c.organisation_id
    where k.stage not in ('decided', 'withdrawn')
    order by overdue desc,
             case when k.kind = 'remediation' and k.due_at <= ${now} then k.due_at end asc,
             k.updated_at asc, k.id asc
    limit ${limit}`.execute(db);
  return rows.map((r) => ({
    caseId: Number(r.id),
    kind: r.kind,
    stage: r.stage,
    publicId: r.public_id,
    organisationSlug: r.slug,
    organisationName: r.legal_name,
    openedAt: new Date(r.opened_at),
    updatedAt: new Date(r.updated_at),
    dueAt: r.due_at && new Date(r.due_at),
    overdue: Boolean(r.overdue),
  }));
}

export interface QueueCounts {
  /** Open cases by kind (the admin overview's figures). */
  byKind: Record<CaseKind, number>;
  /** Cases waiting for staff (submitted or in review). */
  waitingForStaff: number;
  /** Remediations past their deadline. */
  overdue: number;
}

/** The queue's figures for the admin overview, in one query. */
export async function queueCounts(db: Kysely<Database>, now: Date): Promise<QueueCounts> {
  const { rows } = await sql<{ kind: CaseKind; n: number; staff: number; overdue: number }>`
    select kind, count(*)::int as n,
           count(*) filter (where stage in ('submitted', 'in_review'))::int as staff,
           count(*) filter (where kind = 'remediation' and due_at <= ${now})::int as overdue
    from certification_case where stage not in ('decided', 'withdrawn') group by kind`.execute(db);
  const byKind: Record<CaseKind, number> = { application: 0, renewal: 0, remediation: 0, objection: 0 };
  let waitingForStaff = 0;
  let overdue = 0;
  for (const r of rows) {
    byKind[r.kind] = Number(r.n);
    waitingForStaff += Number(r.staff);
    overdue += Number(r.overdue);
  }
  return { byKind, waitingForStaff, overdue };
}

export interface MemberCase {
  caseId: number;
  kind: CaseKind;
  stage: CaseStage;
  publicId: string;
  schemeSlug: string;
  openedAt: Date;
  dueAt: Date | null;
  outcome: string | null;
}

/** An organisation's own cases, open ones first, newest first (the member portal's list). */
export async function organisationCases(db: Kysely<Database>, organisationId: number): Promise<MemberCase[]> {
  const rows = await db
    .selectFrom('certification_case as k')
    .innerJoin('certification as c', 'c.id', 'k.certification_id')
    .innerJoin('scheme as s', 's.id', 'c.scheme_id')
    .select(['k.id', 'k.kind', 'k.stage', 'c.public_id', 's.slug', 'k.opened_at', 'k.due_at', 'k.outcome'])
    .where('c.organisation_id', '=', organisationId)
    .orderBy(sql`k.stage in ('decided', 'withdrawn')`)
    .orderBy('k.id', 'desc')
    .limit(200)
    .execute();
  return rows.map((r) => ({
    caseId: r.id,
    kind: r.kind,
    stage: r.stage,
    publicId: r.public_id,
    schemeSlug: r.slug,
    openedAt: r.opened_at,
    dueAt: r.due_at,
    outcome: r.outcome,
  }));
}
