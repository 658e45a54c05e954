import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, runNode, startServerProcess, type ServerProcess } from '../../helpers/server-process.ts';
import { adminCall, prepareAdminDataDir, signInUi, type AdminFixture } from '../../helpers/admin-e2e.ts';
import { addMembers, DAY_MS, validUntil } from '../../helpers/member-fixture.ts';
import { startSmtpSink, type SmtpSink } from '../../helpers/smtp-sink.ts';
import { axeViolations, browserAvailable, launchBrowser } from '../../helpers/browser.ts';
import { openDatabase } from '../../../db/platform/connection.ts';
import { enqueueMail } from '../../../db/mail/outbox.ts';

// The outbox through real parts on the embedded database: the reminders job run by the real CLI
// with --now, the messages waiting without SMTP_URL (readable by admins, links withheld, the demo
// link printed to the log only), then delivered over SMTP by the next server start.

const SECRET_LINK = 'sign-in-token-that-must-never-show';

describe('outbox and reminders on the embedded database', () => {
  let dataDir: string;
  let fx: AdminFixture;
  let end: Date;
  let sink: SmtpSink;
  let server: ServerProcess | null = null;
  let members: Awaited<ReturnType<typeof addMembers>>;
  const messageIds = new Map<string, string>();
  // One port for both starts: the signing key is bound to PUBLIC_URL, which names it.
  let port: string;

  beforeAll(async () => {
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'keurmerk-mail-'));
    fx = await prepareAdminDataDir(dataDir);
    const handle = await openDatabase({ databaseUrl: null, dataDir, role: 'test fixture' });
    try {
      members = await addMembers(handle.db, fx.reg.active, [
        { language: 'nl', name: 'Anna' },
        { language: 'en', role: 'editor', name: 'Bob' },
        { language: 'fr', role: 'editor', name: 'Chloé' },
      ]);
      end = await validUntil(handle.db, fx.reg.active);
      // What the members feature queues: a sign-in link for a demo person and for a real address.
      for (const to of ['owner@demo.keurmerk.localhost', 'someone@gmail.com']) {
        const queued = await enqueueMail(
          handle.db,
          {
            to,
            language: 'en',
            template: 'expiry_reminder',
            params: {},
            secretParams: { link: `${SECRET_LINK}-${to}` },
          },
          '127.0.0.1',
          new Date(),
        );
        messageIds.set(to, queued.messageId);
      }
    } finally {
      await handle.close();
    }
    sink = await startSmtpSink();
    port = String(await freePort());
  });
  afterAll(async () => {
    await server?.stop('SIGKILL');
    await sink?.close();
    await fs.rm(dataDir, { recursive: true, force: true });
  });

  const jobs = (...args: string[]) => runNode('api/cli/jobs.ts', args, { DATA_DIR: dataDir });

  it('npm run jobs: --help lists the jobs; an unknown job or a bad date is a usage error', async () => {
    const help = await jobs('--help');
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/reminders\s+e-mail members 60, 30 and 7 days/);
    const unknown = await jobs('nope');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown job "nope"; jobs: reminders');
    for (const bad of ['tomorrow', '2027-02-30', '2027-13-01T00:00Z']) {
      const run = await jobs('reminders', '--now', bad);
      expect(run.code, bad).toBe(2);
      expect(run.stderr).toMatch(/--now/);
    }
    expect((await jobs()).code).toBe(2);
  }, 120_000);

  it('reminds each member once, 30 days out when first run 20 days before the end', async () => {
    const now = new Date(end.getTime() - 20 * DAY_MS).toISOString();
    const first = await jobs('reminders', '--now', now, '--json');
    expect(first.code, first.stderr).toBe(0);
    expect(JSON.parse(first.stdout)).toMatchObject({
      job: 'reminders',
      ran: true,
      now,
      done: 3,
      details: { queued: 3 },
    });
    const again = await jobs('reminders', '--now', now, '--json');
    expect(JSON.parse(again.stdout)).toMatchObject({ done: 0, details: { queued: 0, alreadySent: 3 } });
    const human = await jobs('reminders', '--now', new Date(end.getTime() - 10 * DAY_MS).toISOString());
    expect(human.stdout).toMatch(/^reminders at .*: done 0 \(queued 0, alreadySent 3\) in \d+ ms\n$/);
  }, 120_000);

  it('without SMTP_URL the messages wait; admins read them with links withheld; demo mode logs only the demo link', async () => {
    server = await startServerProcess({
      PORT: port,
      DATA_DIR: dataDir,
      DEMO: '1',
      LOG_LEVEL: 'info',
      JOBS: 'off',
    });
    // The printer runs at start; wait for its line rather than for time.
    const deadline = Date.now() + 20_000;
    while (!server.output().includes('demo mail') && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 100));
    expect(server.output()).toContain(`${SECRET_LINK}-owner@demo.keurmerk.localhost`);
    expect(server.output()).not.toContain(`${SECRET_LINK}-someone@gmail.com`);

    const list = await adminCall(server.url, 'GET', '/outbox', fx.tokens.admin);
    expect(list.status).toBe(200);
    expect(list.body.data).toHaveLength(5);
    expect(JSON.stringify(list.body)).not.toContain(SECRET_LINK);
    const reminders = list.body.data.filter((m: { template: string; withheld: boolean }) => !m.withheld);
    expect(
      reminders.map((m: { to: string; status: string; attempts: number }) => [m.to, m.status, m.attempts]),
    ).toEqual([...members].reverse().map((m) => [m.email, 'pending', 0]));
    expect(reminders.map((m: { preview: { subject: string } }) => m.preview.subject).sort()).toEqual([
      'Certification of Klantenservice Federatie Testlid B.V. expires in 20 days',
      'Keurmerk van Klantenservice Federatie Testlid B.V. verloopt over 20 dagen',
      'La certification de Klantenservice Federatie Testlid B.V. expire dans 20 jours',
    ]);
    // Admins only: the outbox holds people's addresses.
    expect((await adminCall(server.url, 'GET', '/outbox', fx.tokens.assessor)).status).toBe(403);

    const cookie = await signInUi(server.url, fx.staff.admin.email, fx.staff.admin.password);
    const page = await fetch(`${server.url}/admin/outbox?status=pending`, { headers: { cookie } });
    const html = await page.text();
    expect(page.status).toBe(200);
    expect(html).toContain('SMTP_URL is niet ingesteld');
    expect(html).toContain('verloopt over 20 dagen');
    expect(html).not.toContain(SECRET_LINK);
    const overview = await (await fetch(`${server.url}/admin?lang=en`, { headers: { cookie } })).text();
    expect(overview).toMatch(/<strong>5<\/strong>\s*<a href="\/admin\/outbox\?status=pending">waiting<\/a>/);
  }, 120_000);

  it.runIf(browserAvailable())(
    'the outbox page has no axe violations in Dutch and English, and opens by keyboard',
    async () => {
      const browser = await launchBrowser();
      try {
        const context = await browser.newContext();
        const cookie = await signInUi(server!.url, fx.staff.admin.email, fx.staff.admin.password);
        await context.addCookies(
          cookie.split('; ').map((pair) => ({
            name: pair.slice(0, pair.indexOf('=')),
            value: pair.slice(pair.indexOf('=') + 1),
            url: server!.url,
          })),
        );
        const found: string[] = [];
        for (const lang of ['nl', 'en']) {
          const page = await context.newPage();
          await page.goto(`${server!.url}/admin/outbox?lang=${lang}`);
          // Open every preview by keyboard: focus its summary, press Enter.
          const summaries = page.locator('summary');
          expect(await summaries.count()).toBe(5);
          for (let i = 0; i < 5; i++) {
            await summaries.nth(i).focus();
            await page.keyboard.press('Enter');
          }
          expect(await page.locator('details[open]').count()).toBe(5);
          await expect(page.locator('pre.mail-preview').first().innerText()).resolves.toMatch(/127\.0\.0\.1/);
          for (const v of await axeViolations(page))
            found.push(`${lang}: ${v.id} ${JSON.stringify(v.nodes)}`);
          await page.close();
        }
        expect(found).toEqual([]);
      } finally {
        await browser.close();
      }
    },
    120_000,
  );

  it('with SMTP_URL the next start delivers every waiting message under its stored Message-ID', async () => {
    await server!.stop('SIGTERM');
    server = await startServerProcess({
      PORT: port,
      DATA_DIR: dataDir,
      SMTP_URL: sink.url,
      MAIL_FROM: 'Keurmerk <registry@keurmerk.example>',
      JOBS: 'off',
    });
    await sink.waitFor(3).catch((error: unknown) => {
      throw new Error(`${String(error)}\nserver output:\n${server!.output()}`);
    });
    // The two sign-in-like messages lack the params their template needs: refused, visibly.
    let rows: Array<{
      to: string;
      status: string;
      messageId: string;
      withheld: boolean;
      lastError: string | null;
    }> = [];
    const deadline = Date.now() + 30_000;
    do {
      rows = (await adminCall(server.url, 'GET', '/outbox', fx.tokens.admin)).body.data;
      if (rows.every((r) => r.status !== 'pending')) break;
      await new Promise((r) => setTimeout(r, 100));
    } while (Date.now() < deadline);
    const byTo = new Map(sink.received.map((m) => [m.to[0]!, m.parsed]));
    for (const member of members) {
      const mail = byTo.get(member.email)!;
      expect(mail.headers.get('content-language')).toBe(member.language);
      expect(mail.from?.value).toEqual([{ name: 'Keurmerk', address: 'registry@keurmerk.example' }]);
    }
    expect(byTo.get(members[2]!.email)!.subject).toBe(
      'La certification de Klantenservice Federatie Testlid B.V. expire dans 20 jours',
    );
    expect(sink.received).toHaveLength(3);
    for (const row of rows.filter((r) => members.some((m) => m.email === r.to))) {
      expect(row.status).toBe('sent');
      expect(sink.received.find((m) => m.to[0] === row.to)!.parsed.messageId).toBe(row.messageId);
    }
    for (const to of messageIds.keys()) {
      const row = rows.find((r) => r.to === to)!;
      expect(row).toMatchObject({ status: 'failed', withheld: false, messageId: messageIds.get(to) });
      expect(row.lastError).toMatch(/^cannot render: mail parameter/);
    }
  }, 120_000);
});
