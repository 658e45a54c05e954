import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema/database.ts';
import { announceOrganisation, organisationOrThrow } from './edit.ts';
import { KeurmerkError } from '../errors.ts';
import { CLOSED_STATUSES } from '../certification/one-open.ts';
import { inTransaction } from '../platform/transaction.ts';

export interface MergeResult {
  into: string;
  movedCertifications: string[];
  movedDomains: number;
  movedChannels: number;
}

/**
 * Merges a duplicate organisation into another in one transaction: its domains, contact
 * channels, certifications (with their history) and reports move over, then the duplicate is
 * deleted. Refused when both hold a living certification of the same scheme.
 */
export async function mergeOrganisations(
  db: Kysely<Database>,
  duplicateSlug: string,
  intoSlug: string,
): Promise<MergeResult> {
  if (duplicateSlug === intoSlug)
    throw new KeurmerkError('merge_self', 'An organisation cannot be merged into itself.');
  return inTransaction(db, async (trx) => {
    const from = await organisationOrThrow(trx, duplicateSlug);
    const into = await organisationOrThrow(trx, intoSlug);
    // Lock both rows in id order, so two opposite merges cannot deadlock or both succeed.
    await trx
      .selectFrom('organisation')
      .select('id')
      .where('id', 'in', [from.id, into.id])
      .orderBy('id')
      .forUpdate()
      .execute();
    const clash = await sql<{ scheme_id: number }>`
      select a.scheme_id from certification a join certification b on a.scheme_id = b.scheme_id
      where a.organisation_id = ${from.id} and b.organisation_id = ${into.id}
        and a.status not in (${sql.join(CLOSED_STATUSES)}) and b.status not in (${sql.join(CLOSED_STATUSES)})
      limit 1`.execute(trx);
    if (clash.rows.length > 0)
      throw new KeurmerkError(
        'merge_conflict',
        'Both organisations hold a living certification of the same scheme; revoke one first.',
      );
    const domains = await trx
      .updateTable('organisation_domain')
      .set({ organisation_id: into.id })
      .where('organisation_id', '=', from.id)
      .executeTakeFirst();
    const channels = await trx
      .updateTable('contact_channel')
      .set({ organisation_id: into.id })
      .where('organisation_id', '=', from.id)
      .executeTakeFirst();
    const certs = await trx
      .updateTable('certification')
      .set({ organisation_id: into.id, version: sql`version + 1` })
      .where('organisation_id', '=', from.id)
      .returning('public_id')
      .execute();
    // Referer signals are one row per organisation and host: add the duplicate's hits to an existing row.
    await sql`
      update misuse_report t set hits = t.hits + s.hits, first_seen = least(t.first_seen, s.first_seen), last_seen = greatest(t.last_seen, s.last_seen)
      from misuse_report s
      where s.organisation_id = ${from.id} and t.organisation_id = ${into.id}
        and s.source = 'badge_referer' and t.source = 'badge_referer' and s.host = t.host`.execute(trx);
    await sql`
      delete from misuse_report s using misuse_report t
      where s.organisation_id = ${from.id} and t.organisation_id = ${into.id}
        and s.source = 'badge_referer' and t.source = 'badge_referer' and s.host = t.host`.execute(trx);
    await trx
      .updateTable('misuse_report')
      .set({ organisation_id: into.id })
      .where('organisation_id', '=', from.id)
      .execute();
    await trx
      .updateTable('organisation')
      .set({
        trade_names: sql`array(select distinct unnest(trade_names || ${[from.legal_name, ...from.trade_names]}::text[]))`,
      })
      .where('id', '=', into.id)
      .execute();
    await trx.deleteFrom('organisation').where('id', '=', from.id).execute();
    await announceOrganisation(trx, into.id);
    return {
      into: into.slug,
      movedCertifications: certs.map((c) => c.public_id),
      movedDomains: Number(domains.numUpdatedRows),
      movedChannels: Number(channels.numUpdatedRows),
    };
  });
}
