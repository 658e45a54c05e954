import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema/database.ts';
import type { Organisation } from '../schema/organisation.table.ts';
import type { ContactChannelKind } from '../schema/contact-channel.table.ts';
import type { AssessmentResult } from '../schema/assessment.table.ts';
import type { AssuranceLevel } from '../vocabulary.ts';
import type { EventKind } from '../schema/certification-event.table.ts';
import type { LocalisedText } from '../schema/common.ts';
import { isPublicEvent } from '../log/certification-entries.ts';
import {
  parseJson,
  isDecided,
  sortSummaries,
  toSummary,
  type CertificationSummary,
  type CertificationSummaryRow,
} from '../certification/summaries.ts';

export interface CriterionResult {
  position: number;
  code: string;
  title: LocalisedText;
  result: AssessmentResult | null;
  /** What the result rests on (declared, reviewed, audited); null while not assessed. */
  basis: AssuranceLevel | null;
}

export interface PublicEvent {
  kind: EventKind;
  occurredAt: Date;
  reason: string;
}

export interface CertificationDetail extends CertificationSummary {
  /** The version of the scheme's criteria it was last assessed against (listed in `criteria`). */
  schemeVersion: number;
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

type PageJson = OrganisationPage['organisation'] & {
  domains: string[];
  channels: OrganisationPage['channels'];
  certifications: Array<
    CertificationSummaryRow & {
      scheme_version: number;
      criteria: CriterionResult[];
      history: Array<{ kind: EventKind; occurred_at: string; reason: string }>;
    }
  >;
};

/**
 * Everything the public organisation page shows, as one JSON value from
 * keurmerk_organisation_page() (migration 2026-11-23T0300): the organisation by slug, its domains,
 * channels and certifications with criteria results and history, each an indexed lookup, in a plan
 * the database keeps between calls. Undefined when unknown.
 */
export async function organisationPage(
  db: Kysely<Database>,
  slug: string,
  now: Date,
): Promise<OrganisationPage | undefined> {
  const { rows } = await sql<{
    page: PageJson | string | null;
  }>`select keurmerk_organisation_page(${slug}) as page`.execute(db);
  const page = parseJson(rows[0]?.page ?? null);
  if (!page) return undefined;
  const { domains, channels, certifications, ...organisation } = page;
  // Applications and refusals are private; an organisation without a decision is not public at all.
  const decided = certifications.filter((c) => isDecided(c.status));
  if (decided.length === 0) return undefined;
  const list = decided.map((c) => ({
    ...toSummary(c, now),
    schemeVersion: c.scheme_version,
    criteria: c.criteria.map((k) => ({
      position: k.position,
      code: k.code,
      title: parseJson(k.title),
      result: k.result,
      basis: k.basis ?? null,
    })),
    history: c.history
      .filter((e) => isPublicEvent(e.kind))
      .map((e) => ({ kind: e.kind, occurredAt: new Date(e.occurred_at), reason: e.reason })),
  }));
  return { organisation, domains, channels, certifications: sortSummaries(list) };
}
