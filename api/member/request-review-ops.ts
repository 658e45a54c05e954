import type { Input, Operation, RunContext } from '../admin/perform.ts';
import { actorName } from '../admin/principal.ts';
import { ValidationError } from '../../db/errors.ts';
import { organisationOrThrow } from '../../db/organisation/edit.ts';
import { decideRequest } from '../../db/organisation/request-decisions.ts';
import { organisationRequests, type RequestView } from '../../db/organisation/requests.ts';
import { memberActivity } from '../../db/organisation/member-activity.ts';
import { enqueueMail } from '../../db/mail/outbox.ts';
import { positiveInt, reason, text } from '../handlers/admin-input.ts';
import { registryHost } from './links.ts';

// Staff's side of the member portal's requests: what an organisation asked, approve or refuse
// (the member hears by e-mail, queued in the decision's transaction), and what its members did.

function slugOf(input: Input): string {
  const slug = text(input, 'slug', 200);
  if (!/^[a-z0-9-]+$/.test(slug)) throw new ValidationError('slug', 'Not an organisation slug.');
  return slug;
}

/** An organisation's requests (pending and the last decided ones), newest first. */
export const listRequestsOp: Operation<{ requests: RequestView[] }> = {
  name: 'organisation.requests.list',
  permission: 'admin.read',
  write: false,
  async run(ctx, input) {
    const org = await organisationOrThrow(ctx.deps.database.db, slugOf(input));
    return { requests: await organisationRequests(ctx.deps.database.db, org.id, { limit: 50 }) };
  },
};

/** What the organisation's members did, from the audit log, newest first. */
export const memberActivityOp: Operation<{ activity: Awaited<ReturnType<typeof memberActivity>> }> = {
  name: 'organisation.member_activity',
  permission: 'admin.read',
  write: false,
  async run(ctx, input) {
    const slug = slugOf(input);
    await organisationOrThrow(ctx.deps.database.db, slug);
    return { activity: await memberActivity(ctx.deps.database.db, slug) };
  },
};

async function decide(ctx: RunContext, input: Input, approve: boolean): Promise<RequestView> {
  const db = ctx.deps.database.db;
  const org = await organisationOrThrow(db, slugOf(input));
  const why = approve
    ? typeof input['reason'] === 'string' && input['reason'].trim()
      ? reason(input)
      : null
    : reason(input);
  const now = ctx.deps.now();
  const decided = await decideRequest(db, {
    organisationId: org.id,
    id: positiveInt(input, 'id'),
    approve,
    decidedBy: actorName(ctx.principal),
    reason: why,
    now,
  });
  const person = decided.member_user_id
    ? await db
        .selectFrom('member_user')
        .select(['email', 'name', 'language'])
        .where('id', '=', decided.member_user_id)
        .executeTakeFirst()
    : undefined;
  if (person) {
    const payload = decided.payload as { value?: string };
    await enqueueMail(
      db,
      {
        to: person.email,
        language: person.language,
        template: 'organisation_request_decided',
        params: {
          name: person.name,
          organisation: org.legal_name,
          slug: org.slug,
          kind: decided.kind,
          value: payload.value ?? '',
          outcome: decided.state,
          reason: why ?? '',
        },
      },
      registryHost(ctx.deps.config.publicUrl),
      now,
    );
  }
  return decided;
}

const review = (name: string, approve: boolean): Operation<RequestView> => ({
  name,
  permission: 'registry.write',
  write: true,
  target: (input) => (typeof input['slug'] === 'string' ? input['slug'].slice(0, 200) : null),
  detail: (input, result) => ({
    request: input['id'],
    kind: result?.kind,
    ...(typeof input['reason'] === 'string' ? { reason: input['reason'].slice(0, 2000) } : {}),
  }),
  run: (ctx, input) => decide(ctx, input, approve),
});

/** Approves a member's request: the channel becomes public, the new name or id takes effect. */
export const approveRequestOp = review('organisation.request.approve', true);
/** Refuses a member's request, with a reason the member is sent. */
export const refuseRequestOp = review('organisation.request.refuse', false);
