import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema/database.ts';
import type { ChangeHook } from '../certification/transitions.ts';
import { appendEvent } from '../certification/event-chain.ts';
import { appendEventEntries } from '../log/certification-entries.ts';
import { announceCertifications } from '../certification/announce.ts';
import { inTransaction } from '../platform/transaction.ts';
import { formatRegistryDate } from '../values/registry-date.ts';
import { RENEWAL_OPENER } from './renewal-open.ts';

/**
 * The grace period begins this long before valid_until, so the job (run every few minutes) never
 * leaves a gap in which a renewal under review shows as expired. The event records when it ran.
 */
export const GRACE_LEAD_MS = 3600_000;
const DAY_MS = 86_400_000;

export interface StartedGrace {
  publicId: string;
  graceFrom: Date;
  validUntil: Date;
}

/**
 * Active certifications at (or just before) the end of their period with a renewal submitted in
 * time and not decided: the renewal is under review, so the scheme version's grace period applies.
 * A grace period whose whole length already passed (the job did not run) is not started late.
 */
async function dueForGrace(db: Kysely<Database>, now: Date, onlyId?: number) {
  const { rows } = await sql<{ id: number; grace_days: number }>`
    select c.id, (v.definition->>'renewalGraceDays')::int as grace_days
    from certification c
    join scheme_version v on v.id = c.scheme_version_id
    where c.status = 'active' and c.grace_from is null
      and (${onlyId ?? null}::int is null or c.id = ${onlyId ?? null}::int)
      and c.valid_until <= ${new Date(now.getTime() + GRACE_LEAD_MS)}
      and c.valid_until + make_interval(days => (v.definition->>'renewalGraceDays')::int) > ${now}
      and exists (select 1 from certification_case k
                  where k.certification_id = c.id and k.kind = 'renewal'
                    and k.stage in ('submitted', 'in_review', 'changes_requested')
                    and k.submitted_at is not null and k.submitted_at <= c.valid_until)
    order by c.valid_until, c.id`.execute(db);
  return rows.map((r) => ({ id: Number(r.id), graceDays: Number(r.grace_days) }));
}

/**
 * Starts the grace period of every certification whose renewal is under review at valid_until:
 * valid_until moves to the end of the grace period (grace_from keeps the end of the regular
 * one), a `renewal_under_review` event joins the hash chain and the transparency log, and the
 * hooks issue a credential valid to the new end, all in one transaction per certification. A
 * decision on the renewal starts a new period (clearing grace_from); none by the new end and the
 * certification expires as any other. Idempotent.
 */
export async function startGracePeriods(
  db: Kysely<Database>,
  now: Date,
  hooks: readonly ChangeHook[] | (() => Promise<readonly ChangeHook[]>) = [],
): Promise<StartedGrace[]> {
  const started: StartedGrace[] = [];
  const due = await dueForGrace(db, now);
  // Hooks may be costly to build (a key store): only when something is due.
  const changeHooks = due.length === 0 ? [] : typeof hooks === 'function' ? await hooks() : hooks;
  for (const { id } of due) {
    const one = await inTransaction(db, async (trx) => {
      const before = await trx
        .selectFrom('certification')
        .selectAll()
        .where('id', '=', id)
        .forUpdate()
        .executeTakeFirstOrThrow();
      const still = (await dueForGrace(trx, now, id))[0];
      if (!still || !before.valid_until) return undefined;
      const graceFrom = before.valid_until;
      const validUntil = new Date(graceFrom.getTime() + still.graceDays * DAY_MS);
      const after = await trx
        .updateTable('certification')
        .set({ grace_from: graceFrom, valid_until: validUntil, version: sql`version + 1`, updated_at: now })
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow();
      const event = await appendEvent(trx, {
        certification_id: id,
        kind: 'renewal_under_review',
        from_status: 'active',
        to_status: 'active',
        actor: RENEWAL_OPENER,
        // Reasons are public history, written in the registry's default language.
        reason: `Verlenging ingediend en in behandeling: geldig tot ${formatRegistryDate('nl-NL', validUntil, 'long')} (respijttermijn van ${still.graceDays} dagen).`,
        occurred_at: now,
      });
      for (const hook of changeHooks) await hook(trx, { action: 'grace', before, after, event, now });
      await appendEventEntries(trx, [event.id]);
      await announceCertifications(trx, [after.public_id]);
      return { publicId: after.public_id, graceFrom, validUntil };
    });
    if (one) started.push(one);
  }
  return started;
}

/** True while a certification is valid only because its renewal is under review. */
export function inGracePeriod(
  row: { grace_from: Date | null; valid_until: Date | null },
  now: Date,
): boolean {
  return (
    row.grace_from !== null && row.grace_from <= now && row.valid_until !== null && row.valid_until > now
  );
}
