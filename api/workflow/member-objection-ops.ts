import type { Input, Operation, RunContext } from '../admin/perform.ts';
import { KeurmerkError, NotFoundError } from '../../db/errors.ts';
import { openObjection } from '../../db/workflow/objection-open.ts';
import {
  objectionWindow,
  type ObjectableKind,
  type ObjectionWindow,
} from '../../db/workflow/objection-window.ts';
import { caseActor } from './case-input.ts';
import { organisationId, ownCase } from './member-case-ops.ts';

/**
 * The member's objections (issue 18): against a suspension or revocation, named by the
 * certification's public id, and against the refusal of an application, named by the refused
 * application's case. Any member of the organisation (owner or editor) may object, as any member
 * works on its cases; `perform` has checked the membership and audits each attempt.
 */

/** Decisions objected to from the certification page; a refusal is objected to from its case. */
const CERTIFICATION_KINDS: readonly ObjectableKind[] = ['suspended', 'revoked'];
const REFUSAL_KINDS: readonly ObjectableKind[] = ['refused'];

interface Subject {
  publicId: string;
  kinds: readonly ObjectableKind[];
}

/** The certification of the organisation named by `publicId` (another organisation's: 404). */
async function certificationSubject(ctx: RunContext, input: Input): Promise<Subject> {
  const publicId = typeof input['publicId'] === 'string' ? input['publicId'].slice(0, 40) : '';
  const cert = await ctx.deps.database.db
    .selectFrom('certification')
    .select('public_id')
    .where('public_id', '=', publicId)
    .where('organisation_id', '=', organisationId(ctx, input))
    .executeTakeFirst();
  if (!cert) throw new NotFoundError('certification', publicId);
  return { publicId: cert.public_id, kinds: CERTIFICATION_KINDS };
}

/** The application case named by `id`: only an application's refusal is objected to from a case. */
async function refusalSubject(ctx: RunContext, input: Input): Promise<Subject> {
  const detail = await ownCase(ctx, input);
  if (detail.case.kind !== 'application') throw new KeurmerkError('case_not_found');
  return { publicId: detail.certification.publicId, kinds: REFUSAL_KINDS };
}

export interface ObjectionWindowView {
  window: ObjectionWindow['state'];
  /** The decision objected to, when there is one. */
  kind: ObjectableKind | null;
  decidedAt: string | null;
  until: string | null;
  periodDays: number | null;
  /** The objection already made against this decision. */
  caseId: number | null;
}

function view(w: ObjectionWindow): ObjectionWindowView {
  if (w.state === 'none')
    return { window: 'none', kind: null, decidedAt: null, until: null, periodDays: null, caseId: null };
  return {
    window: w.state,
    kind: w.decision.kind,
    decidedAt: w.decision.occurredAt.toISOString(),
    until: w.decision.until.toISOString(),
    periodDays: w.decision.periodDays,
    caseId: w.state === 'objected' ? w.caseId : null,
  };
}

function windowOp(name: string, subject: (ctx: RunContext, input: Input) => Promise<Subject>) {
  const op: Operation<ObjectionWindowView> = {
    name,
    permission: 'organisation.view',
    write: false,
    async run(ctx, input) {
      const s = await subject(ctx, input);
      const db = ctx.deps.database.db;
      return view(await objectionWindow(db, s.publicId, organisationId(ctx, input), ctx.deps.now(), s.kinds));
    },
  };
  return op;
}

function openOp(name: string, subject: (ctx: RunContext, input: Input) => Promise<Subject>) {
  const op: Operation<{ caseId: number }> = {
    name,
    permission: 'organisation.view',
    write: true,
    async run(ctx, input) {
      const s = await subject(ctx, input);
      return openObjection(ctx.deps.database.db, s.publicId, {
        actor: caseActor(ctx.principal),
        organisationId: organisationId(ctx, input),
        reasons: typeof input['reasons'] === 'string' ? input['reasons'].normalize('NFC') : '',
        now: ctx.deps.now(),
        kinds: s.kinds,
      });
    },
    target: (input) =>
      input['publicId'] !== undefined
        ? String(input['publicId']).slice(0, 40)
        : `case:${String(input['id'] ?? '').slice(0, 40)}`,
    // The length only: the reasons are the member's words, kept on the case, not in the audit log.
    detail: (input, result) => ({
      reasonsLength: typeof input['reasons'] === 'string' ? input['reasons'].length : 0,
      ...(result ? { objectionCase: result.caseId } : {}),
    }),
  };
  return op;
}

/** Whether the member may object to the certification's suspension or revocation now. */
export const certificationObjectionWindowOp = windowOp('member.objection.window', certificationSubject);
/** Whether the member may object to the refusal of the application of a case now. */
export const refusalObjectionWindowOp = windowOp('member.objection.refusal_window', refusalSubject);

/** Objects to a suspension or revocation: `{organisation, publicId, reasons}`. */
export const objectToCertificationOp = openOp('member.objection.open', certificationSubject);
/** Objects to the refusal of an application: `{organisation, id (the application case), reasons}`. */
export const objectToRefusalOp = openOp('member.objection.open_refusal', refusalSubject);
