import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startVerifyServer, type VerifyServer } from '../../helpers/verify-fixture.ts';

// The verify pages (nl, en, fr) and the contact-channel lookup, against the real server process.

let ctx: VerifyServer;
beforeAll(async () => {
  ctx = await startVerifyServer();
});
afterAll(async () => {
  await ctx?.close();
});

const get = (path: string, headers: Record<string, string> = {}) =>
  fetch(`${ctx.server.url}${path}`, { headers });
/** Visible text of a page, without styles and tags. */
const text = (html: string) =>
  html
    .replace(/<style[\s\S]*?<\/style>/g, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#39;|&apos;/g, "'")
    .replace(/\s+/g, ' ');

describe('/verify/{publicId}', () => {
  it.each(['', '/en', '/fr'])(
    'draws the "only genuine on <host>" icon as an inline SVG, not an emoji (%s)',
    async (prefix) => {
      const html = await (await get(`${prefix}/verify/${ctx.fixture.reg.active}`)).text();
      const notice = /<aside class="address-tip"[\s\S]*?<\/aside>/.exec(html)?.[0] ?? '';
      expect(notice).toContain(new URL(ctx.server.url).host);
      // Without an emoji font an emoji renders as an empty box.
      expect(notice).not.toMatch(/\p{Extended_Pictographic}/u);
      expect(notice).toMatch(/<svg[^>]*aria-hidden="true"/);
    },
  );

  it.each([
    ['', 'Gecertificeerd', 'Beoordeeld door de vereniging', 'Geschiedenis'],
    ['/en', 'Certified', 'Reviewed by the association', 'History'],
    ['/fr', 'Certifié', 'Examiné par l’association', 'Historique'],
  ])(
    'shows the live status in words, the criteria, the history and the domains (%s)',
    async (prefix, status, assurance, history) => {
      const response = await get(`${prefix}/verify/${ctx.fixture.reg.active}`);
      expect(response.status).toBe(200);
      expect(response.headers.get('cache-control')).toBe('no-store');
      expect(response.headers.get('content-security-policy')).toContain("script-src 'self'");
      const html = await response.text();
      expect(html).toContain(`data-verdict="valid"`);
      const page = text(html);
      expect(page).toContain('Klantenservice Federatie Testlid B.V.');
      for (const words of [
        status,
        assurance,
        history,
        'shop.example.nl',
        'localhost',
        new URL(ctx.server.url).host,
      ]) {
        expect(page).toContain(words);
      }
      expect(html).not.toMatch(/<script(?![^>]*src=)/); // no inline scripts
      expect(html).not.toMatch(/\sstyle="/); // no style attributes
    },
  );

  it.each([
    [
      '',
      'De laatste wijziging van deze certificering staat als regel',
      'ondertekend controlepunt over de eerste',
    ],
    ['/en', 'The latest change of this certification is entry', 'A signed checkpoint of the first'],
    ['/fr', 'La dernière modification de cette certification est l’entrée', 'Un point de contrôle signé des'],
  ])(
    'says which log entry holds the latest change and which signed checkpoint includes it (%s)',
    async (prefix, entryWords, checkpointWords) => {
      // The server sequences the fixture's entries itself: wait until a checkpoint covers them.
      const deadline = Date.now() + 60_000;
      let html = '';
      do {
        html = await (await get(`${prefix}/verify/${ctx.fixture.reg.active}`)).text();
        if (html.includes('data-transparency="included"')) break;
        expect(html).toContain('data-transparency="pending"');
        await new Promise((r) => setTimeout(r, 100));
      } while (Date.now() < deadline);
      const section = /<section class="transparency"[\s\S]*?<\/section>/.exec(html)?.[0] ?? '';
      expect(section).toContain('data-transparency="included"');
      const words = text(section);
      const index = /(?:regel|entry|l’entrée) (\d+)/.exec(words)?.[1];
      const size = /(\d+) (?:regels|entries|premières)/.exec(words)?.[1];
      expect(words).toContain(entryWords);
      expect(words).toContain(checkpointWords);
      expect(Number(index)).toBeLessThan(Number(size));
      // The proof downloads as it came from the log: it names the same entry and checkpoint size.
      const proofHref =
        /href="data:text\/plain;charset=utf-8,([^"]+)" download="keurmerk-log-proof-(\d+)\.txt"/.exec(
          section,
        );
      expect(proofHref?.[2]).toBe(index);
      const proof = decodeURIComponent(proofHref![1]!.replace(/&amp;/g, '&'));
      expect(proof.split('\n').slice(0, 2)).toEqual(['c2sp.org/tlog-proof@v1', `index ${index}`]);
      expect(proof.split('\n\n')[1]!.split('\n')[1]).toBe(size);
      expect(section).toMatch(/download="keurmerk-log-entry-\d+\.json"/);
    },
  );

  it('says nothing of the log for an application, which has no public change', async () => {
    const html = await (await get(`/verify/${ctx.fixture.reg.pending}`)).text();
    expect(html).not.toContain('data-transparency');
  });

  it.each([
    ['suspended', 'Geschorst — niet gecertificeerd'],
    ['revoked', 'Ingetrokken — niet gecertificeerd'],
    ['expired', 'Verlopen — niet gecertificeerd'],
  ] as const)('says "not certified" in words for a %s certification', async (state, words) => {
    const html = await (await get(`/verify/${ctx.fixture.reg[state]}`)).text();
    expect(text(html)).toContain(words);
    expect(html).not.toContain('data-verdict="valid"');
  });

  it('has no page for an application: applications are private', async () => {
    const response = await get(`/verify/${ctx.fixture.reg.pending}`);
    expect(response.status).toBe(404);
    expect(await response.text()).not.toContain('Aanvrager');
  });

  it('recognises a visitor from a registered domain or one of its subdomains', async () => {
    for (const referer of [
      'https://shop.example.nl/checkout',
      'https://www.shop.example.nl/',
      'http://localhost:8080/',
    ]) {
      const html = await (await get(`/en/verify/${ctx.fixture.reg.active}`, { referer })).text();
      expect(html).toContain('data-referer="registered"');
      expect(text(html)).toContain(
        `You came from ${new URL(referer).hostname}, which Klantenservice Federatie Testlid B.V. has registered`,
      );
    }
  });

  it('warns a visitor from any other domain, with a link to report it', async () => {
    const html = await (
      await get(`/verify/${ctx.fixture.reg.active}`, { referer: 'https://fake-shop.example/product/1' })
    ).text();
    expect(html).toContain('data-referer="unregistered"');
    expect(html).toContain('role="alert"');
    expect(text(html)).toContain('Let op: u kwam van fake-shop.example');
    expect(html).toMatch(/href="\/organisations\/[a-z0-9-]+#report"/);
    const fr = await (
      await get(`/fr/verify/${ctx.fixture.reg.active}`, { referer: 'https://shop.example.nl.evil.example/' })
    ).text();
    expect(text(fr)).toContain('Attention : vous venez de shop.example.nl.evil.example');
    expect(fr).toMatch(/href="\/fr\/organisations\/[a-z0-9-]+#report"/);
  });

  it('says nothing about the origin without a Referer, but lists where the badge belongs', async () => {
    const html = await (await get(`/verify/${ctx.fixture.reg.active}`)).text();
    expect(html).toContain('data-referer="none"');
    expect(html).not.toContain('role="alert"');
  });

  it('answers an unknown id with a 404 page that calls such a badge not genuine', async () => {
    for (const [prefix, words] of [
      ['', 'Niet gevonden in het register'],
      ['/en', 'Not found in the registry'],
      ['/fr', 'Introuvable dans le registre'],
    ]) {
      const response = await get(`${prefix}/verify/zzzzzzzzzzzz`);
      expect(response.status).toBe(404);
      expect(text(await response.text())).toContain(words!);
    }
    expect((await get('/verify/NOT-AN-ID')).status).toBe(404);
  });
});

