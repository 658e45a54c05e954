import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { axeViolations, browserAvailable, launchBrowser } from '../../helpers/browser.ts';
import { freePort, startServerProcess, type ServerProcess } from '../../helpers/server-process.ts';
import { startSmtpSink, type ReceivedMail, type SmtpSink } from '../../helpers/smtp-sink.ts';
import { adminCall, prepareAdmin, type AdminFixture } from '../../helpers/admin-e2e.ts';
import { nextKvk } from '../../helpers/fixtures.ts';
import { openDatabase } from '../../../db/platform/connection.ts';
import { migrateToLatest } from '../../../db/platform/migrate.ts';
import { seedSchemes } from '../../../db/seed/scheme-files.ts';

// Issue 15's journey in Chromium, through real parts only: staff invite through the admin API, the
// invitation leaves over SMTP to a server the test runs, the member accepts it, registers a passkey
// with Chromium's virtual authenticator, signs out and in with it, changes their address (the
// confirmation read from the SMTP server too) and downloads their data.

const LANGS = ['', '/en', '/fr'] as const;

describe.runIf(browserAvailable())('a member’s journey in Chromium (passkeys, mail over SMTP)', () => {
  let dataDir: string;
  let server: ServerProcess;
  let sink: SmtpSink;
  let browser: Browser;
  let base: string;
  let fx: Omit<AdminFixture, 'reg'>;
  let slug: string;
  const problems: string[] = [];

  beforeAll(async () => {
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'keurmerk-member-journey-'));
    const handle = await openDatabase({ databaseUrl: null, dataDir, role: 'test fixture' });
    try {
      await migrateToLatest(handle.db);
      await seedSchemes(handle.db);
      fx = await prepareAdmin(handle.db);
      slug = `reis-${nextKvk()}`;
      await handle.db
        .insertInto('organisation')
        .values({ slug, legal_name: 'Reisbureau Zuid', country: 'NL', registry_id: nextKvk(), city: 'Breda' })
        .execute();
    } finally {
      await handle.close();
    }
    sink = await startSmtpSink();
    const port = await freePort();
    // Passkeys need a host name: the browser talks to localhost, as the demo does.
    base = `http://localhost:${port}`;
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
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop('SIGKILL');
    await sink?.close();
    await fs.rm(dataDir, { recursive: true, force: true });
  });

  /** The newest mail to `to` once it has arrived (the sender loop delivers it in the background). */
  async function mailTo(to: string, count: number): Promise<ReceivedMail> {
    await sink.waitFor(count, 'received', 60_000);
    const mail = sink.received.filter((m) => m.to.includes(to)).at(-1);
    if (!mail) throw new Error(`no mail to ${to}; got ${sink.received.map((m) => m.to.join()).join('; ')}`);
    return mail;
  }
  const linkIn = (mail: ReceivedMail): string => {
    const found = /https?:\/\/[^\s"<>]+token=kml_[\w-]+/.exec(mail.parsed.text ?? '');
    if (!found) throw new Error(`no link in: ${mail.parsed.text}`);
    return found[0];
  };

  async function expectNoAxe(page: Page, label: string) {
    const found = (await axeViolations(page)).map((v) => `${label}: ${v.id} ${JSON.stringify(v.nodes)}`);
    expect(found).toEqual([]);
  }

  it(
    'invited by staff, accepts, registers a passkey, signs in with it, changes address, downloads data',
    { timeout: 300_000 },
    async () => {
      const email = 'reiziger@zuid.test';
      const invited = await adminCall(
        base,
        'POST',
        `/organisations/${slug}/members/invitations`,
        fx.tokens.admin,
        {
          email,
          role: 'owner',
          language: 'en',
        },
      );
      expect(invited.status, JSON.stringify(invited.body)).toBe(201);
      const invitation = await mailTo(email, 1);
      expect(invitation.parsed.subject).toBeTruthy();
      const invitationLink = linkIn(invitation);
      expect(invitationLink.startsWith(`${base}/en/member/link?token=`)).toBe(true);

      const context = await browser.newContext({ acceptDownloads: true });
      const page = await context.newPage();
      page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
      const cdp = await context.newCDPSession(page);
      await cdp.send('WebAuthn.enable');
      const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
        options: {
          protocol: 'ctap2',
          transport: 'internal',
          hasResidentKey: true,
          hasUserVerification: true,
          isUserVerified: true,
        },
      });

      // Following the link changes nothing until its one button is pressed.
      await page.goto(invitationLink);
      await page.getByLabel('Your name').fill('Rie Reiziger');
      await Promise.all([
        page.waitForURL(`${base}/en/member/org/${slug}`),
        page.getByRole('button', { name: 'Accept the invitation' }).click(),
      ]);

      // A passkey, named, from the profile page.
      await page.goto(`${base}/en/member/profile`);
      const add = page.getByRole('button', { name: 'Add a passkey' });
      await expect.poll(() => add.isEnabled(), { timeout: 30_000 }).toBe(true);
      await expectNoAxe(page, 'profile, no passkeys (en)');
      await page.getByLabel('Name of the new passkey').fill('Virtual laptop key');
      await Promise.all([page.waitForEvent('load'), add.click()]);
      expect(
        await page.getByRole('status').filter({ hasText: 'Passkey “Virtual laptop key” added.' }).count(),
      ).toBe(1);
      expect(await page.getByRole('cell', { name: 'Virtual laptop key', exact: true }).count()).toBe(1);
      const { credentials } = await cdp.send('WebAuthn.getCredentials', { authenticatorId });
      expect(credentials).toHaveLength(1);
      expect(credentials[0]!.isResidentCredential).toBe(true);
      for (const lang of LANGS) {
        await page.goto(`${base}${lang}/member/profile`);
        await expectNoAxe(page, `profile with a passkey (${lang || 'nl'})`);
      }

      // Rename it; the new name is what the list shows.
      await page.goto(`${base}/en/member/profile`);
      await page.getByLabel('New name for “Virtual laptop key”').fill('Laptop key');
      await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: 'Rename' }).click()]);
      expect(await page.getByRole('cell', { name: 'Laptop key', exact: true }).count()).toBe(1);

      // Sign out, and in again with the passkey alone (no address typed).
      await Promise.all([
        page.waitForURL(/\/en\/member\/sign-in\?notice=signed-out$/),
        page.getByRole('button', { name: 'Sign out', exact: true }).click(),
      ]);
      for (const lang of LANGS) {
        await page.goto(`${base}${lang}/member/sign-in`);
        await expectNoAxe(page, `sign-in with passkey button (${lang || 'nl'})`);
      }
      await page.goto(`${base}/en/member/sign-in`);
      const use = page.getByRole('button', { name: 'Sign in with a passkey' });
      await expect.poll(() => use.isEnabled(), { timeout: 30_000 }).toBe(true);
      await Promise.all([page.waitForURL(`${base}/en/member`), use.click()]);
      expect(await page.locator('main').innerText()).toContain('Reisbureau Zuid');

      // A new address, confirmed by the link sent to it.
      const newEmail = 'rie@nieuw-zuid.test';
      await page.goto(`${base}/en/member/profile`);
      expect(await page.getByRole('cell', { name: 'never', exact: true }).count()).toBe(0); // used just now
      await page.getByLabel('New e-mail address').fill(newEmail);
      await Promise.all([
        page.waitForEvent('load'),
        page.getByRole('button', { name: 'Send confirmation' }).click(),
      ]);
      expect(await page.locator('main').innerText()).toContain(
        `A confirmation link has been sent to ${newEmail}`,
      );
      const confirmation = await mailTo(newEmail, 2);
      await page.goto(linkIn(confirmation));
      await Promise.all([
        page.waitForURL(`${base}/en/member`),
        page.getByRole('button', { name: 'Confirm the new address' }).click(),
      ]);
      const told = await mailTo(email, 3);
      expect(told.parsed.text).toContain(newEmail);

      // The data download holds the new address and the passkey by name.
      await page.goto(`${base}/en/member/profile`);
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', { name: 'Download my data' }).click(),
      ]);
      const data = JSON.parse(await fs.readFile((await download.path())!, 'utf8')) as {
        profile: { email: string; name: string };
        passkeys: Array<{ name: string; createdAt: string; lastUsedAt: string | null }>;
        sessions: Array<{ method: string }>;
      };
      expect(data.profile).toMatchObject({ email: newEmail, name: 'Rie Reiziger' });
      expect(data.passkeys).toEqual([
        { name: 'Laptop key', createdAt: expect.any(String), lastUsedAt: expect.any(String) },
      ]);
      expect(data.sessions.map((s) => s.method)).toContain('passkey');
      expect(JSON.stringify(data)).not.toMatch(/publicKey|credentialId|kml_|kmm_/);

      // Removing it leaves the e-mail link as the way in; the authenticator's copy no longer signs in.
      await page.getByRole('button', { name: 'Remove “Laptop key”' }).click();
      await page.waitForLoadState('load');
      expect(await page.getByText('You have no passkeys yet.').count()).toBe(1);
      await Promise.all([
        page.waitForURL(/\/en\/member\/sign-in\?notice=signed-out$/),
        page.getByRole('button', { name: 'Sign out', exact: true }).click(),
      ]);
      const again = page.getByRole('button', { name: 'Sign in with a passkey' });
      await expect.poll(() => again.isEnabled(), { timeout: 30_000 }).toBe(true);
      await Promise.all([page.waitForEvent('load'), again.click()]);
      expect(await page.getByRole('alert').textContent()).toContain('The passkey could not be verified');
      expect(new URL(page.url()).pathname).toBe('/en/member/sign-in');
      await context.close();
      // The one refusal above answers 400; nothing else went wrong in the browser.
      expect(problems.filter((p) => !/status of 400/.test(p))).toEqual([]);
      expect(problems.filter((p) => /status of 400/.test(p))).toHaveLength(1);
    },
  );
});
