import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { axeViolations, browserAvailable, launchBrowser } from '../../helpers/browser.ts';
import { startServerProcess, type ServerProcess } from '../../helpers/server-process.ts';
import { startSmtpSink, type SmtpSink } from '../../helpers/smtp-sink.ts';
import { prepareMembers, type MemberFixture } from '../../helpers/member-e2e.ts';
import {
  adminCall,
  getPage,
  postForm,
  prepareAdmin,
  signInUi,
  type AdminFixture,
} from '../../helpers/admin-e2e.ts';
import { openDatabase } from '../../../db/platform/connection.ts';
import { migrateToLatest } from '../../../db/platform/migrate.ts';
import { seedSchemes } from '../../../db/seed/scheme-files.ts';
import { embedSnippets } from '../../../badges/serve/embed-snippet.ts';
import { verifyQrPng, verifyQrSvg } from '../../../badges/serve/verify-qr.ts';

// Issue 16's portal pages through the real server: channel requests that become public only once
// staff approve them (in Chromium, on the admin page), identity changes staff refuse with a reason
// the member is e-mailed over SMTP, the member's own edits, another organisation's 404, and the
// badge and embed centre by keyboard with the clipboard and the QR downloads read back.

const LANGS = ['', '/en', '/fr'] as const;
// The organisation page shows numbers grouped (+31 20 555 0101); matched in any spacing.
const PHONE = /\+31\s?20\s?555\s?0101/;

