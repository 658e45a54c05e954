import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, openTestDatabase, type TestDatabase } from '../../../helpers/databases.ts';
import { freePort } from '../../../helpers/server-process.ts';
import { startSmtpSink, type SmtpSink } from '../../../helpers/smtp-sink.ts';
import { enqueueMail } from '../../../../db/mail/outbox.ts';
import { claimDueMail, countMailByStatus } from '../../../../db/mail/delivery.ts';
import { deliverDue, smtpTransport, type SenderOptions } from '../../../../api/mail/sender.ts';
import { MAX_MAIL_ATTEMPTS } from '../../../../api/mail/retry-policy.ts';
import { createLogger } from '../../../../api/app/log.ts';
import { Metrics } from '../../../../api/app/metrics.ts';
import { openDatabase } from '../../../../db/platform/connection.ts';

const PUBLIC_URL = 'https://register.keurmerk.example';
const HOST = 'register.keurmerk.example';

const reminder = (to: string, language: 'nl' | 'en' | 'fr') => ({
  to,
  language,
  template: 'expiry_reminder',
  params: {
    name: 'Anna <b>de Vries</b>',
    organisation: 'Klantenservice & Co B.V.',
    scheme: 'KSF',
    publicId: 'ABCD2345',
    validUntil: '2027-03-01T00:00:00.000Z',
    days: 30,
  },
  secretParams: { unused: 'https://register.keurmerk.example/member/sign-in#secret' },
});

