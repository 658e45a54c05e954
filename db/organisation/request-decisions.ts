import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../schema/database.ts';
import type { ChannelRequestPayload, IdentityRequestPayload } from '../schema/organisation-request.table.ts';
import { KeurmerkError, NotFoundError } from '../errors.ts';
import { inTransaction } from '../platform/transaction.ts';
import { supersedeCredentials } from '../certification/credentials.ts';
import { announceOrganisation } from './edit.ts';
import type { RequestView } from './requests.ts';

export interface Decision {
  organisationId: number;
  id: number;
  approve: boolean;
  /** Staff actor name, as in the audit log. */
  decidedBy: string;
  /** Required for a refusal (checked by the caller, which knows the form field). */
  reason: string | null;
  now: Date;
}

/**
 * Approves or refuses one pending request of an organisation, in one transaction: the request
 * row is locked, must still be pending (`request_decided` otherwise), and an approval applies the
 * change in the same transaction — a channel joins `contact_channel` (and so the public pages),
 * a new legal name or national id replaces the old one and retires live credentials, which
 * carry the name. A request of another organisation is not found.
 */
export async function decideRequest(db: Kysely<Database>, decision: Decision): Promise<RequestView> {
  return inTransaction(db, async (trx) => {
    const row = await trx
      .selectFrom('organisation_request')
      .selectAll()
      .where('id', '=', decision.id)
      .where('organisation_id', '=', decision.organisationId)
      .forUpdate()
      .executeTakeFirst();
    if (!row) throw new NotFoundError('request', String(decision.id));
    if (row.state !== 'pending') throw new KeurmerkError('request_decided', 'Already decided.');
    const payload = typeof row.payload === 'string' ? JSON.parse(row.payload) : row.payload;
    if (decision.approve) {
      if (row.kind === 'channel') await applyChannel(trx, row.organisation_id, payload);
      else await applyIdentity(trx, row.organisation_id, payload, decision.now);
    }
    const decided = await trx
      .updateTable('organisation_request')
      .set({
        state: decision.approve ? 'approved' : 'refused',
        decided_at: decision.now,
        decided_by: decision.decidedBy,
        reason: decision.reason,
      })
      .where('id', '=', row.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    return { ...decided, payload };
  });
}

async function applyChannel(
  trx: Transaction<Database>,
  organisationId: number,
  channel: ChannelRequestPayload,
): Promise<void> {
  // Registered meanwhile (by staff, an import or a merge): approving cannot make it twice.
  const taken = await trx
    .selectFrom('contact_channel')
    .select('organisation_id')
    .where('kind', '=', channel.kind)
    .where('value', '=', channel.value)
    .executeTakeFirst();
  if (taken) throw new KeurmerkError('channel_taken', 'This contact channel is already registered.');
  await trx
    .insertInto('contact_channel')
    .values({
      organisation_id: organisationId,
      kind: channel.kind,
      value: channel.value,
      label: channel.label,
    })
    .execute();
}

async function applyIdentity(
  trx: Transaction<Database>,
  organisationId: number,
  change: IdentityRequestPayload,
  now: Date,
): Promise<void> {
  const before = await trx
    .selectFrom('organisation')
    .selectAll()
    .where('id', '=', organisationId)
    .forUpdate()
    .executeTakeFirstOrThrow();
  if (change.registryId && change.registryId !== before.registry_id) {
    const taken = await trx
      .selectFrom('organisation')
      .select('slug')
      .where('country', '=', before.country)
      .where('registry_id', '=', change.registryId)
      .executeTakeFirst();
    if (taken)
      throw new KeurmerkError('duplicate_registry_id', 'Another organisation has this national id.', {
        slug: taken.slug,
      });
  }
  await trx
    .updateTable('organisation')
    .set({
      legal_name: change.legalName ?? before.legal_name,
      registry_id: change.registryId ?? before.registry_id,
      updated_at: now,
    })
    .where('id', '=', organisationId)
    .execute();
  // Credentials name the organisation: live ones are replaced, as after a staff edit of the name.
  const certs = await trx
    .selectFrom('certification')
    .select('id')
    .where('organisation_id', '=', organisationId)
    .execute();
  for (const c of certs) await supersedeCredentials(trx, c.id, now);
  await announceOrganisation(trx, organisationId);
}
