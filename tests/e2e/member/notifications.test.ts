import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, runNode, startServerProcess, type ServerProcess } from '../../helpers/server-process.ts';
import { adminCall, getPage, postForm } from '../../helpers/admin-e2e.ts';
import { startSmtpSink, type SmtpSink } from '../../helpers/smtp-sink.ts';
import { preparePortalDataDir, type PortalFixture } from '../../helpers/portal-fixture.ts';

// Issue 16 items 5 and 7 through real parts: a badge shown on a foreign site becomes a sighting
// on the member's page, the member reports it (staff queue) or claims another; members choose
// their messages; a status change mails those who asked, at once, over SMTP; the daily digest,
// run by the real CLI with --now, mails the new foreign hosts once.

describe('sightings and notifications (running server, SMTP sink, jobs CLI)', () => {
  let dataDir: string;
  let fx: PortalFixture;
  let sink: SmtpSink;
  let server: ServerProcess | null = null;
  let port: string;
  const start = async () => {
    server = await startServerProcess({
      DATA_DIR: dataDir,
      PORT: port,
      SMTP_URL: sink.url,
      MAIL_FROM: 'Keurmerk <registry@keurmerk.test>',
      // The digest runs from the CLI below, at a chosen moment, not from the server's timer.
      JOBS: 'off',
    });
    return server;
  };

  beforeAll(async () => {
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'keurmerk-notify-'));
    fx = await preparePortalDataDir(dataDir);
    sink = await startSmtpSink();
    port = String(await freePort());
    await start();
  }, 120_000);
  afterAll(async () => {
    await server?.stop('SIGKILL');
    await sink?.close();
    await fs.rm(dataDir, { recursive: true, force: true });
  });

  const url = (rest: string, lang = '/en') => `${lang}/member/org/${fx.slugA}/${rest}`;
  const post = async (rest: string, form: Record<string, string>, cookie = fx.cookies.ownerA) => {
    const r = await postForm(server!.url, url(rest), form, cookie);
    return { status: r.status, html: await r.text() };
  };

  it('each member chooses their own messages; the page shows the choice back', async () => {
    const owner = await post('notifications', { action: 'choose', statusChanges: 'on', digest: 'on' });
    expect(owner.status).toBe(200);
    expect(owner.html).toContain('Saved.');
    expect(owner.html).toMatch(/id="n-status"[^>]*checked/);
    // The editor asks for the digest only; their choice does not touch the owner's.
    const editor = await post('notifications', { action: 'choose', digest: 'on' }, fx.cookies.editorA);
    expect(editor.status).toBe(200);
    expect(editor.html).not.toMatch(/id="n-status"[^>]*checked/);
    expect(editor.html).toMatch(/id="n-digest"[^>]*checked/);
    const again = await getPage(server!.url, url('notifications'), fx.cookies.ownerA);
    expect(again.html).toMatch(/id="n-status"[^>]*checked/);
  });

  it('a badge on foreign sites becomes sightings; the member reports one and claims another', async () => {
    for (const referer of [
      'https://nep-alfa.example/winkel',
      'https://nep-alfa.example/',
      'https://blog.alfa-eigen.example/',
    ])
      await (
        await fetch(`${server!.url}/badges/${fx.publicIdA}.svg`, { headers: { referer } })
      ).arrayBuffer();
    // The recorder writes in batches; wait for the page to show both hosts.
    await expect
      .poll(async () => (await getPage(server!.url, url('sightings'), fx.cookies.ownerA)).html, {
        timeout: 30_000,
        interval: 500,
      })
      .toContain('blog.alfa-eigen.example');
    const list = await getPage(server!.url, url('sightings'), fx.cookies.ownerA);
    expect(list.html).toContain('nep-alfa.example');
    const idOf = (host: string) => {
      const row = list.html.split('<tr').find((r) => r.includes(`<th scope="row">${host}</th>`));
      const found = row && /name="sighting" value="(\d+)"/.exec(row);
      if (!found) throw new Error(`no row for ${host}`);
      return found[1]!;
    };
    const reported = await post('sightings', {
      action: 'report',
      sighting: idOf('nep-alfa.example'),
      note: 'Niet van ons: een kopie van onze site.',
    });
    expect(reported.status).toBe(200);
    expect(reported.html).toContain('Reported. The association will look into it.');
    const queue = await adminCall(server!.url, 'GET', '/reports?source=consumer', fx.staff.tokens.viewer);
    expect(queue.status).toBe(200);
    const report = queue.body.data.find((r: { host: string }) => r.host === 'nep-alfa.example');
    expect(report).toMatchObject({
      message: 'Niet van ons: een kopie van onze site.',
      contactEmail: fx.emails.ownerA,
      organisation: { slug: fx.slugA },
    });

    const claimed = await post('sightings', { action: 'ours', sighting: idOf('blog.alfa-eigen.example') });
    expect(claimed.status).toBe(200);
    expect(claimed.html).toContain('Domain requested; prove it on the domains page.');
    const domains = await getPage(server!.url, url('domains'), fx.cookies.ownerA);
    expect(domains.html).toContain('id="claim-');
    expect(domains.html).toContain('blog.alfa-eigen.example');
    // An editor sees the sightings but may not act on them.
    expect(
      (await post('sightings', { action: 'report', sighting: idOf('nep-alfa.example') }, fx.cookies.editorA))
        .status,
    ).toBe(403);
  });

  it('a status change mails, at once, only the members who asked for it', async () => {
    const before = sink.received.length;
    const suspended = await adminCall(
      server!.url,
      'POST',
      `/certifications/${fx.publicIdA}/suspend`,
      fx.staff.tokens.admin,
      { reason: 'klachten' },
    );
    expect(suspended.status, JSON.stringify(suspended.body)).toBe(200);
    await sink.waitFor(before + 1, 'received', 60_000);
    const mail = sink.received.at(-1)!;
    expect(mail.to).toEqual([fx.emails.ownerA]);
    expect(mail.parsed.subject).toBe('Certificering van Alfa: geschorst');
    expect(mail.parsed.text).toContain('gewijzigd van gecertificeerd naar geschorst');
  });

  it('the daily digest (npm run jobs -- sighting-digest --now) mails the new foreign hosts once', async () => {
    // The embedded database belongs to one process: the CLI runs while the server is stopped.
    await server!.stop();
    const now = new Date(Date.now() + 3600_000).toISOString().replace(/\.\d+Z$/, 'Z');
    const jobs = (...args: string[]) => runNode('api/cli/jobs.ts', args, { DATA_DIR: dataDir });
    const first = await jobs('sighting-digest', '--now', now, '--json');
    expect(first.code, first.stderr).toBe(0);
    expect(JSON.parse(first.stdout)).toMatchObject({
      job: 'sighting-digest',
      ran: true,
      done: 2,
      details: { queued: 2 },
    });
    const again = await jobs('sighting-digest', '--now', now, '--json');
    expect(JSON.parse(again.stdout)).toMatchObject({ done: 0 });

    const before = sink.received.length;
    await start();
    await sink.waitFor(before + 2, 'received', 60_000);
    const digests = sink.received.slice(before);
    expect(digests.map((m) => m.to[0]).sort()).toEqual([fx.emails.editorA, fx.emails.ownerA].sort());
    for (const mail of digests) {
      expect(mail.parsed.subject).toBe('Badge van Alfa gezien op 2 nieuwe websites');
      expect(mail.parsed.text).toContain('nep-alfa.example (2)');
      expect(mail.parsed.text).toContain('blog.alfa-eigen.example (1)');
      expect(mail.parsed.text).toContain(`/member/org/${fx.slugA}/sightings`);
    }
  }, 180_000);
});
