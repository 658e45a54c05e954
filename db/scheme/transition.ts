import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../schema/database.ts';
import { inTransaction } from '../platform/transaction.ts';
import { revokeCredentials } from '../certification/credentials.ts';
import { announceCertifications } from '../certification/announce.ts';
import { appendLogEntry } from '../log/append.ts';

/**
 * Certifications among `ids` whose re-assessment against a newer version is under review at
 * `now` keep their validity past the transition date (the renewal rule): an open renewal or
 * application case, submitted by the member, against a version newer than the one the
 * certification rests on (db/workflow/, issue 18).
 */
export async function reassessmentsUnderReview(
  trx: Transaction<Database>,
  ids: readonly number[],
  now: Date,
): Promise<Set<number>> {
  if (ids.length === 0) return new Set();
  const { rows } = await sql<{ id: number }>`
    select distinct c.id from certification c
    join scheme_version basis on basis.id = c.scheme_version_id
    join certification_case k on k.certification_id = c.id
    join scheme_version v on v.id = k.scheme_version_id
    where c.id = any(${ids as number[]}::int[])
      and k.kind in ('renewal', 'application')
      and k.stage in ('submitted', 'in_review', 'changes_requested')
      and k.submitted_at is not null and k.submitted_at <= ${now}
      and v.version > basis.version`.execute(trx);
  return new Set(rows.map((r) => Number(r.id)));
}

interface Due {
  id: number;
  public_id: string;
  scheme_slug: string;
  basis_version: number;
  version: number;
  transition_date: Date;
}

export interface TransitionResult {
  expired: Array<{ publicId: string; scheme: string; basisVersion: number; version: number }>;
  underReview: number;
}

/**
 * At a version's transition date, certifications still resting on an earlier version expire:
 * their validity ends at the transition date (so every reader derives `expired` from
 * valid_until, as for any expiry), the live credential's status bit is set (its own `exp` is
 * later) and the change is announced. Idempotent: a second run at the same `now` finds nothing.
 */
export async function expireUnreassessed(db: Kysely<Database>, now: Date): Promise<TransitionResult> {
  return inTransaction(db, async (trx) => {
    const { rows } = await sql<Due>`
      select c.id, c.public_id, s.slug as scheme_slug, sv.version as basis_version, v.version, v.transition_date
      from scheme_version v
      join scheme s on s.id = v.scheme_id
      join certification c on c.scheme_id = v.scheme_id
      join scheme_version sv on sv.id = c.scheme_version_id
      where v.state = 'published' and v.transition_date <= ${now}
        and sv.version < v.version
        and c.status in ('active', 'suspended')
        and c.valid_until > v.transition_date
      order by c.id, v.transition_date
      for update of c`.execute(trx);
    // With several newer versions the earliest transition date due is the one that applies.
    const due = [...new Map(rows.map((r) => [r.id, r])).values()];
    const spared = await reassessmentsUnderReview(
      trx,
      due.map((r) => r.id),
      now,
    );
    const expiring = due.filter((r) => !spared.has(r.id));
    for (const row of expiring) {
      await trx
        .updateTable('certification')
        .set({ valid_until: row.transition_date, version: sql`version + 1`, updated_at: now })
        .where('id', '=', row.id)
        .execute();
      await revokeCredentials(trx, row.id, now);
      await appendLogEntry(
        trx,
        {
          type: 'certification_expired',
          at: new Date(row.transition_date).toISOString(),
          certification: row.public_id,
          scheme: row.scheme_slug,
          reason: 'not_reassessed',
          basisVersion: row.basis_version,
          version: row.version,
        },
        row.public_id,
      );
    }
    await announceCertifications(
      trx,
      expiring.map((r) => r.public_id),
    );
    return {
      expired: expiring.map((r) => ({
        publicId: r.public_id,
        scheme: r.scheme_slug,
        basisVersion: r.basis_version,
        version: r.version,
      })),
      underReview: spared.size,
    };
  });
}
