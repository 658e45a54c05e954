import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHmac, createPublicKey } from 'node:crypto';
import { CompactSign } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startVerifyServer, type VerifyServer } from '../../helpers/verify-fixture.ts';
import { decodeJwt, svgCredentials } from '../../helpers/badge-reading.ts';
import { buildOpenBadgeCredential, signCredential } from '../../../badges/credentials/credential.ts';
import { generateSigningKey } from '../../../badges/credentials/key-generation.ts';
import type { SigningKey } from '../../../badges/credentials/signing-key.ts';
import { servedOpenApiValidator, type OpenApiValidator } from '../../helpers/openapi-validator.ts';

// POST /api/v1/verify and GET /api/v1/verify/{id} against the real server process, on an embedded
// database prepared with one certification in every state and credentials issued by the lifecycle.
// A second local server (the "trap") stands for any other host: it must never receive a request.

let ctx: VerifyServer;
let stranger: SigningKey;
let trap: http.Server;
let trapUrl: string;
const trapHits: string[] = [];
let svgA: string;
let svgB: string;
let pngA: Buffer;
let openApi: OpenApiValidator;

/** A verify API request whose answer, problems included, is held to the served OpenAPI document. */
async function api(path: string, init?: RequestInit): Promise<Response> {
  const response = await fetch(`${ctx.server.url}${path}`, init);
  await openApi.check(init?.method ?? 'GET', path, response);
  return response;
}

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const parts = (token: string) => token.split('.') as [string, string, string];

beforeAll(async () => {
  [ctx, stranger] = await Promise.all([
    startVerifyServer(),
    generateSigningKey('RS256', 'http://127.0.0.1:1'),
  ]);
  trap = http.createServer((req, res) => {
    trapHits.push(`${req.method} ${req.url}`);
    res.end('{}');
  });
  await new Promise<void>((resolve) => trap.listen(0, '127.0.0.1', resolve));
  trapUrl = `http://127.0.0.1:${(trap.address() as AddressInfo).port}`;
  const { server, fixture } = ctx;
  svgA = await (await fetch(`${server.url}/badges/${fixture.reg.active}.svg`)).text();
  svgB = await (await fetch(`${server.url}/badges/${fixture.reg.activeBe}.svg`)).text();
  pngA = Buffer.from(await (await fetch(`${server.url}/badges/${fixture.reg.active}.png`)).arrayBuffer());
  openApi = await servedOpenApiValidator(server.url);
});
afterAll(async () => {
  await ctx?.close();
  await new Promise((resolve) => trap?.close(resolve));
});

interface Answer {
  status: number;
  type: string | null;
  body: Record<string, any>;
}
async function post(body: string | Uint8Array, type: string): Promise<Answer> {
  const response = await api(`/api/v1/verify`, {
    method: 'POST',
    headers: { 'content-type': type },
    body: body as BodyInit,
  });
  return {
    status: response.status,
    type: response.headers.get('content-type'),
    body: (await response.json()) as Record<string, any>,
  };
}
const failedChecks = (a: Answer): string[] =>
  (a.body['checks'] as Array<{ name: string; ok: boolean }>).filter((c) => !c.ok).map((c) => c.name);
const claimsOf = (vc: ReturnType<typeof buildOpenBadgeCredential>) => ({
  ...vc,
  iss: vc.issuer.id,
  sub: vc.credentialSubject.id,
  jti: vc.id,
  nbf: Date.parse(vc.validFrom) / 1000,
  exp: Date.parse(vc.validUntil) / 1000,
});
function signRaw(key: SigningKey, payload: unknown, header: Record<string, unknown> = {}): Promise<string> {
  return new CompactSign(Buffer.from(JSON.stringify(payload)))
    .setProtectedHeader({ alg: key.alg, kid: key.kid, typ: 'JWT', ...header })
    .sign(key.privateKey);
}
function hs256(secret: string, payload: unknown, kid: string): string {
  const input = `${b64({ alg: 'HS256', kid, typ: 'JWT' })}.${b64(payload)}`;
  return `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`;
}

