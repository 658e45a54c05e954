import { describe, expect, it } from 'vitest';
import {
  answerObstacle,
  grantObstacle,
  needsFourEyes,
  unanswered,
  type GrantFacts,
} from '../../../../db/workflow/decision-rules.ts';

const clean: GrantFacts = {
  level: 'reviewed',
  allowedLevels: ['self_declared', 'reviewed', 'audited'],
  deciderStaffId: 2,
  reviewerStaffIds: [1, 1],
  unreviewed: [],
  mandatoryFindings: [],
  auditReports: 0,
};
const code = (f: Partial<GrantFacts>) => grantObstacle({ ...clean, ...f })?.code ?? null;

describe('workflow decision rules', () => {
  it('ask an explanation for met and not applicable, not for not met', () => {
    expect(answerObstacle('met', null)?.code).toBe('explanation_required');
    expect(answerObstacle('not_applicable', '  ')?.code).toBe('explanation_required');
    expect(answerObstacle('met', 'We train every new employee.')).toBeNull();
    expect(answerObstacle('not_met', null)).toBeNull();
  });

  it('list the criteria still unanswered, in order', () => {
    expect(unanswered(['K-1', 'K-2', 'K-3'], new Set(['K-2']))).toEqual(['K-1', 'K-3']);
    expect(unanswered(['K-1'], new Set(['K-1']))).toEqual([]);
  });

  it('apply four eyes to reviewed and audited only', () => {
    expect(needsFourEyes('self_declared')).toBe(false);
    expect(needsFourEyes('reviewed')).toBe(true);
    expect(needsFourEyes('audited')).toBe(true);
  });

  it('grant when another person reviewed every criterion', () => {
    expect(code({})).toBeNull();
    expect(code({ level: 'audited', auditReports: 1 })).toBeNull();
  });

  it('refuse a level the version does not allow, before anything else', () => {
    expect(code({ allowedLevels: ['self_declared'], mandatoryFindings: ['K-1'] })).toBe(
      'assurance_level_not_allowed',
    );
    expect(grantObstacle({ ...clean, allowedLevels: ['self_declared'] })?.details).toEqual({
      allowed: 'self_declared',
    });
  });

  it('let a mandatory finding block every level', () => {
    expect(code({ level: 'self_declared', mandatoryFindings: ['K-3'] })).toBe('mandatory_finding_open');
    expect(code({ mandatoryFindings: ['K-3'] })).toBe('mandatory_finding_open');
  });

  it('enforce four eyes by staff id', () => {
    expect(code({ deciderStaffId: 1 })).toBe('four_eyes');
    expect(code({ reviewerStaffIds: [1, 2] })).toBe('four_eyes');
    expect(code({ reviewerStaffIds: [null] })).toBe('four_eyes');
    expect(code({ reviewerStaffIds: [] })).toBe('four_eyes');
    expect(code({ deciderStaffId: null })).toBe('four_eyes_no_person');
    expect(code({ level: 'self_declared', deciderStaffId: 1 })).toBeNull();
  });

  it('need every criterion reviewed and, for audited, an audit report', () => {
    expect(code({ unreviewed: ['K-7'] })).toBe('review_incomplete');
    expect(code({ level: 'self_declared', unreviewed: ['K-7'] })).toBeNull();
    expect(code({ level: 'audited' })).toBe('audit_report_missing');
  });
});
