import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { axeViolations, browserAvailable, launchBrowser } from '../../helpers/browser.ts';
import { startVerifyServer, type VerifyServer } from '../../helpers/verify-fixture.ts';
import { embedSnippets } from '../../../badges/serve/embed-snippet.ts';

/*
 * A member's website embeds our badge with the snippet from badges/serve/embed-snippet.ts; a visitor
 * clicks it and lands on /verify/{id} of the registry, which reads the Referer.
 *
 * Approach: the registry runs at http://127.0.0.1:P (its PUBLIC_URL). One small HTML server, on a
 * second port, serves a shop page with the snippet. The fixture registers `localhost` (and
 * shop.example.nl) as domains of the active organisation, so the same page opened as
 * http://localhost:Q is "the member's own site", and opened as http://127.0.0.1:Q is "another
 * site": 127.0.0.1 is not a registered domain, and its origin (port Q) is not the registry's own
 * origin (port P). Both are cross-origin navigations, for which Chromium's default referrer policy
 * (strict-origin-when-cross-origin) sends the origin only — all the check needs. No hosts file or
 * DNS mapping is involved.
 */
describe.runIf(browserAvailable())('clicking an embedded badge in Chromium', () => {
  let ctx: VerifyServer;
  let browser: Browser;
  let shop: http.Server;
  let shopPort: number;

  beforeAll(async () => {
    [ctx, browser] = await Promise.all([startVerifyServer(), launchBrowser()]);
    const snippet = embedSnippets({
      publicUrl: ctx.fixture.publicUrl,
      publicId: ctx.fixture.reg.active,
      alt: 'Klantenservice Federatie Testlid B.V. — KSF Servicebeloften: gecertificeerd',
      lang: 'nl',
    });
    const html = `<!doctype html><html lang="nl"><head><meta charset="utf-8"><title>Webwinkel</title></head>
      <body><main><h1>Webwinkel</h1><p>Wij zijn gecertificeerd:</p>${snippet.html}</main></body></html>`;
    shop = http.createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(html);
    });
    await new Promise<void>((resolve) => shop.listen(0, '127.0.0.1', resolve));
    shopPort = (shop.address() as AddressInfo).port;
  });
  afterAll(async () => {
    await browser?.close();
    await ctx?.close();
    await new Promise((resolve) => shop?.close(resolve));
  });

  /** Opens the shop at `shopOrigin`, checks the badge image loaded, clicks it, returns the verify page. */
  async function clickBadge(shopOrigin: string): Promise<Page> {
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${shopOrigin}/`);
    const img = page.locator('a > img');
    // The first visit renders the badge (a cache miss: seconds on a loaded machine), longer than
    // expect.poll's default second.
    await expect
      .poll(() => img.evaluate((el) => (el as HTMLImageElement).naturalWidth), { timeout: 20_000 })
      .toBeGreaterThan(0);
    expect(await img.getAttribute('alt')).toContain('Klantenservice Federatie Testlid B.V.');
    await Promise.all([page.waitForURL(`${ctx.server.url}/verify/${ctx.fixture.reg.active}`), img.click()]);
    // The address bar shows the registry, which the page tells the visitor to check.
    expect(new URL(page.url()).host).toBe(new URL(ctx.server.url).host);
    await expect
      .poll(() => page.locator('.address-tip').innerText(), { timeout: 20_000 })
      .toContain(new URL(ctx.server.url).host);
    return page;
  }

  it('recognises the registered domain the visitor came from', async () => {
    const page = await clickBadge(`http://localhost:${shopPort}`);
    const notice = page.locator('[data-referer]');
    expect(await notice.getAttribute('data-referer')).toBe('registered');
    expect(await notice.innerText()).toContain('U kwam van localhost');
    expect(await page.locator('[role="alert"]').count()).toBe(0);
    expect(await page.locator('[data-verdict]').getAttribute('data-verdict')).toBe('valid');
    expect(await page.locator('[data-verdict]').innerText()).toContain('Gecertificeerd');
    expect(await axeViolations(page)).toEqual([]);
  });

  it('warns prominently when the same badge is shown on an unregistered origin', async () => {
    const page = await clickBadge(`http://127.0.0.1:${shopPort}`);
    const warning = page.locator('[data-referer="unregistered"]');
    expect(await warning.getAttribute('role')).toBe('alert');
    expect(await warning.innerText()).toContain('Let op: u kwam van 127.0.0.1');
    expect(await warning.locator('a').getAttribute('href')).toMatch(/^\/organisations\/[a-z0-9-]+#report$/);
    expect(await axeViolations(page)).toEqual([]);
  });

  it('verifies an uploaded badge file through the form, without JavaScript', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${ctx.server.url}/en/verify`);
    const png = Buffer.from(
      await (await fetch(`${ctx.server.url}/badges/${ctx.fixture.reg.active}.png`)).arrayBuffer(),
    );
    await page.setInputFiles('#badge-file', { name: 'badge.png', mimeType: 'image/png', buffer: png });
    await Promise.all([page.waitForLoadState('load'), page.click('.verify-form button[type="submit"]')]);
    await expect
      .poll(() => page.locator('.verdict [data-verdict]').getAttribute('data-verdict'))
      .toBe('valid');
    expect(await page.locator('.verdict').innerText()).toContain('Genuine and valid');
    await context.close();
  });

  it(
    'says where the latest change stands in the transparency log, in nl, en and fr, accessibly',
    { timeout: 120_000 },
    async () => {
      const png = Buffer.from(
        await (await fetch(`${ctx.server.url}/badges/${ctx.fixture.reg.active}.png`)).arrayBuffer(),
      );
      const words = {
        '': 'openbare transparantielogboek',
        '/en': 'public transparency log',
        '/fr': 'journal de transparence public',
      };
      // The server sequences the log itself: wait until the grant's entry is in a signed
      // checkpoint, so every page below shows the included state (the pending one is checked in
      // tests/integration/badges/verify/transparency.test.ts).
      const deadline = Date.now() + 60_000;
      for (;;) {
        const answer = await fetch(`${ctx.server.url}/api/v1/verify`, {
          method: 'POST',
          headers: { 'content-type': 'text/plain' },
          body: ctx.fixture.tokens.active,
        });
        const body = (await answer.json()) as { transparencyLog?: { state?: string } };
        if (body.transparencyLog?.state === 'included') break;
        expect(Date.now(), 'the sequencer never included the grant').toBeLessThan(deadline);
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
      for (const [prefix, phrase] of Object.entries(words)) {
        const page = await (await browser.newContext()).newPage();
        await page.goto(`${ctx.server.url}${prefix}/verify`);
        await page.setInputFiles('#badge-file', { name: 'badge.png', mimeType: 'image/png', buffer: png });
        await Promise.all([page.waitForLoadState('load'), page.click('.verify-form button[type="submit"]')]);
        const block = page.locator('[data-transparency]');
        await expect.poll(() => block.getAttribute('data-transparency')).toBe('included');
        expect(await block.innerText()).toContain(phrase);
        expect(await page.locator('[data-check="transparency_log"]').getAttribute('data-ok')).toBe('true');
        expect(await axeViolations(page)).toEqual([]);
        await page.context().close();
      }
    },
  );
});
