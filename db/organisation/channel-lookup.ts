import type { Kysely } from 'kysely';
import type { Database } from '../schema/database.ts';
import { findChannelMatches, type ChannelMatch } from './channel-matches.ts';
import type { ChannelQuery } from './channel-query.ts';

export interface ChannelLookupResult {
  query: { kind: ChannelQuery['kind']; input: string; normalised: string[] };
  found: boolean;
  matches: Array<{
    kind: ChannelMatch['kind'];
    value: string;
    label: string | null;
    /** `exact`, or `parent_domain` when the asked host is a subdomain of the registered one. */
    match: 'exact' | 'parent_domain';
    organisation: { slug: string; name: string; country: string; city: string; url: string };
    certifications: Array<{
      publicId: string;
      scheme: { slug: string; name: ChannelMatch['certifications'][number]['schemeName'] };
      status: string;
      assuranceLevel: string;
      validUntil: string | null;
      verifyUrl: string;
    }>;
  }>;
  /** One plain sentence for people. */
  message: string;
}

const WHAT = { phone: 'number', email: 'e-mail domain', url: 'web address' } as const;

/** Answers "is this number / e-mail domain / address really theirs?" from the registry. */
export async function lookUpChannel(
  db: Kysely<Database>,
  query: ChannelQuery,
  options: { publicUrl: string; now: Date },
): Promise<ChannelLookupResult> {
  const base = options.publicUrl.replace(/\/+$/, '');
  const found = await findChannelMatches(db, query.criteria, options.now);
  const exact = query.normalised[0];
  const matches = found.map((m) => ({
    kind: m.kind,
    value: m.value,
    label: m.label,
    match:
      query.kind === 'phone' || m.kind === 'chat_url' || m.value === exact
        ? ('exact' as const)
        : ('parent_domain' as const),
    organisation: {
      slug: m.organisation.slug,
      name: m.organisation.legalName,
      country: m.organisation.country,
      city: m.organisation.city,
      url: `${base}/organisations/${m.organisation.slug}`,
    },
    certifications: m.certifications.map((c) => ({
      publicId: c.publicId,
      scheme: { slug: c.schemeSlug, name: c.schemeName },
      status: c.status,
      assuranceLevel: c.assuranceLevel,
      validUntil: c.validUntil ? c.validUntil.toISOString() : null,
      verifyUrl: `${base}/verify/${c.publicId}`,
    })),
  }));
  const names = [...new Set(matches.map((m) => m.organisation.name))];
  const message =
    matches.length === 0
      ? `This ${WHAT[query.kind]} is not registered as an official contact channel of any organisation in the registry.`
      : `This ${WHAT[query.kind]} is registered for ${names.join(', ')}.`;
  return {
    query: { kind: query.kind, input: query.input, normalised: query.normalised },
    found: matches.length > 0,
    matches,
    message,
  };
}
