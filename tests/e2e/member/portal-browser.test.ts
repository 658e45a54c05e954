import fs from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { axeViolations, browserAvailable, launchBrowser } from '../../helpers/browser.ts';
import { freePort, startServerProcess, type ServerProcess } from '../../helpers/server-process.ts';
import { adminCall, signInUi } from '../../helpers/admin-e2e.ts';
import {
  preparePortalDataDir,
  startProofHost,
  type PortalFixture,
  type ProofHost,
} from '../../helpers/portal-fixture.ts';

// Issue 16's done-when for domains and sightings, in Chromium: a member signed in with a passkey
// (Chromium's virtual authenticator) proves a domain against a local web server, sees the sighting
// a badge embedded on an unregistered local origin causes, and reports it; every new portal page
// passes axe in nl, en and fr with no Dutch left on the English and French ones.

const LANGS = ['', '/en', '/fr'] as const;

describe.runIf(browserAvailable())('member portal: domains and sightings in Chromium (passkey)', () => {
  let dataDir: string;
  let server: ServerProcess;
  let browser: Browser;
  let fx: PortalFixture;
  let proof: ProofHost;
  let foreign: http.Server;
  let foreignOrigin: string;
  let base: string;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'keurmerk-portal-browser-'));
    fx = await preparePortalDataDir(dataDir);
    proof = await startProofHost('127.0.0.2');
    const port = await freePort();
    // Passkeys need a host name: the browser talks to localhost.
    base = `http://localhost:${port}`;
    // A site that is not the organisation's, embedding its badge as the embed centre suggests.
    foreign = http.createServer((_req, res) =>
      res
        .writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
        .end(
          `<!doctype html><title>Nep</title><img id="badge" alt="Keurmerk" src="${base}/badges/${fx.publicIdA}.svg">`,
        ),
    );
    await new Promise<void>((resolve) => foreign.listen(0, '127.0.0.3', resolve));
    foreignOrigin = `http://127.0.0.3:${(foreign.address() as AddressInfo).port}`;
    [server, browser] = await Promise.all([
      startServerProcess(
        {
          DATA_DIR: dataDir,
          PORT: String(port),
          PUBLIC_URL: base,
          DOMAIN_PROOF_ALLOW_HOSTS: proof.entry,
        },
        180_000,
      ),
      launchBrowser(),
    ]);
    // Generous: the machine is shared; the hook waits for the server and Chromium, not for time.
  }, 300_000);
  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await server?.stop('SIGKILL');
    await proof?.close();
    foreign?.closeAllConnections();
    if (foreign) await new Promise((resolve) => foreign.close(resolve));
    await fs.rm(dataDir, { recursive: true, force: true });
  }, 60_000);

  async function expectNoAxe(label: string) {
    expect(await axeViolations(page), label).toEqual([]);
  }

  it('signs in with a passkey (virtual authenticator)', { timeout: 120_000 }, async () => {
    context = await browser.newContext();
    // The fixture's e-mail-link session, only to register the passkey.
    const [name, value] = fx.cookies.ownerA.split('=') as [string, string];
    await context.addCookies([{ name, value, url: base }]);
    page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('WebAuthn.enable');
    await cdp.send('WebAuthn.addVirtualAuthenticator', {
      options: {
        protocol: 'ctap2',
        transport: 'internal',
        hasResidentKey: true,
        hasUserVerification: true,
        isUserVerified: true,
      },
    });
    await page.goto(`${base}/en/member/profile`);
    const add = page.getByRole('button', { name: 'Add a passkey' });
    await expect.poll(() => add.isEnabled(), { timeout: 30_000 }).toBe(true);
    await page.getByLabel('Name of the new passkey').fill('Portal key');
    await Promise.all([page.waitForEvent('load'), add.click()]);
    await Promise.all([
      page.waitForURL(/\/en\/member\/sign-in\?notice=signed-out$/),
      page.getByRole('button', { name: 'Sign out', exact: true }).click(),
    ]);
    const use = page.getByRole('button', { name: 'Sign in with a passkey' });
    await expect.poll(() => use.isEnabled(), { timeout: 30_000 }).toBe(true);
    // The member's own language (Dutch) decides where they land.
    await Promise.all([page.waitForURL(`${base}/member`), use.click()]);
    expect(await page.locator('main').innerText()).toContain('Alfa');
  });

  it('proves a domain against a local web server', { timeout: 120_000 }, async () => {
    await page.goto(`${base}/en/member/org/${fx.slugA}`);
    await Promise.all([page.waitForEvent('load'), page.getByRole('link', { name: 'Domains' }).click()]);
    await page.getByLabel('Domain', { exact: true }).fill('127.0.0.2');
    await Promise.all([
      page.waitForEvent('load'),
      page.getByRole('button', { name: 'Add', exact: true }).click(),
    ]);
    expect(await page.getByRole('status').innerText()).toContain('Domain requested.');
    const token = await page.locator('code[data-token="127.0.0.2"]').innerText();
    expect(token).toMatch(/^keurmerk-verification=/);
    proof.serve(`${token}\n`);
    await Promise.all([
      page.waitForEvent('load'),
      page.getByRole('button', { name: 'Check 127.0.0.2 now' }).click(),
    ]);
    expect(await page.getByRole('status').innerText()).toBe('Proven: the domain counts now.');
    expect(await page.locator('ul.domains').innerText()).toContain('127.0.0.2');
    expect(proof.requests).toEqual(['/.well-known/keurmerk-verification.txt']);
  });

  it(
    'sees the sighting of a badge on an unregistered origin and reports it',
    { timeout: 120_000 },
    async () => {
      const site = await context.newPage();
      await site.goto(`${foreignOrigin}/`);
      await expect
        .poll(() => site.evaluate(() => (document.getElementById('badge') as HTMLImageElement).complete))
        .toBe(true);
      await site.close();
      // The recorder writes in batches: reload until the host is listed.
      const row = page.getByRole('row', { name: /127\.0\.0\.3/ });
      await expect
        .poll(
          async () => {
            await page.goto(`${base}/en/member/org/${fx.slugA}/sightings`);
            return row.count();
          },
          { timeout: 30_000, interval: 1000 },
        )
        .toBe(1);
      await page.getByLabel('Note on 127.0.0.3 (optional)').fill('Deze site is niet van ons.');
      await Promise.all([
        page.waitForEvent('load'),
        page.getByRole('button', { name: 'Report 127.0.0.3 as misuse' }).click(),
      ]);
      expect(await page.getByRole('status').innerText()).toBe('Reported. The association will look into it.');
      const queue = await adminCall(base, 'GET', '/reports?source=consumer', fx.staff.tokens.viewer);
      expect(queue.body.data.map((r: { host: string; message: string }) => [r.host, r.message])).toEqual([
        ['127.0.0.3', 'Deze site is niet van ons.'],
      ]);
    },
  );

  it(
    'every new portal page passes axe in nl, en and fr, with no Dutch on en/fr pages',
    { timeout: 240_000 },
    async () => {
      // A pending request too, so the domains page shows its fullest form.
      await page.goto(`${base}/en/member/org/${fx.slugA}/domains`);
      await page.getByLabel('Domain', { exact: true }).fill('www.alfa.example');
      await Promise.all([
        page.waitForEvent('load'),
        page.getByRole('button', { name: 'Add', exact: true }).click(),
      ]);
      for (const lang of LANGS)
        for (const rest of ['', '/domains', '/sightings', '/notifications']) {
          await page.goto(`${base}${lang}/member/org/${fx.slugA}${rest}`);
          await expectNoAxe(`${lang || '/nl'}${rest}`);
          if (lang !== '')
            expect(await page.locator('main').innerText(), `${lang}${rest}`).not.toMatch(
              /\b(Domeinen|Toevoegen|Waar uw badge|Meldingen|Opslaan|melden als misbruik|Geregistreerde|controleren|intrekken|Weergaven)\b/,
            );
        }
    },
  );

  it(
    'works by keyboard: the notification choice is saved with Tab, Space and Enter',
    { timeout: 60_000 },
    async () => {
      await page.goto(`${base}/fr/member/org/${fx.slugA}/notifications`);
      await page.locator('body').focus();
      for (let i = 0; i < 60 && !(await page.evaluate(() => document.activeElement?.id === 'n-digest')); i++)
        await page.keyboard.press('Tab');
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('n-digest');
      await page.keyboard.press('Space');
      await page.keyboard.press('Tab');
      await Promise.all([page.waitForEvent('load'), page.keyboard.press('Enter')]);
      expect(await page.getByRole('status').innerText()).toBe('Enregistré.');
      expect(await page.locator('#n-digest').isChecked()).toBe(true);
      expect(await page.locator('#n-status').isChecked()).toBe(false);
    },
  );

  it(
    'staff see the request on the organisation page (axe in nl and en) and approve it there',
    { timeout: 180_000 },
    async () => {
      await page.goto(`${base}/en/member/org/${fx.slugA}/domains`);
      await Promise.all([
        page.waitForEvent('load'),
        page.getByRole('button', { name: 'Ask the association to approve www.alfa.example' }).click(),
      ]);
      expect(await page.getByRole('status').innerText()).toBe('Request sent to the association.');

      const { email, password } = fx.staff.staff.assessor;
      const cookies = await signInUi(base, email, password);
      const staff = await browser.newContext();
      await staff.addCookies(
        cookies
          .split('; ')
          .map((c) => ({ name: c.slice(0, c.indexOf('=')), value: c.slice(c.indexOf('=') + 1), url: base })),
      );
      const admin = await staff.newPage();
      for (const lang of ['nl', 'en']) {
        await admin.goto(`${base}/admin/organisations/${fx.slugA}?lang=${lang}`);
        expect(await admin.locator('#domain-requests').innerText()).not.toBe('');
        expect(await axeViolations(admin), `admin organisation page (${lang})`).toEqual([]);
      }
      expect(await admin.locator('section[aria-labelledby="domain-requests"]').innerText()).toContain(
        'www.alfa.example',
      );
      await Promise.all([
        admin.waitForEvent('load'),
        admin.getByRole('button', { name: 'Approve www.alfa.example' }).click(),
      ]);
      expect(await admin.locator('section[aria-labelledby="domain-requests"]').innerText()).toContain(
        'No pending domain requests.',
      );
      await staff.close();
      await page.goto(`${base}/en/member/org/${fx.slugA}/domains`);
      expect(await page.locator('ul.domains').innerText()).toContain('www.alfa.example');
    },
  );
});
