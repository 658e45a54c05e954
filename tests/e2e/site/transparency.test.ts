import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { axeViolations, browserAvailable, launchBrowser } from '../../helpers/browser.ts';
import { startRegistryServer, type RegistryServer } from '../../helpers/registry-server.ts';
import { transparency } from '../../../site/i18n/strings/transparency.ts';

const PREFIXES = ['', '/en', '/fr'] as const;

async function waitFor<T>(what: string, probe: () => Promise<T | null>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== null) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const text = (html: string) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCodePoint(Number(n)))
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');

describe('the transparency page (/transparency) through the built server', () => {
  let registry: RegistryServer;
  let base: string;
  let browser: Browser | null = null;

  beforeAll(async () => {
    registry = await startRegistryServer('pglite');
    base = registry.server.url;
    // The fixture's revocation is under a signed checkpoint once its entry is proved included.
    await waitFor('the revocation under a checkpoint', async () => {
      const html = await (await fetch(`${base}/en/transparency?id=${registry.fixture.reg.revoked}`)).text();
      return html.includes('Proved included in the checkpoint') ? true : null;
    });
    if (browserAvailable()) browser = await launchBrowser();
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await registry?.stop();
  });

  it('explains the log in each language, with the latest checkpoint, no witnesses, and the month chart', async () => {
    const checkpoint = await (await fetch(`${base}/log/checkpoint`)).text();
    const [, size, root] = checkpoint.split('\n');
    for (const prefix of PREFIXES) {
      const lang = prefix ? (prefix.slice(1) as 'en' | 'fr') : 'nl';
      const response = await fetch(`${base}${prefix}/transparency`);
      expect(response.status).toBe(200);
      const html = await response.text();
      expect(html).toContain(`<html lang="${lang}"`);
      expect(html).toContain(transparency['tl.why1'][lang].slice(0, 40));
      expect(html).toContain(root);
      expect(text(html)).toContain(transparency['tl.noWitnesses'][lang]);
      expect(Number(size)).toBeGreaterThan(0);
      // The chart is an SVG image with a title and description, and its figures are in a table.
      expect(html).toMatch(
        /<svg class="month-chart"[^>]*role="img"[^>]*aria-labelledby="tl-svg-title tl-svg-desc"/,
      );
      expect(html).toMatch(/<table class="visually-hidden">\s*<caption>/);
      // Every entry so far was sequenced this month: its row in the table counts the checkpoint's size.
      expect(Number(size)).toBeLessThan(1000);
      expect(html).toMatch(new RegExp(`<th scope="row">[^<]+</th>\\s*<td>${size}</td>`));
      expect(html).toContain(`href="${prefix}/transparency"`);
      if (lang !== 'en') {
        // No English interface text of this page on the Dutch or French page.
        const english = (Object.values(transparency) as Array<Record<'nl' | 'en' | 'fr', string>>)
          .filter((s) => s.en !== s[lang] && s.en.includes(' ') && !s.en.includes('{'))
          .map((s) => s.en);
        for (const phrase of english) expect(text(html), `${prefix}: "${phrase}"`).not.toContain(phrase);
      }
    }
  });

  it('checks an entry with a plain GET: every entry of the id, each proved included', async () => {
    const { revoked } = registry.fixture.reg;
    const response = await fetch(`${base}/en/transparency?id=${revoked.toUpperCase()}%20`);
    expect(response.status).toBe(200);
    const html = text(await response.text());
    expect(html).toContain(`Entries about ${revoked}, newest first`);
    expect(html.indexOf('Revoked')).toBeLessThan(html.indexOf('Granted'));
    expect(html.match(/Proved included in the checkpoint of/g)?.length).toBe(2);
    const proof = await fetch(
      `${base}${/href="(\/api\/v1\/log\/proof\?index=\d+)"/.exec(await (await fetch(`${base}/en/transparency?id=${revoked}`)).text())![1]}`,
    );
    expect(proof.status).toBe(200);
    expect(await proof.text()).toMatch(/^c2sp\.org\/tlog-proof@v1\n/);
  });

  it('answers an invalid or unknown id with a clear message, never a 500, and escapes what it echoes', async () => {
    const cases: Array<[string, number, RegExp]> = [
      ['<script>alert(1)</script>', 400, /is not a valid public id/],
      ['x'.repeat(5000), 400, /is not a valid public id/],
      ['abc\uffffdef', 400, /is not a valid public id/],
      ['zzzzzzzzzzzz', 404, /The log holds no entries about zzzzzzzzzzzz/],
      [registry.fixture.reg.pending, 404, /The log holds no entries about/],
    ];
    for (const [id, status, message] of cases) {
      const response = await fetch(`${base}/en/transparency?id=${encodeURIComponent(id)}`);
      expect(response.status, id.slice(0, 40)).toBe(status);
      const html = await response.text();
      expect(text(html)).toMatch(message);
      // Echoed only escaped in text, or inside the quoted value of the field (where it is inert).
      const raw = html.split('<script>alert(1)</script>').length - 1;
      expect(raw).toBe(html.split('value="<script>alert(1)</script>"').length - 1);
    }
    const french = await fetch(`${base}/fr/transparency?id=%3Cb%3E`);
    expect(french.status).toBe(400);
    expect(text(await french.text())).toContain('n’est pas un identifiant public valide');
    expect(registry.server.output()).not.toMatch(/handler failed|TypeError|RangeError/);
  });

  it('is linked from the footer of every page', async () => {
    for (const prefix of PREFIXES) {
      const html = await (await fetch(`${base}${prefix}/data`)).text();
      expect(html).toContain(`<a href="${prefix}/transparency">`);
    }
  });

  it.runIf(browserAvailable())(
    'passes axe in nl, en and fr, and its form works with JavaScript disabled',
    { timeout: 240_000 },
    async () => {
      for (const prefix of PREFIXES) {
        // axe runs as a script in the page: these contexts have JavaScript.
        const context = await browser!.newContext();
        const page = await context.newPage();
        for (const url of [
          `${prefix}/transparency`,
          `${prefix}/transparency?id=${registry.fixture.reg.suspended}`,
          `${prefix}/transparency?id=x`,
        ]) {
          await page.goto(`${base}${url}`);
          expect(await axeViolations(page), url).toEqual([]);
        }
        await context.close();
        // The form without JavaScript, by keyboard: focus the field, type, submit with Enter.
        const noScript = await browser!.newContext({ javaScriptEnabled: false });
        const plain = await noScript.newPage();
        await plain.goto(`${base}${prefix}/transparency`);
        await plain.focus('#tl-id');
        await plain.keyboard.type(registry.fixture.reg.suspended);
        await plain.keyboard.press('Enter');
        await plain.waitForURL(new RegExp(`/transparency\\?id=${registry.fixture.reg.suspended}#check$`));
        expect(await plain.locator('#tl-entries').count()).toBe(1);
        expect(await plain.locator('tbody tr', { hasText: '✓' }).count()).toBe(2);
        await noScript.close();
      }
    },
  );
});
