import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema/database.ts';
import { effectiveStatus } from '../../db/certification/lifecycle.ts';
import { currentCredential, supersedeCredentials } from '../../db/certification/credentials.ts';
import { announceCertifications } from '../../db/certification/announce.ts';
import { inTransaction } from '../../db/platform/transaction.ts';
import type { Credential } from '../../db/schema/credential.table.ts';
import type { CertificationRow } from '../../db/schema/certification.table.ts';
import { issueCredential, type IssuerContext } from './issuance.ts';

/** Whole seconds, as a credential stores its validity (JWT nbf/exp). */
const seconds = (d: Date) => Math.floor(d.getTime() / 1000) * 1000;

/** Whether `credential` states the certification's current validity period. */
export function matchesPeriod(
  credential: Credential,
  cert: Pick<CertificationRow, 'valid_from' | 'valid_until'>,
): boolean {
  return (
    cert.valid_from !== null &&
    cert.valid_until !== null &&
    credential.valid_from.getTime() === seconds(cert.valid_from) &&
    credential.valid_until.getTime() === seconds(cert.valid_until)
  );
}

/** Whether a badge of an active certification should carry a newly issued credential. */
function needsCredential(credential: Credential | undefined, cert: CertificationRow, kid: string): boolean {
  return credential === undefined || credential.kid !== kid || !matchesPeriod(credential, cert);
}

/** Certifications issued for in one transaction. */
const CHUNK = 50;

/**
 * Issues a credential to every active certification that has none, one signed with a key no
 * longer current, or one of another validity period (demo data, CSV import, a key rotation): the
 * background work that keeps badge requests read-only. Short transactions of up to CHUNK
 * certifications, each re-checked under its row lock, so any number of instances may run it; each
 * issue is announced (NOTIFY) so running servers drop the badge they cached without it. Returns
 * how many it issued.
 */
export async function issueMissingCredentials(
  db: Kysely<Database>,
  issuer: IssuerContext,
  now: Date,
  options: { batchSize?: number; onProgress?: (issued: number, total: number) => void } = {},
): Promise<number> {
  const kid = issuer.keys.current().kid;
  const batchSize = options.batchSize ?? 500;
  const due = sql`
    from certification c
    left join credential k on k.certification_id = c.id and k.superseded_at is null and k.revoked_at is null
    where c.status = 'active' and c.valid_from is not null and c.valid_until > ${now}
      and (k.id is null or k.kid <> ${kid}
           or k.valid_from <> date_trunc('second', c.valid_from) or k.valid_until <> date_trunc('second', c.valid_until))`;
  const total = options.onProgress
    ? (await sql<{ n: number }>`select count(distinct c.id)::int as n ${due}`.execute(db)).rows[0]!.n
    : 0;
  let issued = 0;
  let afterId = 0;
  for (;;) {
    const { rows } = await sql<{ id: number }>`
      select distinct c.id ${due} and c.id > ${afterId} order by c.id limit ${batchSize}`.execute(db);
    // A few dozen per transaction: one commit, one NOTIFY and one status-list count lock for the
    // lot instead of per credential (a bulk load's first issue is hundreds of thousands).
    for (let start = 0; start < rows.length; start += CHUNK) {
      const ids = rows.slice(start, start + CHUNK).map((r) => r.id);
      const done = await inTransaction(db, async (trx) => {
        const certs = await trx
          .selectFrom('certification')
          .selectAll()
          .where('id', 'in', ids)
          .orderBy('id')
          .forUpdate()
          .execute();
        const announced: string[] = [];
        for (const cert of certs) {
          if (effectiveStatus(cert, now) !== 'active') continue;
          if (!needsCredential(await currentCredential(trx, cert.id), cert, kid)) continue;
          await supersedeCredentials(trx, cert.id, now);
          await issueCredential(trx, cert, issuer, now);
          announced.push(cert.public_id);
        }
        if (announced.length > 0) await announceCertifications(trx, announced);
        return announced.length;
      });
      // Counted outside the optional call: `f?.(++n)` skips its arguments when there is no f.
      issued += done;
      if (done > 0) options.onProgress?.(issued, Math.max(total, issued));
    }
    if (rows.length < batchSize) return issued;
    afterId = Number(rows.at(-1)!.id);
  }
}