describe('/verify: paste a token or upload a badge, without JavaScript', () => {
  const post = (path: string, body: FormData | URLSearchParams, origin = ctx.server.url) =>
    fetch(`${ctx.server.url}${path}`, { method: 'POST', body, headers: { origin } });

  it('shows the form in three languages', async () => {
    for (const [prefix, words] of [
      ['', 'Een badge controleren'],
      ['/en', 'Verify a badge'],
      ['/fr', 'Vérifier un badge'],
    ]) {
      const response = await get(`${prefix}/verify`);
      expect(response.status).toBe(200);
      const html = await response.text();
      expect(text(html)).toContain(words!);
      expect(html).toContain('enctype="multipart/form-data"');
    }
  });

  it('verifies an uploaded SVG and PNG badge', async () => {
    for (const format of ['svg', 'png']) {
      const bytes = await (await get(`/badges/${ctx.fixture.reg.active}.${format}`)).arrayBuffer();
      const form = new FormData();
      form.set('badge', new Blob([bytes]), `badge.${format}`);
      form.set('token', '');
      const response = await post('/en/verify', form);
      expect(response.status).toBe(200);
      const html = await response.text();
      expect(html).toContain('data-verdict="valid"');
      expect(text(html)).toContain('Genuine and valid');
      expect(text(html)).toContain('Badge of Klantenservice Federatie Testlid B.V.');
    }
  });

  it('verifies a pasted token the same way as the API', async () => {
    const html = await (
      await post('/verify', new URLSearchParams({ token: ctx.fixture.tokens.revoked }))
    ).text();
    expect(html).toContain('data-verdict="revoked"');
    expect(html).toContain('data-check="status_list" data-ok="false"');
    const forged = await (
      await post(
        '/fr/verify',
        new URLSearchParams({ token: `${ctx.fixture.tokens.active.slice(0, -4)}AAAA` }),
      )
    ).text();
    expect(forged).toContain('data-verdict="invalid"');
    expect(text(forged)).toContain('Invalide — ne vous fiez pas à ce badge');
  });

  it('refuses a file over 1 MB with a 413 page that says so', async () => {
    const form = new FormData();
    form.set('badge', new Blob([Buffer.alloc(1_500_000, 65)]), 'big.svg');
    const response = await post('/en/verify', form);
    expect(response.status).toBe(413);
    expect(text(await response.text())).toContain('The file is larger than 1 MB');
  });

  it('refuses an empty form with a message, and a post from another site', async () => {
    const empty = await post('/verify', new URLSearchParams({ token: '' }));
    expect(empty.status).toBe(400);
    expect(text(await empty.text())).toContain('Kies een badgebestand of plak een code.');
    const cross = await post(
      '/verify',
      new URLSearchParams({ token: ctx.fixture.tokens.active }),
      'https://evil.example',
    );
    expect(cross.status).toBe(403);
  });
});

