import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { DIALECTS, openTestDatabase, type TestDatabase } from '../../../helpers/databases.ts';
import { pendingCertification } from '../../../helpers/fixtures.ts';
import { caseDetail, openCase, type CaseActor } from '../../../../db/workflow/cases.ts';
import { recordReviews, saveAnswers, startReview, submitCase } from '../../../../db/workflow/moves.ts';
import { grantCase } from '../../../../db/workflow/decide.ts';
import { organisationPage } from '../../../../db/organisation/page.ts';
import { verifyPageDetail } from '../../../../db/certification/verify-lookup.ts';
import type { AssuranceLevel } from '../../../../db/vocabulary.ts';

const T0 = new Date('2026-03-01T09:00:00.000Z');
const at = (days: number) => new Date(T0.getTime() + days * 86_400_000);
const member: CaseActor = { name: 'member:owner@org.test', staffId: null };

// Issue 18: what each criterion's result rests on is recorded by the decision that grants it and
// shown on the public organisation and verify pages (never the evidence behind it).
describe.each(DIALECTS)('assessment basis on %s', (kind) => {
  let h: TestDatabase;
  let alice: CaseActor;
  let bob: CaseActor;
  beforeAll(async () => {
    h = await openTestDatabase(kind);
    const staff = async (email: string) =>
      (
        await h.db
          .insertInto('staff_user')
          .values({ email, display_name: email, role: 'assessor', password_hash: 'not a usable hash' })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
    alice = { name: 'alice@keurmerk.test', staffId: await staff(`alice-basis-${kind}@keurmerk.test`) };
    bob = { name: 'bob@keurmerk.test', staffId: await staff(`bob-basis-${kind}@keurmerk.test`) };
  });
  afterAll(() => h?.close());

  /** An application reviewed by alice (every criterion accepted), granted by bob at `level`. */
  async function grantedAt(level: AssuranceLevel) {
    const cert = await pendingCertification(h.db, { now: T0 });
    const kase = await openCase(h.db, {
      certificationId: cert.id,
      kind: 'application',
      actor: member,
      now: T0,
    });
    const codes = (await caseDetail(h.db, kase.id))!.criteria.map((c) => c.code);
    await saveAnswers(
      h.db,
      kase.id,
      codes.map((criterion, i) => ({
        criterion,
        answer: i === 6 ? 'not_applicable' : 'met',
        explanation: `Our evidence for ${criterion}: see the attached policy.`,
      })),
      member,
      at(1),
    );
    await submitCase(h.db, kase.id, member, at(2));
    await startReview(h.db, kase.id, alice, at(3));
    await recordReviews(
      h.db,
      kase.id,
      codes.map((criterion) => ({
        criterion,
        verdict: criterion === codes[1] ? 'finding' : 'accepted',
        severity: criterion === codes[1] ? 'recommended' : null,
        comment: criterion === codes[1] ? 'Reviewer comment: mention the chat channel too.' : null,
      })),
      alice,
      at(3),
    );
    await grantCase(h.db, kase.id, { actor: bob, level, now: at(4), hooks: [] });
    return cert;
  }

  it.each(['reviewed', 'self_declared'] as const)(
    'a %s grant records that basis on every criterion, shown on the organisation and verify pages',
    async (level) => {
      const cert = await grantedAt(level);
      const rows = await h.db
        .selectFrom('assessment')
        .select(['result', 'basis'])
        .where('certification_id', '=', cert.id)
        .execute();
      expect(rows).toHaveLength(7);
      expect(new Set(rows.map((r) => r.basis))).toEqual(new Set([level]));

      const page = (await organisationPage(h.db, cert.organisationSlug, at(5)))!;
      const onPage = page.certifications.find((c) => c.publicId === cert.public_id)!;
      expect(onPage.criteria.map((c) => [c.result, c.basis])).toEqual([
        ...Array.from({ length: 6 }, () => ['met', level]),
        ['not_applicable', level],
      ]);
      const verify = (await verifyPageDetail(h.db, cert.public_id, at(5)))!;
      expect(verify.criteria.map((c) => c.basis)).toEqual(Array.from({ length: 7 }, () => level));
      // What it rests on is public; the member's explanations and the reviewer's comments are not.
      const published = JSON.stringify([onPage, verify]);
      expect(published).not.toContain('Our evidence for');
      expect(published).not.toContain('Reviewer comment');
    },
  );

  it('gives a row written without a basis its certification level, and keeps one that is named', async () => {
    const cert = await pendingCertification(h.db, { now: T0 });
    await h.db
      .updateTable('certification')
      .set({ assurance_level: 'audited' })
      .where('id', '=', cert.id)
      .execute();
    const [first, second] = await h.db
      .selectFrom('criterion')
      .select('id')
      .where('scheme_version_id', '=', cert.scheme_version_id)
      .orderBy('position')
      .limit(2)
      .execute();
    await sql`insert into assessment (certification_id, criterion_id, result, assessor, assessed_at)
              values (${cert.id}, ${first!.id}, 'met', 'bulk', ${T0})`.execute(h.db);
    await sql`insert into assessment (certification_id, criterion_id, result, basis, assessor, assessed_at)
              values (${cert.id}, ${second!.id}, 'met', 'self_declared', 'bulk', ${T0})`.execute(h.db);
    const rows = await h.db
      .selectFrom('assessment')
      .select(['criterion_id', 'basis'])
      .where('certification_id', '=', cert.id)
      .orderBy('criterion_id')
      .execute();
    expect(rows).toEqual([
      { criterion_id: first!.id, basis: 'audited' },
      { criterion_id: second!.id, basis: 'self_declared' },
    ]);
    await expect(
      sql`insert into assessment (certification_id, criterion_id, result, basis, assessor, assessed_at)
          values (${cert.id}, ${first!.id}, 'met', 'vouched', 'bulk', ${T0})
          on conflict (certification_id, criterion_id) do update set basis = excluded.basis`.execute(h.db),
    ).rejects.toThrow(/assessment_basis_check/);
  });
});
