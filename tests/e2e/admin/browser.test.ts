import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { ROOT, startServerProcess, type ServerProcess } from '../../helpers/server-process.ts';
import { axeViolations, browserAvailable, launchBrowser } from '../../helpers/browser.ts';
import { adminCall, prepareAdminDataDir, signInUi, type AdminFixture } from '../../helpers/admin-e2e.ts';

const ARTIFACTS = path.join(ROOT, 'tests', 'artifacts', 'admin');

describe.runIf(browserAvailable())('admin pages in Chromium', () => {
  let dataDir: string;
  let server: ServerProcess;
  let fx: AdminFixture;
  let browser: Browser;
  let context: BrowserContext;
  const problems: string[] = [];

  beforeAll(async () => {
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'keurmerk-admin-browser-'));
    fx = await prepareAdminDataDir(dataDir);
    [server, browser] = await Promise.all([startServerProcess({ DATA_DIR: dataDir }), launchBrowser()]);
    // Signed in here, not by a test, so every test can run alone or in any order.
    context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const cookie = await signInUi(server.url, fx.staff.admin.email, fx.staff.admin.password);
    await context.addCookies(
      cookie.split('; ').map((pair) => {
        const at = pair.indexOf('=');
        return { name: pair.slice(0, at), value: pair.slice(at + 1), url: server.url };
      }),
    );
    await fs.mkdir(ARTIFACTS, { recursive: true });
  });
  // Each test answers for the console errors (CSP violations, script errors) of its own pages.
  beforeEach(() => {
    problems.length = 0;
  });
  afterEach(() => {
    expect(problems).toEqual([]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop('SIGKILL');
    await fs.rm(dataDir, { recursive: true, force: true });
  });

  async function open(url: string): Promise<Page> {
    const page = await context.newPage();
    // CSP violations and script errors show up here; an admin page has neither.
    page.on('console', (m) => m.type() === 'error' && problems.push(`${url}: ${m.text()}`));
    const response = await page.goto(`${server.url}${url}`);
    expect(response?.status(), url).toBeLessThan(400);
    return page;
  }

  it('signs in with the keyboard alone', async () => {
    const anonymous = await browser.newContext();
    const page = await anonymous.newPage();
    page.on('console', (m) => m.type() === 'error' && problems.push(`sign-in: ${m.text()}`));
    await page.goto(`${server.url}/admin/organisations`);
    expect(page.url()).toContain('/admin/sign-in?next=%2Fadmin%2Forganisations');
    await page.keyboard.press('Tab'); // skip link
    await page.keyboard.press('Tab'); // brand
    await page.keyboard.press('Tab'); // language
    await page.keyboard.press('Tab');
    await page.keyboard.type(fx.staff.admin.email);
    await page.keyboard.press('Tab');
    await page.keyboard.type(fx.staff.admin.password);
    await Promise.all([page.waitForURL(/\/admin\/organisations$/), page.keyboard.press('Enter')]);
    // Signed in for real: the page offers the sign-out only a session has.
    expect(await page.getByRole('button', { name: /^(Afmelden|Sign out)$/ }).count()).toBe(1);
    await anonymous.close();
  });

  const pages = (): Array<[string, string]> => [
    ['dashboard', '/admin'],
    ['organisations', '/admin/organisations?q=b.v.'],
    ['organisation-new', '/admin/organisations/new'],
    ['certifications', '/admin/certifications'],
    ['certification-pending', `/admin/certifications/${fx.reg.pending}`],
    ['certification-active', `/admin/certifications/${fx.reg.active}`],
    ['confirm-grant', `/admin/certifications/${fx.reg.pending}/grant`],
    ['confirm-suspend', `/admin/certifications/${fx.reg.active}/suspend`],
    ['events', '/admin/events'],
    ['reports', '/admin/reports'],
    ['keys', '/admin/keys'],
    ['staff', '/admin/staff'],
    ['tokens', '/admin/tokens'],
    ['import', '/admin/import'],
    ['audit', '/admin/audit'],
    ['outbox', '/admin/outbox'],
    ['account', '/admin/account'],
  ];

  it('has no axe violations on any admin page, in Dutch and English', async () => {
    const found: string[] = [];
    for (const lang of ['nl', 'en']) {
      for (const [name, url] of pages()) {
        const page = await open(`${url}${url.includes('?') ? '&' : '?'}lang=${lang}`);
        for (const v of await axeViolations(page))
          found.push(`${lang} ${name}: ${v.id} ${JSON.stringify(v.nodes)}`);
        if (lang === 'nl')
          await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
        await page.close();
      }
    }
    const signIn = await (await browser.newContext()).newPage();
    await signIn.goto(`${server.url}/admin/sign-in`);
    for (const v of await axeViolations(signIn)) found.push(`sign-in: ${v.id}`);
    expect(found).toEqual([]);
  }, 240_000);

  // The scheme editor on its own: the page walk above is near its time budget on a busy machine.
  it('has no axe violations on the scheme editor pages, in Dutch and English', async () => {
    // A scheme with a draft, so the editor's draft and publish forms are checked too.
    const draft = await adminCall(
      server.url,
      'POST',
      '/schemes/happy-customer/versions',
      fx.tokens.admin,
      {},
    );
    expect(draft.status).toBe(201);
    const found: string[] = [];
    for (const lang of ['nl', 'en']) {
      for (const [name, url] of [
        ['schemes', '/admin/schemes'],
        ['scheme-published', '/admin/schemes/ksf-service-promises'],
        ['scheme-draft', '/admin/schemes/happy-customer'],
      ] as const) {
        const page = await open(`${url}?lang=${lang}`);
        // Every new page is in the language asked for.
        expect(await page.locator('html').getAttribute('lang')).toBe(lang);
        for (const v of await axeViolations(page))
          found.push(`${lang} ${name}: ${v.id} ${JSON.stringify(v.nodes)}`);
        if (lang === 'nl')
          await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
        await page.close();
      }
    }
    expect(found).toEqual([]);
  }, 240_000);

  it('suspends through the confirmation step', async () => {
    // A certification of its own: the axe test visits `active` and its confirmation pages.
    const publicId = fx.reg.activeBe;
    const stored = async () =>
      (await adminCall(server.url, 'GET', `/certifications/${publicId}`, fx.tokens.viewer)).body;
    expect((await stored()).status).toBe('active');
    const page = await open(`/admin/certifications/${publicId}?lang=en`);
    await Promise.all([page.waitForURL(/\/suspend$/), page.getByRole('link', { name: 'Suspend' }).click()]);
    await page.getByLabel('Reason (required)').fill('Complaints under investigation');
    await page.getByRole('button', { name: 'Confirm: Suspend' }).click();
    // The browser's own validation stops the form until the consequences are acknowledged:
    // the checkbox reports itself invalid and nothing reached the server.
    const checkbox = page.getByLabel('I understand the consequences');
    expect(await checkbox.evaluate((el) => (el as HTMLInputElement).validity.valueMissing)).toBe(true);
    expect((await stored()).status).toBe('active');
    await checkbox.check();
    await Promise.all([
      page.waitForURL(/\?done=1$/),
      page.getByRole('button', { name: 'Confirm: Suspend' }).click(),
    ]);
    expect(await page.getByText('Done.', { exact: true }).isVisible()).toBe(true);
    expect(await page.locator('dl.facts .status').first().textContent()).toContain('Suspended');
    const after = await stored();
    expect(after.status).toBe('suspended');
    expect(JSON.stringify(after.events.at(-1))).toContain('Complaints under investigation');
  });

  it('reflows to 320 px without horizontal scrolling of the page', async () => {
    const narrow = await browser.newContext({
      viewport: { width: 320, height: 700 },
      storageState: await context.storageState(),
    });
    const page = await narrow.newPage();
    await page.goto(`${server.url}/admin/organisations/new`);
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow).toBeLessThanOrEqual(0);
    await narrow.close();
  });
});
