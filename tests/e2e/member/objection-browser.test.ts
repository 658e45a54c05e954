import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Kysely } from 'kysely';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { Database } from '../../../db/schema/database.ts';
import { axeViolations, browserAvailable, launchBrowser } from '../../helpers/browser.ts';
import { startServerProcess, type ServerProcess } from '../../helpers/server-process.ts';
import { prepareMembers, type MemberFixture } from '../../helpers/member-e2e.ts';
import { openDatabase } from '../../../db/platform/connection.ts';
import { migrateToLatest } from '../../../db/platform/migrate.ts';
import { seedSchemes } from '../../../db/seed/scheme-files.ts';
import { applicationFor, criterionCodes, grantedFor } from '../../helpers/certification-fixture.ts';
import { caseDetail, openCase, type CaseActor } from '../../../db/workflow/cases.ts';
import { recordReviews, saveAnswers, startReview, submitCase } from '../../../db/workflow/moves.ts';
import { refuseCase } from '../../../db/workflow/decide.ts';
import { suspendWithRemediation } from '../../../db/workflow/remediation-open.ts';
import { openObjection } from '../../../db/workflow/objection-open.ts';
import { decideObjection } from '../../../db/workflow/objection-decide.ts';

// The member's remediation and objection pages in Chromium: axe with zero violations in nl, en and
// fr in every kind and stage this work touched, and the objection and remediation forms used by
// keyboard alone.

const LANGS = ['', '/en', '/fr'] as const;
const DAY = 86_400_000;
const member: CaseActor = { name: 'member:fixture', staffId: null };

async function staff(db: Kysely<Database>, name: string): Promise<CaseActor> {
  const email = `${name}@keurmerk.test`;
  const { id } = await db
    .insertInto('staff_user')
    .values({ email, display_name: email, role: 'assessor', password_hash: 'not a usable hash' })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { name: email, staffId: id };
}

/** A Happy Customer application of the organisation, answered, reviewed and refused by `refuser`. */
async function refusedApplication(db: Kysely<Database>, slug: string, refuser: CaseActor, caseId?: number) {
  const now = new Date();
  let id = caseId;
  if (id === undefined) {
    const cert = await applicationFor(db, slug, 'happy-customer', { now });
    id = (await openCase(db, { certificationId: cert.id, kind: 'application', actor: member, now })).id;
  }
  const codes = (await caseDetail(db, id))!.criteria.map((c) => c.code);
  await saveAnswers(
    db,
    id,
    codes.map((criterion) => ({ criterion, answer: 'met' as const, explanation: 'Zie het rapport.' })),
    member,
    now,
  );
  await submitCase(db, id, member, now);
  await startReview(db, id, refuser, now);
  await recordReviews(
    db,
    id,
    codes.map((criterion) => ({ criterion, verdict: 'accepted' as const, severity: null, comment: null })),
    refuser,
    now,
  );
  await refuseCase(db, id, { reasons: 'Geen ombudsroute.', actor: refuser, now, hooks: [] });
  const kase = await caseDetail(db, id);
  return { caseId: id, publicId: kase!.certification.publicId };
}

