import type { Kysely } from 'kysely';
import type { Database } from '../schema/database.ts';
import type { LocalisedText } from '../schema/common.ts';
import type { AssessmentResult } from '../schema/assessment.table.ts';
import type { EventKind } from '../schema/certification-event.table.ts';
import type { AssuranceLevel, Status, StoredStatus } from '../vocabulary.ts';
import { NotFoundError } from '../errors.ts';
import { effectiveStatus } from './lifecycle.ts';

export interface MemberCriterion {
  position: number;
  code: string;
  title: LocalisedText;
  description: LocalisedText;
  result: AssessmentResult | null;
  note: string | null;
  assessedAt: Date | null;
}

export interface MemberCertification {
  publicId: string;
  scheme: LocalisedText;
  schemeSlug: string;
  schemeVersion: number;
  status: Status;
  assuranceLevel: AssuranceLevel;
  validFrom: Date | null;
  validUntil: Date | null;
  criteria: MemberCriterion[];
  /** Newest first. Who acted is staff-internal and left out, as on the public pages. */
  history: Array<{
    kind: EventKind;
    from: StoredStatus | null;
    to: StoredStatus;
    reason: string;
    occurredAt: Date;
  }>;
  /** Reminder e-mails already queued for the current validity period (days before its end). */
  remindersSent: number[];
}

/**
 * One certification of one organisation as its members see it: pending ones included (they are
 * the organisation's own application), with the scheme version's criterion texts beside each
 * assessment result. Another organisation's certification is not found.
 */
export async function memberCertification(
  db: Kysely<Database>,
  organisationId: number,
  publicId: string,
  now: Date,
): Promise<MemberCertification> {
  const cert = await db
    .selectFrom('certification as c')
    .innerJoin('scheme as s', 's.id', 'c.scheme_id')
    .innerJoin('scheme_version as v', 'v.id', 'c.scheme_version_id')
    .select([
      'c.id',
      'c.public_id',
      'c.status',
      'c.assurance_level',
      'c.valid_from',
      'c.valid_until',
      'c.scheme_version_id',
      's.name',
      's.slug',
      'v.version',
    ])
    .where('c.organisation_id', '=', organisationId)
    .where('c.public_id', '=', publicId)
    .executeTakeFirst();
  if (!cert) throw new NotFoundError('certification', publicId.slice(0, 40));
  const [criteria, history, reminders] = await Promise.all([
    db
      .selectFrom('criterion as k')
      .leftJoin('assessment as a', (join) =>
        join.onRef('a.criterion_id', '=', 'k.id').on('a.certification_id', '=', cert.id),
      )
      .select(['k.position', 'k.code', 'k.title', 'k.description', 'a.result', 'a.note', 'a.assessed_at'])
      .where('k.scheme_version_id', '=', cert.scheme_version_id)
      .orderBy('k.position')
      .execute(),
    db
      .selectFrom('certification_event')
      .select(['kind', 'from_status', 'to_status', 'reason', 'occurred_at'])
      .where('certification_id', '=', cert.id)
      .orderBy('id', 'desc')
      .limit(200)
      .execute(),
    cert.valid_until
      ? db
          .selectFrom('certification_reminder')
          .select('days_before')
          .distinct()
          .where('certification_id', '=', cert.id)
          .where('valid_until', '=', cert.valid_until)
          .execute()
      : Promise.resolve([]),
  ]);
  return {
    publicId: cert.public_id,
    scheme: cert.name as LocalisedText,
    schemeSlug: cert.slug,
    schemeVersion: cert.version,
    status: effectiveStatus(cert, now),
    assuranceLevel: cert.assurance_level,
    validFrom: cert.valid_from,
    validUntil: cert.valid_until,
    criteria: criteria.map((k) => ({
      position: k.position,
      code: k.code,
      title: k.title,
      description: k.description,
      result: k.result,
      note: k.note,
      assessedAt: k.assessed_at,
    })),
    history: history.map((e) => ({
      kind: e.kind,
      from: e.from_status,
      to: e.to_status,
      reason: e.reason,
      occurredAt: e.occurred_at,
    })),
    remindersSent: reminders.map((r) => r.days_before).sort((a, b) => b - a),
  };
}
