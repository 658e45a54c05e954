import type { Action, EventKind, Status, StoredStatus } from '../vocabulary.ts';

/** The status the public sees (the stored one, or `expired` once valid_until has passed) and the actions. */
export type { Action, Status };

/**
 * Moves only the workflow makes (db/workflow/), never offered as a plain staff action: an upheld
 * objection is the one way back from `revoked` (issue 18). Revocation stays final for the old
 * credential; the certification gets a new one.
 */
export type WorkflowAction = 'reinstate_after_objection' | 'reopen_after_objection';
export type AnyAction = Action | WorkflowAction;

interface Rule {
  readonly from: readonly Status[];
  readonly to: StoredStatus;
  readonly event: EventKind;
}

/**
 * The whole lifecycle. pending → active; active ⇄ suspended; active|suspended → revoked (final);
 * an expired certification can be renewed or revoked, nothing else; pending → refused (final). Renewal opens a new validity
 * period on the same public id.
 */
const RULES: Readonly<Record<AnyAction, Rule>> = {
  grant: { from: ['pending'], to: 'active', event: 'granted' },
  renew: { from: ['active', 'expired'], to: 'active', event: 'renewed' },
  suspend: { from: ['active'], to: 'suspended', event: 'suspended' },
  reinstate: { from: ['suspended'], to: 'active', event: 'reinstated' },
  revoke: { from: ['active', 'suspended', 'expired'], to: 'revoked', event: 'revoked' },
  // A refused application is final and private; the organisation may apply again (a new one).
  refuse: { from: ['pending'], to: 'refused', event: 'refused' },
  reinstate_after_objection: {
    from: ['suspended', 'revoked'],
    to: 'active',
    event: 'reinstated_after_objection',
  },
  // An objection upheld against a refusal: the application is pending (and private) again, for a
  // new decision by someone other than who refused it (db/workflow/objection-reopen.ts).
  reopen_after_objection: { from: ['refused'], to: 'pending', event: 'reopened_after_objection' },
};

/** Derives the public status; `expired` is computed here on every read, never stored by a cron. */
export function effectiveStatus(row: { status: StoredStatus; valid_until: Date | null }, now: Date): Status {
  if ((row.status === 'active' || row.status === 'suspended') && row.valid_until && row.valid_until <= now) {
    return 'expired';
  }
  return row.status;
}

export type TransitionPlan = { ok: true; to: StoredStatus; event: EventKind } | { ok: false };

/** Pure rule check: may `action` be applied to a certification whose status is `from`? */
export function planTransition(from: Status, action: AnyAction): TransitionPlan {
  const rule = RULES[action];
  return rule.from.includes(from) ? { ok: true, to: rule.to, event: rule.event } : { ok: false };
}

/** Whether a fresh validity period starts with this action. */
export function startsValidityPeriod(action: AnyAction): boolean {
  return action === 'grant' || action === 'renew';
}

/** Adds whole calendar months, clamping to the month's last day (31 Jan + 1 month = 28/29 Feb). */
export function addMonths(date: Date, months: number): Date {
  const result = new Date(date.getTime());
  const day = result.getUTCDate();
  result.setUTCDate(1);
  result.setUTCMonth(result.getUTCMonth() + months);
  const lastDay = new Date(Date.UTC(result.getUTCFullYear(), result.getUTCMonth() + 1, 0)).getUTCDate();
  result.setUTCDate(Math.min(day, lastDay));
  return result;
}
