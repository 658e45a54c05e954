import { TOKEN_CHECKS, type CheckName, type VerificationCheck } from './checks.ts';
import type { Status } from '../../db/certification/lifecycle.ts';

export const VERDICTS = ['valid', 'invalid', 'revoked', 'suspended', 'expired', 'not_yet_valid'] as const;
/** The one-word answer of every verification, in the API, the CLI and the verify pages. */
export type Verdict = (typeof VERDICTS)[number];

/** Checks that prove the token is ours and intact. Failing one means `invalid`, whatever else is true. */
export const INTEGRITY_CHECKS: ReadonlySet<CheckName> = new Set<CheckName>([
  ...TOKEN_CHECKS,
  'badge_subject',
]);

// Stricter verdicts win: a forged token is invalid even when it also says it expired.
const SEVERITY: Readonly<Record<Verdict, number>> = {
  valid: 0,
  not_yet_valid: 1,
  expired: 2,
  suspended: 3,
  revoked: 4,
  invalid: 5,
};

export interface VerdictFacts {
  checks: readonly VerificationCheck[];
  now: Date;
  /** `nbf`/`exp` of a payload whose signature verified (seconds since the epoch). */
  period?: { nbf: unknown; exp: unknown };
  /** True when the credential's status-list bit is set; undefined when the list could not be read. */
  statusBitSet?: boolean;
  /**
   * The registry's effective status of the certification now. Undefined offline (not asked);
   * null when the registry does not know the credential.
   */
  registryStatus?: Status | null;
}

function periodVerdict(period: VerdictFacts['period'], now: Date): Verdict {
  const nowSeconds = now.getTime() / 1000;
  if (typeof period?.nbf === 'number' && period.nbf > nowSeconds) return 'not_yet_valid';
  if (typeof period?.exp === 'number' && period.exp <= nowSeconds) return 'expired';
  // A failed validity check we cannot explain (missing claims) proves nothing: not valid.
  return 'invalid';
}

/** What one failed check means for the verdict. */
function verdictOf(check: VerificationCheck, facts: VerdictFacts): Verdict {
  if (INTEGRITY_CHECKS.has(check.name)) return 'invalid';
  switch (check.name) {
    case 'validity_period':
      return periodVerdict(facts.period, facts.now);
    case 'status_list':
      // A set bit is final; while the registry says "suspended" the same bit means suspended.
      if (facts.statusBitSet !== true) return 'invalid';
      return facts.registryStatus === 'suspended' ? 'suspended' : 'revoked';
    case 'registry_status':
      if (facts.registryStatus === 'revoked' || facts.registryStatus === 'suspended') {
        return facts.registryStatus;
      }
      return facts.registryStatus === 'expired' ? 'expired' : 'invalid';
    default:
      // A check this module does not know failed: never turn that into "valid".
      return 'invalid';
  }
}

/**
 * Maps the checks of a verification to one verdict. `valid` only when every check passed.
 * Integrity failures are `invalid`; a past `exp` is `expired`, a future `nbf` `not_yet_valid`;
 * a set status bit is `revoked` (or `suspended` while the registry says so); the registry's
 * current status overrides wherever it is stricter. Reasons are the details of the failed checks.
 */
export function decideVerdict(facts: VerdictFacts): { verdict: Verdict; reasons: string[] } {
  const failed = facts.checks.filter((check) => !check.ok);
  if (failed.length === 0) {
    // No checks at all proves nothing.
    return facts.checks.length > 0
      ? { verdict: 'valid', reasons: [] }
      : { verdict: 'invalid', reasons: ['Nothing was checked.'] };
  }
  let verdict: Verdict = 'valid';
  for (const check of failed) {
    const candidate = verdictOf(check, facts);
    if (SEVERITY[candidate] > SEVERITY[verdict]) verdict = candidate;
  }
  return { verdict, reasons: failed.map((check) => `${check.name}: ${check.detail}`) };
}

/** The verdict the registry's status alone gives (the live view of a certification, no token). */
export function verdictOfStatus(status: Status): Verdict {
  switch (status) {
    case 'active':
      return 'valid';
    case 'suspended':
    case 'revoked':
    case 'expired':
      return status;
    case 'pending':
    case 'refused':
      return 'invalid';
  }
}
