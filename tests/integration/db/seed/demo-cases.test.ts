import { afterEach, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { DIALECTS, openTestDatabase, type TestDatabase } from '../../../helpers/databases.ts';
import { seedDemo } from '../../../../db/seed/demo-writer.ts';
import { seedDemoCases } from '../../../../db/seed/demo-cases.ts';
import { DEMO_CASE_ORGANISATIONS, demoCasePublicId } from '../../../../db/seed/demo-case-plan.ts';
import { staffQueue, organisationCases } from '../../../../db/workflow/queue.ts';
import { verifyChain } from '../../../../db/certification/event-chain.ts';
import { verifyPageDetail } from '../../../../db/certification/verify-lookup.ts';
import { organisationPage } from '../../../../db/organisation/page.ts';
import { ensureDemoMembers } from '../../../../api/member/demo-members.ts';

const NOW = new Date('2026-11-01T00:00:00Z');

async function count(h: TestDatabase, table: string): Promise<number> {
  return (await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}`.execute(h.db)).rows[0]!
    .n;
}

// Issue 18, item 8: `npm run demo` gives a new user a living staff queue and member portal.
describe.each(DIALECTS)('demo workflow cases on %s', (kind) => {
  const opened: TestDatabase[] = [];
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((h) => h.close()));
  });

  it('puts a case in every stage in the queue, the overdue remediation first, idempotently', async () => {
    const h = await openTestDatabase(kind);
    opened.push(h);
    await seedDemo(h.db, { organisations: 40, seed: 7, now: NOW });
    expect(await seedDemoCases(h.db, { seed: 7, now: NOW })).toBe(DEMO_CASE_ORGANISATIONS.length);
    const before = {
      cases: await count(h, 'certification_case'),
      events: await count(h, 'certification_event'),
      orgs: await count(h, 'organisation'),
    };
    expect(await seedDemoCases(h.db, { seed: 7, now: NOW })).toBe(0);
    expect({
      cases: await count(h, 'certification_case'),
      events: await count(h, 'certification_event'),
      orgs: await count(h, 'organisation'),
    }).toEqual(before);

    const queue = await staffQueue(h.db, NOW);
    const stages = new Set(queue.map((q) => `${q.kind}:${q.stage}`));
    expect([...stages].sort()).toEqual(
      [
        'application:draft',
        'application:submitted',
        'application:in_review',
        'application:changes_requested',
        'renewal:draft',
        'renewal:in_review',
        'remediation:changes_requested',
        'remediation:submitted',
        'objection:submitted',
      ].sort(),
    );
    expect(queue[0]).toMatchObject({ kind: 'remediation', overdue: true });
    expect(queue.filter((q) => q.overdue)).toHaveLength(1);

    const decided = await h.db
      .selectFrom('certification_case as k')
      .innerJoin('certification as c', 'c.id', 'k.certification_id')
      .select(['k.kind', 'k.outcome', 'c.status', 'c.assurance_level'])
      .where('k.stage', '=', 'decided')
      .where('k.kind', '=', 'application')
      .execute();
    expect(decided).toContainEqual({
      kind: 'application',
      outcome: 'refused',
      status: 'refused',
      assurance_level: 'self_declared',
    });
    expect(decided.filter((d) => d.outcome === 'granted').length).toBeGreaterThanOrEqual(6);

    // The changes requested carry a mandatory finding and a deadline two weeks ahead.
    const returned = queue.find((q) => q.kind === 'application' && q.stage === 'changes_requested')!;
    expect(returned.dueAt!.getTime()).toBe(NOW.getTime() + 14 * 86_400_000);
    const findings = await h.db
      .selectFrom('case_review')
      .select('severity')
      .where('case_id', '=', returned.caseId)
      .where('verdict', '=', 'finding')
      .execute();
    expect(findings.map((f) => f.severity).sort()).toEqual(['mandatory', 'recommended']);

    // Public state agrees: the renewal in review keeps the certification valid, the refusal is private.
    const grace = (await verifyPageDetail(h.db, demoCasePublicId(7, 'renewal_grace'), NOW))!;
    expect(grace).toMatchObject({ status: 'active', renewalUnderReview: true });
    expect(grace.criteria.every((c) => c.basis === 'self_declared')).toBe(true);
    const overdue = (await verifyPageDetail(h.db, demoCasePublicId(7, 'remediation_overdue'), NOW))!;
    expect(overdue.status).toBe('suspended');
    expect(overdue.remediationUntil!.getTime()).toBe(NOW.getTime() - 5 * 86_400_000);
    expect(await verifyPageDetail(h.db, demoCasePublicId(7, 'refused'), NOW)).toBeUndefined();
    const refusedOrg = DEMO_CASE_ORGANISATIONS.find((o) => o.stage === 'refused')!;
    const slug = (await h.db
      .selectFrom('organisation')
      .select('slug')
      .where('registry_id', '=', refusedOrg.registryId)
      .executeTakeFirstOrThrow())!.slug;
    expect(await organisationPage(h.db, slug, NOW)).toBeUndefined();
    expect(await verifyChain(h.db)).toMatchObject({ ok: true, events: before.events });
  });

  it('gives the demo members organisations with cases', async () => {
    const h = await openTestDatabase(kind);
    opened.push(h);
    await seedDemo(h.db, { organisations: 10, seed: 3, now: NOW });
    await seedDemoCases(h.db, { seed: 3, now: NOW });
    const members = await ensureDemoMembers(h.db, NOW);
    expect(members.map((m) => m.email)).toEqual([
      'eigenaar-1@leden.keurmerk.localhost',
      'redacteur-1@leden.keurmerk.localhost',
      'eigenaar-2@leden.keurmerk.localhost',
      'eigenaar-3@leden.keurmerk.localhost',
    ]);
    const seen: string[] = [];
    for (const email of ['eigenaar-1', 'eigenaar-2', 'eigenaar-3']) {
      const membership = await h.db
        .selectFrom('member_user as u')
        .innerJoin('organisation_member as m', 'm.member_user_id', 'u.id')
        .select('m.organisation_id')
        .where('u.email', '=', `${email}@leden.keurmerk.localhost`)
        .executeTakeFirstOrThrow();
      const cases = await organisationCases(h.db, membership.organisation_id);
      expect(cases.length, email).toBeGreaterThan(0);
      seen.push(...cases.filter((c) => c.stage !== 'decided').map((c) => `${c.kind}:${c.stage}`));
    }
    expect(seen).toEqual(['application:changes_requested', 'remediation:changes_requested', 'renewal:draft']);
  });
});