describe('POST /api/v1/verify: valid badges through every door', () => {
  it('a token as text/plain and as JSON', { timeout: 90_000 }, async () => {
    const token = ctx.fixture.tokens.active;
    // The server sequences the log itself (LOG_SEQUENCER is on by default): the grant's entry is
    // pending until the sequencer's next checkpoint, then included. Wait for that, then both doors
    // must show the inclusion.
    const deadline = Date.now() + 60_000;
    while ((await post(token, 'text/plain')).body['transparencyLog']?.state !== 'included') {
      expect(Date.now(), 'the sequencer never included the grant').toBeLessThan(deadline);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    for (const answer of [
      await post(token, 'text/plain'),
      await post(JSON.stringify({ token }), 'application/json'),
    ]) {
      expect(answer.status).toBe(200);
      expect(answer.type).toBe('application/json');
      expect(answer.body['verdict']).toBe('valid');
      expect(answer.body['checks'].map((c: { name: string }) => c.name)).toEqual([
        'format',
        'algorithm',
        'key',
        'signature',
        'claims',
        'schema',
        'validity_period',
        'status_list',
        'registry_status',
        'transparency_log',
      ]);
      const log = answer.body['transparencyLog'] as {
        state: string;
        index: number;
        treeSize: number;
        proof: string;
        entry: string;
      };
      expect(log.state).toBe('included');
      expect(Number.isInteger(log.index) && log.index >= 0).toBe(true);
      expect(log.treeSize).toBeGreaterThan(log.index);
      expect(log.proof.startsWith(`c2sp.org/tlog-proof@v1\nindex ${log.index}\n`)).toBe(true);
      expect(JSON.parse(log.entry)).toMatchObject({
        type: 'certification_granted',
        public_id: ctx.fixture.reg.active,
        status: 'active',
      });
      expect(answer.body['organisation']).toMatchObject({
        name: 'Klantenservice Federatie Testlid B.V.',
        domains: expect.arrayContaining(['shop.example.nl', 'localhost']),
      });
      expect(answer.body['certification']).toMatchObject({
        publicId: ctx.fixture.reg.active,
        status: 'active',
        assuranceLevel: 'reviewed',
        verifyUrl: `${ctx.server.url}/verify/${ctx.fixture.reg.active}`,
      });
    }
  });

  it('a whole SVG badge, with the badge tied to its holder', async () => {
    const answer = await post(svgA, 'image/svg+xml');
    expect(answer.body).toMatchObject({ verdict: 'valid', source: 'svg', reasons: [] });
    expect(answer.body['checks'].at(-2)).toMatchObject({ name: 'badge_subject', ok: true });
    expect(answer.body['checks'].at(-1)).toMatchObject({ name: 'transparency_log', ok: true });
  });

  it('a whole PNG badge', async () => {
    const answer = await post(pngA, 'image/png');
    expect(answer.body).toMatchObject({ verdict: 'valid', source: 'png' });
    expect(answer.body['credential']['id']).toBe(decodeJwt(ctx.fixture.tokens.active).payload['id']);
  });

  it('one of our own badge URLs, resolved in-process', async () => {
    for (const file of [
      `${ctx.fixture.reg.active}.svg?theme=dark&lang=fr`,
      `${ctx.fixture.reg.activeBe}.png`,
    ]) {
      const answer = await post(
        JSON.stringify({ url: `${ctx.server.url}/badges/${file}` }),
        'application/json',
      );
      expect(answer.body).toMatchObject({ verdict: 'valid', source: 'url' });
    }
    const revoked = await post(
      JSON.stringify({ url: `${ctx.server.url}/badges/${ctx.fixture.reg.revoked}.svg` }),
      'application/json',
    );
    expect(revoked.body).toMatchObject({
      verdict: 'revoked',
      credential: null,
      certification: { status: 'revoked' },
    });
  });

  it('never lets a cache keep a verdict, and allows cross-origin use', async () => {
    const response = await api(`/api/v1/verify`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: ctx.fixture.tokens.active,
    });
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    const preflight = await fetch(`${ctx.server.url}/api/v1/verify`, { method: 'OPTIONS' });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-methods')).toContain('POST');
  });
});

