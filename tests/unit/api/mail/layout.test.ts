import { describe, expect, it } from 'vitest';
import { renderMail } from '../../../../api/mail/layout.ts';
import { previewWith } from '../../../../api/mail/compose.ts';
import type { MailTemplate } from '../../../../api/mail/template.ts';
import { stringParam } from '../../../../api/mail/params.ts';
import { expiryReminder } from '../../../../api/mail/templates/expiry-reminder.ts';
import { mailTemplates } from '../../../../api/mail/templates/index.ts';
import { isPermanentFailure, retryDelayMs, describeFailure } from '../../../../api/mail/retry-policy.ts';

const context = {
  language: 'en' as const,
  registryHost: 'register.example',
  publicUrl: 'https://register.example',
};

// A template of the kind the members feature adds: a link that signs someone in, given as a secret.
const signInLike: MailTemplate = {
  name: 'test_sign_in',
  render: (params, secrets, ctx) =>
    renderMail(
      {
        subject: `Sign in to ${ctx.registryHost}`,
        greeting: `Hello ${stringParam(params, 'name')},`,
        blocks: [{ kind: 'link', label: 'Sign in', url: String(secrets['link']) }],
        reason: 'You asked for a sign-in link.',
      },
      ctx,
    ),
};

describe('mail layout', () => {
  it('escapes every value in HTML, keeps text plain, and names the registry host', () => {
    const mail = renderMail(
      {
        subject: 'Hi <there>\r\nBcc: someone@example.org',
        greeting: 'Dear "A & B" <script>',
        blocks: [
          { kind: 'paragraph', text: "It's <b>bold</b>" },
          { kind: 'facts', rows: [['Name', '<img src=x>']] },
          { kind: 'link', label: 'Open <page>', url: 'https://register.example/verify/ABC?x=1&y=2' },
        ],
        reason: 'Because.',
      },
      context,
    );
    expect(mail.subject).toBe('Hi <there> Bcc: someone@example.org');
    expect(mail.html).not.toMatch(/<script|<img|<b>/);
    expect(mail.html).toContain('Dear &quot;A &amp; B&quot; &lt;script&gt;');
    expect(mail.html).toContain('It&apos;s &lt;b&gt;bold&lt;/b&gt;');
    expect(mail.text).toContain('Dear "A & B" <script>');
    expect(mail.text).toContain('register.example');
    expect(mail.html).toContain(
      'href="https://register.example/verify/ABC?x=1&amp;y=2">Open &lt;page&gt;</a>',
    );
    expect(mail.html).toContain('lang="en"');
    expect(mail.html).toContain('register.example');
  });

  it('refuses a link to anywhere but the registry itself (no redirects, no tracking)', () => {
    for (const url of [
      'https://tracker.example/r?u=https://register.example/',
      'https://register.example.evil/x',
      'javascript:alert(1)',
    ]) {
      expect(() =>
        renderMail(
          { subject: 's', greeting: 'g', blocks: [{ kind: 'link', label: 'l', url }], reason: 'r' },
          context,
        ),
      ).toThrow(/must be a page of https:\/\/register\.example/);
    }
  });

  it('the admin preview withholds secrets in every language; the sent message carries them', () => {
    const message = { params: { name: 'Anna' }, language: 'nl' as const };
    const sent = signInLike.render(
      message.params,
      { link: 'https://register.example/member/link/SECRET' },
      context,
    );
    expect(sent.text).toContain('SECRET');
    for (const [language, marker] of [
      ['nl', '[achtergehouden]'],
      ['en', '[withheld]'],
      ['fr', '[masqué]'],
    ] as const) {
      const preview = previewWith(signInLike, { ...message, language }, 'https://register.example');
      if ('error' in preview) throw new Error(preview.error);
      expect(preview.text).toContain(`Sign in:\n${marker}`);
      expect(preview.html).toContain(`<em>${marker}</em>`);
      expect(preview.html).not.toContain('href=');
      expect(preview.text + preview.html).not.toContain('SECRET');
    }
  });

  it('the expiry reminder renders in nl, en and fr with the date in the registry time zone', () => {
    const params = {
      name: 'Jan',
      organisation: 'Acme',
      scheme: 'KSF',
      publicId: 'ABC234',
      // 23:30 UTC is already the next day in Amsterdam.
      validUntil: '2027-03-01T23:30:00.000Z',
      days: 7,
    };
    const text = (language: 'nl' | 'en' | 'fr') =>
      expiryReminder.render(params, {}, { ...context, language }).text;
    expect(text('nl')).toContain('geldig tot 2 maart 2027: nog 7 dagen');
    expect(text('en')).toContain('valid until 2 March 2027: 7 days from now');
    expect(text('fr')).toContain("valable jusqu'au 2 mars 2027 : encore 7 jours");
    expect(text('fr')).toContain('https://register.example/fr/verify/ABC234');
    expect(mailTemplates['expiry_reminder']).toBe(expiryReminder);
  });
});

describe('retry policy', () => {
  it('doubles from one minute with equal jitter, capped at six hours', () => {
    expect(retryDelayMs(1, () => 0)).toBe(30_000);
    expect(retryDelayMs(1, () => 1)).toBe(60_000);
    expect(retryDelayMs(3, () => 0.5)).toBe(180_000);
    expect(retryDelayMs(30, () => 1)).toBe(6 * 3600_000);
  });

  it('5xx is permanent except 503; 4xx and connection failures are not', () => {
    expect(isPermanentFailure({ responseCode: 550 })).toBe(true);
    expect(isPermanentFailure({ responseCode: 503 })).toBe(false);
    expect(isPermanentFailure({ responseCode: 451 })).toBe(false);
    expect(isPermanentFailure({ code: 'ECONNECTION' })).toBe(false);
    expect(isPermanentFailure({ responseCode: 550, permanent: false })).toBe(false);
    expect(describeFailure({ responseCode: 550, response: '550 5.1.1 no such user' })).toBe(
      'SMTP 550: 550 5.1.1 no such user',
    );
    expect(describeFailure({ code: 'ECONNECTION', message: 'connect ECONNREFUSED' })).toBe(
      'ECONNECTION: connect ECONNREFUSED',
    );
  });
});
