import { describe, expect, it } from 'vitest';
import {
  allowsOutcome,
  CASE_MOVES,
  FIRST_STAGE,
  isClosed,
  planCaseMove,
} from '../../../../db/workflow/stages.ts';
import { CASE_KINDS, CASE_STAGES } from '../../../../db/vocabulary.ts';

describe('workflow stages', () => {
  it('walks an application from draft to a decision, with one round of changes', () => {
    let stage = FIRST_STAGE.application;
    for (const move of [
      'submit',
      'start_review',
      'request_changes',
      'submit',
      'start_review',
      'decide',
    ] as const) {
      const plan = planCaseMove('application', stage, move);
      expect(plan.ok, `${move} from ${stage}`).toBe(true);
      if (plan.ok) stage = plan.to;
    }
    expect(stage).toBe('decided');
  });

  it('lets only staff review and decide, and only members submit and withdraw', () => {
    expect(planCaseMove('renewal', 'draft', 'submit')).toEqual({ ok: true, to: 'submitted', side: 'member' });
    expect(planCaseMove('renewal', 'submitted', 'start_review')).toEqual({
      ok: true,
      to: 'in_review',
      side: 'staff',
    });
    expect(planCaseMove('renewal', 'in_review', 'decide')).toEqual({
      ok: true,
      to: 'decided',
      side: 'staff',
    });
    expect(planCaseMove('renewal', 'changes_requested', 'withdraw')).toEqual({
      ok: true,
      to: 'withdrawn',
      side: 'member',
    });
  });

  it('refuses deciding an application that is not under review, and any move of a closed case', () => {
    expect(planCaseMove('application', 'draft', 'decide').ok).toBe(false);
    expect(planCaseMove('application', 'submitted', 'decide').ok).toBe(false);
    for (const kind of CASE_KINDS) {
      for (const move of CASE_MOVES) {
        // The one exception: a decided application reopens when an objection to its refusal is
        // upheld (db/workflow/objection-reopen.ts checks the outcome was a refusal).
        const reopening = kind === 'application' && move === 'reopen';
        expect(planCaseMove(kind, 'decided', move).ok, `${kind} ${move}`).toBe(reopening);
        expect(planCaseMove(kind, 'withdrawn', move).ok).toBe(false);
      }
    }
  });

  it('lets staff decide a remediation whose member never answered, but never withdraw it', () => {
    expect(FIRST_STAGE.remediation).toBe('changes_requested');
    expect(planCaseMove('remediation', 'changes_requested', 'decide').ok).toBe(true);
    expect(planCaseMove('remediation', 'changes_requested', 'withdraw').ok).toBe(false);
  });

  it('gives an objection no draft and no round of changes', () => {
    expect(FIRST_STAGE.objection).toBe('submitted');
    expect(planCaseMove('objection', 'submitted', 'submit').ok).toBe(false);
    expect(planCaseMove('objection', 'in_review', 'request_changes').ok).toBe(false);
  });

  it('matches outcomes to kinds', () => {
    expect(allowsOutcome('application', 'granted')).toBe(true);
    expect(allowsOutcome('application', 'upheld')).toBe(false);
    expect(allowsOutcome('remediation', 'revoked')).toBe(true);
    expect(allowsOutcome('objection', 'rejected')).toBe(true);
    expect(allowsOutcome('objection', 'granted')).toBe(false);
  });

  it('calls exactly decided and withdrawn closed', () => {
    expect(CASE_STAGES.filter(isClosed)).toEqual(['decided', 'withdrawn']);
  });
});
