import type { Kysely } from 'kysely';
import type { Database } from './schema/database.ts';
import type { Organisation } from './schema/organisation.table.ts';
import type { ContactChannelKind } from './schema/contact-channel.table.ts';
import type { AssessmentResult } from './schema/assessment.table.ts';
import type { EventKind } from './schema/certification-event.table.ts';
import type { LocalisedText } from './schema/common.ts';
import { certificationSummaries, type CertificationSummary } from './certification-summaries.ts';

export interface CriterionResult {
  position: number;
  code: string;
  title: LocalisedText;
  result: AssessmentResult | null;
}

export interface PublicEvent {
  kind: EventKind;
  occurredAt: Date;
  reason: string;
}

export interface CertificationDetail extends CertificationSummary {
  criteria: CriterionResult[];
  /** Status changes, newest first. The actor is staff-internal and not published. */
  history: PublicEvent[];
}

export interface OrganisationPage {
  organisation: Omit<Organisation, 'created_at' | 'updated_at'>;
  domains: string[];
  channels: Array<{ kind: ContactChannelKind; value: string; label: string | null }>;
  certifications: CertificationDetail[];
}

/** Everything the public organisation page shows, in five indexed queries; undefined when unknown. */
export async function organisationPage(
  db: Kysely<Database>,
  slug: string,
  now: Date,
): Promise<OrganisationPage | undefined> {
  const organisation = await db
    .selectFrom('organisation')
    .select([
      'id',
      'slug',
      'legal_name',
      'trade_names',
      'country',
      'registry_id',
      'city',
      'website',
      'sector',
      'is_outsourced_contact_centre',
    ])
    .where('slug', '=', slug)
    .executeTakeFirst();
  if (!organisation) return undefined;
  const [domains, channels, summaries, events, criteria] = await Promise.all([
    db
      .selectFrom('organisation_domain')
      .select('hostname')
      .where('organisation_id', '=', organisation.id)
      .orderBy('hostname')
      .execute(),
    db
      .selectFrom('contact_channel')
      .select(['kind', 'value', 'label'])
      .where('organisation_id', '=', organisation.id)
      .orderBy('kind')
      .orderBy('value')
      .execute(),
    certificationSummaries(db, [organisation.id], now),
    db
      .selectFrom('certification_event as e')
      .innerJoin('certification as c', 'c.id', 'e.certification_id')
      .select(['c.public_id', 'e.kind', 'e.occurred_at', 'e.reason'])
      .where('c.organisation_id', '=', organisation.id)
      .orderBy('e.occurred_at', 'desc')
      .orderBy('e.id', 'desc')
      .execute(),
    db
      .selectFrom('certification as c')
      .innerJoin('criterion as k', 'k.scheme_id', 'c.scheme_id')
      .leftJoin('assessment as a', (join) =>
        join.onRef('a.certification_id', '=', 'c.id').onRef('a.criterion_id', '=', 'k.id'),
      )
      .select(['c.public_id', 'k.position', 'k.code', 'k.title', 'a.result'])
      .where('c.organisation_id', '=', organisation.id)
      .orderBy('k.position')
      .execute(),
  ]);
  const certifications = (summaries.get(organisation.id) ?? []).map((summary) => ({
    ...summary,
    criteria: criteria
      .filter((c) => c.public_id === summary.publicId)
      .map((c) => ({ position: c.position, code: c.code, title: c.title, result: c.result })),
    history: events
      .filter((e) => e.public_id === summary.publicId)
      .map((e) => ({ kind: e.kind, occurredAt: e.occurred_at, reason: e.reason })),
  }));
  return { organisation, domains: domains.map((d) => d.hostname), channels, certifications };
}
