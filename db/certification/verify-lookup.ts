import type { Kysely } from 'kysely';
import type { Database } from '../schema/database.ts';
import type { AssuranceLevel, StoredStatus } from '../schema/certification.table.ts';
import type { AssessmentResult } from '../schema/assessment.table.ts';
import type { EventKind } from '../schema/certification-event.table.ts';
import type { LocalisedText } from '../schema/common.ts';
import type { Country } from '../schema/organisation.table.ts';
import { effectiveStatus, type Status } from './lifecycle.ts';
import { BASIS_COLUMNS, certificationsWithOwner } from './with-owner.ts';
import { schemeBasis, type SchemeBasis } from '../scheme/basis.ts';
import { DECIDED_STATUSES, PRIVATE_EVENT_KINDS } from '../vocabulary.ts';

/** A certification as the registry holds it now, with what a verifier shows next to a verdict. */
export interface CertificationView {
  publicId: string;
  /** Effective status: `expired` is derived from valid_until here. */
  status: Status;
  assuranceLevel: AssuranceLevel;
  validFrom: Date | null;
  validUntil: Date | null;
  /** Valid only because a renewal is under review (grace period; validUntil is its end). */
  renewalUnderReview: boolean;
  /** Suspended with an open remediation: the member's deadline (public: "remediation until"). */
  remediationUntil: Date | null;
  /** The scheme, and the version of it this certification was assessed against. */
  scheme: { slug: string; name: LocalisedText } & SchemeBasis;
  organisation: { slug: string; legalName: string; country: Country; city: string };
  /** Host names on which the organisation's badge may appear, sorted. */
  domains: string[];
}

/** The registry's record of one issued credential and its certification. */
export interface CredentialRecord {
  id: string;
  jwt: string;
  kid: string;
  revokedAt: Date | null;
  supersededAt: Date | null;
  certification: CertificationView;
}

export interface VerifyPageDetail extends CertificationView {
  /** Per criterion its result and what the result rests on (never its evidence). */
  criteria: Array<{
    position: number;
    code: string;
    title: LocalisedText;
    result: AssessmentResult | null;
    basis: AssuranceLevel | null;
  }>;
  /** Status changes, oldest first; the actor is staff-internal and not published. */
  history: Array<{
    kind: EventKind;
    from: StoredStatus | null;
    to: StoredStatus;
    occurredAt: Date;
    reason: string;
  }>;
}

function certificationQuery(db: Kysely<Database>) {
  return certificationsWithOwner(db).select((eb) => [
    'c.id as certification_id',
    'c.public_id',
    'c.status',
    'c.assurance_level',
    'c.valid_from',
    'c.valid_until',
    'c.grace_from',
    's.slug as scheme_slug',
    's.name as scheme_name',
    ...BASIS_COLUMNS,
    'o.slug as organisation_slug',
    'o.legal_name',
    'o.country',
    'o.city',
    eb
      .selectFrom('organisation_domain as d')
      .select((e) => e.fn.agg<string[]>('array_agg', ['d.hostname']).as('hosts'))
      .whereRef('d.organisation_id', '=', 'o.id')
      .as('domains'),
    eb
      .selectFrom('certification_case as r')
      .select('r.due_at')
      .whereRef('r.certification_id', '=', 'c.id')
      .where('r.kind', '=', 'remediation')
      .where('r.stage', 'not in', ['decided', 'withdrawn'])
      .limit(1)
      .as('remediation_until'),
  ]);
}

type CertificationRow = Awaited<ReturnType<ReturnType<typeof certificationQuery>['executeTakeFirstOrThrow']>>;

function toView(row: CertificationRow, now: Date): CertificationView {
  return {
    publicId: row.public_id,
    status: effectiveStatus(row, now),
    assuranceLevel: row.assurance_level,
    validFrom: row.valid_from,
    validUntil: row.valid_until,
    remediationUntil:
      row.status === 'suspended' && row.remediation_until ? new Date(row.remediation_until) : null,
    renewalUnderReview:
      row.grace_from !== null && effectiveStatus(row, now) === 'active' && row.grace_from <= now,
    scheme: { slug: row.scheme_slug, name: row.scheme_name, ...schemeBasis(row) },
    organisation: {
      slug: row.organisation_slug,
      legalName: row.legal_name,
      country: row.country,
      city: row.city,
    },
    domains: [...(row.domains ?? [])].sort(),
  };
}

/** The credential with this id (`urn:uuid:…`) and its certification as it stands at `now`; one round trip. */
export async function findCredentialRecord(
  db: Kysely<Database>,
  credentialId: string,
  now: Date,
): Promise<CredentialRecord | undefined> {
  const row = await certificationQuery(db)
    .innerJoin('credential as k', 'k.certification_id', 'c.id')
    .select(['k.id as credential_id', 'k.jwt', 'k.kid', 'k.revoked_at', 'k.superseded_at'])
    .where('k.id', '=', credentialId)
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    id: row.credential_id,
    jwt: row.jwt,
    kid: row.kid,
    revokedAt: row.revoked_at,
    supersededAt: row.superseded_at,
    certification: toView(row, now),
  };
}

/** A decided certification by its public id as it stands at `now`, or undefined (applications are private). */
export async function findCertificationView(
  db: Kysely<Database>,
  publicId: string,
  now: Date,
): Promise<CertificationView | undefined> {
  const row = await certificationQuery(db)
    .where('c.public_id', '=', publicId)
    .where('c.status', 'in', DECIDED_STATUSES)
    .executeTakeFirst();
  return row ? toView(row, now) : undefined;
}

/** Everything the verify page shows about one certification: live state, criteria, history. */
export async function verifyPageDetail(
  db: Kysely<Database>,
  publicId: string,
  now: Date,
): Promise<VerifyPageDetail | undefined> {
  const row = await certificationQuery(db)
    .where('c.public_id', '=', publicId)
    .where('c.status', 'in', DECIDED_STATUSES)
    .executeTakeFirst();
  if (!row) return undefined;
  const [criteria, history] = await Promise.all([
    db
      .selectFrom('certification as c')
      .innerJoin('criterion as k', 'k.scheme_version_id', 'c.scheme_version_id')
      .leftJoin('assessment as a', (join) =>
        join.onRef('a.certification_id', '=', 'c.id').onRef('a.criterion_id', '=', 'k.id'),
      )
      .select(['k.position', 'k.code', 'k.title', 'a.result', 'a.basis'])
      .where('c.id', '=', row.certification_id)
      .orderBy('k.position')
      .execute(),
    db
      .selectFrom('certification_event')
      .select(['kind', 'from_status', 'to_status', 'occurred_at', 'reason'])
      .where('certification_id', '=', row.certification_id)
      .where('kind', 'not in', PRIVATE_EVENT_KINDS)
      .orderBy('id')
      .execute(),
  ]);
  return {
    ...toView(row, now),
    criteria: criteria.map((c) => ({
      position: c.position,
      code: c.code,
      title: c.title,
      result: c.result,
      basis: c.basis,
    })),
    history: history.map((e) => ({
      kind: e.kind,
      from: e.from_status,
      to: e.to_status,
      occurredAt: e.occurred_at,
      reason: e.reason,
    })),
  };
}
