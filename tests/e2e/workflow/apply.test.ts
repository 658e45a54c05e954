import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, startServerProcess, type ServerProcess } from '../../helpers/server-process.ts';
import { startSmtpSink, type ReceivedMail, type SmtpSink } from '../../helpers/smtp-sink.ts';
import {
  adminCall,
  cookiesFrom,
  getPage,
  postForm,
  prepareAdmin,
  type AdminFixture,
} from '../../helpers/admin-e2e.ts';
import { nextKvk } from '../../helpers/fixtures.ts';
import { openDatabase } from '../../../db/platform/connection.ts';
import { migrateToLatest } from '../../../db/platform/migrate.ts';
import { seedSchemes } from '../../../db/seed/scheme-files.ts';

// Issue 18's apply flow and evidence files through the built server and a real SMTP server: the
// public form, the confirmation mail and its one-time link, the applicant landing in the portal as
// owner of a new organisation with an application case; an applicant for a registered organisation
// waiting for its owner; the limits; evidence files refused by content, served only as
// attachments, hidden from strangers and absent from every public output and the server log.

const KSF = 'ksf-service-promises';
const MB = 1024 * 1024;
const MARKER = `evidence-marker-${process.pid}`;
const FILE_NAME = `geheim-verslag-${process.pid}.pdf`;

function pdf(size: number): Uint8Array {
  const out = Buffer.alloc(size, 0x20);
  Buffer.from(`%PDF-1.7\n% ${MARKER}\n`).copy(out);
  return new Uint8Array(out);
}

