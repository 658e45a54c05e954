import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServerProcess, type ServerProcess } from '../../helpers/server-process.ts';
import {
  adminCall,
  getPage,
  postForm,
  prepareAdmin,
  signInUi,
  type AdminFixture,
} from '../../helpers/admin-e2e.ts';
import { prepareMembers, type MemberFixture } from '../../helpers/member-e2e.ts';
import { decodeJwt, svgCredentials } from '../../helpers/badge-reading.ts';
import { openDatabase } from '../../../db/platform/connection.ts';
import { migrateToLatest } from '../../../db/platform/migrate.ts';
import { seedSchemes } from '../../../db/seed/scheme-files.ts';
import { applicationFor, criterionCodes } from '../../helpers/certification-fixture.ts';
import { openCase } from '../../../db/workflow/cases.ts';
import { saveAnswers, submitCase } from '../../../db/workflow/moves.ts';

const DAY = 86_400_000;

/** The self-assessment form: every criterion met with an explanation, but `skip`. */
function answers(codes: string[], skip: string[] = []): Record<string, string> {
  const form: Record<string, string> = {};
  for (const code of codes.filter((c) => !skip.includes(c))) {
    form[`answer-${code}`] = 'met';
    form[`explanation-${code}`] = `How Alfa meets ${code}.`;
  }
  return form;
}

