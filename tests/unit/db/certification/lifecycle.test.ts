import { describe, expect, it } from 'vitest';
import {
  CERTIFICATION_STATUSES as STATUSES,
  LIFECYCLE_ACTIONS as ACTIONS,
} from '../../../../db/vocabulary.ts';
import {
  addMonths,
  effectiveStatus,
  planTransition,
  type Action,
  type Status,
} from '../../../../db/certification/lifecycle.ts';

// The lifecycle written out by hand, independent of the rule table in db/certification/lifecycle.ts.
const LEGAL: Record<string, Status | undefined> = {
  'pending:grant': 'active',
  'active:renew': 'active',
  'expired:renew': 'active',
  'active:suspend': 'suspended',
  'suspended:reinstate': 'active',
  'active:revoke': 'revoked',
  'suspended:revoke': 'revoked',
  'expired:revoke': 'revoked',
  'pending:refuse': 'refused',
};

describe('lifecycle rules', () => {
  const pairs = STATUSES.flatMap((from) => ACTIONS.map((action) => [from, action] as [Status, Action]));

  it('covers every status and action', () => {
    expect(pairs).toHaveLength(36);
  });

  it.each(pairs)('%s + %s', (from, action) => {
    const plan = planTransition(from, action);
    const expected = LEGAL[`${from}:${action}`];
    if (expected) expect(plan).toMatchObject({ ok: true, to: expected });
    else expect(plan).toEqual({ ok: false });
  });

  it('revoked is final', () => {
    for (const action of ACTIONS) expect(planTransition('revoked', action).ok).toBe(false);
  });
});

describe('effectiveStatus', () => {
  const now = new Date('2026-06-01T00:00:00Z');
  const past = new Date('2026-05-31T23:59:59Z');
  const future = new Date('2026-06-01T00:00:01Z');
  it.each([
    ['active', future, 'active'],
    ['active', past, 'expired'],
    ['active', now, 'expired'],
    ['suspended', past, 'expired'],
    ['suspended', future, 'suspended'],
    ['revoked', past, 'revoked'],
    ['pending', null, 'pending'],
  ] as const)('%s until %s is %s', (status, validUntil, expected) => {
    expect(effectiveStatus({ status, valid_until: validUntil }, now)).toBe(expected);
  });
});

describe('addMonths', () => {
  it('clamps to the end of shorter months', () => {
    expect(addMonths(new Date('2026-01-31T10:00:00Z'), 1).toISOString()).toBe('2026-02-28T10:00:00.000Z');
    expect(addMonths(new Date('2027-12-31T00:00:00Z'), 2).toISOString()).toBe('2028-02-29T00:00:00.000Z');
    expect(addMonths(new Date('2026-03-15T00:00:00Z'), 12).toISOString()).toBe('2027-03-15T00:00:00.000Z');
  });
});