describe('member portal: certifications, badges, channels, organisation data', () => {
  let dataDir: string;
  let server: ServerProcess;
  let sink: SmtpSink;
  let fx: MemberFixture;
  let admin: Omit<AdminFixture, 'reg'>;

  beforeAll(async () => {
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'keurmerk-member-portal-'));
    const handle = await openDatabase({ databaseUrl: null, dataDir, role: 'test fixture' });
    try {
      await migrateToLatest(handle.db);
      await seedSchemes(handle.db);
      fx = await prepareMembers(handle.db);
      admin = await prepareAdmin(handle.db);
    } finally {
      await handle.close();
    }
    sink = await startSmtpSink();
    server = await startServerProcess({
      DATA_DIR: dataDir,
      SMTP_URL: sink.url,
      MAIL_FROM: 'Keurmerk <registry@keurmerk.test>',
    });
  }, 600_000);
  afterAll(async () => {
    await server?.stop('SIGKILL');
    await sink?.close();
    await fs.rm(dataDir, { recursive: true, force: true });
  });

  const channelsUrl = () => `/member/org/${fx.slugA}/channels`;
  const publicPage = async () => (await getPage(server.url, `/organisations/${fx.slugA}`)).html;
  const lookup = async (phone: string) =>
    (await (
      await fetch(`${server.url}/api/v1/channels/lookup?phone=${encodeURIComponent(phone)}`)
    ).json()) as {
      found: boolean;
    };
  const requests = async () =>
    (await adminCall(server.url, 'GET', `/organisations/${fx.slugA}/requests`, admin.tokens.admin)).body
      .requests as Array<{ id: number; kind: string; state: string; payload: Record<string, string> }>;

  it(
    'a requested channel is not public; another organisation’s forms are 404 and change nothing',
    { timeout: 120_000 },
    async () => {
      const r = await postForm(
        server.url,
        channelsUrl(),
        { action: 'request', kind: 'phone', value: '020 555 0101', label: 'Klantenservice' },
        fx.cookies.editorA,
      );
      expect(r.status).toBe(200);
      expect(await r.text()).toContain('wordt openbaar zodra de vereniging het goedkeurt');
      const pending = await requests();
      expect(pending).toEqual([
        expect.objectContaining({
          kind: 'channel',
          state: 'pending',
          payload: expect.objectContaining({ value: '+31205550101' }),
        }),
      ]);
      expect(await publicPage()).not.toMatch(PHONE);
      expect((await lookup('+31205550101')).found).toBe(false);
      // The same number again waits already; a bad number is refused with the field named.
      const twice = await postForm(
        server.url,
        channelsUrl(),
        { action: 'request', kind: 'phone', value: '+31205550101' },
        fx.cookies.ownerA,
      );
      expect(twice.status).toBe(409);
      await twice.arrayBuffer();
      const bad = await postForm(
        server.url,
        channelsUrl(),
        { action: 'request', kind: 'phone', value: '12' },
        fx.cookies.ownerA,
      );
      expect(bad.status).toBe(400);
      expect(await bad.text()).toContain('aria-invalid="true"');

      for (const [url, form] of [
        [channelsUrl(), { action: 'request', kind: 'phone', value: '020 555 0199' }],
        [`/member/org/${fx.slugA}/details`, { action: 'update', city: 'Elders', tradeNames: '' }],
        [`/member/org/${fx.slugA}/details`, { action: 'identity', legalName: 'Overname B.V.' }],
      ] as const) {
        const stranger = await postForm(server.url, url, form, fx.cookies.ownerB);
        expect(stranger.status, url).toBe(404);
        await stranger.arrayBuffer();
      }
      expect(await requests()).toHaveLength(1);
      expect(await publicPage()).not.toContain('Elders');
    },
  );

  it(
    'an editor changes city and trade names at once; legal name only by request, refused with a reason by e-mail',
    { timeout: 120_000 },
    async () => {
      const edit = await postForm(
        server.url,
        `/member/org/${fx.slugA}/details`,
        {
          action: 'update',
          city: 'Amersfoort',
          tradeNames: 'Alfa Service\nAlfa Direct',
          sector: '',
          website: '',
        },
        fx.cookies.editorA,
      );
      expect(edit.status).toBe(200);
      await edit.arrayBuffer();
      const page = await publicPage();
      expect(page).toContain('Amersfoort');
      expect(page).toContain('Alfa Direct');

      const same = await postForm(
        server.url,
        `/member/org/${fx.slugA}/details`,
        { action: 'identity', legalName: 'Alfa' },
        fx.cookies.editorA,
      );
      expect(same.status).toBe(400);
      await same.arrayBuffer();
      const asked = await postForm(
        server.url,
        `/member/org/${fx.slugA}/details`,
        { action: 'identity', legalName: 'Alfa Groep B.V.', note: 'statutenwijziging' },
        fx.cookies.editorA,
      );
      expect(asked.status).toBe(200);
      await asked.arrayBuffer();
      expect(await publicPage()).not.toContain('Alfa Groep B.V.');
      const request = (await requests()).find((r) => r.kind === 'identity')!;
      expect(request).toMatchObject({ state: 'pending', payload: { legalName: 'Alfa Groep B.V.' } });

      const path = `/organisations/${fx.slugA}/requests/${request.id}`;
      expect((await adminCall(server.url, 'POST', `${path}/refuse`, admin.tokens.admin, {})).status).toBe(
        400,
      );
      expect(
        (await adminCall(server.url, 'POST', `${path}/refuse`, admin.tokens.viewer, { reason: 'x' })).status,
      ).toBe(403);
      const refused = await adminCall(server.url, 'POST', `${path}/refuse`, admin.tokens.admin, {
        reason: 'Uittreksel KvK ontbreekt',
      });
      expect(refused.status).toBe(200);
      expect(refused.body).toMatchObject({ state: 'refused', reason: 'Uittreksel KvK ontbreekt' });
      expect((await adminCall(server.url, 'POST', `${path}/approve`, admin.tokens.admin, {})).status).toBe(
        409,
      );
      expect(await publicPage()).not.toContain('Alfa Groep B.V.');

      await sink.waitFor(1, 'received', 30_000);
      const mail = sink.received.find((m) => m.to.includes(fx.emails.editorA))!;
      expect(mail.parsed.subject).toBe('Verzoek afgewezen: Alfa');
      expect(mail.parsed.text).toContain('Uittreksel KvK ontbreekt');

      // Member activity on the organisation, from the audit log, for staff.
      const activity = await adminCall(
        server.url,
        'GET',
        `/organisations/${fx.slugA}/member-activity`,
        admin.tokens.viewer,
      );
      expect(activity.body.activity.map((a: { action: string }) => a.action)).toEqual(
        expect.arrayContaining([
          'member.channel.request',
          'member.details.update',
          'member.identity.request',
        ]),
      );
      const counted = await adminCall(
        server.url,
        'GET',
        `/organisations/${fx.slugA}/requests`,
        admin.tokens.viewer,
      );
      expect(counted.status).toBe(200);
    },
  );

  describe.runIf(browserAvailable())('in Chromium', () => {
    let browser: Browser;
    beforeAll(async () => {
      browser = await launchBrowser();
    }, 120_000);
    afterAll(async () => {
      await browser?.close();
    });

    async function open(url: string, cookie: string, permissions: string[] = []): Promise<Page> {
      const context: BrowserContext = await browser.newContext({ acceptDownloads: true });
      // The machine may be shared and slow: wait for conditions generously rather than fail.
      context.setDefaultTimeout(120_000);
      if (permissions.length) await context.grantPermissions(permissions, { origin: server.url });
      await context.addCookies(
        cookie.split('; ').map((pair) => {
          const [name, ...rest] = pair.split('=');
          return { name: name!, value: rest.join('='), url: server.url };
        }),
      );
      const page = await context.newPage();
      await page.goto(`${server.url}${url}`);
      return page;
    }

    async function tabTo(page: Page, selector: string): Promise<void> {
      for (let i = 0; i < 80; i++) {
        await page.keyboard.press('Tab');
        if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return;
      }
      throw new Error(`Tab never reached ${selector}`);
    }

    it(
      'staff approve a channel on the organisation page; only then it is public',
      { timeout: 300_000 },
      async () => {
        expect(await publicPage()).not.toMatch(PHONE);
        const cookie = await signInUi(server.url, admin.staff.assessor.email, admin.staff.assessor.password);
        const page = await open(`/admin/organisations/${fx.slugA}?lang=en`, cookie);
        expect(await axeViolations(page), 'admin organisation page (en)').toEqual([]);
        const row = page.locator('section[aria-labelledby="member-requests"] tr', {
          hasText: '+31205550101',
        });
        expect(await row.count(), await page.locator('main').innerText()).toBe(1);
        await row.getByRole('button', { name: /^Approve request/ }).click();
        await page.waitForLoadState();
        expect(page.url(), await page.locator('main').innerText()).toMatch(/done=1/);
        expect(await page.locator('section[aria-labelledby="member-requests"]').innerText()).toMatch(
          /approved/,
        );
        await page.goto(`${server.url}/admin/organisations/${fx.slugA}?lang=nl`);
        expect(await axeViolations(page), 'admin organisation page (nl)').toEqual([]);
        await page.goto(`${server.url}/admin?lang=nl`);
        expect(await axeViolations(page), 'admin overview (nl)').toEqual([]);
        await page.context().close();

        expect(await publicPage()).toMatch(PHONE);
        expect((await lookup('+31205550101')).found).toBe(true);
        await sink.waitFor(2, 'received', 30_000);
        expect(sink.received.some((m) => m.parsed.subject === 'Verzoek goedgekeurd: Alfa')).toBe(true);

        // Removal is immediate.
        const channels = await getPage(server.url, channelsUrl(), fx.cookies.ownerA);
        const id = /name="id" value="(\d+)"/.exec(channels.html)![1]!;
        const removed = await postForm(
          server.url,
          channelsUrl(),
          { action: 'remove', id },
          fx.cookies.ownerA,
        );
        expect(removed.status).toBe(200);
        await removed.arrayBuffer();
        expect(await publicPage()).not.toMatch(PHONE);
      },
    );

    it('every new portal page has no axe violations in nl, en and fr', { timeout: 600_000 }, async () => {
      const pages = [
        `/member/org/${fx.slugA}`,
        `/member/org/${fx.slugA}/certifications/${fx.publicIdA}`,
        `/member/org/${fx.slugA}/channels`,
        `/member/org/${fx.slugA}/details`,
      ];
      for (const lang of LANGS)
        for (const url of pages) {
          const page = await open(`${lang}${url}`, fx.cookies.editorA);
          expect(await axeViolations(page), `${lang}${url}`).toEqual([]);
          if (lang !== '')
            expect(await page.locator('main').innerText(), `${lang}${url}`).not.toMatch(
              /\b(Kopiëren|Opslaan|Contactkanalen|Herinneringen|Thema|Verzoeken|Organisatiegegevens)\b/,
            );
          await page.context().close();
        }
    });

    it(
      'embed centre by keyboard only: choose a variant, copy a snippet (clipboard read back), download the QR codes',
      { timeout: 300_000 },
      async () => {
        const page = await open(
          `/en/member/org/${fx.slugA}/certifications/${fx.publicIdA}`,
          fx.cookies.ownerA,
          ['clipboard-read', 'clipboard-write'],
        );
        // Reminders are computed from the validity: an active certification of a year has all three to come.
        expect(await page.locator('#reminders + p + ul li').count()).toBe(3);

        await tabTo(page, '#badge-theme');
        await page.keyboard.press('ArrowDown'); // light → dark
        await tabTo(page, '#badge-lang');
        await page.keyboard.press('ArrowDown'); // the page's English → French
        await tabTo(page, '#badge-size');
        await page.keyboard.press('ArrowDown'); // medium → large
        await tabTo(page, '.variant-form button[type="submit"]');
        await Promise.all([page.waitForURL(/theme=dark/), page.keyboard.press('Enter')]);
        expect(page.url()).toMatch(/badgeLang=fr/);
        expect(page.url()).toMatch(/size=l/);

        const expected = embedSnippets({
          publicUrl: server.url,
          publicId: fx.publicIdA,
          alt: 'not compared here',
          lang: 'fr',
          size: 'l',
          theme: 'dark',
        });
        const html = await page.locator('#snippet-html').inputValue();
        expect(html).toContain(`${fx.publicIdA}.svg?theme=dark&amp;lang=fr&amp;size=l`);
        expect(html).toContain(`href="${expected.verifyUrl}"`);
        expect(await page.locator('#snippet-markdown').inputValue()).toMatch(
          new RegExp(
            `^\\[!\\[.+\\]\\(${server.url.replace(/[.:/]/g, '\\$&')}/badges/${fx.publicIdA}\\.svg\\?theme=dark&lang=fr&size=l\\)\\]\\(`,
          ),
        );
        expect(await page.locator('#snippet-png').inputValue()).toBe(expected.pngUrl);
        // The live preview really is a badge image.
        // Its first render is a cache miss: seconds on a loaded machine.
        await expect
          .poll(
            () =>
              page
                .locator('.badge-preview img')
                .evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth),
            { timeout: 20_000 },
          )
          .toBeGreaterThan(0);

        await tabTo(page, 'button[data-copy="snippet-picture"]');
        await page.keyboard.press('Enter');
        await page
          .locator('button[data-copy="snippet-picture"] + .copy-status')
          .filter({ hasText: 'Copied' })
          .waitFor();
        const copied = await page.evaluate(() => navigator.clipboard.readText());
        expect(copied).toBe(await page.locator('#snippet-picture').inputValue());
        expect(copied).toContain('media="(prefers-color-scheme: dark)"');

        for (const format of ['svg', 'png'] as const) {
          await tabTo(page, `a[href$="qr?format=${format}"]`);
          const [download] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
          expect(download.suggestedFilename()).toBe(`keurmerk-${fx.publicIdA}-qr.${format}`);
          const bytes = await fs.readFile((await download.path())!);
          const verifyUrl = `${server.url}/verify/${fx.publicIdA}`;
          if (format === 'svg') {
            const svg = bytes.toString('utf8');
            expect(svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"[^>]* viewBox="0 0 \d+ \d+"/);
            expect(svg).toBe(await verifyQrSvg(verifyUrl));
          } else {
            expect(bytes.subarray(0, 8)).toEqual(
              Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
            );
            expect(bytes.readUInt32BE(16)).toBe(1024); // IHDR width
            expect(Buffer.compare(bytes, await verifyQrPng(verifyUrl))).toBe(0);
          }
        }
        await page.context().close();
      },
    );
  });
});
