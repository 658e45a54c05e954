import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { axeViolations, browserAvailable, launchBrowser } from '../../helpers/browser.ts';
import { startServerProcess, type ServerProcess } from '../../helpers/server-process.ts';
import { startSmtpSink, type SmtpSink } from '../../helpers/smtp-sink.ts';
import { prepareMemberDataDir, type MemberFixture } from '../../helpers/member-e2e.ts';

// The member portal in Chromium, with mail really leaving over SMTP to a server the test runs.

const LANGS = ['', '/en', '/fr'] as const;

describe.runIf(browserAvailable())('member portal in Chromium', () => {
  let dataDir: string;
  let server: ServerProcess;
  let sink: SmtpSink;
  let browser: Browser;
  let fx: MemberFixture;

  beforeAll(async () => {
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'keurmerk-member-browser-'));
    fx = await prepareMemberDataDir(dataDir);
    sink = await startSmtpSink();
    [server, browser] = await Promise.all([
      startServerProcess({
        DATA_DIR: dataDir,
        SMTP_URL: sink.url,
        MAIL_FROM: 'Keurmerk <registry@keurmerk.test>',
      }),
      launchBrowser(),
    ]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop('SIGKILL');
    await sink?.close();
    await fs.rm(dataDir, { recursive: true, force: true });
  });

  async function open(url: string, cookie: string | null): Promise<Page> {
    const context = await browser.newContext();
    if (cookie) {
      const [name, value] = cookie.split('=') as [string, string];
      await context.addCookies([{ name, value, url: server.url }]);
    }
    const page = await context.newPage();
    await page.goto(`${server.url}${url}`);
    return page;
  }

  /** Presses Tab until the element matching `selector` has focus (keyboard only, as a person would). */
  async function tabTo(page: Page, selector: string): Promise<void> {
    for (let i = 0; i < 40; i++) {
      await page.keyboard.press('Tab');
      if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return;
    }
    throw new Error(`Tab never reached ${selector}`);
  }

  it(
    'every member page has no axe violations in nl, en and fr, and no Dutch left on en/fr pages',
    { timeout: 240_000 },
    async () => {
      const pages: Array<[string, string | null]> = [
        ['/member/sign-in', null],
        ['/member/link?token=kml_expired', null],
        ['/member', fx.cookies.ownerA],
        ['/member/profile', fx.cookies.ownerA],
        [`/member/org/${fx.slugA}`, fx.cookies.ownerA],
        [`/member/org/${fx.slugA}/colleagues`, fx.cookies.ownerA],
        [`/member/org/${fx.slugA}/colleagues`, fx.cookies.editorA],
      ];
      for (const lang of LANGS)
        for (const [url, cookie] of pages) {
          const page = await open(`${lang}${url}`, cookie);
          expect(await axeViolations(page), `${lang}${url}`).toEqual([]);
          const text = await page.locator('main').innerText();
          if (lang !== '')
            expect(text, `${lang}${url}`).not.toMatch(
              /\b(Aanmelden|Afmelden|Mijn organisaties|Opslaan|Rol wijzigen|Collega uitnodigen|eigenaar(?!@)|redacteur(?!@))\b/,
            );
          await page.context().close();
        }
    },
  );

  it('signs in by e-mail link with the keyboard only; the link works once', async () => {
    const page = await open('/en/member/sign-in', null);
    await tabTo(page, '#email');
    await page.keyboard.type(fx.emails.ownerA);
    await Promise.all([page.waitForEvent('load'), page.keyboard.press('Enter')]);
    expect(await page.locator('main').innerText()).toContain('sign-in link is on its way');

    await sink.waitFor(1, 'received', 30_000);
    const mail = sink.received.find((m) => m.to.includes(fx.emails.ownerA))!;
    expect(mail.parsed.subject).toMatch(/Aanmelden bij/);
    const link = /http:\/\/\S+\/member\/link\?token=kml_[\w-]+/.exec(mail.parsed.text ?? '')![0];
    expect(mail.parsed.html).toContain(link.replace(/&/g, '&amp;'));

    await page.goto(link);
    // Opening the link signed no one in: the button does.
    expect(await page.locator('h1').innerText()).toBe('Uw link');
    await tabTo(page, 'main button[type="submit"]');
    await Promise.all([page.waitForURL(`${server.url}/member`), page.keyboard.press('Enter')]);
    expect(await page.locator('h1').innerText()).toBe('Mijn organisaties');
    expect(await page.locator('main').innerText()).toContain('Alfa');

    await page.goto(link);
    expect(await page.locator('[role="alert"]').innerText()).toContain('verlopen of al gebruikt');
    await page.context().close();
  });
});
