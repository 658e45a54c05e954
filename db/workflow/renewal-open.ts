import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../schema/database.ts';
import { inTransaction } from '../platform/transaction.ts';

/** A renewal opens this many days before the certification's valid_until (issue 18). */
export const RENEWAL_LEAD_DAYS = 60;
/** Who opens renewals: the job, not a person. */
export const RENEWAL_OPENER = 'system:renewals';

export interface OpenedRenewal {
  caseId: number;
  certificationId: number;
  publicId: string;
  organisationId: number;
  validUntil: Date;
  /** Answers carried over from the last assessment, by criterion code. */
  prefilled: number;
}

/**
 * Active certifications whose period ends within the lead and that have no renewal case for this
 * period yet (one withdrawn or decided this period counts: a renewal is opened once per period).
 */
async function dueCertifications(db: Kysely<Database>, now: Date, onlyId?: number) {
  const horizon = new Date(now.getTime() + RENEWAL_LEAD_DAYS * 86_400_000);
  const { rows } = await sql<{ id: number }>`
    select c.id from certification c
    where c.status = 'active' and c.grace_from is null
      and (${onlyId ?? null}::int is null or c.id = ${onlyId ?? null}::int)
      and c.valid_until > ${now} and c.valid_until <= ${horizon}
      and not exists (select 1 from certification_case k
                      where k.certification_id = c.id and k.kind = 'renewal'
                        and (k.stage not in ('decided', 'withdrawn') or k.opened_at >= c.valid_from))
    order by c.valid_until, c.id`.execute(db);
  return rows.map((r) => Number(r.id));
}

/**
 * Last period's answers onto the current version's criteria, matched by criterion code: a
 * criterion that is new in this version starts unanswered. The source is the certification's
 * recorded assessment (what was granted on), so certifications granted before cases existed
 * are prefilled too.
 */
async function prefillAnswers(
  trx: Transaction<Database>,
  caseId: number,
  certificationId: number,
  versionId: number,
  now: Date,
): Promise<number> {
  const { rows } = await sql<{ criterion_id: number; result: string; note: string | null }>`
    select cur.id as criterion_id, a.result, a.note
    from assessment a
    join criterion old on old.id = a.criterion_id
    join criterion cur on cur.scheme_version_id = ${versionId} and cur.code = old.code
    where a.certification_id = ${certificationId}
      and a.id = (select max(b.id) from assessment b
                  join criterion bc on bc.id = b.criterion_id
                  where b.certification_id = a.certification_id and bc.code = old.code)`.execute(trx);
  if (rows.length === 0) return 0;
  await trx
    .insertInto('case_answer')
    .values(
      rows.map((r) => ({
        case_id: caseId,
        criterion_id: Number(r.criterion_id),
        answer: r.result as 'met' | 'not_met' | 'not_applicable',
        explanation: r.note,
        updated_by: RENEWAL_OPENER,
        updated_at: now,
      })),
    )
    .execute();
  return rows.length;
}

/**
 * Opens a renewal case for every active certification whose period ends within
 * {@link RENEWAL_LEAD_DAYS}, against the scheme's current version, last period's answers
 * prefilled; one short transaction each, re-checked under the certification's row lock, so a
 * second run (or instance) opens nothing twice. Returns what it opened.
 */
export async function openDueRenewals(db: Kysely<Database>, now: Date): Promise<OpenedRenewal[]> {
  const opened: OpenedRenewal[] = [];
  for (const id of await dueCertifications(db, now)) {
    const one = await inTransaction(db, async (trx) => {
      const cert = await trx
        .selectFrom('certification as c')
        .innerJoin('scheme as s', 's.id', 'c.scheme_id')
        .select(['c.id', 'c.public_id', 'c.organisation_id', 'c.valid_until', 's.current_version_id'])
        .where('c.id', '=', id)
        .forUpdate()
        .executeTakeFirst();
      if (!cert?.valid_until || cert.current_version_id === null) return undefined;
      if ((await dueCertifications(trx, now, id)).length === 0) return undefined;
      const row = await trx
        .insertInto('certification_case')
        .values({
          certification_id: id,
          kind: 'renewal',
          stage: 'draft',
          scheme_version_id: cert.current_version_id,
          opened_by: RENEWAL_OPENER,
          opened_at: now,
          updated_at: now,
          due_at: cert.valid_until,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const prefilled = await prefillAnswers(trx, row.id, id, cert.current_version_id, now);
      return {
        caseId: row.id,
        certificationId: id,
        publicId: cert.public_id,
        organisationId: cert.organisation_id,
        validUntil: cert.valid_until,
        prefilled,
      };
    });
    if (one) opened.push(one);
  }
  return opened;
}

/** The open renewal case of a certification, if any (the reminders link to it). */
export async function openRenewalCase(
  db: Kysely<Database>,
  certificationId: number,
): Promise<{ id: number; stage: string } | undefined> {
  return db
    .selectFrom('certification_case')
    .select(['id', 'stage'])
    .where('certification_id', '=', certificationId)
    .where('kind', '=', 'renewal')
    .where('stage', 'not in', ['decided', 'withdrawn'])
    .executeTakeFirst();
}
