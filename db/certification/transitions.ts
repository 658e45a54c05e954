import { randomBytes } from 'node:crypto';
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../schema/database.ts';
import type { AssuranceLevel, CertificationRow } from '../schema/certification.table.ts';
import type { CertificationEvent } from '../schema/certification-event.table.ts';
import { PUBLIC_ID_ALPHABET, PUBLIC_ID_LENGTH } from '../vocabulary.ts';
import {
  addMonths,
  effectiveStatus,
  planTransition,
  startsValidityPeriod,
  type AnyAction,
  type Status,
} from './lifecycle.ts';
import { appendEvent } from './event-chain.ts';
import { IllegalTransitionError, KeurmerkError, NotFoundError, ValidationError } from '../errors.ts';
import { inTransaction } from '../platform/transaction.ts';
import { appendEventEntries } from '../log/certification-entries.ts';

/** Channel on which every committed status change is announced (payload: the public id). */
export const CERTIFICATION_CHANNEL = 'certification_changed';

export type Certification = CertificationRow & { effective_status: Status };

export interface CertificationChange {
  /** `grace`: a renewal under review carries the certification into its grace period (db/workflow/renewal-grace.ts). */
  readonly action: AnyAction | 'create' | 'grace';
  readonly before: CertificationRow | null;
  readonly after: CertificationRow;
  readonly event: CertificationEvent;
  readonly now: Date;
}

/**
 * Work that must commit or fail together with a status change (issuing or revoking credentials,
 * setting status-list bits). Runs inside the transaction, after the new state and event are written.
 */
export type ChangeHook = (trx: Transaction<Database>, change: CertificationChange) => Promise<void>;

export interface ChangeRequest {
  actor: string;
  reason: string;
  now?: Date;
  hooks?: readonly ChangeHook[];
  /**
   * The scheme version a new validity period rests on (grant, renew): a workflow case's version,
   * which the member answered against. Without it, the scheme's current version.
   */
  schemeVersionId?: number;
}

/** A 12-character public id without look-alike characters; about 60 bits of randomness. */
export function newPublicId(random: (n: number) => Uint8Array = (n) => randomBytes(n)): string {
  return Array.from(random(PUBLIC_ID_LENGTH), (b) => PUBLIC_ID_ALPHABET[b % PUBLIC_ID_ALPHABET.length]).join(
    '',
  );
}

function requireText(field: string, value: string, max: number): string {
  const trimmed = typeof value === 'string' ? value.trim() : '';
  if (!trimmed) throw new ValidationError(field, `A ${field} is required for every change of status.`);
  if (trimmed.length > max)
    throw new ValidationError(field, `The ${field} is longer than ${max} characters.`);
  return trimmed;
}

export function withEffectiveStatus(row: CertificationRow, now: Date): Certification {
  return { ...row, effective_status: effectiveStatus(row, now) };
}

async function announce(trx: Transaction<Database>, publicId: string): Promise<void> {
  // NOTIFY is transactional: listeners hear it only once the change has committed.
  await sql`select pg_notify(${CERTIFICATION_CHANNEL}, ${publicId})`.execute(trx);
}

