import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema/database.ts';
import { DEFAULT_OBJECTION_PERIOD_DAYS } from '../scheme/definition.ts';

/** Decisions a member may object to, by the event that recorded them (issue 18). */
export const OBJECTABLE_KINDS = ['suspended', 'revoked', 'refused'] as const;
export type ObjectableKind = (typeof OBJECTABLE_KINDS)[number];

export interface Objectable {
  certificationId: number;
  versionId: number;
  eventId: number;
  kind: ObjectableKind;
  actor: string;
  occurredAt: Date;
  periodDays: number;
  /** The end of the objection period. */
  until: Date;
}

/**
 * Where a member stands with an objection: `open` (they may object now), `objected` (an objection
 * against this decision exists), `passed` (the period ended) or `none` (nothing to object to).
 */
export type ObjectionWindow =
  | { state: 'open' | 'passed'; decision: Objectable }
  | { state: 'objected'; decision: Objectable; caseId: number }
  | { state: 'none' };

/** The window from the facts; pure. An objection already made wins over a passed period. */
export function objectionState(
  decision: Objectable | undefined,
  objectionCaseId: number | null,
  now: Date,
): ObjectionWindow {
  if (!decision) return { state: 'none' };
  if (objectionCaseId !== null) return { state: 'objected', decision, caseId: objectionCaseId };
  return { state: now.getTime() > decision.until.getTime() ? 'passed' : 'open', decision };
}

/**
 * The certification's latest event, when it is a decision a member may object to and still its
 * state (a suspension later lifted is no longer objectable), with the scheme version's period.
 */
export async function latestDecision(
  db: Kysely<Database>,
  publicId: string,
  organisationId: number,
  kinds: readonly ObjectableKind[] = OBJECTABLE_KINDS,
): Promise<Objectable | undefined> {
  const { rows } = await sql<{
    cid: number;
    vid: number;
    eid: number;
    kind: ObjectableKind;
    actor: string;
    occurred_at: Date;
    days: number | null;
  }>`
    select c.id as cid, c.scheme_version_id as vid, e.id as eid, e.kind, e.actor, e.occurred_at,
           (v.definition->>'objectionPeriodDays')::int as days
    from certification c
    join scheme_version v on v.id = c.scheme_version_id
    join lateral (select * from certification_event x where x.certification_id = c.id
                  order by x.id desc limit 1) e on true
    where c.public_id = ${publicId} and c.organisation_id = ${organisationId}
      and e.kind = any(${[...kinds]}::text[]) and e.to_status = c.status`.execute(db);
  const r = rows[0];
  if (!r) return undefined;
  const periodDays = r.days ?? DEFAULT_OBJECTION_PERIOD_DAYS;
  const occurredAt = new Date(r.occurred_at);
  return {
    certificationId: Number(r.cid),
    versionId: Number(r.vid),
    eventId: Number(r.eid),
    kind: r.kind,
    actor: r.actor,
    occurredAt,
    periodDays,
    until: new Date(occurredAt.getTime() + periodDays * 86_400_000),
  };
}

/** The member's objection window for a certification of their organisation. */
export async function objectionWindow(
  db: Kysely<Database>,
  publicId: string,
  organisationId: number,
  now: Date,
  kinds: readonly ObjectableKind[] = OBJECTABLE_KINDS,
): Promise<ObjectionWindow> {
  const decision = await latestDecision(db, publicId, organisationId, kinds);
  const existing = decision
    ? await db
        .selectFrom('certification_case')
        .select('id')
        .where('objected_event_id', '=', decision.eventId)
        .where('kind', '=', 'objection')
        .executeTakeFirst()
    : undefined;
  return objectionState(decision, existing?.id ?? null, now);
}
