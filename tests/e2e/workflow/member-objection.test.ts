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
import { openDatabase } from '../../../db/platform/connection.ts';
import { migrateToLatest } from '../../../db/platform/migrate.ts';
import { seedSchemes } from '../../../db/seed/scheme-files.ts';
import { applyTransition } from '../../../db/certification/transitions.ts';
import { criterionCodes, grantedFor } from '../../helpers/certification-fixture.ts';
import { saveAnswers, submitCase } from '../../../db/workflow/moves.ts';

// Issue 18, the member side of remediation and objection, over HTTP against the built server:
// a member answers a remediation with a PDF and submits, staff reinstate; the member objects to a
// suspension, a revocation and a refusal; the person who decided is refused (API and page), a
// second staff member upholds; another organisation's member gets 404; a passed period is refused.

const DAY = 86_400_000;
const PDF = '%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n';

describe('member remediation and objections (running server)', () => {
  let dataDir: string;
  let server: ServerProcess;
  let admin: Omit<AdminFixture, 'reg'>;
  let fx: MemberFixture;
  let codes: string[];
  /** Organisation B's KSF certification, suspended 100 days ago: its objection period passed. */
  let oldSuspension: string;

  beforeAll(async () => {
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'keurmerk-member-objection-'));
    const handle = await openDatabase({ databaseUrl: null, dataDir, role: 'test fixture' });
    try {
      const db = handle.db;
      await migrateToLatest(db);
      await seedSchemes(db);
      admin = await prepareAdmin(db);
      fx = await prepareMembers(db);
      const happyCodes = await criterionCodes(db, { caseId: fx.caseA });
      // A's Happy Customer application, answered and submitted: staff will refuse it.
      const actor = { name: 'member:a', staffId: null };
      const now = new Date();
      await saveAnswers(
        db,
        fx.caseA,
        happyCodes.map((criterion) => ({
          criterion,
          answer: 'met' as const,
          explanation: 'Yes, see the report.',
        })),
        actor,
        now,
      );
      await submitCase(db, fx.caseA, actor, now);
      codes = await criterionCodes(db, { publicId: fx.publicIdA });
      // B: granted 110 days ago, suspended 100 days ago.
      const b = await grantedFor(db, fx.slugB, 'ksf-service-promises', {
        at: new Date(Date.now() - 110 * DAY),
      });
      await applyTransition(db, b, 'suspend', {
        actor: 'fixture',
        reason: 'complaints',
        now: new Date(Date.now() - 100 * DAY),
      });
      oldSuspension = b;
    } finally {
      await handle.close();
    }
    server = await startServerProcess({ DATA_DIR: dataDir });
  }, 180_000);
  afterAll(async () => {
    await server?.stop('SIGKILL');
    await fs.rm(dataDir, { recursive: true, force: true });
  });

  const owner = () => fx.cookies.ownerA;
  const certObjection = () => `/member/org/${fx.slugA}/certifications/${fx.publicIdA}/objection`;

  /** Uploads one file to a case's evidence page as a browser form does. */
  async function upload(caseId: number, purpose: string, cookie: string, slug = fx.slugA) {
    const form = new FormData();
    form.set('criterion', '');
    form.set('purpose', purpose);
    form.set('file', new Blob([PDF], { type: 'application/pdf' }), 'herstel.pdf');
    const r = await fetch(`${server.url}/member/org/${slug}/cases/${caseId}/evidence`, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie, origin: server.url },
      body: form,
    });
    return { status: r.status, html: await r.text() };
  }

  async function queueCase(kind: string, publicId: string): Promise<number> {
    const queue = await adminCall(server.url, 'GET', '/cases', admin.tokens.admin);
    const item = (queue.body.data as Array<{ id: number; kind: string; certification: string }>).find(
      (q) => q.kind === kind && q.certification === publicId,
    );
    if (!item) throw new Error(`no open ${kind} case for ${publicId}`);
    return item.id;
  }

  /** Objects through the form; the answer is a 303 to the new case, whose id is returned. */
  async function object(url: string, reasons: string): Promise<number> {
    const r = await postForm(server.url, url, { reasons }, owner());
    expect(r.status, await r.text()).toBe(303);
    const match = /\/member\/org\/[^/]+\/cases\/(\d+)\?objected=1$/.exec(r.headers.get('location') ?? '');
    expect(match).not.toBeNull();
    return Number(match![1]);
  }

  it(
    'a remediation: the member answers each finding with a PDF and submits; staff reinstate',
    { timeout: 120_000 },
    async () => {
      const deadline = new Date(Date.now() + 30 * DAY).toISOString().slice(0, 10);
      const suspended = await adminCall(
        server.url,
        'POST',
        `/certifications/${fx.publicIdA}/suspend`,
        admin.tokens.assessor,
        {
          reason: 'Complaints about callbacks',
          findings: [
            { criterion: codes[0]!, comment: 'Callbacks are not made within a day.' },
            { criterion: codes[1]!, comment: 'Feedback is not logged.' },
          ],
          deadline,
        },
      );
      expect(suspended.status).toBe(200);
      const caseId = await queueCase('remediation', fx.publicIdA);
      const casePage = `/member/org/${fx.slugA}/cases/${caseId}`;

      const list = await getPage(server.url, `/member/org/${fx.slugA}/cases`, owner());
      expect(list.html).toContain(`${casePage}"`);
      expect(list.html).toContain('Herstel');
      const page = await getPage(server.url, casePage, owner());
      expect(page.status).toBe(200);
      expect(page.html).toContain('Callbacks are not made within a day.');
      expect(page.html).toContain('Hersteltermijn');
      expect(page.html).toContain(`name="corrective-${codes[0]}"`);
      // Only the findings are answered here, not the whole self-assessment.
      expect(page.html).not.toContain(`name="corrective-${codes[2]}"`);
      expect(page.html).not.toContain(`name="answer-${codes[0]}"`);

      // A mandatory finding left unexplained: refused, what was typed is kept.
      const incomplete = await postForm(
        server.url,
        casePage,
        {
          [`corrective-${codes[0]}`]: 'We call back the same day now.',
          [`corrective-${codes[1]}`]: '',
          action: 'submit',
        },
        owner(),
      );
      expect(incomplete.status).toBe(400);
      const incompleteHtml = await incomplete.text();
      expect(incompleteHtml).toContain('We call back the same day now.');
      expect(incompleteHtml).toContain(codes[1]!);
      const saved = await postForm(
        server.url,
        casePage,
        { [`corrective-${codes[0]}`]: 'We call back the same day now.', action: 'save' },
        fx.cookies.editorA,
      );
      expect(saved.status).toBe(200);
      await saved.arrayBuffer();
      const file = await upload(caseId, 'corrective', owner());
      expect(file.status).toBe(200);
      expect(file.html).toContain('herstel.pdf');
      const submitted = await postForm(
        server.url,
        casePage,
        { [`corrective-${codes[1]}`]: 'Every piece of feedback is logged in our CRM.', action: 'submit' },
        owner(),
      );
      expect(submitted.status).toBe(200);
      const after = await submitted.text();
      expect(after).toContain('Herstel ingediend');
      expect(after).toContain('We call back the same day now.');
      const detail = await adminCall(server.url, 'GET', `/cases/${caseId}`, admin.tokens.viewer);
      expect(detail.body.case.stage).toBe('submitted');
      const files = await adminCall(server.url, 'GET', `/cases/${caseId}/evidence`, admin.tokens.viewer);
      expect(JSON.stringify(files.body)).toContain('"purpose":"corrective"');
      // Submitted: no more answers or files from the member.
      expect((await upload(caseId, 'corrective', owner())).status).toBe(409);

      const reinstated = await adminCall(server.url, 'POST', `/cases/${caseId}/decide`, admin.tokens.admin, {
        outcome: 'reinstated',
        reasons: 'Callbacks and feedback fixed.',
      });
      expect(reinstated.status).toBe(200);
      const cert = await fetch(`${server.url}/api/v1/certifications/${fx.publicIdA}`);
      expect(((await cert.json()) as { status: string }).status).toBe('active');
      const decided = await getPage(server.url, `/en${casePage}`, owner());
      expect(decided.html).toContain('Reinstated');
    },
  );

  it(
    'a suspension: the member objects; the suspender is refused (API and page), another person upholds',
    { timeout: 120_000 },
    async () => {
      const before = await getPage(server.url, certObjection(), owner());
      expect(before.status).toBe(200);
      expect(before.html).toContain('geen besluit');
      const suspended = await adminCall(
        server.url,
        'POST',
        `/certifications/${fx.publicIdA}/suspend`,
        admin.tokens.assessor,
        {
          reason: 'Unanswered complaints',
        },
      );
      expect(suspended.status).toBe(200);
      const certPage = await getPage(
        server.url,
        `/member/org/${fx.slugA}/certifications/${fx.publicIdA}`,
        owner(),
      );
      expect(certPage.html).toContain(`${certObjection()}"`);
      const form = await getPage(server.url, certObjection(), owner());
      expect(form.html).toContain('name="reasons"');
      expect(form.html).toContain('de schorsing');

      const empty = await postForm(server.url, certObjection(), { reasons: '   ' }, owner());
      expect(empty.status).toBe(400);
      await empty.arrayBuffer();
      const tooLong = await postForm(server.url, certObjection(), { reasons: 'x'.repeat(8001) }, owner());
      expect(tooLong.status).toBe(400);
      await tooLong.arrayBuffer();
      // Another organisation's member: 404 on the form, by GET and by POST, under either slug.
      expect((await getPage(server.url, certObjection(), fx.cookies.ownerB)).status).toBe(404);
      const stranger = await postForm(
        server.url,
        certObjection(),
        { reasons: 'not mine' },
        fx.cookies.ownerB,
      );
      expect(stranger.status).toBe(404);
      await stranger.arrayBuffer();
      expect(
        (
          await getPage(
            server.url,
            `/member/org/${fx.slugB}/certifications/${fx.publicIdA}/objection`,
            fx.cookies.ownerB,
          )
        ).status,
      ).toBe(404);

      // The editor objects (any member works on the organisation's cases).
      const r = await postForm(
        server.url,
        certObjection(),
        { reasons: 'The complaints were answered by post.' },
        fx.cookies.editorA,
      );
      expect(r.status).toBe(303);
      const caseId = Number(/cases\/(\d+)/.exec(r.headers.get('location') ?? '')![1]);
      await r.arrayBuffer();
      const casePage = `/member/org/${fx.slugA}/cases/${caseId}`;
      expect((await upload(caseId, 'objection', owner())).status).toBe(200);
      expect((await getPage(server.url, casePage, fx.cookies.ownerB)).status).toBe(404);
      expect(
        (await getPage(server.url, `/member/org/${fx.slugB}/cases/${caseId}`, fx.cookies.ownerB)).status,
      ).toBe(404);
      const again = await postForm(server.url, certObjection(), { reasons: 'Once more.' }, owner());
      expect(again.status).toBe(409);
      expect(await again.text()).toContain(`dossier ${caseId}`);
      const shown = await getPage(server.url, casePage, owner());
      expect(shown.html).toContain('The complaints were answered by post.');
      expect(shown.html).toContain('Ingediend');

      // The suspender (the assessor's token and the assessor on the queue page) may not decide.
      const sameApi = await adminCall(server.url, 'POST', `/cases/${caseId}/decide`, admin.tokens.assessor, {
        outcome: 'upheld',
        reasons: 'mine',
      });
      expect(sameApi.status).toBe(403);
      expect(sameApi.body.type).toMatch(/objection_same_person$/);
      const assessorUi = await signInUi(
        server.url,
        admin.staff.assessor.email,
        admin.staff.assessor.password,
      );
      const samePage = await postForm(
        server.url,
        '/admin/queue',
        { id: String(caseId), outcome: 'upheld', reasons: 'mine' },
        assessorUi,
      );
      expect(samePage.status).toBe(403);
      await samePage.arrayBuffer();
      const upheld = await adminCall(server.url, 'POST', `/cases/${caseId}/decide`, admin.tokens.admin, {
        outcome: 'upheld',
        reasons: 'The letters were found.',
      });
      expect(upheld.status).toBe(200);
      const outcome = await getPage(server.url, `/fr${casePage}`, owner());
      expect(outcome.html).toContain('Votre objection est fondée');
      expect(outcome.html).toContain('The letters were found.');
      const cert = await fetch(`${server.url}/api/v1/certifications/${fx.publicIdA}`);
      expect(((await cert.json()) as { status: string }).status).toBe('active');
    },
  );

  it(
    'a revocation: the member objects, another person upholds; reinstated after objection',
    { timeout: 120_000 },
    async () => {
      const revoked = await adminCall(
        server.url,
        'POST',
        `/certifications/${fx.publicIdA}/revoke`,
        admin.tokens.assessor,
        {
          reason: 'Repeated complaints',
        },
      );
      expect(revoked.status).toBe(200);
      const form = await getPage(server.url, `/en${certObjection()}`, owner());
      expect(form.html).toContain('the revocation');
      const caseId = await object(certObjection(), 'We were never told about the complaints.');
      const sameApi = await adminCall(server.url, 'POST', `/cases/${caseId}/decide`, admin.tokens.assessor, {
        outcome: 'upheld',
        reasons: 'mine',
      });
      expect(sameApi.status).toBe(403);
      const upheld = await adminCall(server.url, 'POST', `/cases/${caseId}/decide`, admin.tokens.admin, {
        outcome: 'upheld',
        reasons: 'Not told: revocation withdrawn.',
      });
      expect(upheld.status).toBe(200);
      const changes = await (await fetch(`${server.url}/api/v1/changes?limit=200`)).text();
      expect(changes).toContain('reinstated_after_objection');
      const after = await getPage(server.url, `/en/member/org/${fx.slugA}/cases/${caseId}`, owner());
      expect(after.html).toContain('the certification is reinstated');
    },
  );

  it(
    'a refusal: the member objects from the case; upheld, the application is reviewed again by someone else, privately',
    { timeout: 120_000 },
    async () => {
      const assessor = admin.tokens.assessor;
      expect((await adminCall(server.url, 'POST', `/cases/${fx.caseA}/review`, assessor, {})).status).toBe(
        200,
      );
      const happy = await adminCall(server.url, 'GET', `/cases/${fx.caseA}`, admin.tokens.viewer);
      const happyCodes = (happy.body.criteria as Array<{ code: string }>).map((c) => c.code);
      expect(
        (
          await adminCall(server.url, 'PUT', `/cases/${fx.caseA}/reviews`, assessor, {
            reviews: happyCodes.map((criterion) => ({ criterion, verdict: 'accepted' })),
          })
        ).status,
      ).toBe(200);
      const refused = await adminCall(server.url, 'POST', `/cases/${fx.caseA}/refuse`, assessor, {
        reasons: 'No ombudsman route.',
      });
      expect(refused.status).toBe(200);
      const publicId = happy.body.certification.publicId as string;

      const refusalForm = `/member/org/${fx.slugA}/cases/${fx.caseA}/objection`;
      const casePage = await getPage(server.url, `/member/org/${fx.slugA}/cases/${fx.caseA}`, owner());
      expect(casePage.html).toContain(`${refusalForm}"`);
      expect((await getPage(server.url, refusalForm, fx.cookies.ownerB)).status).toBe(404);
      const strangerPost = await postForm(server.url, refusalForm, { reasons: 'x' }, fx.cookies.ownerB);
      expect(strangerPost.status).toBe(404);
      await strangerPost.arrayBuffer();
      const form = await getPage(server.url, refusalForm, owner());
      expect(form.html).toContain('de afwijzing');
      const caseId = await object(refusalForm, 'Our ombudsman is named on the contact page.');
      expect((await upload(caseId, 'objection', owner())).status).toBe(200);

      const sameApi = await adminCall(server.url, 'POST', `/cases/${caseId}/decide`, assessor, {
        outcome: 'upheld',
        reasons: 'mine',
      });
      expect(sameApi.status).toBe(403);
      const upheld = await adminCall(server.url, 'POST', `/cases/${caseId}/decide`, admin.tokens.admin, {
        outcome: 'upheld',
        reasons: 'The ombudsman is named.',
      });
      expect(upheld.status).toBe(200);
      const back = await adminCall(server.url, 'GET', `/cases/${fx.caseA}`, admin.tokens.viewer);
      expect(back.body).toMatchObject({
        case: { stage: 'in_review', outcome: null },
        certification: { status: 'pending' },
      });
      // The refuser may not decide again, through the API or the case page.
      const sameGrant = await adminCall(server.url, 'POST', `/cases/${fx.caseA}/grant`, assessor, {
        assuranceLevel: 'self_declared',
      });
      expect(sameGrant.status).toBe(403);
      expect(sameGrant.body.type).toMatch(/reopened_same_person$/);
      const assessorUi = await signInUi(
        server.url,
        admin.staff.assessor.email,
        admin.staff.assessor.password,
      );
      const samePage = await postForm(
        server.url,
        `/admin/cases/${fx.caseA}`,
        { action: 'refuse', reasons: 'Still no.', confirm: 'yes' },
        assessorUi,
      );
      expect(samePage.status).toBe(403);
      await samePage.arrayBuffer();
      const member = await getPage(server.url, `/member/org/${fx.slugA}/cases/${caseId}`, owner());
      expect(member.html).toContain('de aanvraag wordt opnieuw beoordeeld');
      // Private throughout: no trace in the change log, the read API or open data.
      const changes = await (await fetch(`${server.url}/api/v1/changes?limit=200`)).text();
      expect(changes).not.toContain(publicId);
      expect(changes).not.toContain('reopened');
      expect((await fetch(`${server.url}/api/v1/certifications/${publicId}`)).status).toBe(404);
      const openData = await (await fetch(`${server.url}/open-data/registry.json`)).text();
      expect(openData).not.toContain(publicId);
    },
  );

  it('a passed objection period is refused with the catalogue error', async () => {
    const url = `/member/org/${fx.slugB}/certifications/${oldSuspension}/objection`;
    const page = await getPage(server.url, url, fx.cookies.ownerB);
    expect(page.status).toBe(200);
    expect(page.html).toContain('is verstreken');
    expect(page.html).not.toContain('name="reasons"');
    const r = await postForm(server.url, url, { reasons: 'Too late, we know.' }, fx.cookies.ownerB);
    expect(r.status).toBe(409);
    expect(await r.text()).toContain('binnen 42 dagen na het besluit');
    // And the other organisation's owner cannot reach it at all.
    expect((await getPage(server.url, url, owner())).status).toBe(404);
  });
});