describe.runIf(browserAvailable())('member remediation and objection pages in Chromium', () => {
  let dataDir: string;
  let server: ServerProcess;
  let browser: Browser;
  let fx: MemberFixture;
  let codes: string[];
  const ids = {} as {
    remediationA: number;
    remediationB: number;
    oldB: string;
    refusalA: number;
    objectionA: number;
    refusalB: number;
  };

  beforeAll(async () => {
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'keurmerk-objection-browser-'));
    const handle = await openDatabase({ databaseUrl: null, dataDir, role: 'test fixture' });
    try {
      const db = handle.db;
      await migrateToLatest(db);
      await seedSchemes(db);
      fx = await prepareMembers(db);
      const suspender = await staff(db, 'suspender');
      const other = await staff(db, 'other');
      const now = new Date();
      codes = await criterionCodes(db, { publicId: fx.publicIdA });
      const findings = [
        { criterion: codes[0]!, comment: 'Terugbellen gebeurt niet binnen een dag.' },
        { criterion: codes[1]!, comment: 'Feedback wordt niet vastgelegd.' },
      ];
      // A: a remediation waiting for the member (deadline ahead).
      ids.remediationA = (
        await suspendWithRemediation(db, fx.publicIdA, {
          actor: suspender,
          reason: 'Klachten',
          findings,
          deadline: new Date(now.getTime() + 30 * DAY),
          now,
        })
      ).caseId;
      // B: a remediation whose deadline passed, of a suspension whose objection period passed.
      const longAgo = new Date(now.getTime() - 100 * DAY);
      ids.oldB = await grantedFor(db, fx.slugB, 'ksf-service-promises', {
        at: new Date(now.getTime() - 110 * DAY),
      });
      ids.remediationB = (
        await suspendWithRemediation(db, ids.oldB, {
          actor: suspender,
          reason: 'Klachten',
          findings,
          deadline: new Date(longAgo.getTime() + 10 * DAY),
          now: longAgo,
        })
      ).caseId;
      // A: a refused application whose objection was upheld (its case back in review).
      const refusedA = await refusedApplication(db, fx.slugA, suspender, fx.caseA);
      ids.refusalA = refusedA.caseId;
      ids.objectionA = (
        await openObjection(db, refusedA.publicId, {
          actor: member,
          organisationId: (await caseDetail(db, fx.caseA))!.certification.organisationId,
          reasons: 'Onze ombudsman staat op de contactpagina.',
          now,
          kinds: ['refused'],
        })
      ).caseId;
      await decideObjection(db, ids.objectionA, { actor: other, outcome: 'upheld', reasons: 'Klopt.', now });
      // B: a refused application, open to objection.
      ids.refusalB = (await refusedApplication(db, fx.slugB, suspender)).caseId;
    } finally {
      await handle.close();
    }
    [server, browser] = await Promise.all([startServerProcess({ DATA_DIR: dataDir }), launchBrowser()]);
  }, 240_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop('SIGKILL');
    await fs.rm(dataDir, { recursive: true, force: true });
  });

  const contexts: BrowserContext[] = [];
  async function open(url: string, cookie: string): Promise<Page> {
    const context = await browser.newContext();
    contexts.push(context);
    const [name, value] = cookie.split('=') as [string, string];
    await context.addCookies([{ name, value, url: server.url }]);
    const page = await context.newPage();
    const response = await page.goto(`${server.url}${url}`);
    expect(response?.status(), url).toBe(200);
    return page;
  }
  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
  });

  async function expectClean(url: string, cookie: string) {
    for (const lang of LANGS) {
      const page = await open(`${lang}${url}`, cookie);
      expect(await axeViolations(page), `${lang}${url}`).toEqual([]);
      const text = await page.locator('main').innerText();
      // No English left on the Dutch and French pages (the member's own words aside).
      if (lang !== '/en')
        expect(text, `${lang}${url}`).not.toMatch(/\b(Objection to|Your reasons|Findings|Submit)\b/);
      await page.context().close();
    }
  }

  async function tabTo(page: Page, selector: string): Promise<void> {
    for (let i = 0; i < 60; i++) {
      await page.keyboard.press('Tab');
      if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return;
    }
    throw new Error(`Tab never reached ${selector}`);
  }

  it(
    'every page in every kind and stage touched has no axe violations in nl, en and fr',
    { timeout: 300_000 },
    async () => {
      const a = fx.cookies.ownerA;
      const b = fx.cookies.ownerB;
      const pages: Array<[string, string]> = [
        [`/member/org/${fx.slugA}/cases/${ids.remediationA}`, a],
        [`/member/org/${fx.slugB}/cases/${ids.remediationB}`, b],
        [`/member/org/${fx.slugA}/certifications/${fx.publicIdA}/objection`, a],
        [`/member/org/${fx.slugA}/certifications/${fx.publicIdA}`, a],
        [`/member/org/${fx.slugB}/certifications/${ids.oldB}/objection`, b],
        [`/member/org/${fx.slugB}/cases/${ids.refusalB}`, b],
        [`/member/org/${fx.slugB}/cases/${ids.refusalB}/objection`, b],
        [`/member/org/${fx.slugA}/cases/${ids.refusalA}/objection`, a],
        [`/member/org/${fx.slugA}/cases/${ids.objectionA}`, a],
        [`/member/org/${fx.slugA}/cases/${ids.objectionA}/evidence`, a],
        [`/member/org/${fx.slugA}/cases`, a],
        [`/member/org/${fx.slugB}/cases`, b],
      ];
      for (const [url, cookie] of pages) await expectClean(url, cookie);
      const passed = await open(`/en/member/org/${fx.slugB}/cases/${ids.remediationB}`, b);
      expect(await passed.locator('main').innerText()).toContain('The remediation deadline passed');
      const list = await open(`/en/member/org/${fx.slugB}/cases`, b);
      expect(await list.locator('main').innerText()).toContain('deadline passed on');
    },
  );

  it('objects by keyboard alone, then follows the objection', { timeout: 120_000 }, async () => {
    const page = await open(
      `/en/member/org/${fx.slugA}/certifications/${fx.publicIdA}/objection`,
      fx.cookies.ownerA,
    );
    await tabTo(page, 'textarea#reasons');
    await page.keyboard.type('The complaints were answered by post.');
    await tabTo(page, 'button[type="submit"]');
    await Promise.all([page.waitForURL(/\/cases\/\d+\?objected=1$/), page.keyboard.press('Enter')]);
    const main = await page.locator('main').innerText();
    expect(main).toContain('Your objection has been submitted');
    expect(main).toContain('The complaints were answered by post.');
    const caseUrl = new URL(page.url()).pathname.replace(/^\/en/, '');
    await expectClean(caseUrl, fx.cookies.ownerA);
    await expectClean(`/member/org/${fx.slugA}/certifications/${fx.publicIdA}/objection`, fx.cookies.ownerA);
  });

  it('answers a remediation by keyboard alone and submits it', { timeout: 120_000 }, async () => {
    const url = `/member/org/${fx.slugA}/cases/${ids.remediationA}`;
    const page = await open(`/en${url}`, fx.cookies.ownerA);
    await tabTo(page, `textarea#corrective-${codes[0]}`);
    await page.keyboard.type('We call back the same day.');
    await tabTo(page, `textarea#corrective-${codes[1]}`);
    await page.keyboard.type('Feedback goes into the CRM.');
    await tabTo(page, 'button[value="submit"]');
    await Promise.all([page.waitForLoadState('load'), page.keyboard.press('Enter')]);
    await page.waitForSelector('[role="status"]');
    expect(await page.locator('[role="status"]').innerText()).toContain('Remediation submitted');
    await expectClean(url, fx.cookies.ownerA);
  });
});
