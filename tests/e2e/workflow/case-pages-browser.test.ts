import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { axeViolations, browserAvailable, launchBrowser } from '../../helpers/browser.ts';
import { startServerProcess, type ServerProcess } from '../../helpers/server-process.ts';
import { prepareAdmin, signInUi, type AdminFixture } from '../../helpers/admin-e2e.ts';
import { prepareMembers, type MemberFixture } from '../../helpers/member-e2e.ts';
import { openDatabase } from '../../../db/platform/connection.ts';
import { migrateToLatest } from '../../../db/platform/migrate.ts';
import { seedSchemes } from '../../../db/seed/scheme-files.ts';
import {
  recordReviews,
  requestChanges,
  saveAnswers,
  startReview,
  submitCase,
} from '../../../db/workflow/moves.ts';
import { suspendWithRemediation } from '../../../db/workflow/remediation-open.ts';
import { openObjection } from '../../../db/workflow/objection-open.ts';

// Issue 18's pages in Chromium: axe with zero violations on the member's case list and case pages
// (an application returned with a finding, a remediation) in nl, en and fr, and on the staff
// queue and case page in nl and en (the admin speaks those two); the self-assessment answered
// and submitted by keyboard alone. The cases are put in their stages by the db functions the
// API calls, so each page shows its fullest form (findings, deadlines, decide forms).

const LANGS = ['', '/en', '/fr'] as const;
const DAY = 86_400_000;