describe('a case from self-assessment to a four-eyes grant, and a refusal that stays private (running server)', () => {
  let dataDir: string;
  let server: ServerProcess;
  let admin: Omit<AdminFixture, 'reg'>;
  let members: MemberFixture;
  let publicIdA: string;
  let refusedCase: number;
  let publicIdB: string;
  let criteriaCodes: string[];

  beforeAll(async () => {
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'keurmerk-case-flow-'));
    const handle = await openDatabase({ databaseUrl: null, dataDir, role: 'test fixture' });
    try {
      await migrateToLatest(handle.db);
      await seedSchemes(handle.db);
      admin = await prepareAdmin(handle.db);
      members = await prepareMembers(handle.db);
      const db = handle.db;
      const cert = await db
        .selectFrom('certification_case as k')
        .innerJoin('certification as c', 'c.id', 'k.certification_id')
        .select('c.public_id')
        .where('k.id', '=', members.caseA)
        .executeTakeFirstOrThrow();
      publicIdA = cert.public_id;
      criteriaCodes = await criterionCodes(db, { caseId: members.caseA });
      // Organisation B: an application already submitted, to be refused.
      // The same scheme as A's case (the member fixture's application is for Happy Customer).
      const now = new Date();
      const b = await applicationFor(db, members.slugB, 'happy-customer', { now });
      publicIdB = b.public_id;
      const kase = await openCase(db, {
        certificationId: b.id,
        kind: 'application',
        actor: { name: 'test', staffId: null },
        now,
      });
      const actor = { name: 'member:b', staffId: null };
      await saveAnswers(
        db,
        kase.id,
        criteriaCodes.map((criterion) => ({ criterion, answer: 'met', explanation: 'Yes.' })),
        actor,
        now,
      );
      await submitCase(db, kase.id, actor, now);
      refusedCase = kase.id;
    } finally {
      await handle.close();
    }
    server = await startServerProcess({ DATA_DIR: dataDir });
  });
  afterAll(async () => {
    await server?.stop('SIGKILL');
    await fs.rm(dataDir, { recursive: true, force: true });
  });

  it('uses the seeded KSF criteria', () => {
    expect(criteriaCodes).toHaveLength(7);
  });

  it(
    'walks member → assessor → member → a second staff member, and the badge verifies on the case’s version',
    { timeout: 180_000 },
    async () => {
      const casePage = `/member/org/${members.slugA}/cases/${members.caseA}`;
      const owner = members.cookies.ownerA;
      // Private while an application: not on the organisation's page (A is public through its
      // active KSF certification of the member fixture), not in the read API.
      const orgPage = await getPage(server.url, `/organisations/${members.slugA}`);
      expect(orgPage.status).toBe(200);
      expect(orgPage.html).not.toContain(publicIdA);
      expect((await fetch(`${server.url}/api/v1/certifications/${publicIdA}`)).status).toBe(404);

      const first = await getPage(server.url, casePage, owner);
      expect(first.status).toBe(200);
      expect(first.html).toContain(`name="answer-${criteriaCodes[0]}"`);
      expect(first.html).toContain(`/member/org/${members.slugA}/cases/${members.caseA}/evidence`);

      // A draft with one criterion open cannot be submitted; what was typed is kept.
      const incomplete = await postForm(
        server.url,
        casePage,
        { ...answers(criteriaCodes, [criteriaCodes[6]!]), action: 'submit' },
        owner,
      );
      expect(incomplete.status).toBe(409);
      expect(await incomplete.text()).toContain(criteriaCodes[6]!);
      const submitted = await postForm(
        server.url,
        casePage,
        { ...answers(criteriaCodes), action: 'submit' },
        owner,
      );
      expect(submitted.status).toBe(200);
      expect(await submitted.text()).toContain('Ingediend');

      // The assessor (API token, owned by the assessor) reviews and returns it with a deadline.
      const assessor = admin.tokens.assessor;
      expect(
        (await adminCall(server.url, 'POST', `/cases/${members.caseA}/review`, assessor, {})).body.case.stage,
      ).toBe('in_review');
      const findings = await adminCall(server.url, 'PUT', `/cases/${members.caseA}/reviews`, assessor, {
        reviews: [
          {
            criterion: criteriaCodes[2]!,
            verdict: 'finding',
            severity: 'mandatory',
            comment: 'Show the yearly data-protection check.',
          },
        ],
      });
      expect(findings.status).toBe(200);
      const dueAt = new Date(Date.now() + 30 * DAY).toISOString();
      const returned = await adminCall(server.url, 'POST', `/cases/${members.caseA}/changes`, assessor, {
        dueAt,
      });
      expect(returned.status).toBe(200);
      expect(returned.body.case.stage).toBe('changes_requested');
      const outbox = await adminCall(server.url, 'GET', '/outbox', admin.tokens.admin);
      const mails = JSON.stringify(outbox.body);
      expect(mails).toContain('case_changes_requested');
      expect(mails).toContain(members.emails.ownerA);
      expect(mails).toContain(members.emails.editorA);

      // The member reads the finding and fixes the answer.
      const back = await getPage(server.url, casePage, owner);
      expect(back.html).toContain('Show the yearly data-protection check.');
      const fixed = await postForm(
        server.url,
        casePage,
        {
          [`answer-${criteriaCodes[2]}`]: 'met',
          [`explanation-${criteriaCodes[2]}`]: 'Our DPO checks every year; report attached.',
          action: 'submit',
        },
        owner,
      );
      expect(fixed.status).toBe(200);
      expect(await fixed.text()).toContain('Our DPO checks every year; report attached.');

      // The assessor reviews again on the case page: every criterion accepted.
      const assessorUi = await signInUi(
        server.url,
        admin.staff.assessor.email,
        admin.staff.assessor.password,
      );
      const adminPage = `/admin/cases/${members.caseA}`;
      expect((await postForm(server.url, adminPage, { action: 'start_review' }, assessorUi)).status).toBe(
        200,
      );
      const verdicts: Record<string, string> = { action: 'reviews' };
      for (const code of criteriaCodes) verdicts[`verdict-${code}`] = 'accepted';
      expect((await postForm(server.url, adminPage, verdicts, assessorUi)).status).toBe(200);

      // Four eyes: the reviewer may not grant `reviewed`, through the page or the API.
      const samePage = await postForm(
        server.url,
        adminPage,
        { action: 'grant', assuranceLevel: 'reviewed', confirm: 'yes' },
        assessorUi,
      );
      expect(samePage.status).toBe(403);
      expect(await samePage.text()).toContain('tweede medewerker');
      const sameApi = await adminCall(server.url, 'POST', `/cases/${members.caseA}/grant`, assessor, {
        assuranceLevel: 'reviewed',
      });
      expect(sameApi.status).toBe(403);
      expect(sameApi.body.type).toBe('https://keurmerk.dev/problems/four_eyes');

      // A second staff member grants.
      const granted = await adminCall(
        server.url,
        'POST',
        `/cases/${members.caseA}/grant`,
        admin.tokens.admin,
        {
          assuranceLevel: 'reviewed',
        },
      );
      expect(granted.status).toBe(200);
      expect(granted.body.case).toMatchObject({ stage: 'decided', outcome: 'granted' });

      // The badge carries a credential that verifies and names the scheme version of the case.
      const svg = await (await fetch(`${server.url}/badges/${publicIdA}.svg`)).text();
      const [jwt] = svgCredentials(svg);
      expect(jwt).toBeDefined();
      const verdict = await fetch(`${server.url}/api/v1/verify`, {
        method: 'POST',
        headers: { 'content-type': 'text/plain' },
        body: jwt!,
      });
      expect(((await verdict.json()) as { verdict: string }).verdict).toBe('valid');
      const achievement = decodeJwt(jwt!).payload['credentialSubject']['achievement'];
      expect(achievement.version).toBe(String(granted.body.scheme.version));
      // Public now, as reviewed: the organisation page and the read API show it.
      expect((await getPage(server.url, `/organisations/${members.slugA}`)).status).toBe(200);
      const read = await fetch(`${server.url}/api/v1/certifications/${publicIdA}`);
      expect(((await read.json()) as { assuranceLevel: string }).assuranceLevel).toBe('reviewed');
    },
  );

  it('refuses an application on the staff page; nothing of it is public', { timeout: 120_000 }, async () => {
    const adminUi = await signInUi(server.url, admin.staff.admin.email, admin.staff.admin.password);
    const page = `/admin/cases/${refusedCase}`;
    expect((await postForm(server.url, page, { action: 'start_review' }, adminUi)).status).toBe(200);
    const unconfirmed = await postForm(
      server.url,
      page,
      { action: 'refuse', reasons: 'No complaints procedure.' },
      adminUi,
    );
    expect(unconfirmed.status).toBe(400);
    const refusedReply = await postForm(
      server.url,
      page,
      { action: 'refuse', reasons: 'No complaints procedure.', confirm: 'yes' },
      adminUi,
    );
    expect(refusedReply.status).toBe(200);
    const detail = await adminCall(server.url, 'GET', `/cases/${refusedCase}`, admin.tokens.viewer);
    expect(detail.body).toMatchObject({ case: { outcome: 'refused' }, certification: { status: 'refused' } });

    // The member sees the reasons; the public sees nothing.
    const memberView = await getPage(
      server.url,
      `/en/member/org/${members.slugB}/cases/${refusedCase}`,
      members.cookies.ownerB,
    );
    expect(memberView.html).toContain('No complaints procedure.');
    expect((await getPage(server.url, `/organisations/${members.slugB}`)).status).toBe(404);
    expect((await fetch(`${server.url}/api/v1/organisations/${members.slugB}`)).status).toBe(404);
    expect((await fetch(`${server.url}/api/v1/certifications/${publicIdB}`)).status).toBe(404);
    const search = await (await fetch(`${server.url}/api/v1/organisations?q=Bravo`)).text();
    expect(search).not.toContain(members.slugB);
    const openData = await (await fetch(`${server.url}/open-data/registry.json`)).text();
    expect(openData).not.toContain(members.slugB);
    expect(openData).not.toContain(publicIdB);
    const changes = await (await fetch(`${server.url}/api/v1/changes?limit=200`)).text();
    expect(changes).not.toContain(publicIdB);
    const list = await (await fetch(`${server.url}/api/v1/certifications?limit=200`)).text();
    expect(list).not.toContain(publicIdB);
    expect(list).toContain(publicIdA);
    const verifyPage = await getPage(server.url, `/verify/${publicIdB}`);
    expect(verifyPage.status).toBe(404);
  });

  it('member and admin case pages are keyboard forms without English on the Dutch page', async () => {
    const nl = await getPage(server.url, `/member/org/${members.slugA}/cases`, members.cookies.ownerA);
    expect(nl.status).toBe(200);
    expect(nl.html).not.toMatch(/>\s*(Cases|Application|Start the self-assessment)\s*</);
    expect(
      (await getPage(server.url, `/fr/member/org/${members.slugA}/cases`, members.cookies.ownerA)).html,
    ).toContain('Dossiers');
    // Another organisation's member: 404 on the case, through the page.
    expect(
      (
        await getPage(
          server.url,
          `/member/org/${members.slugA}/cases/${members.caseA}`,
          members.cookies.ownerB,
        )
      ).status,
    ).toBe(404);
    expect(
      (
        await getPage(
          server.url,
          `/member/org/${members.slugB}/cases/${members.caseA}`,
          members.cookies.ownerB,
        )
      ).status,
    ).toBe(404);
  });
});
