import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync, brotliDecompressSync } from 'node:zlib';
import { XMLParser } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServerProcess, type ServerProcess } from '../../helpers/server-process.ts';
import { prepareDataDir, type PreparedRegistry } from '../../helpers/registry-fixture.ts';
import {
  decodeJwt,
  obSchemaValidate,
  pngTextChunks,
  svgCredentials,
  webCryptoVerify,
} from '../../helpers/badge-reading.ts';

// The real server on an embedded database prepared with one certification in every state.
describe('badges from the running server', () => {
  let dataDir: string;
  let server: ServerProcess;
  let reg: PreparedRegistry;
  beforeAll(async () => {
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'keurmerk-badges-'));
    reg = await prepareDataDir(dataDir);
    server = await startServerProcess({ DATA_DIR: dataDir, BADGE_MAX_AGE: '45' });
  });
  afterAll(async () => {
    await server?.stop('SIGKILL');
    await fs.rm(dataDir, { recursive: true, force: true });
  });

  const get = (p: string, headers: Record<string, string> = {}) => fetch(`${server.url}${p}`, { headers });

  async function checkToken(token: string, publicId: string) {
    const { header, payload } = decodeJwt(token);
    expect(Object.keys(header).sort()).toEqual(['alg', 'kid', 'typ']);
    expect(header).toMatchObject({ alg: 'RS256', typ: 'JWT' });
    // kid dereferences to the bare public JWK, which is also in the JWKS.
    const kidResponse = await fetch(header['kid'] as string);
    expect(kidResponse.status).toBe(200);
    const jwk = (await kidResponse.json()) as JsonWebKey & { kid: string };
    expect(jwk).not.toHaveProperty('keys');
    expect(jwk).not.toHaveProperty('d');
    expect(jwk.kid).toBe(header['kid']);
    const jwks = (await (await get('/.well-known/jwks.json')).json()) as { keys: Array<{ kid: string }> };
    expect(jwks.keys.map((k) => k.kid)).toContain(header['kid']);
    expect(await webCryptoVerify(token, jwk)).toBe(true);
    expect(obSchemaValidate()(payload)).toBe(true);
    expect(payload['nbf']).toBe(Date.parse(payload['validFrom']) / 1000);
    expect(payload['exp']).toBe(Date.parse(payload['validUntil']) / 1000);
    expect(payload['iss']).toBe(payload['issuer'].id);
    expect(payload['sub']).toBe(payload['credentialSubject'].id);
    expect(payload['jti']).toBe(payload['id']);
    expect(payload['credentialStatus']).toMatchObject({
      type: 'BitstringStatusListEntry',
      statusPurpose: 'revocation',
    });
    expect(payload['credentialSubject'].achievement.alignment).toHaveLength(6); // 7 criteria, one not applicable
    const verify = await get(`/verify/${publicId}`);
    expect(verify.status).not.toBe(500);
    return payload;
  }

  it('bakes a verifiable Open Badges 3.0 credential into the SVG', async () => {
    const response = await get(`/badges/${reg.active}.svg`);
    expect(response.status).toBe(200);
    const svg = await response.text();
    const parsed = new XMLParser({
      ignoreAttributes: false,
      preserveOrder: true,
      processEntities: false,
    }).parse(svg);
    const root = parsed.find((n: Record<string, unknown>) => 'svg' in n);
    expect(root[':@']['@_xmlns:openbadges']).toBe('https://purl.imsglobal.org/ob/v3p0');
    expect(root[':@']['@_role']).toBe('img');
    expect(root[':@']['@_aria-label']).toContain('Klantenservice Federatie Testlid B.V.');
    expect(Object.keys(root.svg[0])[0]).toBe('openbadges:credential'); // first child
    const tokens = svgCredentials(svg);
    expect(tokens).toHaveLength(1);
    await checkToken(tokens[0]!, reg.active);
  });

  it('bakes the same credential into the PNG (one uncompressed iTXt chunk), at twice the size', async () => {
    const response = await get(`/badges/${reg.active}.png?size=s`);
    expect(response.headers.get('content-type')).toBe('image/png');
    const png = new Uint8Array(await response.arrayBuffer());
    const chunks = pngTextChunks(png).filter((c) => c.keyword === 'openbadgecredential');
    expect(chunks).toHaveLength(1);
    expect(chunks[0]!.type).toBe('iTXt');
    const svgToken = svgCredentials(await (await get(`/badges/${reg.active}.svg`)).text())[0];
    expect(chunks[0]!.text).toBe(svgToken);
    const width = new DataView(png.buffer).getUint32(16);
    expect(width).toBe(224 * 2);
    await checkToken(chunks[0]!.text, reg.active);
  });

  it('serves the same token for the same certification state (stored, not re-signed)', async () => {
    const a = svgCredentials(await (await get(`/badges/${reg.activeBe}.svg?lang=fr`)).text())[0];
    const b = svgCredentials(await (await get(`/badges/${reg.activeBe}.svg?lang=en&theme=dark`)).text())[0];
    // Both undefined would be equal too: first prove there is a token.
    expect(a).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(a).toBe(b);
  });

  it.each(['suspended', 'revoked', 'pending', 'expired'] as const)(
    'a %s certification carries no credential and says so',
    async (state) => {
      for (const lang of ['nl', 'en', 'fr']) {
        const response = await get(`/badges/${reg[state]}.svg?lang=${lang}`);
        expect(response.status).toBe(200);
        const svg = await response.text();
        expect(svgCredentials(svg)).toHaveLength(0);
        expect(svg).not.toContain('openbadges');
        const words = { nl: 'Niet gecertificeerd', en: 'Not certified', fr: 'Non certifié' }[lang]!;
        expect(svg).toContain(words); // in the accessible name
      }
      const png = new Uint8Array(await (await get(`/badges/${reg[state]}.png`)).arrayBuffer());
      expect(pngTextChunks(png).filter((c) => c.keyword === 'openbadgecredential')).toHaveLength(0);
    },
  );

  it('answers an unknown id with a 404 "not found in the registry" badge, never a broken image', async () => {
    for (const file of ['zzzzzzzzzzzz.svg', 'NOT-A-VALID-ID.svg']) {
      const response = await get(`/badges/${file}?lang=en`);
      expect(response.status).toBe(404);
      expect(response.headers.get('content-type')).toBe('image/svg+xml');
      expect(await response.text()).toContain('Not found in the registry');
    }
    const png = await get('/badges/zzzzzzzzzzzz.png');
    expect(png.status).toBe(404);
    expect(png.headers.get('content-type')).toBe('image/png');
  });

  it('sends the right headers, no cookie, and a Cache-Control from BADGE_MAX_AGE', async () => {
    const response = await get(`/badges/${reg.active}.svg`);
    expect(Object.fromEntries(response.headers)).toMatchObject({
      'content-type': 'image/svg+xml',
      'x-content-type-options': 'nosniff',
      'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'",
      'access-control-allow-origin': '*',
      'cross-origin-resource-policy': 'cross-origin',
      'cache-control': 'public, max-age=45, must-revalidate',
    });
    expect(response.headers.get('set-cookie')).toBeNull();
  });

  it('answers If-None-Match with 304', async () => {
    const first = await get(`/badges/${reg.active}.svg`);
    const etag = first.headers.get('etag')!;
    expect(etag).toMatch(/^"[^"]+"$/);
    const second = await get(`/badges/${reg.active}.svg`, { 'if-none-match': etag });
    expect(second.status).toBe(304);
    expect(await second.text()).toBe('');
  });

  it('compresses with brotli and gzip to the same bytes', async () => {
    const plain = Buffer.from(
      await (await get(`/badges/${reg.active}.svg`, { 'accept-encoding': 'identity' })).arrayBuffer(),
    );
    // fetch decodes transparently, so read the raw bodies with node:http semantics via content-encoding headers.
    const http = await import('node:http');
    const raw = (encoding: string) =>
      new Promise<{ body: Buffer; enc: string | undefined }>((resolve, reject) => {
        http
          .get(
            `${server.url}/badges/${reg.active}.svg`,
            { headers: { 'accept-encoding': encoding } },
            (res) => {
              const parts: Buffer[] = [];
              res.on('data', (d: Buffer) => parts.push(d));
              res.on('end', () =>
                resolve({ body: Buffer.concat(parts), enc: res.headers['content-encoding'] }),
              );
            },
          )
          .on('error', reject);
      });
    const br = await raw('gzip, br');
    expect(br.enc).toBe('br');
    expect(brotliDecompressSync(br.body).equals(plain)).toBe(true);
    const gz = await raw('gzip');
    expect(gz.enc).toBe('gzip');
    expect(gunzipSync(gz.body).equals(plain)).toBe(true);
    expect(br.body.length).toBeLessThan(plain.length / 2);
  });

  it('falls back to defaults on unknown options and refuses an absurd query', async () => {
    const odd = await get(`/badges/${reg.active}.svg?theme=purple&lang=de&size=xxl`);
    const plain = await get(`/badges/${reg.active}.svg`);
    expect(odd.status).toBe(200);
    expect(await odd.text()).toBe(await plain.text());
    const huge = await get(`/badges/${reg.active}.svg?q=${'x'.repeat(10_000)}`);
    expect(huge.status).toBe(400);
    expect(huge.headers.get('content-type')).toBe('application/problem+json');
  });

  it('renders names with markup characters as text', async () => {
    // The accented Belgian name goes through unchanged; markup in names is covered by the render tests.
    const svg = await (await get(`/badges/${reg.accented}.svg?lang=fr`)).text();
    expect(svg).toContain('Société Générale de Crédit Coopératif');
    expect(svgCredentials(svg)).toHaveLength(1);
  });
});
