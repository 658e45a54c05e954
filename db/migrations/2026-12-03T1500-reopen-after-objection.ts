import type { Kysely } from 'kysely';
import { runStatements } from './run-statements.ts';

// Issue 18, objections to refusals (wf-member). An objection upheld against a refusal returns the
// application to review: the certification goes refused → pending with a new event kind,
// `reopened_after_objection`, in the hash chain but private like the refusal itself (never in the
// change log, the transparency log, open data or the API). Nothing else changes shape: the
// application case goes back to `in_review`, and the objection case (objected_case_id,
// objected_decision_staff_id) names who refused, so that person cannot decide again.

const KINDS = `'created', 'granted', 'renewed', 'suspended', 'reinstated', 'revoked', 'refused',
  'renewal_under_review', 'reinstated_after_objection'`;

export async function up(db: Kysely<any>): Promise<void> {
  await runStatements(
    db,
    `alter table certification_event drop constraint certification_event_kind_check;
    alter table certification_event add constraint certification_event_kind_check
      check (kind in (${KINDS}, 'reopened_after_objection'));`,
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  // Events of the new kind are hash-chained history: a down over them fails on the constraint
  // rather than deleting them.
  await runStatements(
    db,
    `alter table certification_event drop constraint certification_event_kind_check;
    alter table certification_event add constraint certification_event_kind_check
      check (kind in (${KINDS}));`,
  );
}
