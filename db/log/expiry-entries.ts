import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema/database.ts';
import type { AssuranceLevel } from '../vocabulary.ts';
import { inTransaction } from '../platform/transaction.ts';
import { appendLogEntries } from './append-many.ts';
import { certificationFacts } from './entry-facts.ts';

interface ExpiredRow {
  certification_id: number;
  public_id: string;
  slug: string;
  scheme_slug: string;
  assurance_level: AssuranceLevel;
  valid_from: Date | null;
  valid_until: Date;
}

/**
 * Records in the transparency log every expiry the public change log shows by `now` (a
 * certification stored active or suspended whose valid_until has passed) and has not recorded
 * yet: one `certification_expired` entry per validity period, however often or on however many
 * instances this runs. Expiry itself stays derived on read; this only writes it down.
 */
export async function recordExpiries(db: Kysely<Database>, now: Date, batchSize = 1_000): Promise<number> {
  let recorded = 0;
  for (;;) {
    const done = await inTransaction(db, async (trx) => {
      // Claiming the period in log_expiry first makes the entry once-only: a concurrent run's
      // insert of the same key waits for this transaction and then does nothing.
      const { rows } = await sql<ExpiredRow>`
        with due as (
          select c.id from certification c
          where c.status in ('active', 'suspended') and c.valid_until <= ${now}
            and not exists (select 1 from log_expiry x where x.certification_id = c.id and x.valid_until = c.valid_until)
          order by c.valid_until, c.id
          limit ${batchSize}
        ), claimed as (
          insert into log_expiry (certification_id, valid_until, logged_at)
          select c.id, c.valid_until, ${now} from certification c join due on due.id = c.id
          on conflict do nothing
          returning certification_id, valid_until
        )
        select c.id as certification_id, c.public_id, o.slug, s.slug as scheme_slug, c.assurance_level,
               c.valid_from, claimed.valid_until
        from claimed
        join certification c on c.id = claimed.certification_id
        join organisation o on o.id = c.organisation_id
        join scheme s on s.id = c.scheme_id
        order by claimed.valid_until, c.id`.execute(trx);
      await appendLogEntries(
        trx,
        rows.map((r) => ({
          subject: r.public_id,
          facts: certificationFacts({
            kind: 'expired',
            at: new Date(r.valid_until),
            publicId: r.public_id,
            organisationSlug: r.slug,
            schemeSlug: r.scheme_slug,
            status: 'expired',
            reason: null,
            standing: {
              assuranceLevel: r.assurance_level,
              validFrom: r.valid_from && new Date(r.valid_from),
              validUntil: new Date(r.valid_until),
            },
          }),
        })),
      );
      return rows.length;
    });
    recorded += done;
    if (done < batchSize) return recorded;
  }
}
