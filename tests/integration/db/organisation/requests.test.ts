import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, openTestDatabase, type TestDatabase } from '../../../helpers/databases.ts';
import { pendingCertification } from '../../../helpers/fixtures.ts';
import {
  organisationRequests,
  pendingRequestCount,
  requestChannel,
  requestIdentityChange,
} from '../../../../db/organisation/requests.ts';
import { decideRequest } from '../../../../db/organisation/request-decisions.ts';
import { memberCertification } from '../../../../db/certification/member-view.ts';
import { KeurmerkError } from '../../../../db/errors.ts';

const member = { actor: 'member:a@example.nl', memberUserId: null };
const code = (promise: Promise<unknown>) =>
  promise.then(
    () => 'resolved',
    (error: unknown) => (error instanceof KeurmerkError ? error.code : String(error)),
  );

describe.each(DIALECTS)('member requests on %s', (kind) => {
  let db: TestDatabase;
  let orgId: number;
  let otherId: number;
  let publicId: string;
  beforeAll(async () => {
    db = await openTestDatabase(kind);
    const cert = await pendingCertification(db.db);
    publicId = cert.public_id;
    orgId = cert.organisation_id;
    otherId = (await pendingCertification(db.db)).organisation_id;
  });
  afterAll(() => db?.close());

  const channels = (id: number) =>
    db.db.selectFrom('contact_channel').select('value').where('organisation_id', '=', id).execute();

  it('a channel waits until approved, once per value; approving twice is refused', async () => {
    const now = new Date();
    const channel = { kind: 'phone' as const, value: '+31205550177', label: null };
    const asked = await requestChannel(db.db, orgId, channel, member, now);
    expect(asked).toMatchObject({ state: 'pending', kind: 'channel', payload: channel });
    expect(await channels(orgId)).toEqual([]);
    expect(await code(requestChannel(db.db, otherId, channel, member, now))).toBe('channel_requested');
    expect((await pendingRequestCount(db.db)).channel).toBe(1);
    // Another organisation cannot decide it: not found.
    expect(
      await code(
        decideRequest(db.db, {
          organisationId: otherId,
          id: asked.id,
          approve: true,
          decidedBy: 's',
          reason: null,
          now,
        }),
      ),
    ).toBe('not_found');
    const approved = await decideRequest(db.db, {
      organisationId: orgId,
      id: asked.id,
      approve: true,
      decidedBy: 'staff@x',
      reason: null,
      now,
    });
    expect(approved).toMatchObject({ state: 'approved', decided_by: 'staff@x' });
    expect(await channels(orgId)).toEqual([{ value: '+31205550177' }]);
    expect(
      await code(
        decideRequest(db.db, {
          organisationId: orgId,
          id: asked.id,
          approve: false,
          decidedBy: 's',
          reason: 'x',
          now,
        }),
      ),
    ).toBe('request_decided');
    // Registered now: asking again is taken, not requested.
    expect(await code(requestChannel(db.db, otherId, channel, member, now))).toBe('channel_taken');
    expect((await pendingRequestCount(db.db)).channel).toBe(0);
  });

  it('an identity change applies only when approved; a refusal keeps its reason and changes nothing', async () => {
    const now = new Date();
    const before = await db.db
      .selectFrom('organisation')
      .selectAll()
      .where('id', '=', orgId)
      .executeTakeFirstOrThrow();
    const refused = await requestIdentityChange(db.db, orgId, { legalName: 'Nieuwe Naam B.V.' }, member, now);
    await decideRequest(db.db, {
      organisationId: orgId,
      id: refused.id,
      approve: false,
      decidedBy: 's',
      reason: 'geen bewijs',
      now,
    });
    const still = await db.db
      .selectFrom('organisation')
      .select('legal_name')
      .where('id', '=', orgId)
      .executeTakeFirstOrThrow();
    expect(still.legal_name).toBe(before.legal_name);
    const asked = await requestIdentityChange(db.db, orgId, { legalName: 'Nieuwe Naam B.V.' }, member, now);
    expect((await pendingRequestCount(db.db)).identity).toBe(1);
    await decideRequest(db.db, {
      organisationId: orgId,
      id: asked.id,
      approve: true,
      decidedBy: 's',
      reason: null,
      now,
    });
    const after = await db.db
      .selectFrom('organisation')
      .select(['legal_name', 'registry_id'])
      .where('id', '=', orgId)
      .executeTakeFirstOrThrow();
    expect(after).toEqual({ legal_name: 'Nieuwe Naam B.V.', registry_id: before.registry_id });
    const list = await organisationRequests(db.db, orgId);
    expect(list.map((r) => [r.kind, r.state, r.reason])).toEqual([
      ['identity', 'approved', null],
      ['identity', 'refused', 'geen bewijs'],
      ['channel', 'approved', null],
    ]);
  });

  it('a member sees the certification with the version’s criteria and history; another organisation does not', async () => {
    const view = await memberCertification(db.db, orgId, publicId, new Date());
    expect(view.status).toBe('pending');
    expect(view.criteria.length).toBe(7);
    expect(view.criteria[0]).toMatchObject({ position: 1, result: null });
    expect(view.history.map((e) => e.kind)).toEqual(['created']);
    expect(await code(memberCertification(db.db, otherId, publicId, new Date()))).toBe('not_found');
  });
});
