import type { CaseKind, CaseOutcome, CaseStage } from '../vocabulary.ts';

/**
 * The workflow's pure rules: which move a case of a kind may make from a stage, and where it
 * lands. One function per move (db/workflow/, later) locks the case, asks `planCaseMove`, writes
 * the new stage and its events in one transaction, like the certification lifecycle.
 *
 *   application, renewal:  draft → submitted → in_review → decided (granted | refused)
 *                          in_review → changes_requested → submitted (the member fixes)
 *                          draft | changes_requested → withdrawn (the member gives up)
 *   remediation:           changes_requested (opened by a suspension, with a deadline)
 *                          → submitted → in_review → decided (reinstated | revoked);
 *                          staff may decide straight from changes_requested once the deadline passed
 *   objection:             submitted → in_review → decided (upheld | rejected)
 *   application, refused:  decided → in_review (reopen), only by an upheld objection to the refusal
 */
export const CASE_MOVES = [
  'submit',
  'start_review',
  'request_changes',
  'decide',
  'withdraw',
  'reopen',
] as const;
export type CaseMove = (typeof CASE_MOVES)[number];

/** Who makes a move: the organisation's members, or the association's staff. */
export type CaseSide = 'member' | 'staff';

interface MoveRule {
  readonly from: readonly CaseStage[];
  readonly to: CaseStage;
  readonly side: CaseSide;
}

const ASSESSED: Readonly<Partial<Record<CaseMove, MoveRule>>> = {
  submit: { from: ['draft', 'changes_requested'], to: 'submitted', side: 'member' },
  start_review: { from: ['submitted'], to: 'in_review', side: 'staff' },
  request_changes: { from: ['in_review'], to: 'changes_requested', side: 'staff' },
  decide: { from: ['in_review'], to: 'decided', side: 'staff' },
  withdraw: { from: ['draft', 'changes_requested'], to: 'withdrawn', side: 'member' },
};

const RULES: Readonly<Record<CaseKind, Readonly<Partial<Record<CaseMove, MoveRule>>>>> = {
  application: { ...ASSESSED, reopen: { from: ['decided'], to: 'in_review', side: 'staff' } },
  renewal: ASSESSED,
  remediation: {
    submit: { from: ['changes_requested'], to: 'submitted', side: 'member' },
    start_review: { from: ['submitted'], to: 'in_review', side: 'staff' },
    request_changes: { from: ['in_review'], to: 'changes_requested', side: 'staff' },
    decide: { from: ['in_review', 'changes_requested'], to: 'decided', side: 'staff' },
  },
  objection: {
    start_review: { from: ['submitted'], to: 'in_review', side: 'staff' },
    decide: { from: ['in_review'], to: 'decided', side: 'staff' },
  },
};

/** The outcomes a decision on a case of each kind may have. */
export const OUTCOMES_BY_KIND: Readonly<Record<CaseKind, readonly CaseOutcome[]>> = {
  application: ['granted', 'refused'],
  renewal: ['granted', 'refused'],
  remediation: ['reinstated', 'revoked'],
  objection: ['upheld', 'rejected'],
};

/** The stage a new case of a kind starts in. */
export const FIRST_STAGE: Readonly<Record<CaseKind, CaseStage>> = {
  application: 'draft',
  renewal: 'draft',
  remediation: 'changes_requested',
  objection: 'submitted',
};

/** Stages in which a case is finished: nothing moves it any more. */
export function isClosed(stage: CaseStage): boolean {
  return stage === 'decided' || stage === 'withdrawn';
}

export type CaseMovePlan = { ok: true; to: CaseStage; side: CaseSide } | { ok: false };

/** May a case of `kind` in `stage` make `move`? Pure; the caller turns `ok: false` into a catalogue error. */
export function planCaseMove(kind: CaseKind, stage: CaseStage, move: CaseMove): CaseMovePlan {
  const rule = RULES[kind][move];
  return rule && rule.from.includes(stage) ? { ok: true, to: rule.to, side: rule.side } : { ok: false };
}

/** May a case of `kind` be decided with `outcome`? */
export function allowsOutcome(kind: CaseKind, outcome: CaseOutcome): boolean {
  return OUTCOMES_BY_KIND[kind].includes(outcome);
}