describe('applying and evidence (running server, SMTP)', () => {
  let dataDir: string;
  let server: ServerProcess;
  let sink: SmtpSink;
  let base: string;
  let fx: Omit<AdminFixture, 'reg'>;
  let ownerCookie = '';
  let ownerSlug = '';
  let strangerCookie = '';
  let strangerSlug = '';
  let evidenceId = 0;
  const kvk = nextKvk();

  beforeAll(async () => {
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'keurmerk-apply-'));
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
    server = await startServerProcess({
      DATA_DIR: dataDir,
      PORT: String(port),
      PUBLIC_URL: base,
      SMTP_URL: sink.url,
      MAIL_FROM: 'Keurmerk <registry@keurmerk.test>',
      LOG_LEVEL: 'debug',
    });
  }, 300_000);
  afterAll(async () => {
    await server?.stop('SIGKILL');
    await sink?.close();
    await fs.rm(dataDir, { recursive: true, force: true });
  });

  /** The `nth` mail to `to`, waiting until it has arrived (the sender runs in the background). */
  async function mailTo(to: string, nth = 1): Promise<ReceivedMail> {
    const deadline = Date.now() + 60_000;
    for (;;) {
      const mail = sink.received.filter((m) => m.to.includes(to))[nth - 1];
      if (mail) return mail;
      if (Date.now() > deadline) throw new Error(`no mail ${nth} to ${to}`);
      await sink
        .waitFor(sink.received.length + 1, 'received', Math.max(1, deadline - Date.now()))
        .catch(() => undefined);
    }
  }
  const confirmLink = (mail: ReceivedMail): string => {
    const found = /https?:\/\/[^\s"<>]+token=kma_[\w-]+/.exec(mail.parsed.text ?? '');
    if (!found) throw new Error(`no link in: ${mail.parsed.text}`);
    return found[0];
  };

  const form = (over: Record<string, string> = {}) => ({
    country: 'NL',
    registryId: kvk,
    legalName: 'Klantgericht Noord B.V.',
    city: 'Groningen',
    website: '',
    contactName: 'Noor Aanvrager',
    email: 'noor@noord.example',
    ...over,
  });

  /** Applies, follows the mailed link (GET shows a button, POST uses it) and returns the answer. */
  async function applyAndConfirm(f: Record<string, string>, lang = '') {
    const sent = await postForm(base, `${lang}/schemes/${KSF}/apply`, f);
    expect(sent.status).toBe(200);
    expect(await sent.text()).toContain(f['email']!);
    const link = new URL(confirmLink(await mailTo(f['email']!)));
    expect(link.pathname).toBe(`${lang}/schemes/${KSF}/apply/confirm`);
    const page = await getPage(base, `${link.pathname}${link.search}`);
    expect(page.status).toBe(200);
    expect(page.html).toContain('<button type="submit"');
    const token = link.searchParams.get('token')!;
    const used = await postForm(base, link.pathname, { token });
    return { used, cookie: cookiesFrom(used), token, path: link.pathname };
  }

  it('the scheme page links to the form, in every language', async () => {
    for (const lang of ['', '/en', '/fr']) {
      const scheme = await getPage(base, `${lang}/schemes/${KSF}`);
      expect(scheme.html).toContain(`href="${lang}/schemes/${KSF}/apply"`);
      expect((await getPage(base, `${lang}/schemes/${KSF}/apply`)).status).toBe(200);
    }
    expect((await getPage(base, '/schemes/no-such-scheme/apply')).status).toBe(404);
  });

  it('bad national ids and addresses get a clear error naming the field, and no mail', async () => {
    const before = sink.received.length;
    const kvkBad = await postForm(base, `/schemes/${KSF}/apply`, form({ registryId: '1234' }));
    expect(kvkBad.status).toBe(400);
    const html = await kvkBad.text();
    expect(html).toContain('role="alert"');
    expect(html).toContain('href="#registryId"');
    expect(html).toMatch(/id="registryId"[^>]*aria-invalid="true"/);
    // What was typed stays in the form.
    expect(html).toContain('value="Klantgericht Noord B.V."');
    const kbo = await postForm(
      base,
      `/en/schemes/${KSF}/apply`,
      form({ country: 'BE', registryId: '0123.456.789' }),
    );
    expect(kbo.status).toBe(400);
    expect(await kbo.text()).toContain('href="#registryId"');
    const mail = await postForm(base, `/fr/schemes/${KSF}/apply`, form({ email: 'geen adres' }));
    expect(mail.status).toBe(400);
    expect(await mail.text()).toContain('href="#email"');
    const foreign = await postForm(base, `/schemes/${KSF}/apply`, form(), '', 'https://evil.example');
    expect(foreign.status).toBe(403);
    await foreign.arrayBuffer();
    expect(sink.received.length).toBe(before);
  });

  it('apply → confirmation mail → link → owner in the portal with a pending application', async () => {
    const { used, cookie, token, path: confirmPath } = await applyAndConfirm(form());
    expect(used.status).toBe(303);
    const location = used.headers.get('location')!;
    expect(location).toMatch(/^\/member\/org\/klantgericht-noord-b-v-/);
    ownerSlug = location.split('/').pop()!;
    ownerCookie = cookie;
    const portal = await getPage(base, location, ownerCookie);
    expect(portal.status).toBe(200);
    expect(portal.html).toContain('Klantgericht Noord B.V.');
    const colleagues = await getPage(base, `${location}/colleagues`, ownerCookie);
    expect(colleagues.html).toContain('noor@noord.example');
    // The link works once.
    const again = await postForm(base, confirmPath, { token });
    expect(again.status).toBe(410);
    await again.arrayBuffer();
    const evidence = await getPage(base, `/member/org/${ownerSlug}/cases/1/evidence`, ownerCookie);
    expect(evidence.status).toBe(200);
  });

  it('an applicant for a registered organisation gets no access until its owner grants it', async () => {
    const { used, cookie } = await applyAndConfirm(
      form({ email: 'tweede@noord.example', contactName: 'Twee de Tweede', legalName: 'Noord' }),
      '/en',
    );
    expect(used.status).toBe(200);
    expect(await used.text()).toContain('already in the registry');
    expect((await getPage(base, `/member/org/${ownerSlug}`, cookie)).status).toBe(404);
    const told = await mailTo('noor@noord.example', 2);
    expect(told.parsed.subject).toContain('Klantgericht Noord');
    expect(told.parsed.text).toContain('tweede@noord.example');
    const colleagues = await getPage(base, `/member/org/${ownerSlug}/colleagues`, ownerCookie);
    const request = /name="request" value="(\d+)"/.exec(colleagues.html)?.[1];
    expect(request).toBeDefined();
    const granted = await postForm(
      base,
      `/member/org/${ownerSlug}/colleagues`,
      { action: 'access', request: request!, role: 'editor', decision: 'grant' },
      ownerCookie,
    );
    expect(granted.status).toBe(200);
    await granted.arrayBuffer();
    expect((await getPage(base, `/member/org/${ownerSlug}`, cookie)).status).toBe(200);
  });

  it('a second organisation’s owner: a stranger to the first', async () => {
    const { used, cookie } = await applyAndConfirm(
      form({ registryId: nextKvk(), legalName: 'Zuid Service B.V.', email: 'zoe@zuid.example' }),
      '/fr',
    );
    expect(used.status).toBe(303);
    strangerSlug = used.headers.get('location')!.split('/').pop()!;
    strangerCookie = cookie;
  });

  async function upload(bytes: Uint8Array, name: string, cookie = ownerCookie, slug = ownerSlug, caseId = 1) {
    const body = new FormData();
    body.set('criterion', '');
    body.set('purpose', 'answer');
    // The browser's type is a lie on purpose: the server decides by the bytes.
    body.set('file', new Blob([Buffer.from(bytes)], { type: 'application/pdf' }), name);
    const response = await fetch(`${base}/member/org/${slug}/cases/${caseId}/evidence`, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie, origin: base },
      body,
    });
    return { status: response.status, html: await response.text() };
  }

  it('evidence: wrong types, polyglots and 10 MB + 1 are refused with the catalogue’s words', async () => {
    const gif = await upload(Buffer.from('GIF89a\x01\x00\x01\x00\x00\x00\x00;', 'latin1'), 'plaatje.pdf');
    expect(gif.status).toBe(415);
    expect(gif.html).toContain('Alleen PDF-, PNG- en JPEG-bestanden');
    const html = await upload(Buffer.from('<!doctype html><script>alert(1)</script>'), 'rapport.pdf');
    expect(html.status).toBe(415);
    expect(html.html).toContain('webpagina- of scriptcode');
    const polyglot = await upload(Buffer.from('%PDF-1.4\n<html><body onload="alert(1)">'), 'dubbel.pdf');
    expect(polyglot.status).toBe(415);
    const big = await upload(pdf(10 * MB + 1), 'groot.pdf');
    expect(big.status).toBe(413);
    expect(big.html).toContain('hoogstens 10 MB');
  });

  it('evidence: a good PDF is listed and served only as an attachment, nosniff, sandboxed, to members and staff', async () => {
    const bytes = pdf(4096);
    const stored = await upload(bytes, FILE_NAME);
    expect(stored.status).toBe(200);
    const id = new RegExp(`/evidence/(\\d+)"[^>]*download><bdi>${FILE_NAME.replace('.', '\\.')}`).exec(
      stored.html,
    )?.[1];
    expect(id).toBeDefined();
    evidenceId = Number(id);
    const download = await fetch(`${base}/member/org/${ownerSlug}/cases/1/evidence/${evidenceId}`, {
      headers: { cookie: ownerCookie },
    });
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toBe('application/pdf');
    expect(download.headers.get('content-disposition')).toBe(
      `attachment; filename="${FILE_NAME}"; filename*=UTF-8''${FILE_NAME}`,
    );
    expect(download.headers.get('x-content-type-options')).toBe('nosniff');
    expect(download.headers.get('cache-control')).toBe('private, no-store');
    expect(download.headers.get('content-security-policy')).toBe("default-src 'none'; sandbox");
    const got = Buffer.from(await download.arrayBuffer());
    expect(createHash('sha256').update(got).digest('hex')).toBe(
      createHash('sha256').update(bytes).digest('hex'),
    );
    const api = await fetch(`${base}/api/v1/admin/cases/1/evidence/${evidenceId}`, {
      headers: { authorization: `Bearer ${fx.tokens.viewer}` },
    });
    expect(api.status).toBe(200);
    expect(api.headers.get('content-disposition')).toMatch(/^attachment;/);
    expect(api.headers.get('x-content-type-options')).toBe('nosniff');
    expect(Buffer.from(await api.arrayBuffer()).equals(got)).toBe(true);
    const list = await adminCall(base, 'GET', '/cases/1/evidence', fx.tokens.viewer);
    expect(list.body.files.map((f: { sha256: string }) => f.sha256)).toContain(
      createHash('sha256').update(bytes).digest('hex'),
    );
  });

  it('evidence: another organisation’s member gets 404, anonymous visitors sign in first', async () => {
    for (const url of [
      `/member/org/${ownerSlug}/cases/1/evidence`,
      `/member/org/${strangerSlug}/cases/1/evidence`,
      `/member/org/${ownerSlug}/cases/1/evidence/${evidenceId}`,
      `/member/org/${strangerSlug}/cases/1/evidence/${evidenceId}`,
    ])
      expect((await getPage(base, url, strangerCookie)).status, url).toBe(404);
    expect((await upload(pdf(100), 'x.pdf', strangerCookie, strangerSlug, 1)).status).toBe(404);
    const anonymous = await getPage(base, `/member/org/${ownerSlug}/cases/1/evidence/${evidenceId}`);
    expect(anonymous.status).toBe(303);
    expect(anonymous.location).toMatch(/^\/member\/sign-in\?next=/);
    expect((await adminCall(base, 'GET', `/cases/1/evidence/${evidenceId}`, null)).status).toBe(401);
  });

  it('nothing of the evidence is in open data, the read API, pages or the server log', async () => {
    const outputs = [
      await (await fetch(`${base}/open-data/registry.json`)).text(),
      await (await fetch(`${base}/open-data/registry.csv`)).text(),
      await (await fetch(`${base}/api/v1/organisations?limit=100`)).text(),
      await (await fetch(`${base}/api/v1/changes`)).text(),
      (await getPage(base, `/search?q=Klantgericht`)).html,
      (await getPage(base, `/changes`)).html,
      server.output(),
    ];
    for (const text of outputs) {
      expect(text).not.toContain(FILE_NAME);
      expect(text).not.toContain(MARKER);
    }
  });

  it('limits applications per client network', async () => {
    // Three applications so far from this network (one was for the same national id twice);
    // five are allowed per hour.
    let status = 0;
    for (let i = 0; i < 5 && status !== 429; i++) {
      const r = await postForm(
        base,
        `/schemes/${KSF}/apply`,
        form({ registryId: nextKvk(), email: `x${i}@noord.example` }),
      );
      status = r.status;
      if (status === 429) expect(r.headers.get('retry-after')).toBe('3600');
      await r.arrayBuffer();
    }
    expect(status).toBe(429);
  });
});
