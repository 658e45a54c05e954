import { createHmac } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema/database.ts';
import type { MisuseKind } from '../schema/misuse-report.table.ts';
import { normaliseHostname } from '../values/hostname.ts';
import { clientNetwork } from '../values/client-network.ts';
import { KeurmerkError, ValidationError } from '../errors.ts';
import { unstorableText } from '../values/storable-text.ts';
import { inTransaction } from '../platform/transaction.ts';

export interface ConsumerReportInput {
  kind: MisuseKind;
  url: string | null;
  message: string | null;
  contactEmail: string | null;
}

export interface ValidReport extends ConsumerReportInput {
  host: string | null;
}

const EMAIL = /^[^\s@]{1,64}@[^\s@]{1,255}\.[^\s@]{2,}$/;

/** Proves the shape of a consumer report: a URL for a foreign-domain report, text for a broken promise. */
export function validateReport(input: ConsumerReportInput): ValidReport {
  for (const [field, value] of [
    ['url', input.url],
    ['message', input.message],
    ['contactEmail', input.contactEmail],
  ] as const)
    if (value !== null && unstorableText(value))
      throw new ValidationError(field, 'The text contains a character that cannot be stored (NUL).');
  const message = input.message?.trim() || null;
  const contactEmail = input.contactEmail?.trim().toLowerCase() || null;
  if (message !== null && message.length > 4000)
    throw new ValidationError('message', 'The message is longer than 4000 characters.');
  if (contactEmail !== null && (contactEmail.length > 320 || !EMAIL.test(contactEmail)))
    throw new ValidationError('contactEmail', 'The e-mail address is not valid.');
  if (input.kind === 'foreign_domain') {
    const url = input.url?.trim() ?? '';
    const host = normaliseHostname(url);
    if (!url || url.length > 2000 || !host.ok)
      throw new ValidationError('url', 'Give the address of the website where the badge appears.');
    return { kind: input.kind, url, host: host.hostname, message, contactEmail };
  }
  if (input.kind !== 'broken_promise') throw new ValidationError('kind', 'Unknown kind of report.');
  if (message === null) throw new ValidationError('message', 'Describe what happened.');
  return { kind: input.kind, url: null, host: null, message, contactEmail };
}

/**
 * A keyed hash (HMAC-SHA-256) of the reporter's network (the registry's one client rule,
 * `clientNetwork`): enough to rate-limit, not enough to identify a person, and never the address
 * itself. The secret must be one nobody outside knows (see db/platform/registry-secret.ts): there
 * are only 2^24 IPv4 /24s, so a key made with anything public is reversed by trying them all.
 */
export function clientKey(address: string, secret: string): string {
  const network = clientNetwork(address);
  return createHmac('sha256', secret).update(network).digest('base64url').slice(0, 22);
}

export const REPORT_LIMIT = { count: 5, windowMs: 60 * 60 * 1000 };

/**
 * Stores a consumer report for the association's queue, unless the same network has sent
 * REPORT_LIMIT.count reports within the window (429, counted in the database so every instance
 * agrees). Count and insert run under a transaction-scoped advisory lock on the network's key:
 * without it, parallel reports on PostgreSQL all counted before any was stored.
 */
export async function storeConsumerReport(
  db: Kysely<Database>,
  organisationId: number,
  input: ConsumerReportInput,
  key: string,
  now: Date,
): Promise<void> {
  const report = validateReport(input);
  const since = new Date(now.getTime() - REPORT_LIMIT.windowMs);
  await inTransaction(db, async (trx) => {
    await sql`select pg_advisory_xact_lock(hashtext(${`report:${key}`}))`.execute(trx);
    const { rows } = await sql<{ n: number }>`
      select count(*)::int as n from misuse_report where client_key = ${key} and created_at > ${since}`.execute(
      trx,
    );
    if ((rows[0]?.n ?? 0) >= REPORT_LIMIT.count)
      throw new KeurmerkError('rate_limited', 'Too many reports from your network; try again later.');
    await sql`
      insert into misuse_report (organisation_id, source, kind, host, url, message, contact_email, first_seen, last_seen, created_at, client_key)
      values (${organisationId}, 'consumer', ${report.kind}, ${report.host}, ${report.url}, ${report.message},
              ${report.contactEmail}, ${now}, ${now}, ${now}, ${key})`.execute(trx);
  });
}
