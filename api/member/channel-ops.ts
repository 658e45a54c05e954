import type { Operation } from '../admin/perform.ts';
import { NotFoundError } from '../../db/errors.ts';
import { normaliseChannel } from '../../db/organisation/channels.ts';
import { organisationChannels } from '../../db/organisation/organisations.ts';
import { organisationRequests, requestChannel, type RequestView } from '../../db/organisation/requests.ts';
import type { ContactChannel } from '../../db/schema/contact-channel.table.ts';
import { CHANNEL_KINDS } from '../../db/vocabulary.ts';
import { oneOf, optionalText, positiveInt, text } from '../handlers/admin-input.ts';
import { membershipOf, organisationTarget, requesterOf } from './membership.ts';

export interface MemberChannels {
  channels: ContactChannel[];
  /** Channel requests, newest first: pending ones and the last decisions. */
  requests: RequestView[];
}

export const memberChannelsOp: Operation<MemberChannels> = {
  name: 'member.channels.list',
  permission: 'organisation.view',
  write: false,
  async run(ctx, input) {
    const db = ctx.deps.database.db;
    const org = membershipOf(ctx, input);
    const [channels, requests] = await Promise.all([
      organisationChannels(db, org.id),
      organisationRequests(db, org.id, { limit: 50 }),
    ]);
    return { channels, requests: requests.filter((r) => r.kind === 'channel') };
  },
};

/**
 * Asks for a new contact channel, validated and normalised as staff's own form does. It is public
 * (organisation page, channel lookup, open data) only once staff approve it.
 */
export const requestChannelOp: Operation<RequestView> = {
  name: 'member.channel.request',
  permission: 'organisation.edit',
  write: true,
  target: organisationTarget,
  detail: (input) => ({ organisation: organisationTarget(input), kind: input['kind'] }),
  async run(ctx, input) {
    const db = ctx.deps.database.db;
    const org = membershipOf(ctx, input);
    const { country } = await db
      .selectFrom('organisation')
      .select('country')
      .where('id', '=', org.id)
      .executeTakeFirstOrThrow();
    const kind = oneOf(input, 'kind', CHANNEL_KINDS);
    const value = normaliseChannel(kind, text(input, 'value', 2000), country);
    const label = optionalText(input, 'label', 100);
    return requestChannel(db, org.id, { kind, value, label }, requesterOf(ctx), ctx.deps.now());
  },
};

/** Removes one of the organisation's channels at once: a stale number must not linger. */
export const removeChannelOp: Operation<{ removed: number }> = {
  name: 'member.channel.remove',
  permission: 'organisation.edit',
  write: true,
  target: organisationTarget,
  detail: (input) => ({ organisation: organisationTarget(input), channel: input['id'] }),
  async run(ctx, input) {
    const org = membershipOf(ctx, input);
    const id = positiveInt(input, 'id');
    const gone = await ctx.deps.database.db
      .deleteFrom('contact_channel')
      .where('organisation_id', '=', org.id)
      .where('id', '=', id)
      .executeTakeFirst();
    if (Number(gone.numDeletedRows) === 0) throw new NotFoundError('contact channel', String(id));
    return { removed: id };
  },
};
