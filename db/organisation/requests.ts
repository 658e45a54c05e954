import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema/database.ts';
import type {
  ChannelRequestPayload,
  IdentityRequestPayload,
  OrganisationRequest,
  OrganisationRequestKind,
} from '../schema/organisation-request.table.ts';
import { KeurmerkError } from '../errors.ts';
import { uniqueViolation } from '../platform/unique-violation.ts';

/** Who asked: the audit-log actor name and, for a member, their id (to tell them the outcome). */
export interface Requester {
  actor: string;
  memberUserId: number | null;
}

/** A request as pages and the API show it, payload parsed. */
export type RequestView = Omit<OrganisationRequest, 'payload'> & {
  payload: ChannelRequestPayload | IdentityRequestPayload;
};

const parse = (row: OrganisationRequest): RequestView => ({
  ...row,
  payload: typeof row.payload === 'string' ? JSON.parse(row.payload) : row.payload,
});

/**
 * Queues a new contact channel for staff approval. A channel already registered (here or by
 * another organisation) is `channel_taken`; one already waiting is `channel_requested` (checked
 * first, and again by the unique index for a racing request).
 */
export async function requestChannel(
  db: Kysely<Database>,
  organisationId: number,
  channel: ChannelRequestPayload,
  requester: Requester,
  now: Date,
): Promise<RequestView> {
  const taken = await db
    .selectFrom('contact_channel')
    .select('organisation_id')
    .where('kind', '=', channel.kind)
    .where('value', '=', channel.value)
    .executeTakeFirst();
  if (taken) throw new KeurmerkError('channel_taken', 'This contact channel is already registered.');
  const waiting = await db
    .selectFrom('organisation_request')
    .select('id')
    .where('kind', '=', 'channel')
    .where('state', '=', 'pending')
    .where(sql<string>`payload->>'kind'`, '=', channel.kind)
    .where(sql<string>`payload->>'value'`, '=', channel.value)
    .executeTakeFirst();
  if (waiting) throw new KeurmerkError('channel_requested', 'This channel is already waiting for approval.');
  return insertRequest(db, organisationId, 'channel', channel, requester, now);
}

/** Queues a new legal name and/or national id (already validated and normalised). */
export function requestIdentityChange(
  db: Kysely<Database>,
  organisationId: number,
  change: IdentityRequestPayload,
  requester: Requester,
  now: Date,
): Promise<RequestView> {
  return insertRequest(db, organisationId, 'identity', change, requester, now);
}

async function insertRequest(
  db: Kysely<Database>,
  organisationId: number,
  kind: OrganisationRequestKind,
  payload: ChannelRequestPayload | IdentityRequestPayload,
  requester: Requester,
  now: Date,
): Promise<RequestView> {
  try {
    const row = await db
      .insertInto('organisation_request')
      .values({
        organisation_id: organisationId,
        kind,
        payload: JSON.stringify(payload),
        requested_by: requester.actor,
        member_user_id: requester.memberUserId,
        created_at: now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return parse(row);
  } catch (error) {
    if (uniqueViolation(error))
      throw new KeurmerkError('channel_requested', 'This channel is already waiting for approval.');
    throw error;
  }
}

/** An organisation's requests, newest first: pending ones, or the last `limit` of all. */
export async function organisationRequests(
  db: Kysely<Database>,
  organisationId: number,
  options: { pendingOnly?: boolean; limit?: number } = {},
): Promise<RequestView[]> {
  let query = db
    .selectFrom('organisation_request')
    .selectAll()
    .where('organisation_id', '=', organisationId)
    .orderBy('id', 'desc')
    .limit(options.limit ?? 100);
  if (options.pendingOnly) query = query.where('state', '=', 'pending');
  return (await query.execute()).map(parse);
}

/**
 * Pending requests of the kinds this module owns (channels, identity changes), for the staff
 * overview. Other kinds of request (domains) are counted by their own modules and added there.
 */
export async function pendingRequestCount(
  db: Kysely<Database>,
): Promise<{ channel: number; identity: number; total: number }> {
  const rows = await db
    .selectFrom('organisation_request')
    .select(['kind', (eb) => eb.fn.countAll<string | number>().as('n')])
    .where('state', '=', 'pending')
    .groupBy('kind')
    .execute();
  const count = (kind: OrganisationRequestKind) => Number(rows.find((r) => r.kind === kind)?.n ?? 0);
  const channel = count('channel');
  const identity = count('identity');
  return { channel, identity, total: channel + identity };
}

/** Organisations with pending requests of these kinds, oldest request first, for the staff overview. */
export function organisationsWithPendingRequests(
  db: Kysely<Database>,
  limit = 50,
): Promise<Array<{ slug: string; legalName: string; pending: number }>> {
  return db
    .selectFrom('organisation_request as r')
    .innerJoin('organisation as o', 'o.id', 'r.organisation_id')
    .select([
      'o.slug',
      'o.legal_name as legalName',
      (eb) => eb.fn.count<number>('r.id').$castTo<number>().as('pending'),
    ])
    .where('r.state', '=', 'pending')
    .groupBy(['o.id', 'o.slug', 'o.legal_name'])
    .orderBy((eb) => eb.fn.min('r.id'))
    .limit(limit)
    .execute()
    .then((rows) => rows.map((r) => ({ ...r, pending: Number(r.pending) })));
}
