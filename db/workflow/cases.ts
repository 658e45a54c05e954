import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../schema/database.ts';
import type { CertificationCase } from '../schema/certification-case.table.ts';
import type { LocalisedText } from '../schema/common.ts';
import type {
  AssessmentResult,
  CaseKind,
  EventKind,
  FindingSeverity,
  ReviewVerdict,
  StoredStatus,
} from '../vocabulary.ts';
import { KeurmerkError } from '../errors.ts';
import { inTransaction } from '../platform/transaction.ts';
import { FIRST_STAGE, planCaseMove, type CaseMove } from './stages.ts';

/** Who makes a move: the name recorded on the case, and the staff id the four-eyes rules compare. */
export interface CaseActor {
  readonly name: string;
  readonly staffId: number | null;
}

/** The kinds this module opens; remediation and objection cases are opened by their own steps. */
export type AssessedKind = Extract<CaseKind, 'application' | 'renewal'>;

/**
 * Opens an application (of a pending certification) or a renewal (of a granted one) against the
 * scheme's current version. One open case per kind and certification (a partial unique index),
 * so a second one is `case_already_open`.
 */
export async function openCase(
  db: Kysely<Database>,
  input: { certificationId: number; kind: AssessedKind; actor: CaseActor; now: Date },
): Promise<CertificationCase> {
  return inTransaction(db, async (trx) => {
    const cert = await trx
      .selectFrom('certification as c')
      .innerJoin('scheme as s', 's.id', 'c.scheme_id')
      .select(['c.id', 'c.status', 's.current_version_id'])
      .where('c.id', '=', input.certificationId)
      .forUpdate('c')
      .executeTakeFirst();
    if (!cert) throw new KeurmerkError('case_not_found');
    const fits = input.kind === 'application' ? cert.status === 'pending' : cert.status === 'active';
    if (!fits || cert.current_version_id === null)
      throw new KeurmerkError(
        'illegal_case_move',
        `A ${input.kind} cannot be opened for a ${cert.status} certification.`,
      );
    const open = await trx
      .selectFrom('certification_case')
      .select('id')
      .where('certification_id', '=', cert.id)
      .where('kind', '=', input.kind)
      .where('stage', 'not in', ['decided', 'withdrawn'])
      .executeTakeFirst();
    if (open) throw new KeurmerkError('case_already_open', undefined, { caseId: open.id });
    return trx
      .insertInto('certification_case')
      .values({
        certification_id: cert.id,
        kind: input.kind,
        stage: FIRST_STAGE[input.kind],
        scheme_version_id: cert.current_version_id,
        opened_by: input.actor.name,
        opened_at: input.now,
        updated_at: input.now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
  });
}

/** The case, locked for the rest of the transaction, after checking `move` is allowed from its stage. */
export async function lockCaseFor(
  trx: Transaction<Database>,
  caseId: number,
  move: CaseMove,
): Promise<CertificationCase & { to: CertificationCase['stage'] }> {
  const row = await trx
    .selectFrom('certification_case')
    .selectAll()
    .where('id', '=', caseId)
    .forUpdate()
    .executeTakeFirst();
  if (!row) throw new KeurmerkError('case_not_found');
  const plan = planCaseMove(row.kind, row.stage, move);
  if (!plan.ok)
    throw new KeurmerkError('illegal_case_move', `A ${row.kind} case in stage ${row.stage} cannot ${move}.`, {
      move,
      stage: row.stage,
    });
  return { ...row, to: plan.to };
}

export interface CaseCriterion {
  id: number;
  position: number;
  code: string;
  title: LocalisedText;
  description: LocalisedText;
  answer: AssessmentResult | null;
  explanation: string | null;
  verdict: ReviewVerdict | null;
  severity: FindingSeverity | null;
  comment: string | null;
  evidenceFiles: number;
}

export interface CaseDetail {
  case: CertificationCase;
  certification: { id: number; publicId: string; status: StoredStatus; organisationId: number };
  organisation: { slug: string; legalName: string };
  scheme: { slug: string; name: LocalisedText; version: number };
  criteria: CaseCriterion[];
  auditReports: number;
  /** An objection's subject: the kind of the decision objected to (refused, suspended, revoked). */
  objectedKind: EventKind | null;
}

/** Everything the member's and the staff's case pages show: the case, its criteria, answers and reviews. */
export async function caseDetail(db: Kysely<Database>, caseId: number): Promise<CaseDetail | undefined> {
  const head = await db
    .selectFrom('certification_case as k')
    .innerJoin('certification as c', 'c.id', 'k.certification_id')
    .innerJoin('organisation as o', 'o.id', 'c.organisation_id')
    .innerJoin('scheme_version as v', 'v.id', 'k.scheme_version_id')
    .innerJoin('scheme as s', 's.id', 'v.scheme_id')
    .leftJoin('certification_event as oe', 'oe.id', 'k.objected_event_id')
    .selectAll('k')
    .select([
      'oe.kind as objected_kind',
      'c.public_id',
      'c.status as certification_status',
      'c.organisation_id',
      'o.slug as organisation_slug',
      'o.legal_name',
      's.slug as scheme_slug',
      's.name as scheme_name',
      'v.version as scheme_version',
    ])
    .where('k.id', '=', caseId)
    .executeTakeFirst();
  if (!head) return undefined;
  const [criteria, evidence] = await Promise.all([
    db
      .selectFrom('criterion as r')
      .leftJoin('case_answer as a', (j) =>
        j.onRef('a.criterion_id', '=', 'r.id').on('a.case_id', '=', caseId),
      )
      .leftJoin('case_review as w', (j) =>
        j.onRef('w.criterion_id', '=', 'r.id').on('w.case_id', '=', caseId),
      )
      .select([
        'r.id',
        'r.position',
        'r.code',
        'r.title',
        'r.description',
        'a.answer',
        'a.explanation',
        'w.verdict',
        'w.severity',
        'w.comment',
      ])
      .where('r.scheme_version_id', '=', head.scheme_version_id)
      .orderBy('r.position')
      .execute(),
    db
      .selectFrom('case_evidence')
      .select(['criterion_id', 'purpose'])
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('case_id', '=', caseId)
      .groupBy(['criterion_id', 'purpose'])
      .execute(),
  ]);
  const {
    public_id,
    certification_status,
    organisation_id,
    organisation_slug,
    legal_name,
    scheme_slug,
    scheme_name,
    scheme_version,
    objected_kind,
    ...kase
  } = head;
  const files = (criterionId: number) =>
    evidence.filter((e) => e.criterion_id === criterionId).reduce((sum, e) => sum + Number(e.n), 0);
  return {
    case: kase,
    certification: {
      id: kase.certification_id,
      publicId: public_id,
      status: certification_status,
      organisationId: organisation_id,
    },
    organisation: { slug: organisation_slug, legalName: legal_name },
    scheme: { slug: scheme_slug, name: scheme_name, version: scheme_version },
    criteria: criteria.map((r) => ({
      id: r.id,
      position: r.position,
      code: r.code,
      title: r.title,
      description: r.description,
      answer: r.answer,
      explanation: r.explanation,
      verdict: r.verdict,
      severity: r.severity,
      comment: r.comment,
      evidenceFiles: files(r.id),
    })),
    auditReports: evidence
      .filter((e) => e.purpose === 'audit_report')
      .reduce((sum, e) => sum + Number(e.n), 0),
    objectedKind: objected_kind,
  };
}

/** The cases of one organisation's certifications, newest first, for the member portal. */
export function casesOfOrganisation(db: Kysely<Database>, organisationId: number) {
  return db
    .selectFrom('certification_case as k')
    .innerJoin('certification as c', 'c.id', 'k.certification_id')
    .innerJoin('scheme as s', 's.id', 'c.scheme_id')
    .select([
      'k.id',
      'k.kind',
      'k.stage',
      'k.due_at',
      'k.updated_at',
      'k.outcome',
      'c.public_id',
      's.name as scheme_name',
    ])
    .where('c.organisation_id', '=', organisationId)
    .orderBy('k.id', 'desc')
    .execute();
}
