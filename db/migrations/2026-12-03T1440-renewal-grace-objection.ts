import type { Kysely } from 'kysely';
import { runStatements } from './run-statements.ts';

// Issue 18, renewal grace and objections (wf-after).
//
// certification.grace_from: set while a renewal that was submitted in time is still under review
// when the period ends. It holds the end of the regular period, and valid_until then holds the end
// of the scheme version's grace period. Moving valid_until (rather than adding a second end date)
// keeps every existing reader honest at once: derived expiry, search filters, open data, credential
// re-issue and the expiry log all read valid_until, and the grace credential is valid exactly that
// long. A renewal's new period clears it.
//
// Two new event kinds in the hash chain, both public: `renewal_under_review` (the grace period
// began; status stays active) and `reinstated_after_objection` (an upheld objection brings a
// suspended or revoked certification back, with a new credential). The list keeps `refused`
// (issue 18's refusal, written by the application workflow) so either order of merging works.
//
// certification_case.objection: the member's own reasons for an objection, kept apart from
// `reasons` (the decision's), so deciding never overwrites what the member wrote.

const OLD_KINDS = `'created', 'granted', 'renewed', 'suspended', 'reinstated', 'revoked'`;
const NEW_KINDS = `${OLD_KINDS}, 'refused', 'renewal_under_review', 'reinstated_after_objection'`;

export async function up(db: Kysely<any>): Promise<void> {
  await runStatements(
    db,
    `alter table certification add column grace_from timestamptz;
    alter table certification add constraint certification_grace_check
      check (grace_from is null or (valid_until is not null and grace_from < valid_until));
    alter table certification_event drop constraint certification_event_kind_check;
    alter table certification_event add constraint certification_event_kind_check
      check (kind in (${NEW_KINDS}));
    alter table certification_case add column objection text
      check (objection is null or length(objection) between 1 and 8000);`,
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  // Events of the new kinds are hash-chained history: a down over them fails on the constraint
  // rather than deleting them.
  await runStatements(
    db,
    `alter table certification_case drop column objection;
    alter table certification_event drop constraint certification_event_kind_check;
    alter table certification_event add constraint certification_event_kind_check
      check (kind in (${OLD_KINDS}, 'refused'));
    alter table certification drop constraint certification_grace_check;
    alter table certification drop column grace_from;`,
  );
}