describe.each(DIALECTS)('mail sender on %s', (kind) => {
  let h: TestDatabase;
  let sink: SmtpSink;
  let clock: Date;
  let options: SenderOptions;
  let metrics: Metrics;

  beforeAll(async () => {
    h = await openTestDatabase(kind);
    sink = await startSmtpSink();
  });
  afterAll(async () => {
    await sink?.close();
    await h?.close();
  });
  afterEach(async () => {
    options?.transport.close();
    sink.mode = 'accept';
    // Each test starts from an empty outbox, so counts are its own.
    await h.db.deleteFrom('mail_message').execute();
  });

  function sender(smtpUrl = sink.url): SenderOptions {
    clock = new Date('2027-01-30T10:00:00Z');
    metrics = new Metrics();
    options = {
      db: h.db,
      transport: smtpTransport(smtpUrl, 30),
      from: 'Keurmerk <registry@keurmerk.example>',
      publicUrl: PUBLIC_URL,
      log: createLogger('silent'),
      metrics,
      leaseSeconds: 30,
      now: () => clock,
      random: () => 0.5,
    };
    return options;
  }

  const row = (id: string) =>
    h.db.selectFrom('mail_message').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

  it('delivers in the recipient language with the stored Message-ID, then clears the secrets', async () => {
    sender();
    const queued = await enqueueMail(h.db, reminder('fr@org.example.test', 'fr'), HOST, clock);
    expect(await deliverDue(options)).toBe(1);
    expect(sink.received).toHaveLength(1);
    const mail = sink.received[0]!;
    expect(mail.to).toEqual(['fr@org.example.test']);
    expect(mail.parsed.messageId).toBe(queued.messageId);
    expect(mail.parsed.subject).toBe('La certification de Klantenservice & Co B.V. expire dans 30 jours');
    expect(mail.parsed.headers.get('content-language')).toBe('fr');
    expect(mail.parsed.headers.get('auto-submitted')).toBe('auto-generated');
    expect(mail.parsed.text).toContain('1 mars 2027');
    expect(mail.parsed.text).toContain(HOST);
    expect(mail.parsed.text).toContain(`${PUBLIC_URL}/fr/verify/ABCD2345`);
    // Every value escaped in the HTML part; no image and no link but the registry's own.
    const html = String(mail.parsed.html);
    expect(html).toContain('Anna &lt;b&gt;de Vries&lt;/b&gt;');
    expect(html).toContain('Klantenservice &amp; Co B.V.');
    expect(html).not.toContain('<img');
    expect([...html.matchAll(/href="([^"]*)"/g)].map((m) => m[1])).toEqual([
      `${PUBLIC_URL}/fr/verify/ABCD2345`,
    ]);
    const stored = await row(queued.id);
    expect(stored.status).toBe('sent');
    expect(stored.attempts).toBe(1);
    expect(stored.secret_params).toBeNull();
    expect(stored.sent_at?.toISOString()).toBe(clock.toISOString());
    expect(metrics.render()).toContain('keurmerk_mail_sent_total 1');
    // Sent is sent: nothing is due any more.
    expect(await deliverDue(options)).toBe(0);
    expect(sink.received).toHaveLength(1);
  });

  it('retries a temporary refusal later, with backoff, and then delivers', async () => {
    sender();
    const before = sink.received.length;
    const queued = await enqueueMail(h.db, reminder('nl@org.example.test', 'nl'), HOST, clock);
    sink.mode = { code: 451, message: 'greylisted, try again later' };
    expect(await deliverDue(options)).toBe(1);
    let stored = await row(queued.id);
    expect(stored.status).toBe('pending');
    expect(stored.attempts).toBe(1);
    expect(stored.last_error).toMatch(/^SMTP 451: .*greylisted/);
    // First retry: one minute step, half fixed and half jitter (random 0.5) = 45 s.
    expect(stored.next_attempt_at.getTime() - clock.getTime()).toBe(45_000);
    expect(stored.secret_params).not.toBeNull();
    expect(await deliverDue(options)).toBe(0);
    clock = new Date(clock.getTime() + 45_000);
    sink.mode = { code: 421, message: 'busy' };
    expect(await deliverDue(options)).toBe(1);
    stored = await row(queued.id);
    expect(stored.attempts).toBe(2);
    // Second retry: a two-minute step = 90 s.
    expect(stored.next_attempt_at.getTime() - clock.getTime()).toBe(90_000);
    clock = new Date(clock.getTime() + 90_000);
    sink.mode = 'accept';
    expect(await deliverDue(options)).toBe(1);
    stored = await row(queued.id);
    expect(stored.status).toBe('sent');
    expect(stored.attempts).toBe(3);
    expect(sink.received.length).toBe(before + 1);
    expect(sink.received.at(-1)!.parsed.subject).toBe(
      'Keurmerk van Klantenservice & Co B.V. verloopt over 30 dagen',
    );
    expect(metrics.render()).toContain('keurmerk_mail_retries_total 2');
  });

  it('a permanent refusal fails at once, visible with its reason, and drops the secrets', async () => {
    sender();
    const queued = await enqueueMail(h.db, reminder('gone@org.example.test', 'en'), HOST, clock);
    sink.mode = { code: 550, message: 'mailbox unavailable' };
    expect(await deliverDue(options)).toBe(1);
    const stored = await row(queued.id);
    expect(stored.status).toBe('failed');
    expect(stored.last_error).toMatch(/^SMTP 550: .*mailbox unavailable/);
    expect(stored.secret_params).toBeNull();
    expect(await countMailByStatus(h.db)).toEqual({ pending: 0, sent: 0, failed: 1 });
    expect(metrics.render()).toContain('keurmerk_mail_failed_total 1');
  });

  it('an unknown template, or a prototype name, fails without reaching the server', async () => {
    sender();
    const before = sink.attempts;
    const a = await enqueueMail(
      h.db,
      { ...reminder('x@org.example.test', 'en'), template: 'no_such_template' },
      HOST,
      clock,
    );
    const b = await enqueueMail(
      h.db,
      { ...reminder('y@org.example.test', 'en'), template: 'constructor' },
      HOST,
      clock,
    );
    const c = await enqueueMail(
      h.db,
      { ...reminder('z@org.example.test', 'en'), params: { name: 'no other params' } },
      HOST,
      clock,
    );
    expect(await deliverDue(options)).toBe(3);
    expect((await row(a.id)).last_error).toBe('unknown template "no_such_template"');
    expect((await row(b.id)).last_error).toBe('unknown template "constructor"');
    expect((await row(c.id)).last_error).toMatch(/^cannot render: mail parameter "organisation" is missing/);
    for (const id of [a.id, b.id, c.id]) expect((await row(id)).status).toBe('failed');
    expect(sink.attempts).toBe(before);
  });

  it('an unreachable server is retried until the attempts run out, then the message fails', async () => {
    sender(`smtp://127.0.0.1:${await freePort()}`);
    const queued = await enqueueMail(h.db, reminder('en@org.example.test', 'en'), HOST, clock);
    for (let attempt = 1; attempt <= MAX_MAIL_ATTEMPTS; attempt++) {
      expect(await deliverDue(options)).toBe(1);
      const stored = await row(queued.id);
      expect(stored.attempts).toBe(attempt);
      if (attempt < MAX_MAIL_ATTEMPTS) {
        expect(stored.status).toBe('pending');
        expect(stored.last_error).toMatch(/ECONNREFUSED|ESOCKET|ECONNECTION/);
        clock = stored.next_attempt_at;
      } else {
        expect(stored.status).toBe('failed');
        expect(stored.last_error).toMatch(new RegExp(`^gave up after ${MAX_MAIL_ATTEMPTS} attempts: `));
      }
    }
  });

  it('a claim hides a message from other senders until its lease runs out (a crashed sender)', async () => {
    clock = new Date('2027-01-30T10:00:00Z');
    const queued = await enqueueMail(h.db, reminder('lease@org.example.test', 'en'), HOST, clock);
    const first = await claimDueMail(h.db, { now: clock, leaseSeconds: 30, limit: 10 });
    expect(first.map((m) => String(m.id))).toEqual([String(queued.id)]);
    // The sender died here: nobody else may take it within the lease...
    expect(
      await claimDueMail(h.db, { now: new Date(clock.getTime() + 29_000), leaseSeconds: 30, limit: 10 }),
    ).toEqual([]);
    // ...and after it, the message is due again, one more attempt counted.
    const again = await claimDueMail(h.db, {
      now: new Date(clock.getTime() + 30_000),
      leaseSeconds: 30,
      limit: 10,
    });
    expect(again.map((m) => [String(m.id), m.attempts])).toEqual([[String(queued.id), 2]]);
  });

  it.runIf(kind === 'postgres')('senders on two connections claim disjoint messages', async () => {
    clock = new Date('2027-01-30T10:00:00Z');
    for (let i = 0; i < 20; i++)
      await enqueueMail(h.db, reminder(`p${i}@org.example.test`, 'nl'), HOST, clock);
    const other = await openDatabase({ databaseUrl: h.url, dataDir: 'memory://' });
    try {
      const claims = await Promise.all(
        Array.from({ length: 8 }, (_, i) =>
          claimDueMail(i % 2 ? other.db : h.db, { now: clock, leaseSeconds: 30, limit: 3 }),
        ),
      );
      const ids = claims.flat().map((m) => String(m.id));
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids.length).toBe(20);
    } finally {
      await other.close();
    }
  });
});
