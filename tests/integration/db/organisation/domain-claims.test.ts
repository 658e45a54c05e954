import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { DIALECTS, openTestDatabase, type TestDatabase } from '../../../helpers/databases.ts';
import { prepareMembers, type MemberFixture } from '../../../helpers/member-e2e.ts';
import { KeurmerkError } from '../../../../db/errors.ts';
import {
  acceptClaim,
  addClaim,
  countPendingDomainRequests,
  provenDomains,
  refuseClaim,
  requestReview,
  reviewQueue,
  takeProofAttempt,
} from '../../../../db/organisation/domain-claims.ts';
import {
  chooseNotifications,
  digestSubscriptions,
  notificationChoice,
} from '../../../../db/member/notifications.ts';

const code = async (work: Promise<unknown>) =>
  work.then(
    () => 'ok',
    (e: unknown) => (e instanceof KeurmerkError ? e.code : String(e)),
  );

describe.each(DIALECTS)('domain claims and notification choices on %s', (kind) => {
  let h: TestDatabase;
  let fx: MemberFixture;
  let a: number;
  let b: number;
  beforeAll(async () => {
    h = await openTestDatabase(kind);
    fx = await prepareMembers(h.db);
    const id = async (slug: string) =>
      (await h.db.selectFrom('organisation').select('id').where('slug', '=', slug).executeTakeFirstOrThrow())
        .id;
    [a, b] = [await id(fx.slugA), await id(fx.slugB)];
  });
  afterAll(async () => {
    await h?.close();
  });

  it('one proof attempt per claim per minute, counted in the database', async () => {
    const claim = await addClaim(h.db, a, 'proef.alfa.test', fx.ids.ownerA);
    const t0 = new Date('2027-01-01T10:00:00Z');
    const attempts = await Promise.all([0, 1, 2].map(() => takeProofAttempt(h.db, claim.id, t0)));
    expect(attempts.filter(Boolean)).toHaveLength(1);
    expect(await takeProofAttempt(h.db, claim.id, new Date(t0.getTime() + 59_999))).toBe(false);
    expect(await takeProofAttempt(h.db, claim.id, new Date(t0.getTime() + 60_000))).toBe(true);
  });

  it('a host that counts for another organisation cannot be claimed or approved for this one', async () => {
    const claimA = await addClaim(h.db, a, 'gedeeld.test', fx.ids.ownerA);
    const claimB = await addClaim(h.db, b, 'gedeeld.test', fx.ids.ownerB);
    await acceptClaim(h.db, claimB.id);
    expect(await provenDomains(h.db, b)).toEqual(['gedeeld.test']);
    expect(await code(acceptClaim(h.db, claimA.id))).toBe('domain_taken');
    expect(await code(addClaim(h.db, a, 'gedeeld.test', fx.ids.ownerA))).toBe('domain_taken');
    expect(await code(addClaim(h.db, b, 'gedeeld.test', fx.ids.ownerB))).toBe('domain_already_registered');
  });

  it('staff see and count only requests a member asked them to review; decided ones leave the queue', async () => {
    const before = await countPendingDomainRequests(h.db);
    const one = await addClaim(h.db, a, 'een.alfa.test', fx.ids.ownerA);
    const two = await addClaim(h.db, a, 'twee.alfa.test', fx.ids.ownerA);
    await addClaim(h.db, a, 'drie.alfa.test', fx.ids.ownerA);
    await requestReview(h.db, one.id, new Date());
    await requestReview(h.db, two.id, new Date());
    expect(await countPendingDomainRequests(h.db)).toBe(before + 2);
    expect((await reviewQueue(h.db, a)).map((c) => c.hostname)).toEqual(['een.alfa.test', 'twee.alfa.test']);
    await refuseClaim(h.db, two.id, 'admin@keurmerk.test', new Date());
    expect(await code(refuseClaim(h.db, two.id, 'admin@keurmerk.test', new Date()))).toBe(
      'domain_claim_closed',
    );
    expect(await code(acceptClaim(h.db, two.id))).toBe('domain_claim_closed');
    await acceptClaim(h.db, one.id);
    expect(await countPendingDomainRequests(h.db)).toBe(before);
    expect(await provenDomains(h.db, a)).toContain('een.alfa.test');
    // Asking again for a refused host reopens the request.
    const again = await addClaim(h.db, a, 'twee.alfa.test', fx.ids.ownerA);
    expect([again.id, again.state]).toEqual([two.id, 'pending']);
  });

  it('notification choices are per person; the digest restarts when turned on again; leaving drops them', async () => {
    const t1 = new Date('2027-02-01T08:00:00Z');
    await chooseNotifications(h.db, a, fx.ids.ownerA, { statusChanges: true, digest: true }, t1);
    await chooseNotifications(h.db, a, fx.ids.editorA, { statusChanges: false, digest: false }, t1);
    expect(await notificationChoice(h.db, a, fx.ids.ownerA)).toEqual({ statusChanges: true, digest: true });
    expect(await notificationChoice(h.db, a, fx.ids.editorA)).toEqual({
      statusChanges: false,
      digest: false,
    });
    const t2 = new Date('2027-02-02T08:00:00Z');
    await chooseNotifications(h.db, a, fx.ids.ownerA, { statusChanges: false, digest: true }, t2);
    const since = (await digestSubscriptions(h.db)).find((s) => s.memberId === fx.ids.ownerA)?.since;
    expect(since?.toISOString()).toBe(t1.toISOString());
    await chooseNotifications(h.db, a, fx.ids.ownerA, { statusChanges: false, digest: false }, t2);
    const t3 = new Date('2027-02-03T08:00:00Z');
    await chooseNotifications(h.db, a, fx.ids.ownerA, { statusChanges: false, digest: true }, t3);
    expect(
      (await digestSubscriptions(h.db)).find((s) => s.memberId === fx.ids.ownerA)?.since.toISOString(),
    ).toBe(t3.toISOString());
    await sql`delete from organisation_member where organisation_id = ${a} and member_user_id = ${fx.ids.editorA}`.execute(
      h.db,
    );
    expect(
      await h.db
        .selectFrom('notification_preference')
        .select('member_user_id')
        .where('organisation_id', '=', a)
        .execute(),
    ).toEqual([{ member_user_id: fx.ids.ownerA }]);
  });
});
