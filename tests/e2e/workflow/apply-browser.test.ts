import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { axeViolations, browserAvailable, launchBrowser } from '../../helpers/browser.ts';
import { freePort, startServerProcess, type ServerProcess } from '../../helpers/server-process.ts';
import { startSmtpSink, type ReceivedMail, type SmtpSink } from '../../helpers/smtp-sink.ts';
import { prepareAdmin, signInUi, type AdminFixture } from '../../helpers/admin-e2e.ts';
import { nextKvk } from '../../helpers/fixtures.ts';
import { openDatabase } from '../../../db/platform/connection.ts';
import { migrateToLatest } from '../../../db/platform/migrate.ts';
import { seedSchemes } from '../../../db/seed/scheme-files.ts';

// The apply flow in Chromium: by keyboard alone from the scheme page to the portal (the mailed
// link read from a real SMTP server), and axe with zero violations on every new page: the form
// (empty and refused) and its confirmation page in nl/en/fr, the member evidence page in nl/en/fr,
// and the admin evidence page in nl and en.

const KSF = 'ksf-service-promises';
const LANGS = ['', '/en', '/fr'] as const;

describe.runIf(browserAvailable())('applying in Chromium (keyboard, axe)', () => {
  let dataDir: string;
  let server: ServerProcess;
  let sink: SmtpSink;
  let browser: Browser;
  let base: string;
  let fx: Omit<AdminFixture, 'reg'>;
  const problems: string[] = [];

  beforeAll(async () => {
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'keurmerk-apply-browser-'));
    const handle = await openDatabase({ databaseUrl: null, dataDir, role: 'test fixture' });
    try {
      await migrateToLatest(handle.db);
      await seedSchemes(handle.db);
      fx = await prepareAdmin(handle.db);
    } finally {
      await handle.close();
    }
    sink = await startSmtpSink();
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    [server, browser] = await Promise.all([
      startServerProcess({
        DATA_DIR: dataDir,
        PORT: String(port),
        PUBLIC_URL: base,
        SMTP_URL: sink.url,
        MAIL_FROM: 'Keurmerk <registry@keurmerk.test>',
      }),
      launchBrowser(),
    ]);
  }, 300_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop('SIGKILL');
    await sink?.close();
    await fs.rm(dataDir, { recursive: true, force: true });
  });

  async function axe(page: Page, label: string): Promise<void> {
    const found = (await axeViolations(page)).map((v) => `${label}: ${v.id} ${JSON.stringify(v.nodes)}`);
    problems.push(...found);
    expect(found, label).toEqual([]);
  }

  async function mailTo(to: string): Promise<ReceivedMail> {
    const deadline = Date.now() + 60_000;
    for (;;) {
      const mail = sink.received.find((m) => m.to.includes(to));
      if (mail) return mail;
      if (Date.now() > deadline) throw new Error(`no mail to ${to}`);
      await sink
        .waitFor(sink.received.length + 1, 'received', Math.max(1, deadline - Date.now()))
        .catch(() => undefined);
    }
  }

  /** Presses Tab until the element with `id` has focus (at most 80 times): reachable by keyboard. */
  async function tabTo(page: Page, id: string): Promise<void> {
    for (let i = 0; i < 80; i++) {
      if ((await page.evaluate(() => document.activeElement?.id ?? '')) === id) return;
      await page.keyboard.press('Tab');
    }
    throw new Error(`#${id} not reached by Tab`);
  }

  it('axe: the form, a refused form and a used link, in nl, en and fr', async () => {
    const page = await browser.newPage();
    for (const lang of LANGS) {
      await page.goto(`${base}${lang}/schemes/${KSF}/apply`);
      await axe(page, `${lang || '/nl'} apply form`);
      await page.fill('#registryId', '123');
      await page.fill('#legalName', 'Fout B.V.');
      await page.fill('#city', 'Delft');
      await page.fill('#contactName', 'Fien');
      await page.fill('#email', `fien${lang.replace('/', '-')}@fout.example`);
      await page.click('button[type="submit"]');
      await page.waitForSelector('[role="alert"]');
      expect(await page.getAttribute('#registryId', 'aria-invalid')).toBe('true');
      await axe(page, `${lang || '/nl'} apply refused`);
      await page.goto(`${base}${lang}/schemes/${KSF}/apply/confirm?token=kma_${'x'.repeat(43)}`);
      await axe(page, `${lang || '/nl'} confirm unusable`);
    }
    await page.close();
  });

  it('by keyboard alone: scheme page → form → mailed link → confirm → portal; then axe on the evidence pages', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${base}/schemes/${KSF}`);
    // From the scheme page to the form by keyboard: focus the link, Enter.
    for (let i = 0; i < 80; i++) {
      await page.keyboard.press('Tab');
      const href = await page.evaluate(() =>
        (document.activeElement as HTMLAnchorElement | null)?.getAttribute('href'),
      );
      if (href === `/schemes/${KSF}/apply`) break;
    }
    await Promise.all([page.waitForURL(`**/schemes/${KSF}/apply`), page.keyboard.press('Enter')]);
    await tabTo(page, 'country');
    await page.keyboard.press('Tab');
    await page.keyboard.type(nextKvk());
    await page.keyboard.press('Tab');
    await page.keyboard.type('Toetsenbord B.V.');
    await page.keyboard.press('Tab');
    await page.keyboard.type('Zwolle');
    await page.keyboard.press('Tab');
    await page.keyboard.type('www.toetsenbord.example');
    await tabTo(page, 'contactName');
    await page.keyboard.type('Tineke Toets');
    await page.keyboard.press('Tab');
    await page.keyboard.type('tineke@toetsenbord.example');
    await page.keyboard.press('Enter');
    await page.waitForSelector('[role="status"]');
    expect(await page.textContent('[role="status"]')).toContain('tineke@toetsenbord.example');
    const link = /https?:\/\/[^\s"<>]+token=kma_[\w-]+/.exec(
      (await mailTo('tineke@toetsenbord.example')).parsed.text ?? '',
    )![0];
    await page.goto(link);
    await axe(page, '/nl confirm');
    for (let i = 0; i < 80; i++) {
      await page.keyboard.press('Tab');
      if (
        await page.evaluate(
          () =>
            document.activeElement?.tagName === 'BUTTON' &&
            (document.activeElement as HTMLButtonElement).type === 'submit' &&
            !!document.activeElement.closest('main'),
        )
      )
        break;
    }
    await Promise.all([page.waitForURL(/\/member\/org\//), page.keyboard.press('Enter')]);
    const slug = new URL(page.url()).pathname.split('/').pop()!;
    expect(await page.textContent('h1')).toContain('Toetsenbord B.V.');
    for (const lang of LANGS) {
      await page.goto(`${base}${lang}/member/org/${slug}/cases/1/evidence`);
      expect(await page.textContent('h1')).not.toBe('404');
      await axe(page, `${lang || '/nl'} evidence`);
    }
    // Upload a file with the page's own form, then axe the list with a file in it.
    await page.goto(`${base}/member/org/${slug}/cases/1/evidence`);
    await page.setInputFiles('#file', {
      name: 'bewijs.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from('%PDF-1.7\n%%EOF\n'),
    });
    await page.click('section button[type="submit"]');
    await page.waitForSelector('[role="status"]');
    await axe(page, '/nl evidence with a file');
    await context.close();
    const staff = await browser.newContext();
    const cookie = await signInUi(base, fx.staff.viewer.email, fx.staff.viewer.password);
    await staff.addCookies(
      cookie
        .split('; ')
        .map((c) => ({ name: c.slice(0, c.indexOf('=')), value: c.slice(c.indexOf('=') + 1), url: base })),
    );
    const admin = await staff.newPage();
    for (const q of ['', '?lang=en']) {
      await admin.goto(`${base}/admin/cases/1/evidence${q}`);
      expect(await admin.textContent('main')).toContain('bewijs.pdf');
      await axe(admin, `admin evidence ${q || 'nl'}`);
    }
    await staff.close();
    expect(problems).toEqual([]);
  });
});
