import type { Kysely } from 'kysely';
import { runStatements } from './run-statements.ts';

// The certification workflow (issue 18): every "meets the promise" rests on a case.
//
// certification.status gains `refused`, a final state of an application; like `pending` it is
// private (the public reads filter both out).
//
// certification_case: one application, renewal, remediation or objection of one certification,
// against one scheme version. Its stage moves by the pure rules of db/workflow/stages.ts; at most
// one open case of a kind per certification (the partial unique index), so two tabs cannot open
// two renewals. Staff are recorded by id as well as by name because the four-eyes rules compare
// people, not display strings: the reviewer may not grant `reviewed`/`audited`, and an objection
// is decided by someone other than who took the decision objected to.
//
// case_answer: the member's self-assessment, one row per criterion of the case's version.
// case_review: the assessor's verdict per criterion: accepted, or a finding (mandatory blocks a
// grant, recommended does not). A remediation case carries the suspension's findings here too.
// case_evidence: the files behind answers, corrective actions, audit reports and objections, kept
// in the database (with their SHA-256) so every instance and every backup has them.

export async function up(db: Kysely<any>): Promise<void> {
  await runStatements(
    db,
    String.raw`
    alter table certification drop constraint certification_status_check;
    alter table certification add constraint certification_status_check
      check (status in ('pending', 'active', 'suspended', 'revoked', 'refused'));

    create table certification_case (
      id integer generated always as identity primary key,
      certification_id integer not null references certification(id) on delete cascade,
      kind text not null check (kind in ('application', 'renewal', 'remediation', 'objection')),
      stage text not null check (stage in ('draft', 'submitted', 'in_review', 'changes_requested', 'decided', 'withdrawn')),
      scheme_version_id integer not null references scheme_version(id),
      opened_by text not null,
      opened_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      submitted_at timestamptz,
      due_at timestamptz,
      reviewed_by text,
      reviewed_by_staff_id integer references staff_user(id),
      reviewed_at timestamptz,
      decided_by text,
      decided_by_staff_id integer references staff_user(id),
      decided_at timestamptz,
      outcome text check (outcome in ('granted', 'refused', 'reinstated', 'revoked', 'upheld', 'rejected')),
      assurance_level text check (assurance_level in ('self_declared', 'reviewed', 'audited')),
      reasons text,
      objected_case_id integer references certification_case(id),
      objected_event_id integer references certification_event(id),
      objected_decision_staff_id integer references staff_user(id),
      check ((stage = 'decided') = (outcome is not null)),
      check (kind = 'objection' or objected_event_id is null)
    );
    create unique index certification_case_one_open on certification_case (certification_id, kind)
      where stage not in ('decided', 'withdrawn');
    create index certification_case_queue on certification_case (stage, updated_at)
      where stage not in ('decided', 'withdrawn');
    create index certification_case_cert on certification_case (certification_id, id);

    create table case_answer (
      case_id integer not null references certification_case(id) on delete cascade,
      criterion_id integer not null references criterion(id),
      answer text not null check (answer in ('met', 'not_met', 'not_applicable')),
      explanation text check (explanation is null or length(explanation) <= 8000),
      updated_by text not null,
      updated_at timestamptz not null default now(),
      primary key (case_id, criterion_id)
    );

    create table case_review (
      case_id integer not null references certification_case(id) on delete cascade,
      criterion_id integer not null references criterion(id),
      verdict text not null check (verdict in ('accepted', 'finding')),
      severity text check (severity in ('mandatory', 'recommended')),
      comment text check (comment is null or length(comment) <= 8000),
      reviewed_by text not null,
      reviewed_by_staff_id integer references staff_user(id),
      reviewed_at timestamptz not null default now(),
      primary key (case_id, criterion_id),
      check ((verdict = 'finding') = (severity is not null)),
      check (verdict = 'accepted' or length(coalesce(comment, '')) > 0)
    );

    create table case_evidence (
      id integer generated always as identity primary key,
      case_id integer not null references certification_case(id) on delete cascade,
      criterion_id integer references criterion(id),
      purpose text not null check (purpose in ('answer', 'corrective', 'audit_report', 'objection')),
      file_name text not null check (length(file_name) between 1 and 200),
      media_type text not null check (media_type in ('application/pdf', 'image/png', 'image/jpeg')),
      size_bytes integer not null check (size_bytes > 0 and size_bytes <= 10485760),
      sha256 text not null check (sha256 ~ '^[0-9a-f]{64}$'),
      content bytea not null,
      uploaded_by text not null,
      uploaded_at timestamptz not null default now(),
      check (octet_length(content) = size_bytes)
    );
    create index case_evidence_case on case_evidence (case_id, id);
    `,
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  await runStatements(
    db,
    `drop table case_evidence, case_review, case_answer, certification_case;
    alter table certification drop constraint certification_status_check;
    alter table certification add constraint certification_status_check
      check (status in ('pending', 'active', 'suspended', 'revoked'));`,
  );
}
