import type { Kysely } from 'kysely';
import type { Database } from '../schema/database.ts';
import type { ContactChannelKind } from '../schema/contact-channel.table.ts';
import type { Country } from '../schema/organisation.table.ts';
import { certificationSummaries, type CertificationSummary } from '../certification/summaries.ts';

/** One registered channel (or website domain) that answered a lookup. */
export interface ChannelMatch {
  kind: ContactChannelKind | 'website_domain';
  /** The value as registered (E.164, lower-case domain, canonical URL, host name). */
  value: string;
  label: string | null;
  organisation: { id: number; slug: string; legalName: string; country: Country; city: string };
  certifications: CertificationSummary[];
}

export interface ChannelCriteria {
  /** Channel kinds and the exact normalised values to look for among them. */
  channels?: { kinds: ContactChannelKind[]; values: string[] };
  /** Host names to look for among the organisations' registered website domains. */
  websiteDomains?: string[];
}

// A number or domain belongs to one organisation; more than a handful of matches means bad data.
const MAX_MATCHES = 20;

/**
 * Registered channels equal to one of the given normalised values, with their organisations and
 * certifications at `now`. Exact comparisons on indexed columns only (contact_channel.value,
 * organisation_domain.hostname): callers normalise first.
 */
export async function findChannelMatches(
  db: Kysely<Database>,
  criteria: ChannelCriteria,
  now: Date,
): Promise<ChannelMatch[]> {
  const { channels, websiteDomains } = criteria;
  const [channelRows, domainRows] = await Promise.all([
    channels && channels.values.length > 0 && channels.kinds.length > 0
      ? db
          .selectFrom('contact_channel')
          .select(['kind', 'value', 'label', 'organisation_id'])
          .where('kind', 'in', channels.kinds)
          .where('value', 'in', channels.values)
          .orderBy('id')
          .limit(MAX_MATCHES)
          .execute()
      : [],
    websiteDomains && websiteDomains.length > 0
      ? db
          .selectFrom('organisation_domain')
          .select(['hostname', 'organisation_id'])
          .where('hostname', 'in', websiteDomains)
          .orderBy('id')
          .limit(MAX_MATCHES)
          .execute()
      : [],
  ]);
  const rows = [
    ...channelRows.map((r) => ({
      kind: r.kind,
      value: r.value,
      label: r.label,
      organisationId: r.organisation_id,
    })),
    ...domainRows.map((r) => ({
      kind: 'website_domain' as const,
      value: r.hostname,
      label: null,
      organisationId: r.organisation_id,
    })),
  ].slice(0, MAX_MATCHES);
  if (rows.length === 0) return [];
  const ids = [...new Set(rows.map((r) => r.organisationId))];
  const [organisations, certifications] = await Promise.all([
    db
      .selectFrom('organisation')
      .select(['id', 'slug', 'legal_name', 'country', 'city'])
      .where('id', 'in', ids)
      .execute(),
    certificationSummaries(db, ids, now),
  ]);
  const byId = new Map(organisations.map((o) => [o.id, o]));
  return rows.flatMap((r) => {
    const o = byId.get(r.organisationId);
    if (!o) return [];
    return [
      {
        kind: r.kind,
        value: r.value,
        label: r.label,
        organisation: { id: o.id, slug: o.slug, legalName: o.legal_name, country: o.country, city: o.city },
        certifications: certifications.get(o.id) ?? [],
      },
    ];
  });
}
