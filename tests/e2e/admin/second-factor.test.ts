import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { Secret, TOTP } from 'otpauth';
import { freePort, startServerProcess, type ServerProcess } from '../../helpers/server-process.ts';
import { axeViolations, browserAvailable, launchBrowser } from '../../helpers/browser.ts';
import {
  getPage,
  postForm,
  prepareAdminDataDir,
  signInUi,
  type AdminFixture,
} from '../../helpers/admin-e2e.ts';
import { SoftAuthenticator } from '../../helpers/soft-authenticator.ts';
import { ADMIN_PAGES } from '../../../site/lib/admin/pages.ts';

/** A code of the authenticator app `offsetSteps` 30-second steps from now (+1 is still accepted). */
const totpCode = (secret: string, offsetSteps = 0) =>
  new TOTP({ secret: Secret.fromBase32(secret.replace(/\s/g, '')), digits: 6, period: 30 }).generate({
    timestamp: Date.now() + offsetSteps * 30_000,
  });

describe.runIf(browserAvailable())('staff second factor (STAFF_MFA=required, Chromium)', () => {
  let dataDir: string;
  let server: ServerProcess;
  let base: string;
  let fx: AdminFixture;
  let browser: Browser;
  const problems: string[] = [];

  beforeAll(async () => {
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'keurmerk-2fa-'));
    fx = await prepareAdminDataDir(dataDir);
    const port = await freePort();
    // Passkeys need a host name: the browser talks to localhost, as the demo does.
    base = `http://localhost:${port}`;
    [server, browser] = await Promise.all([
      startServerProcess({ DATA_DIR: dataDir, PORT: String(port), PUBLIC_URL: base, STAFF_MFA: 'required' }),
      launchBrowser(),
    ]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop('SIGKILL');
    await fs.rm(dataDir, { recursive: true, force: true });
  });

  beforeEach(() => {
    problems.length = 0;
  });

  async function newPage(context: BrowserContext, name: string): Promise<Page> {
    const page = await context.newPage();
    page.on('console', (m) => m.type() === 'error' && problems.push(`${name}: ${m.text()}`));
    return page;
  }

  async function signInWithPassword(page: Page, email: string, password: string, next = '/admin') {
    await page.goto(`${base}/admin/sign-in?next=${encodeURIComponent(next)}`);
    await page.getByLabel(/E-mailadres|E-mail address/).fill(email);
    await page.getByLabel(/^(Wachtwoord|Password)$/).fill(password);
    await page.getByRole('button', { name: /^(Aanmelden|Sign in)$/ }).click();
  }

  async function expectNoAxe(page: Page, label: string) {
    const found = (await axeViolations(page)).map((v) => `${label}: ${v.id} ${JSON.stringify(v.nodes)}`);
    expect(found).toEqual([]);
  }

  it('sends a password-only session to enrolment from every admin page', async () => {
    const cookie = await signInUi(base, fx.staff.viewer.email, fx.staff.viewer.password);
    for (const page of ADMIN_PAGES) {
      if (!page.get || page.get === 'public' || page.during?.includes('enrol')) continue;
      const url = page.pattern
        .replace(':slug', 'aanvrager-b-v-00000000')
        .replace(':publicId', fx.reg.pending)
        .replace(':action', 'grant');
      const answer = await getPage(base, url, cookie);
      expect(answer.status, url).toBe(303);
      expect(answer.location, url).toBe(`/admin/security?next=${encodeURIComponent(url)}`);
    }
    // Nor can it change anything: a POST is sent to enrolment too, and changes nothing.
    const post = await postForm(base, '/admin/account', { action: 'everywhere' }, cookie);
    expect(post.status).toBe(303);
    expect(post.headers.get('location')).toMatch(/^\/admin\/security\?next=/);
    // The enrolment pages themselves open.
    expect((await getPage(base, '/admin/security', cookie)).status).toBe(200);
    expect((await getPage(base, '/admin/security/totp', cookie)).status).toBe(200);
  });

  it('enrols an authenticator app, signs in with it by keyboard alone, and takes a recovery code once', async () => {
    const context = await browser.newContext();
    const page = await newPage(context, 'totp');
    const { email, password } = fx.staff.admin;
    await signInWithPassword(page, email, password, '/admin/organisations');
    await page.waitForURL(/\/admin\/security\?next=%2Fadmin%2Forganisations$/);
    await expectNoAxe(page, 'security (must enrol, nl)');
    await page.getByRole('link', { name: 'Authenticator-app instellen' }).click();
    await page.waitForURL(/\/admin\/security\/totp/);
    const secret = (await page.getByTestId('totp-secret').textContent())!;
    expect(secret.replace(/\s/g, '')).toMatch(/^[A-Z2-7]{32}$/);
    expect(await page.getByRole('img', { name: /QR-code/ }).count()).toBe(1);
    await expectNoAxe(page, 'totp set-up (nl)');
    await page.goto(`${page.url()}&lang=en`);
    expect(await page.getByTestId('totp-secret').textContent()).toBe(secret); // the same secret on reload
    await expectNoAxe(page, 'totp set-up (en)');
    await page.getByLabel('Type the code the app shows now.').fill('000000');
    await page.getByRole('button', { name: 'Set up' }).click();
    expect(await page.getByRole('alert').textContent()).toMatch(/not right/);
    await page.getByLabel('Type the code the app shows now.').fill(totpCode(secret));
    await page.getByRole('button', { name: 'Set up' }).click();
    const codes = (await page.getByTestId('recovery-codes').locator('code').allTextContents()).map((c) =>
      c.trim(),
    );
    expect(codes).toHaveLength(10);
    await expectNoAxe(page, 'recovery codes (en)');
    await page.getByRole('link', { name: 'Continue' }).click();
    await page.waitForURL(`${base}/admin/organisations`);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(/sign-in\?notice=signed-out/);

    // Keyboard only: e-mail, password, then the code.
    await page.goto(`${base}/admin/events`);
    await page.waitForURL(/\/admin\/sign-in\?next=/);
    await page.getByLabel('E-mail address').focus();
    await page.keyboard.type(email);
    await page.keyboard.press('Tab');
    await page.keyboard.type(password);
    await Promise.all([
      page.waitForURL(/\/admin\/sign-in\/verify\?next=%2Fadmin%2Fevents$/),
      page.keyboard.press('Enter'),
    ]);
    await expectNoAxe(page, 'second step (en)');
    // The code field has focus (autofocus): type and press Enter. The enrolment used this step, so the next one.
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('code');
    await page.keyboard.type(totpCode(secret, 1));
    await Promise.all([page.waitForURL(`${base}/admin/events`), page.keyboard.press('Enter')]);

    // A recovery code works once.
    await page.getByRole('button', { name: 'Sign out' }).click();
    await signInWithPassword(page, email, password);
    await page.waitForURL(/\/admin\/sign-in\/verify/);
    await page.getByLabel('Recovery code', { exact: true }).fill(codes[0]!);
    await page.getByRole('button', { name: 'Confirm' }).last().click();
    await page.waitForURL(/\/admin\/security\?notice=recovery-used/);
    expect(await page.getByText('9 unused recovery code(s) left.').count()).toBe(1);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await signInWithPassword(page, email, password);
    await page.waitForURL(/\/admin\/sign-in\/verify/);
    await page.getByLabel('Recovery code', { exact: true }).fill(codes[0]!);
    await page.getByRole('button', { name: 'Confirm' }).last().click();
    expect(await page.getByRole('alert').textContent()).toMatch(/not right/);
    expect(page.url()).toContain('/admin/sign-in/verify');
    await page.goto(`${base}/admin/sign-in/verify?lang=nl`);
    await expectNoAxe(page, 'second step (nl)');
    await context.close();
    // The two refusals above (a wrong set-up code, a used recovery code) answer 401; nothing else fails.
    expect(problems.filter((p) => !/status of 401/.test(p))).toEqual([]);
    expect(problems.filter((p) => /status of 401/.test(p))).toHaveLength(2);
  });

  it('enrols a passkey with a virtual authenticator and signs in with it instead of a code', async () => {
    const context = await browser.newContext();
    const page = await newPage(context, 'passkey');
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
    const { email, password } = fx.staff.assessor;
    await signInWithPassword(page, email, password);
    await page.waitForURL(/\/admin\/security\?next=/);
    await page.goto(`${base}/admin/security?lang=en`);
    // The script enables the button once it knows the browser can do passkeys.
    const add = page.getByRole('button', { name: 'Add a passkey' });
    await expect.poll(() => add.isEnabled()).toBe(true);
    await expectNoAxe(page, 'security with passkey form (en)');
    await page.getByLabel('Name of the passkey').fill('Virtual laptop key');
    await add.click();
    await page.getByTestId('recovery-codes').waitFor();
    await page.getByRole('link', { name: 'Continue' }).click();
    await page.waitForURL(`${base}/admin`);
    await page.goto(`${base}/admin/security`);
    expect(await page.getByRole('cell', { name: 'Virtual laptop key', exact: true }).count()).toBe(1);
    await expectNoAxe(page, 'security with a passkey (en)');

    await page.getByRole('button', { name: 'Sign out' }).click();
    await signInWithPassword(page, email, password, '/admin/reports');
    await page.waitForURL(/\/admin\/sign-in\/verify/);
    const use = page.getByRole('button', { name: 'Use a passkey' });
    await expect.poll(() => use.isEnabled()).toBe(true);
    await Promise.all([page.waitForURL(`${base}/admin/reports`), use.click()]);
    await context.close();
    expect(problems).toEqual([]);
  });

  it('refuses a passkey response made for another origin or another challenge, and audits why', async () => {
    const cookie = await signInUi(base, fx.staff.viewer.email, fx.staff.viewer.password);
    // Enrol a (software) passkey for the viewer through the security page's own challenge.
    const device = new SoftAuthenticator(base, 'localhost');
    const page = await getPage(base, '/admin/security', cookie);
    const options = JSON.parse(
      /data-passkey-options="([^"]+)"/
        .exec(page.html)![1]!
        .replace(/&quot;/g, '"')
        .replace(/&#34;/g, '"'),
    ) as { challenge: string };
    const added = await postForm(
      base,
      '/admin/security',
      { action: 'passkey-add', name: 'Soft key', response: JSON.stringify(device.register(options)) },
      cookie,
    );
    expect([200, 303]).toContain(added.status);
    await added.arrayBuffer();

    const attempt = await signInUi(base, fx.staff.viewer.email, fx.staff.viewer.password);
    const verify = await getPage(base, '/admin/sign-in/verify', attempt);
    const challenge = (
      JSON.parse(
        /data-passkey-options="([^"]+)"/
          .exec(verify.html)![1]!
          .replace(/&quot;/g, '"')
          .replace(/&#34;/g, '"'),
      ) as { challenge: string }
    ).challenge;
    const phished = device.authenticate({ challenge }, { origin: 'https://keurmerk-login.example' });
    const refused = await postForm(
      base,
      '/admin/sign-in/verify',
      { method: 'passkey', response: JSON.stringify(phished) },
      attempt,
    );
    expect(refused.status).toBe(401);
    const invented = device.authenticate({ challenge: 'aW52ZW50ZWQtY2hhbGxlbmdl' });
    const refused2 = await postForm(
      base,
      '/admin/sign-in/verify',
      { method: 'passkey', response: JSON.stringify(invented) },
      attempt,
    );
    expect(refused2.status).toBe(401);
    // Still password-only: the admin area stays closed.
    expect((await getPage(base, '/admin', attempt)).location).toMatch(/^\/admin\/sign-in\/verify/);
    expect(server.output()).toMatch(/webauthn response refused.*"reason":"origin"/);
    expect(server.output()).toMatch(/webauthn response refused.*"reason":"challenge_unknown"/);
  });
});
