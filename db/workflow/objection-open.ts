import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../schema/database.ts';
import { KeurmerkError, NotFoundError, ValidationError } from '../errors.ts';
import { inTransaction } from '../platform/transaction.ts';
import { DEFAULT_OBJECTION_PERIOD_DAYS } from '../scheme/definition.ts';
import type { CaseActor } from './case-actor.ts';
import {
  OBJECTABLE_KINDS,
  objectionWindow,
  type Objectable,
  type ObjectableKind,
} from './objection-window.ts';

/**
 * The decision a member of `organisationId` may object to now: the certification's latest event,
 * when it is a refusal, suspension or revocation that is still its state and within the scheme
 * version's objection period, and not objected to yet. Undefined otherwise.
 */
export async function objectableDecision(
  db: Kysely<Database>,
  publicId: string,
  organisationId: number,
  now: Date,
  kinds: readonly ObjectableKind[] = OBJECTABLE_KINDS,
): Promise<Objectable | undefined> {
  const window = await objectionWindow(db, publicId, organisationId, now, kinds);
  return window.state === 'open' ? window.decision : undefined;
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
 * A member objects to a refusal, suspension or revocation (`kinds` narrows which), with reasons
 * (files go with the case as evidence of purpose `objection`). The case starts `submitted` and
 * remembers who took the decision, so that person cannot decide the objection. A second objection
 * to the same decision is `objection_already_open`; a passed period or nothing to object to is
 * `objection_not_open`.
 */
export async function openObjection(
  db: Kysely<Database>,
  publicId: string,
  input: {
    actor: CaseActor;
    organisationId: number;
    reasons: string;
    now: Date;
    kinds?: readonly ObjectableKind[];
  },
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
    const window = await objectionWindow(trx, publicId, input.organisationId, input.now, input.kinds);
    if (window.state === 'objected')
      throw new KeurmerkError('objection_already_open', undefined, { caseId: window.caseId });
    if (window.state !== 'open')
      throw new KeurmerkError('objection_not_open', undefined, {
        days: window.state === 'passed' ? window.decision.periodDays : DEFAULT_OBJECTION_PERIOD_DAYS,
      });
    const decision = window.decision;
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