describe.runIf(browserAvailable())('case pages in Chromium (axe, keyboard)', () => {
  let dataDir: string;
  let server: ServerProcess;
  let browser: Browser;
  let fx: Omit<AdminFixture, 'reg'>;
  let members: MemberFixture;
  let codes: string[];
  let remediationCase: number;
  let objectionCase: number;

  beforeAll(async () => {
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'keurmerk-case-pages-'));
    const handle = await openDatabase({ databaseUrl: null, dataDir, role: 'test fixture' });
    try {
      const db = handle.db;
      await migrateToLatest(db);
      await seedSchemes(db);
      fx = await prepareAdmin(db);
      members = await prepareMembers(db);
      const now = new Date();
      const assessor = { name: fx.staff.assessor.email, staffId: fx.staffIds.assessor };
      const member = { name: `member:${members.emails.ownerA}`, staffId: null };
      const version = await db
        .selectFrom('certification_case')
        .select('scheme_version_id')
        .where('id', '=', members.caseA)
        .executeTakeFirstOrThrow();
      codes = (
        await db
          .selectFrom('criterion')
          .select('code')
          .where('scheme_version_id', '=', version.scheme_version_id)
          .orderBy('position')
          .execute()
      ).map((r) => r.code);
      // The application: answered, submitted, returned with a mandatory finding on the second criterion.
      await saveAnswers(
        db,
        members.caseA,
        codes.map((criterion) => ({ criterion, answer: 'met', explanation: `Zo doen wij ${criterion}.` })),
        member,
        now,
      );
      await submitCase(db, members.caseA, member, now);
      await startReview(db, members.caseA, assessor, now);
      await recordReviews(
        db,
        members.caseA,
        [
          { criterion: codes[0]!, verdict: 'accepted', severity: null, comment: null },
          {
            criterion: codes[1]!,
            verdict: 'finding',
            severity: 'mandatory',
            comment: 'Laat de antwoordtijden zien.',
          },
          { criterion: codes[2]!, verdict: 'finding', severity: 'recommended', comment: 'Meet ook chat.' },
        ],
        assessor,
        now,
      );
      await requestChanges(db, members.caseA, {
        dueAt: new Date(now.getTime() + 14 * DAY),
        actor: assessor,
        now,
      });
      // The active KSF certification: suspended with remediation, then objected to.
      const org = await db
        .selectFrom('organisation')
        .select('id')
        .where('slug', '=', members.slugA)
        .executeTakeFirstOrThrow();
      const suspended = await suspendWithRemediation(db, members.publicIdA, {
        actor: assessor,
        reason: 'Klachten over wachttijden.',
        findings: [{ criterion: 'p1', comment: 'Wachttijden niet gemeten.' }],
        deadline: new Date(now.getTime() + 30 * DAY),
        now,
      });
      remediationCase = suspended.caseId;
      objectionCase = (
        await openObjection(db, members.publicIdA, {
          actor: member,
          organisationId: org.id,
          reasons: 'De metingen liepen nog.',
          now,
        })
      ).caseId;
    } finally {
      await handle.close();
    }
    [server, browser] = await Promise.all([startServerProcess({ DATA_DIR: dataDir }), launchBrowser()]);
  }, 300_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop('SIGKILL');
    await fs.rm(dataDir, { recursive: true, force: true });
  });

  async function axe(page: Page, label: string): Promise<void> {
    const found = (await axeViolations(page)).map((v) => `${label}: ${v.id} ${JSON.stringify(v.nodes)}`);
    expect(found, label).toEqual([]);
  }

  /** A browser context carrying the cookies of a Cookie header. */
  async function contextWith(cookie: string): Promise<BrowserContext> {
    const context = await browser.newContext();
    await context.addCookies(
      cookie.split('; ').map((c) => ({
        name: c.slice(0, c.indexOf('=')),
        value: c.slice(c.indexOf('=') + 1),
        url: server.url,
      })),
    );
    return context;
  }

  it(
    'axe: the member’s case list, a returned application and a remediation, in nl, en and fr',
    { timeout: 180_000 },
    async () => {
      const context = await contextWith(members.cookies.ownerA);
      const page = await context.newPage();
      for (const lang of LANGS)
        for (const [what, url] of [
          ['cases', `/member/org/${members.slugA}/cases`],
          ['returned application', `/member/org/${members.slugA}/cases/${members.caseA}`],
          ['remediation', `/member/org/${members.slugA}/cases/${remediationCase}`],
        ] as const) {
          const response = await page.goto(`${server.url}${lang}${url}`);
          expect(response?.status(), `${lang}${url}`).toBe(200);
          await axe(page, `${lang || '/nl'} ${what}`);
        }
      await page.goto(`${server.url}/en/member/org/${members.slugA}/cases/${members.caseA}`);
      expect(await page.textContent('main')).toContain('Laat de antwoordtijden zien.');
      await context.close();
    },
  );

  it(
    'axe: the staff queue (with decide forms) and case pages, in nl and en',
    { timeout: 120_000 },
    async () => {
      const cookie = await signInUi(server.url, fx.staff.admin.email, fx.staff.admin.password);
      const context = await contextWith(cookie);
      const page = await context.newPage();
      for (const q of ['', '?lang=en'])
        for (const [what, url] of [
          ['queue', '/admin/queue'],
          ['application case', `/admin/cases/${members.caseA}`],
          ['remediation case', `/admin/cases/${remediationCase}`],
          ['objection case', `/admin/cases/${objectionCase}`],
        ] as const) {
          const response = await page.goto(`${server.url}${url}${q}`);
          expect(response?.status(), `${url}${q}`).toBe(200);
          await axe(page, `admin ${what} ${q || 'nl'}`);
        }
      await page.goto(`${server.url}/admin/queue`);
      // Remediation and objection each have their decide form.
      expect(await page.locator(`#outcome-${remediationCase}`).count()).toBe(1);
      expect(await page.locator(`#outcome-${objectionCase}`).count()).toBe(1);
      await context.close();
    },
  );

  it(
    'by keyboard alone: the member fixes the answer the finding names and hands the case in again',
    { timeout: 60_000 },
    async () => {
      const context = await contextWith(members.cookies.ownerA);
      const page = await context.newPage();
      await page.goto(`${server.url}/member/org/${members.slugA}/cases/${members.caseA}`);
      const focused = () => page.evaluate(() => document.activeElement?.id ?? '');
      const target = `explanation-${codes[1]}`;
      for (let i = 0; i < 120 && (await focused()) !== target; i++) await page.keyboard.press('Tab');
      expect(await focused()).toBe(target);
      await page.keyboard.press('Control+A');
      await page.keyboard.type('Antwoordtijden staan in het jaarverslag.');
      for (let i = 0; i < 200; i++) {
        await page.keyboard.press('Tab');
        const onSubmit = await page.evaluate(
          () =>
            document.activeElement instanceof HTMLButtonElement &&
            document.activeElement.name === 'action' &&
            document.activeElement.value === 'submit',
        );
        if (onSubmit) break;
      }
      await page.keyboard.press('Enter');
      await page.waitForSelector('[role="status"]');
      expect(await page.textContent('[role="status"]')).toContain('Ingediend');
      expect(await page.textContent('main')).toContain('Antwoordtijden staan in het jaarverslag.');
      await axe(page, '/nl case handed in (read-only)');
      await context.close();
    },
  );
});
