import { describe, expect, it } from 'vitest';
import { decideVerdict, verdictOfStatus, type VerdictFacts } from '../../../../badges/verify/verdict.ts';
import type { CheckName, VerificationCheck } from '../../../../badges/verify/checks.ts';

const NOW = new Date('2026-06-01T12:00:00Z');
const now = NOW.getTime() / 1000;
const NAMES: CheckName[] = [
  'format',
  'algorithm',
  'key',
  'signature',
  'claims',
  'schema',
  'validity_period',
  'status_list',
  'registry_status',
];

/** All checks passing except the named ones. */
function checks(...failing: string[]): VerificationCheck[] {
  return NAMES.map((name) => ({ name, ok: !failing.includes(name), detail: `${name} detail` }));
}
const period = { nbf: now - 86_400, exp: now + 86_400 };

describe('decideVerdict', () => {
  it('is valid only when every check passed', () => {
    expect(
      decideVerdict({ checks: checks(), now: NOW, period, statusBitSet: false, registryStatus: 'active' }),
    ).toEqual({
      verdict: 'valid',
      reasons: [],
    });
    expect(decideVerdict({ checks: [], now: NOW }).verdict).toBe('invalid');
  });

  type Row = [string, Partial<VerdictFacts> & { failing: string[] }, string];
  const table: Row[] = [
    ['bad format', { failing: ['format'] }, 'invalid'],
    ['algorithm not allowed', { failing: ['algorithm'] }, 'invalid'],
    ['unknown key', { failing: ['key'] }, 'invalid'],
    ['bad signature', { failing: ['signature'] }, 'invalid'],
    ['claims mismatch', { failing: ['claims'] }, 'invalid'],
    ['schema', { failing: ['schema'] }, 'invalid'],
    ['badge of another organisation', { failing: ['badge_subject'] }, 'invalid'],
    ['exp past', { failing: ['validity_period'], period: { nbf: now - 100, exp: now - 1 } }, 'expired'],
    ['exp exactly now', { failing: ['validity_period'], period: { nbf: now - 100, exp: now } }, 'expired'],
    [
      'nbf future',
      { failing: ['validity_period'], period: { nbf: now + 1, exp: now + 100 } },
      'not_yet_valid',
    ],
    [
      'validity failed without claims',
      { failing: ['validity_period'], period: { nbf: undefined, exp: undefined } },
      'invalid',
    ],
    ['bit set', { failing: ['status_list'], statusBitSet: true, registryStatus: 'active' }, 'revoked'],
    ['bit set offline', { failing: ['status_list'], statusBitSet: true }, 'revoked'],
    [
      'bit set, registry suspended',
      { failing: ['status_list', 'registry_status'], statusBitSet: true, registryStatus: 'suspended' },
      'suspended',
    ],
    [
      'bit set, registry revoked',
      { failing: ['status_list', 'registry_status'], statusBitSet: true, registryStatus: 'revoked' },
      'revoked',
    ],
    ['status list unreadable', { failing: ['status_list'] }, 'invalid'],
    [
      'registry suspended, bit clear',
      { failing: ['registry_status'], statusBitSet: false, registryStatus: 'suspended' },
      'suspended',
    ],
    [
      'registry revoked, bit clear (superseded credential)',
      { failing: ['registry_status'], statusBitSet: false, registryStatus: 'revoked' },
      'revoked',
    ],
    ['registry expired', { failing: ['registry_status'], registryStatus: 'expired' }, 'expired'],
    ['registry pending', { failing: ['registry_status'], registryStatus: 'pending' }, 'invalid'],
    ['unknown to the registry', { failing: ['registry_status'], registryStatus: null }, 'invalid'],
    [
      'expired and revoked: revoked is stricter',
      { failing: ['validity_period', 'status_list'], period: { nbf: 0, exp: now - 1 }, statusBitSet: true },
      'revoked',
    ],
    [
      'revoked but forged: invalid wins',
      { failing: ['signature', 'status_list'], statusBitSet: true },
      'invalid',
    ],
    [
      'suspended registry overrides an expired token',
      {
        failing: ['validity_period', 'registry_status'],
        period: { nbf: 0, exp: now - 1 },
        registryStatus: 'suspended',
      },
      'suspended',
    ],
    ['a check nobody knows', { failing: ['mystery'] }, 'invalid'],
  ];

  it.each(table.map(([name, facts, verdict]) => ({ name, facts, verdict })))(
    '$name → $verdict',
    ({ facts, verdict }) => {
      const { failing, ...rest } = facts;
      const list =
        failing.includes('badge_subject') || failing.includes('mystery')
          ? // 'mystery' stands for a name from outside the union, as JSON from elsewhere could carry.
            [...checks(), { name: failing[0]! as CheckName, ok: false, detail: 'x' }]
          : checks(...failing);
      const result = decideVerdict({ period, now: NOW, ...rest, checks: list });
      expect(result.verdict).toBe(verdict);
      // Every failed check is named in the reasons.
      for (const name of failing) expect(result.reasons.some((r) => r.startsWith(`${name}:`))).toBe(true);
    },
  );
});

describe('verdictOfStatus', () => {
  it('maps the registry status alone', () => {
    expect(verdictOfStatus('active')).toBe('valid');
    expect(verdictOfStatus('suspended')).toBe('suspended');
    expect(verdictOfStatus('revoked')).toBe('revoked');
    expect(verdictOfStatus('expired')).toBe('expired');
    expect(verdictOfStatus('pending')).toBe('invalid');
  });
});
