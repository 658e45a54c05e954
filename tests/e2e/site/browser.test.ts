import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import {
  ARTIFACTS,
  axeViolations,
  browserAvailable,
  launchBrowser,
  seededServer,
  type SeededServer,
} from '../../helpers/browser.ts';

interface Org {
  slug: string;
  legalName: string;
  registryId: string;
  country: string;
}

describe.runIf(browserAvailable())('public site in Chromium', () => {
  let site: SeededServer;
  let browser: Browser;
  let base: string;
  let org: Org;
  let detail: { domains: string[]; contactChannels: Array<{ kind: string; value: string }> };

  beforeAll(async () => {
    [site, browser] = await Promise.all([seededServer(200), launchBrowser()]);
    base = site.server.url;
    const list = (await (
      await fetch(`${base}/api/v1/organisations?status=active&country=NL&limit=1`)
    ).json()) as { data: Org[] };
    org = list.data[0]!;
    detail = (await (await fetch(`${base}/api/v1/organisations/${org.slug}`)).json()) as typeof detail;
    await fs.mkdir(ARTIFACTS, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    await site?.stop();
  });

  async function open(url: string, width = 1280): Promise<Page> {
    const context = await browser.newContext({ viewport: { width, height: 900 } });
    const page = await context.newPage();
    const response = await page.goto(`${base}${url}`);
    expect(response?.status(), url).toBeLessThan(400);
    return page;
  }

  const pageTypes = () => [
    ['home', '/'],
    ['search', '/search?q=klantenservice'],
    ['search-filtered', '/search?status=active&country=BE'],
    ['organisation', `/organisations/${org.slug}`],
    ['schemes', '/schemes'],
    ['scheme', '/schemes/ksf-service-promises'],
    ['scheme-version', '/schemes/ksf-service-promises/versions/1'],
    ['scheme-be', '/schemes/happy-customer'],
    ['changes', '/changes'],
    ['data', '/data'],
    ['accessibility', '/accessibility'],
    ['transparency', '/transparency'],
  ];

  for (const prefix of ['', '/en', '/fr']) {
    it(`axe finds no violations on any page type (${prefix || '/nl'})`, { timeout: 90_000 }, async () => {
      for (const [name, url] of pageTypes()) {
        const page = await open(`${prefix}${url}`);
        if (name === 'organisation') await page.click('details.embed summary');
        const violations = await axeViolations(page);
        expect(violations, `${prefix}${url}`).toEqual([]);
        await page.context().close();
      }
    });
  }

  it('loads pages without a console error (the favicon included)', async () => {
    for (const url of ['/', `/fr/organisations/${org.slug}`, '/admin/sign-in']) {
      const context = await browser.newContext();
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('console', (message) => {
        if (message.type() === 'error') errors.push(message.text());
      });
      page.on('pageerror', (error) => errors.push(error.message));
      const icon = page.waitForResponse((r) => new URL(r.url()).pathname.startsWith('/favicon'), {
        timeout: 5000,
      });
      await page.goto(`${base}${url}`, { waitUntil: 'load' });
      // The browser asks for the icon after the load; a 404 there is the console error we check for.
      expect((await icon.catch(() => null))?.status() ?? 200, url).toBe(200);
      await page.waitForTimeout(300);
      expect(errors, url).toEqual([]);
      await context.close();
    }
  });

  it('works at 320 px without horizontal scrolling', async () => {
    for (const [, url] of pageTypes()) {
      const page = await open(url!, 320);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow, url).toBeLessThanOrEqual(0);
      await page.context().close();
    }
  });

  it('searches by name, KvK number, domain and phone number and opens the organisation', async () => {
    const phone = detail.contactChannels.find((c) => c.kind === 'phone')!.value;
    const local = `0${phone.slice(3, 5)} ${phone.slice(5)}`;
    for (const query of [org.legalName, org.registryId, detail.domains[0]!.replace(/^www\./, ''), local]) {
      const page = await open('/');
      await page.fill('#q', query);
      await page.press('#q', 'Enter');
      await page.waitForURL(/\/search\?/);
      const link = page.locator('.results a', { hasText: org.legalName });
      expect(await link.count(), query).toBeGreaterThan(0);
      await link.first().click();
      await page.waitForURL(`**/organisations/${org.slug}`);
      expect(await page.textContent('h1')).toBe(org.legalName);
      await page.context().close();
    }
  });

  it('copies the embed snippet to the clipboard', async () => {
    const context = await browser.newContext({ permissions: ['clipboard-read', 'clipboard-write'] });
    const page = await context.newPage();
    await page.goto(`${base}/en/organisations/${org.slug}`);
    await page.click('details.embed summary');
    const button = page.locator('button.copy').first();
    await button.click();
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    const shown = await page.locator('.snippet textarea').first().inputValue();
    expect(copied).toBe(shown);
    expect(copied).toMatch(
      /^<a href="http[^"]+\/verify\/[a-z0-9]+"><img src="[^"]+\/badges\/[a-z0-9]+\.svg\?[^"]*" alt="[^"]+" width="\d+" height="\d+"><\/a>$/,
    );
    expect(await page.locator('.copy-status').first().textContent()).toBe('Copied');
    await context.close();
  });

  it('switches language and keeps the page and query', async () => {
    const page = await open('/search?q=energie&country=NL');
    await page.click('a[hreflang="fr"]');
    await page.waitForURL('**/fr/search?q=energie&country=NL');
    expect(await page.getAttribute('html', 'lang')).toBe('fr');
    expect(await page.inputValue('#q')).toBe('energie');
    await page.click('a[hreflang="en"]');
    await page.waitForURL('**/en/search?q=energie&country=NL');
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    await page.context().close();
  });

  it('submits a misuse report and shows the thanks message', async () => {
    const page = await open(`/fr/organisations/${org.slug}`);
    await page.fill('#report-url', 'https://faux-magasin.example/');
    await page.click('.report-form button[type="submit"]');
    await page.waitForURL(/reported=1/);
    expect(await page.textContent('#report [role="status"]')).toContain('Merci');
    await page.context().close();
  });

  it('is usable with the keyboard alone: skip link, search, results, organisation page', async () => {
    const page = await open('/');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.className)).toBe('skip-link');
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('main');
    let guard = 0;
    while ((await page.evaluate(() => document.activeElement?.id)) !== 'q' && guard++ < 20)
      await page.keyboard.press('Tab');
    await page.keyboard.type(org.legalName);
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/search\?/);
    guard = 0;
    while (guard++ < 60) {
      await page.keyboard.press('Tab');
      const href = await page.evaluate(() =>
        (document.activeElement as HTMLAnchorElement | null)?.getAttribute('href'),
      );
      if (href?.startsWith('/organisations/')) break;
    }
    const focused = await page.evaluate(() => ({
      href: (document.activeElement as HTMLAnchorElement).getAttribute('href'),
      outline: getComputedStyle(document.activeElement!).outlineStyle,
    }));
    expect(focused.href).toBe(`/organisations/${org.slug}`);
    expect(focused.outline).toBe('solid');
    await page.keyboard.press('Enter');
    await page.waitForURL(`**/organisations/${org.slug}`);
    expect(await page.textContent('h1')).toBe(org.legalName);
    await page.context().close();
  });

  it(
    'saves screenshots of home, search, organisation and scheme pages at 1280 and 375 px',
    { timeout: 90_000 },
    async () => {
      const shots = [
        ['home', '/'],
        ['search', '/search?q=klantenservice'],
        ['organisation', `/organisations/${org.slug}`],
        ['scheme', '/schemes/ksf-service-promises'],
        ['changes-fr', '/fr/changes'],
        ['organisation-fr', `/fr/organisations/${org.slug}`],
      ];
      for (const [name, url] of shots) {
        for (const width of [1280, 375]) {
          const page = await open(url!, width);
          if (name!.startsWith('organisation')) await page.click('details.embed summary');
          const file = path.join(ARTIFACTS, `${name}-${width}.png`);
          await page.screenshot({ path: file, fullPage: true });
          expect((await fs.stat(file)).size).toBeGreaterThan(5_000);
          await page.context().close();
        }
      }
    },
  );
});
