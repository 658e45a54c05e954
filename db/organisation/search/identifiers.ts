import type { Kysely } from 'kysely';
import type { Database } from '../../schema/database.ts';
import { detectNationalId } from '../../values/national-id.ts';
import { normaliseHostname } from '../../values/hostname.ts';
import { phoneCandidates } from '../../values/phone.ts';

export type MatchKind = 'registry_id' | 'phone' | 'domain' | 'name';

export interface IdentifierMatch {
  kind: Exclude<MatchKind, 'name'>;
  organisationIds: number[];
}

/** The hosts a typed domain may mean: with and without "www.". */
function hostCandidates(input: string): string[] {
  const text = input.trim();
  if (!/^[^\s]+\.[^\s]+$/.test(text) || text.length > 300) return [];
  const host = normaliseHostname(text.replace(/^[^@]*@/, ''));
  if (!host.ok) return [];
  const bare = host.hostname.replace(/^www\./, '');
  return [...new Set([bare, `www.${bare}`])];
}

/**
 * Exact matches on what identifies an organisation: national id (any common spelling), an
 * official phone or WhatsApp number, a badge domain or e-mail domain. Each probe is one indexed
 * lookup; the first kind that finds something wins.
 */
export async function matchIdentifier(db: Kysely<Database>, q: string): Promise<IdentifierMatch | null> {
  const id = detectNationalId(q);
  if (id.ok) {
    const rows = await db
      .selectFrom('organisation')
      .select('id')
      .where('registry_id', '=', id.value)
      .execute();
    if (rows.length > 0) return { kind: 'registry_id', organisationIds: rows.map((r) => r.id) };
  }
  const phones = phoneCandidates(q);
  if (phones.length > 0) {
    const rows = await db
      .selectFrom('contact_channel')
      .select('organisation_id')
      .where('kind', 'in', ['phone', 'whatsapp'])
      .where('value', 'in', phones)
      .execute();
    if (rows.length > 0) return { kind: 'phone', organisationIds: rows.map((r) => r.organisation_id) };
  }
  const hosts = hostCandidates(q);
  if (hosts.length > 0) {
    // Badge domains and e-mail domains in one round trip (two indexed lookups).
    const rows = await db
      .selectFrom('organisation_domain')
      .select('organisation_id')
      .where('hostname', 'in', hosts)
      .unionAll(
        db
          .selectFrom('contact_channel')
          .select('organisation_id')
          .where('kind', '=', 'email_domain')
          .where('value', 'in', hosts),
      )
      .execute();
    const ids = [...new Set(rows.map((r) => r.organisation_id))];
    if (ids.length > 0) return { kind: 'domain', organisationIds: ids };
  }
  return null;
}
