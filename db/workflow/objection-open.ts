import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../schema/database.ts';
import { KeurmerkError, NotFoundError, ValidationError } from '../errors.ts';
import { inTransaction } from '../platform/transaction.ts';
import { DEFAULT_OBJECTION_PERIOD_DAYS } from '../scheme/definition.ts';
import type { CaseActor } from './case-actor.ts';

/** Decisions a member may object to, by the event that recorded them. */
const OBJECTABLE = ['suspended', 'revoked'] as const;

interface Objectable {
  certificationId: number;
  versionId: number;
  eventId: number;
  kind: string;
  actor: string;
  occurredAt: Date;
  periodDays: number;
}

/**
 * The decision a member of `organisationId` may object to now: the certification's latest event,
 * when it is a suspension or revocation that is still its state and within the scheme version's
 * objection period. Undefined otherwise.
 */
export async function objectableDecision(
  db: Kysely<Database>,
  publicId: string,
  organisationId: number,
  now: Date,
): Promise<Objectable | undefined> {
  const { rows } = await sql<{
    cid: number;
    vid: number;
    eid: number;
    kind: string;
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
      and e.kind = any(${[...OBJECTABLE]}::text[]) and e.to_status = c.status`.execute(db);
  const r = rows[0];
  if (!r) return undefined;
  const periodDays = r.days ?? DEFAULT_OBJECTION_PERIOD_DAYS;
  const occurredAt = new Date(r.occurred_at);
  if (now.getTime() > occurredAt.getTime() + periodDays * 86_400_000) return undefined;
  return {
    certificationId: Number(r.cid),
    versionId: Number(r.vid),
    eventId: Number(r.eid),
    kind: r.kind,
    actor: r.actor,
    occurredAt,
    periodDays,
  };
}

/**
 * Who took the decision, by staff id: the remediation case the suspension opened, the case whose
 * decision it was, or the staff member (or token owner) named in the event.
 */
async function deciderOf(trx: Transaction<Database>, d: Objectable) {
  const kase = await trx
    .selectFrom('certification_case')
    .select(['id', 'kind', 'reviewed_by_staff_id', 'decided_by_staff_id', 'opened_at', 'decided_at'])
    .where('certification_id', '=', d.certificationId)
    .where((eb) => eb.or([eb('opened_at', '=', d.occurredAt), eb('decided_at', '=', d.occurredAt)]))
    .where('kind', '!=', 'objection')
    .orderBy('id', 'desc')
    .executeTakeFirst();
  const fromCase =
    kase && kase.decided_at?.getTime() === d.occurredAt.getTime()
      ? kase.decided_by_staff_id
      : (kase?.reviewed_by_staff_id ?? null);
  if (fromCase !== null && fromCase !== undefined) return { caseId: kase!.id, staffId: fromCase };
  const token = d.actor.startsWith('token:') ? d.actor.slice('token:'.length) : null;
  const staff = token
    ? await trx.selectFrom('api_token').select('owner_id as id').where('name', '=', token).executeTakeFirst()
    : await trx
        .selectFrom('staff_user')
        .select('id')
        .where(sql`lower(email)`, '=', d.actor.toLowerCase())
        .executeTakeFirst();
  return { caseId: kase?.id ?? null, staffId: staff?.id ?? null };
}

/**
 * A member objects to a suspension or revocation, with reasons (files go with the case as
 * evidence of purpose `objection`). The case starts `submitted` and remembers who took the
 * decision, so that person cannot decide the objection.
 */
export async function openObjection(
  db: Kysely<Database>,
  publicId: string,
  input: { actor: CaseActor; organisationId: number; reasons: string; now: Date },
): Promise<{ caseId: number }> {
  const reasons = input.reasons.trim();
  if (!reasons) throw new ValidationError('reasons', 'An objection needs reasons.');
  if (reasons.length > 8000)
    throw new ValidationError('reasons', 'The reasons are longer than 8,000 characters.');
  return inTransaction(db, async (trx) => {
    const cert = await trx
      .selectFrom('certification')
      .select(['id', 'scheme_version_id'])
      .where('public_id', '=', publicId)
      .where('organisation_id', '=', input.organisationId)
      .forUpdate()
      .executeTakeFirst();
    if (!cert) throw new NotFoundError('certification', publicId);
    const decision = await objectableDecision(trx, publicId, input.organisationId, input.now);
    const already =
      decision &&
      (await trx
        .selectFrom('certification_case')
        .select('id')
        .where('objected_event_id', '=', decision.eventId)
        .executeTakeFirst());
    if (!decision || already) {
      const days = decision?.periodDays ?? DEFAULT_OBJECTION_PERIOD_DAYS;
      throw new KeurmerkError('objection_not_open', undefined, { days });
    }
    const decider = await deciderOf(trx, decision);
    const row = await trx
      .insertInto('certification_case')
      .values({
        certification_id: cert.id,
        kind: 'objection',
        stage: 'submitted',
        scheme_version_id: cert.scheme_version_id,
        opened_by: input.actor.name,
        opened_at: input.now,
        updated_at: input.now,
        submitted_at: input.now,
        objection: reasons,
        objected_event_id: decision.eventId,
        objected_case_id: decider.caseId,
        objected_decision_staff_id: decider.staffId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return { caseId: row.id };
  });
}