/** Opens a certification application (status pending) with its first event. */
export async function createCertification(
  db: Kysely<Database>,
  input: ChangeRequest & {
    organisationId: number;
    schemeId: number;
    assuranceLevel: AssuranceLevel;
    publicId?: string;
  },
): Promise<Certification> {
  const actor = requireText('actor', input.actor, 200);
  const reason = requireText('reason', input.reason, 2000);
  const now = input.now ?? new Date();
  return inTransaction(db, async (trx) => {
    const scheme = await trx
      .selectFrom('scheme')
      .select('current_version_id')
      .where('id', '=', input.schemeId)
      .executeTakeFirst();
    if (!scheme) throw new NotFoundError('scheme', String(input.schemeId));
    if (scheme.current_version_id === null) throw new KeurmerkError('scheme_not_published');
    const after = await trx
      .insertInto('certification')
      .values({
        public_id: input.publicId ?? newPublicId(),
        organisation_id: input.organisationId,
        scheme_id: input.schemeId,
        scheme_version_id: scheme.current_version_id,
        status: 'pending',
        assurance_level: input.assuranceLevel,
        created_at: now,
        updated_at: now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    const event = await appendEvent(trx, {
      certification_id: after.id,
      kind: 'created',
      from_status: null,
      to_status: 'pending',
      actor,
      reason,
      occurred_at: now,
    });
    for (const hook of input.hooks ?? [])
      await hook(trx, { action: 'create', before: null, after, event, now });
    await announce(trx, after.public_id);
    return withEffectiveStatus(after, now);
  });
}

/**
 * Applies one lifecycle action in one transaction: the row is locked, the rule checked against its
 * effective status, the new state, its event and the hooks' work written — or nothing at all.
 */
export async function applyTransition(
  db: Kysely<Database>,
  publicId: string,
  action: AnyAction,
  request: ChangeRequest,
): Promise<Certification> {
  const actor = requireText('actor', request.actor, 200);
  const reason = requireText('reason', request.reason, 2000);
  const now = request.now ?? new Date();
  return inTransaction(db, async (trx) => {
    const before = await trx
      .selectFrom('certification')
      .selectAll()
      .where('public_id', '=', publicId)
      .forUpdate()
      .executeTakeFirst();
    if (!before) throw new NotFoundError('certification', publicId);
    const from = effectiveStatus(before, now);
    const plan = planTransition(from, action);
    if (!plan.ok) throw new IllegalTransitionError(action, from);
    let validity = {};
    if (startsValidityPeriod(action)) {
      const scheme = await trx
        .selectFrom('scheme')
        .select(['validity_months', 'current_version_id'])
        .where('id', '=', before.scheme_id)
        .executeTakeFirstOrThrow();
      // A new period always rests on the scheme's current version: granting or renewing is
      // assessing against it (a renewal after a new version is the re-assessment).
      validity = {
        valid_from: now,
        valid_until: addMonths(now, scheme.validity_months),
        scheme_version_id: request.schemeVersionId ?? scheme.current_version_id!,
        // A grace period ends with the new period.
        grace_from: null,
      };
    }
    const after = await trx
      .updateTable('certification')
      .set({ ...validity, status: plan.to, version: sql`version + 1`, updated_at: now })
      .where('id', '=', before.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    const event = await appendEvent(trx, {
      certification_id: before.id,
      kind: plan.event,
      from_status: before.status,
      to_status: plan.to,
      actor,
      reason,
      occurred_at: now,
    });
    for (const hook of request.hooks ?? []) await hook(trx, { action, before, after, event, now });
    // After the hooks, which may set the assurance level the entry states.
    await appendEventEntries(trx, [event.id]);
    await announce(trx, after.public_id);
    return withEffectiveStatus(after, now);
  });
}

/** pending → active, with a first validity period. */
export const grant = (db: Kysely<Database>, publicId: string, r: ChangeRequest) =>
  applyTransition(db, publicId, 'grant', r);
/** active|expired → active, with a new validity period on the same public id. */
export const renew = (db: Kysely<Database>, publicId: string, r: ChangeRequest) =>
  applyTransition(db, publicId, 'renew', r);
/** active → suspended. */
export const suspend = (db: Kysely<Database>, publicId: string, r: ChangeRequest) =>
  applyTransition(db, publicId, 'suspend', r);
/** suspended → active. */
export const reinstate = (db: Kysely<Database>, publicId: string, r: ChangeRequest) =>
  applyTransition(db, publicId, 'reinstate', r);
/** active|suspended|expired → revoked; final. */
export const revoke = (db: Kysely<Database>, publicId: string, r: ChangeRequest) =>
  applyTransition(db, publicId, 'revoke', r);

/**
 * suspended|revoked → active, only as the decision on an upheld objection (db/workflow/objection-decide.ts):
 * "reinstated after objection" in the public history, with a new credential and status-list index.
 */
export const reinstateAfterObjection = (db: Kysely<Database>, publicId: string, r: ChangeRequest) =>
  applyTransition(db, publicId, 'reinstate_after_objection', r);

/** The certification with its effective status, or undefined. */
export async function findCertification(
  db: Kysely<Database>,
  publicId: string,
  now: Date = new Date(),
): Promise<Certification | undefined> {
  const row = await db
    .selectFrom('certification')
    .selectAll()
    .where('public_id', '=', publicId)
    .executeTakeFirst();
  return row ? withEffectiveStatus(row, now) : undefined;
}

/** Status-change history of one certification, oldest first. */
export function certificationHistory(
  db: Kysely<Database>,
  certificationId: number,
): Promise<CertificationEvent[]> {
  return db
    .selectFrom('certification_event')
    .selectAll()
    .where('certification_id', '=', certificationId)
    .orderBy('id')
    .execute();
}