describe('POST /api/v1/verify: no forgery is ever accepted', () => {
  type Attack = {
    name: string;
    make: () => Promise<[string | Uint8Array, string]> | [string | Uint8Array, string];
    /** The check that must fail; the verdict must be this one. */
    check: string;
    verdict: string;
  };
  const token =
    (t: string | (() => string) | (() => Promise<string>)) => async (): Promise<[string, string]> => [
      typeof t === 'string' ? t : await t(),
      'text/plain',
    ];
  const input = () => ctx.fixture.credentialInput;
  const ours = () => ctx.fixture.key;
  const valid = () => ctx.fixture.tokens.active;
  const attacks: Attack[] = [
    {
      name: 'alg: none',
      make: token(() => `${b64({ alg: 'none', kid: ours().kid, typ: 'JWT' })}.${parts(valid())[1]}.`),
      check: 'algorithm',
      verdict: 'invalid',
    },
    {
      name: 'HS256 keyed with our public JWK',
      make: token(() => hs256(JSON.stringify(ours().publicJwk), decodeJwt(valid()).payload, ours().kid)),
      check: 'algorithm',
      verdict: 'invalid',
    },
    {
      name: 'HS256 keyed with our public key PEM',
      make: token(() =>
        hs256(
          createPublicKey({ key: ours().publicJwk, format: 'jwk' }).export({
            type: 'spki',
            format: 'pem',
          }) as string,
          decodeJwt(valid()).payload,
          ours().kid,
        ),
      ),
      check: 'algorithm',
      verdict: 'invalid',
    },
    {
      name: 'a kid not in our JWKS',
      make: token(() =>
        signRaw(ours(), claimsOf(buildOpenBadgeCredential(input())), {
          kid: `${ctx.server.url}/keys/not-a-key`,
        }),
      ),
      check: 'key',
      verdict: 'invalid',
    },
    {
      name: 'a kid URL on another host (never fetched)',
      make: token(() =>
        signRaw(stranger, claimsOf(buildOpenBadgeCredential(input())), {
          kid: `${trapUrl}/keys/${stranger.thumbprint}`,
        }),
      ),
      check: 'key',
      verdict: 'invalid',
    },
    {
      name: 'a correct signature by a key that is not ours',
      make: token(() => signRaw(stranger, decodeJwt(valid()).payload, { kid: ours().kid })),
      check: 'signature',
      verdict: 'invalid',
    },
    {
      name: 'a tampered payload',
      make: token(
        () =>
          `${parts(valid())[0]}.${b64({ ...decodeJwt(valid()).payload, sub: 'https://fake-shop.example' })}.${parts(valid())[2]}`,
      ),
      check: 'signature',
      verdict: 'invalid',
    },
    {
      name: 'a tampered header',
      make: token(
        () =>
          `${b64({ typ: 'JWT', kid: ours().kid, alg: 'RS256' })}.${parts(valid())[1]}.${parts(valid())[2]}`,
      ),
      check: 'signature',
      verdict: 'invalid',
    },
    {
      name: 'a header with an extra jku member',
      make: token(
        () =>
          `${b64({ alg: 'RS256', kid: ours().kid, typ: 'JWT', jku: `${trapUrl}/jwks` })}.${parts(valid())[1]}.${parts(valid())[2]}`,
      ),
      check: 'format',
      verdict: 'invalid',
    },
    {
      name: 'a stripped signature',
      make: token(() => `${parts(valid())[0]}.${parts(valid())[1]}.`),
      check: 'signature',
      verdict: 'invalid',
    },
    {
      name: 'nbf in the future (a credential the registry holds)',
      make: token(() => ctx.fixture.notYetValid),
      check: 'validity_period',
      verdict: 'not_yet_valid',
    },
    {
      name: 'nbf in the future (signed with our key, unknown to the registry)',
      make: token(() =>
        signCredential(
          buildOpenBadgeCredential({ ...input(), validFrom: new Date(Date.now() + 86_400_000) }),
          ours(),
        ),
      ),
      check: 'validity_period',
      verdict: 'invalid',
    },
    {
      name: 'exp past',
      make: token(() => ctx.fixture.tokens.expired),
      check: 'validity_period',
      verdict: 'expired',
    },
    {
      name: 'iss not matching the credential',
      make: token(() =>
        signRaw(ours(), { ...decodeJwt(valid()).payload, iss: `${ctx.server.url}/issuers/other` }),
      ),
      check: 'claims',
      verdict: 'invalid',
    },
    {
      name: 'sub not matching the credential',
      make: token(() => signRaw(ours(), { ...decodeJwt(valid()).payload, sub: 'https://fake-shop.example' })),
      check: 'claims',
      verdict: 'invalid',
    },
    {
      name: 'jti not matching the credential',
      make: token(() =>
        signRaw(ours(), {
          ...decodeJwt(valid()).payload,
          jti: 'urn:uuid:00000000-0000-4000-8000-000000000000',
        }),
      ),
      check: 'claims',
      verdict: 'invalid',
    },
    {
      name: 'a credential whose status-list bit is set (revoked)',
      make: token(() => ctx.fixture.tokens.revoked),
      check: 'status_list',
      verdict: 'revoked',
    },
    {
      name: 'a credential whose status-list bit is set (suspended)',
      make: token(() => ctx.fixture.tokens.suspended),
      check: 'status_list',
      verdict: 'suspended',
    },
    {
      name: 'a valid token of organisation A inside a badge of organisation B',
      make: () => [svgB.replace(svgCredentials(svgB)[0]!, ctx.fixture.tokens.active), 'image/svg+xml'],
      check: 'badge_subject',
      verdict: 'invalid',
    },
    {
      name: 'a token signed by a retired key after its credentials expired',
      make: token(() => signCredential(buildOpenBadgeCredential(input()), ctx.fixture.retiredKey)),
      check: 'key',
      verdict: 'invalid',
    },
    {
      name: 'a token just over 64 KiB (under the body limit)',
      make: token(() => `${parts(valid())[0]}.${'A'.repeat(65 * 1024)}.${parts(valid())[2]}`),
      check: 'format',
      verdict: 'invalid',
    },
    {
      name: 'invalid base64url',
      make: token(() => `${parts(valid())[0]}.${parts(valid())[1]}+/=.${parts(valid())[2]}`),
      check: 'format',
      verdict: 'invalid',
    },
    {
      name: 'an SVG with an XML entity bomb',
      make: () => {
        const entities = Array.from(
          { length: 10 },
          (_, i) => `<!ENTITY e${i + 1} "${`&e${i};`.repeat(10)}">`,
        ).join('');
        const bomb = `<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY e0 "lol">${entities}]>`;
        return [bomb + svgA.replace(/verify="[^"]+"/, 'verify="&e10;"'), 'image/svg+xml'];
      },
      check: 'format',
      verdict: 'invalid',
    },
    {
      name: 'an SVG with an external entity (never fetched)',
      make: () => [
        `<!DOCTYPE svg [<!ENTITY x SYSTEM "${trapUrl}/xxe">]>${svgA.replace(/verify="[^"]+"/, 'verify="&x;"')}`,
        'image/svg+xml',
      ],
      check: 'format',
      verdict: 'invalid',
    },
    {
      name: 'a truncated PNG',
      make: () => [pngA.subarray(0, pngA.length - 40), 'image/png'],
      check: 'format',
      verdict: 'invalid',
    },
    {
      name: 'a PNG with an oversized chunk',
      make: () => {
        const png = Buffer.from(pngA);
        png.writeUInt32BE(0x7fff_0000, 8); // the IHDR length field
        return [png, 'image/png'];
      },
      check: 'format',
      verdict: 'invalid',
    },
    {
      name: 'two openbadges:credential elements',
      make: () => {
        const element = `<openbadges:credential verify="${ctx.fixture.tokens.active}"/>`;
        return [svgA.replace(element, element + element), 'image/svg+xml'];
      },
      check: 'format',
      verdict: 'invalid',
    },
  ];

  const accepted: string[] = [];
  afterAll(() => {
    // The issue's bar: zero of them verify.
    expect(accepted).toEqual([]);
  });

  it.each(attacks)('$name → $verdict, $check failed', async ({ name, make, check, verdict }) => {
    const [body, type] = await make();
    const started = performance.now();
    const answer = await post(body, type);
    if (answer.body['verdict'] === 'valid') accepted.push(name);
    expect(answer.status).toBe(200);
    expect(answer.body['verdict']).toBe(verdict);
    expect(failedChecks(answer)).toContain(check);
    expect(answer.body['reasons'].some((r: string) => r.startsWith(`${check}:`))).toBe(true);
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it('made no request to any other host', () => {
    expect(trapHits).toEqual([]);
  });

  it('refuses a 2 MB JWT at the 1 MB body limit with a 413 problem, whatever the media type', async () => {
    const huge = `${parts(ctx.fixture.tokens.active)[0]}.${'A'.repeat(2 * 1024 * 1024)}.${parts(ctx.fixture.tokens.active)[2]}`;
    for (const [body, type] of [
      [huge, 'text/plain'],
      [JSON.stringify({ token: huge }), 'application/json'],
      [huge, 'image/svg+xml'],
    ] as const) {
      const answer = await post(body, type);
      expect(answer.status).toBe(413);
      expect(answer.type).toBe('application/problem+json');
      expect(answer.body['type']).toMatch(/payload_too_large$/);
    }
  });
});

describe('POST /api/v1/verify: bad input is a problem, never a 500', () => {
  it.each([
    ['no content type', 415, '', 'abc'],
    ['an XML media type', 415, 'application/xml', '<svg/>'],
    ['malformed JSON', 400, 'application/json', '{"token":'],
    ['JSON without token or url', 400, 'application/json', '{}'],
    ['JSON with both', 400, 'application/json', '{"token":"a","url":"b"}'],
    ['a token that is not a string', 400, 'application/json', '{"token":42}'],
    ['a JSON array', 400, 'application/json', '[]'],
    ['an empty body', 400, 'text/plain', ''],
    [
      'a URL on another host',
      400,
      'application/json',
      JSON.stringify({ url: 'https://evil.example/badges/abcdefgh2345.svg' }),
    ],
    ['a URL that is not a badge of ours', 400, 'application/json', '{"url":"OWN/keys/x"}'],
    ['a URL that is not a URL', 400, 'application/json', '{"url":"not a url"}'],
  ] as const)('%s → %i', async (_name, status, type, body) => {
    const response = await api(`/api/v1/verify`, {
      method: 'POST',
      headers: type ? { 'content-type': type } : {},
      // Bytes, so fetch adds no content type of its own.
      body: new TextEncoder().encode(body.replace('OWN', ctx.server.url)),
    });
    expect(response.status).toBe(status);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    const problem = (await response.json()) as { type: string; status: number };
    expect(problem.status).toBe(status);
  });

  it('never fetches a badge URL of another host', async () => {
    const answer = await post(
      JSON.stringify({ url: `${trapUrl}/badges/${ctx.fixture.reg.active}.svg` }),
      'application/json',
    );
    expect(answer.status).toBe(400);
    expect(answer.body['type']).toMatch(/url_not_ours$/);
    expect(trapHits).toEqual([]);
  });
});

describe('GET /api/v1/verify/{publicId}', () => {
  it.each([
    ['active', 'valid'],
    ['suspended', 'suspended'],
    ['revoked', 'revoked'],
    ['expired', 'expired'],
  ] as const)('a %s certification → %s', async (state, verdict) => {
    const response = await api(`/api/v1/verify/${ctx.fixture.reg[state]}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const body = (await response.json()) as Record<string, any>;
    expect(body).toMatchObject({
      verdict,
      certification: { publicId: ctx.fixture.reg[state], status: state },
    });
    expect(body['checks']).toEqual([
      expect.objectContaining({ name: 'registry_status', ok: state === 'active' }),
      expect.objectContaining({ name: 'transparency_log', ok: true }),
    ]);
  });

  it('answers an application (pending) like an unknown id: applications are private', async () => {
    const response = await api(`/api/v1/verify/${ctx.fixture.reg.pending}`);
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(await response.text()).not.toContain('Aanvrager');
  });

  it('answers an unknown or malformed id with a 404 problem', async () => {
    for (const id of ['zzzzzzzzzzzz', 'NOT-AN-ID', 'x'.repeat(200)]) {
      const response = await api(`/api/v1/verify/${id}`);
      expect(response.status).toBe(404);
      expect(response.headers.get('content-type')).toBe('application/problem+json');
    }
  });
});