describe('contact-channel lookup', () => {
  const lookup = async (query: string) => {
    const response = await get(`/api/v1/channels/lookup?${query}`);
    return {
      status: response.status,
      type: response.headers.get('content-type'),
      body: (await response.json()) as Record<string, any>,
    };
  };

  it.each(['+31 20 123 4567', '020-1234567', '0031201234567', '+31 (0)20 123 45 67'])(
    'finds the phone number "%s"',
    async (phone) => {
      const { status, body } = await lookup(`phone=${encodeURIComponent(phone)}`);
      expect(status).toBe(200);
      expect(body).toMatchObject({ found: true, query: { kind: 'phone', normalised: ['+31201234567'] } });
      expect(body['matches']).toEqual([
        expect.objectContaining({
          kind: 'phone',
          value: '+31201234567',
          match: 'exact',
          organisation: expect.objectContaining({ name: 'Klantenservice Federatie Testlid B.V.' }),
          certifications: [expect.objectContaining({ publicId: ctx.fixture.reg.active, status: 'active' })],
        }),
      ]);
    },
  );

  it('finds WhatsApp numbers, e-mail domains, chat URLs and website domains', async () => {
    expect((await lookup('phone=%2B31%206%201234%205678')).body['matches'][0]).toMatchObject({
      kind: 'whatsapp',
      value: '+31612345678',
    });
    expect((await lookup('email=klantenservice%40testlid.example.nl')).body['matches'][0]).toMatchObject({
      kind: 'email_domain',
      match: 'exact',
    });
    expect((await lookup('email=noreply%40mail.testlid.example.nl')).body['matches'][0]).toMatchObject({
      kind: 'email_domain',
      match: 'parent_domain',
    });
    expect(
      (await lookup('url=https%3A%2F%2Fchat.testlid.example.nl%2Fstart%2F')).body['matches'][0],
    ).toMatchObject({ kind: 'chat_url', match: 'exact' });
    expect(
      (await lookup('url=https%3A%2F%2Fwww.shop.example.nl%2Fcontact')).body['matches'][0],
    ).toMatchObject({ kind: 'website_domain', value: 'shop.example.nl', match: 'parent_domain' });
  });

  it('says whose number it is even when that certification was revoked', async () => {
    const { body } = await lookup('phone=020-7654321');
    expect(body['matches'][0]['certifications'][0]).toMatchObject({ status: 'revoked' });
  });

  it('says plainly when there is no match', async () => {
    const { status, body } = await lookup('phone=%2B31%2020%20999%209999');
    expect(status).toBe(200);
    expect(body).toMatchObject({ found: false, matches: [] });
    expect(body['message']).toMatch(/not registered as an official contact channel/);
    expect((await lookup('email=info%40fake-shop.example')).body['found']).toBe(false);
  });

  it('refuses unreadable input with a 400 problem', async () => {
    for (const query of [
      '',
      'phone=bel%20me',
      'phone=1&email=a%40b.nl',
      'url=javascript%3Aalert(1)',
      `phone=${'1'.repeat(50)}`,
    ]) {
      const { status, type } = await lookup(query);
      expect(status).toBe(400);
      expect(type).toBe('application/problem+json');
    }
  });

  it('answers on the site too, in the visitor’s language', async () => {
    const found = await (
      await get(`/en/verify?check=phone&value=${encodeURIComponent('+31 20 123 4567')}`)
    ).text();
    expect(found).toContain('data-channel="found"');
    expect(text(found)).toContain(
      'Klantenservice Federatie Testlid B.V. has registered +31201234567 as an official channel (phone)',
    );
    const missing = await (
      await get(`/verify?check=phone&value=${encodeURIComponent('+31 20 999 9999')}`)
    ).text();
    expect(missing).toContain('data-channel="not-found"');
    const refused = await get('/fr/verify?check=phone&value=bonjour');
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain('data-channel="refused"');
  });
});
