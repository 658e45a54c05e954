import { describe, expect, it } from 'vitest';
import { objectionState, type Objectable } from '../../../../db/workflow/objection-window.ts';
import { planCaseMove } from '../../../../db/workflow/stages.ts';
import { mayChangeEvidence } from '../../../../db/workflow/evidence.ts';
import { planTransition } from '../../../../db/certification/lifecycle.ts';
import { isPublicEvent } from '../../../../db/log/certification-entries.ts';

const decided = new Date('2026-03-01T09:00:00Z');
const decision: Objectable = {
  certificationId: 1,
  versionId: 1,
  eventId: 7,
  kind: 'refused',
  actor: 'staff@keurmerk.test',
  occurredAt: decided,
  periodDays: 42,
  until: new Date(decided.getTime() + 42 * 86_400_000),
};

describe('the objection window', () => {
  it('is open up to the end of the period, passed after it, and an objection made wins', () => {
    expect(objectionState(decision, null, decision.until).state).toBe('open');
    expect(objectionState(decision, null, new Date(decision.until.getTime() + 1)).state).toBe('passed');
    expect(objectionState(decision, 12, decided)).toEqual({ state: 'objected', decision, caseId: 12 });
    expect(objectionState(decision, 12, new Date(decision.until.getTime() + 1)).state).toBe('objected');
    expect(objectionState(undefined, null, decided)).toEqual({ state: 'none' });
  });
});

describe('an upheld objection to a refusal', () => {
  it('moves a refused certification back to pending, privately, and nothing else', () => {
    expect(planTransition('refused', 'reopen_after_objection')).toEqual({
      ok: true,
      to: 'pending',
      event: 'reopened_after_objection',
    });
    for (const from of ['pending', 'active', 'suspended', 'revoked', 'expired'] as const)
      expect(planTransition(from, 'reopen_after_objection').ok, from).toBe(false);
    expect(isPublicEvent('reopened_after_objection')).toBe(false);
  });

  it('reopens only a decided application case, into review', () => {
    expect(planCaseMove('application', 'decided', 'reopen')).toEqual({
      ok: true,
      to: 'in_review',
      side: 'staff',
    });
    expect(planCaseMove('application', 'in_review', 'reopen').ok).toBe(false);
    for (const kind of ['renewal', 'remediation', 'objection'] as const)
      expect(planCaseMove(kind, 'decided', 'reopen').ok, kind).toBe(false);
  });
});

describe('who changes the files of an objection', () => {
  it('the member, while it waits for staff, and only objection files', () => {
    expect(mayChangeEvidence('member', 'submitted', 'objection', 'objection')).toBe(true);
    expect(mayChangeEvidence('member', 'in_review', 'objection', 'objection')).toBe(false);
    expect(mayChangeEvidence('member', 'submitted', 'answer', 'objection')).toBe(false);
    // Other kinds keep their rule: a submitted application is closed to the member.
    expect(mayChangeEvidence('member', 'submitted', 'objection', 'application')).toBe(false);
    expect(mayChangeEvidence('member', 'changes_requested', 'corrective', 'remediation')).toBe(true);
  });
});
