import { existsSync, readFileSync } from 'node:fs';
import Ajv2019 from 'ajv/dist/2019.js';
import addFormats from 'ajv-formats';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  buildOpenBadgeCredential,
  signCredential,
  type CredentialInput,
} from '../../../../badges/credentials/credential.ts';
import { generateSigningKey } from '../../../../badges/credentials/key-generation.ts';
import type { SigningKey } from '../../../../badges/credentials/signing-key.ts';

const PUBLIC_URL = 'https://keurmerk.example';
const REPO_SCHEMA = new URL(
  '../../../../badges/verify/schema/ob-v3p0-achievementcredential-schema.json',
  import.meta.url,
);
const SHARED_STANDARDS = new URL('../../../../../shared/standards/', import.meta.url);

const input: CredentialInput = {
  credentialId: '0B6F7C1E-3F0A-4C59-9B5E-8F2F7D3C2A10',
  organisation: { name: 'Voorbeeld Klantcontact B.V.', website: 'https://www.member.example' },
  scheme: {
    slug: 'ksf-service-promises',
    version: 1,
    name: 'KSF service promises',
    description: 'Seven promises on how customer service treats customers, data and employees.',
    owner: { slug: 'ksf', name: 'Klantenservice Federatie' },
  },
  criteriaMet: [
    { code: 'p1', title: 'Promise 1: respect, care, convenience and good accessibility' },
    { code: 'p2', title: 'Promise 2: feedback taken seriously' },
  ],
  validFrom: new Date('2026-01-01T00:00:00.789Z'),
  validUntil: new Date('2027-01-01T00:00:00Z'),
  statusList: { url: `${PUBLIC_URL}/status/1`, index: 94567 },
  publicUrl: PUBLIC_URL,
};

// The test's own validator: compiled here, not borrowed from badges/.
const ajv = new Ajv2019({ strict: false, allErrors: true });
addFormats(ajv);
const validateSchema = ajv.compile(JSON.parse(readFileSync(REPO_SCHEMA, 'utf8')));

function decodePart(part: string | undefined): Record<string, unknown> {
  return JSON.parse(Buffer.from(part ?? '', 'base64url').toString('utf8'));
}

/** Verifies a compact JWS with WebCrypto alone, from the published public JWK. */
async function webCryptoVerify(token: string, jwk: JsonWebKey, alg: 'RS256' | 'ES256'): Promise<boolean> {
  const params =
    alg === 'RS256'
      ? { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }
      : { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
  const key = await crypto.subtle.importKey('jwk', jwk, params, false, ['verify']);
  const [header, payload, signature] = token.split('.');
  return crypto.subtle.verify(
    params,
    key,
    Buffer.from(signature ?? '', 'base64url'),
    new TextEncoder().encode(`${header}.${payload}`),
  );
}

describe('buildOpenBadgeCredential', () => {
  it('builds exactly the standards/README.md shape', () => {
    expect(buildOpenBadgeCredential(input)).toStrictEqual({
      '@context': [
        'https://www.w3.org/ns/credentials/v2',
        'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json',
      ],
      id: 'urn:uuid:0b6f7c1e-3f0a-4c59-9b5e-8f2f7d3c2a10',
      type: ['VerifiableCredential', 'OpenBadgeCredential'],
      name: 'KSF service promises: Voorbeeld Klantcontact B.V.',
      issuer: {
        id: 'https://keurmerk.example/issuers/ksf',
        type: ['Profile'],
        name: 'Klantenservice Federatie',
        url: 'https://keurmerk.example',
      },
      validFrom: '2026-01-01T00:00:00Z',
      validUntil: '2027-01-01T00:00:00Z',
      credentialSubject: {
        id: 'https://www.member.example',
        type: ['AchievementSubject'],
        achievement: {
          id: 'https://keurmerk.example/schemes/ksf-service-promises/versions/1',
          type: ['Achievement'],
          achievementType: 'Certification',
          version: '1',
          name: 'KSF service promises',
          description: 'Seven promises on how customer service treats customers, data and employees.',
          criteria: {
            id: 'https://keurmerk.example/schemes/ksf-service-promises/versions/1',
            narrative:
              '- p1: Promise 1: respect, care, convenience and good accessibility\n- p2: Promise 2: feedback taken seriously',
          },
          alignment: [
            {
              type: ['Alignment'],
              targetName: 'Promise 1: respect, care, convenience and good accessibility',
              targetUrl: 'https://keurmerk.example/schemes/ksf-service-promises/versions/1#p1',
            },
            {
              type: ['Alignment'],
              targetName: 'Promise 2: feedback taken seriously',
              targetUrl: 'https://keurmerk.example/schemes/ksf-service-promises/versions/1#p2',
            },
          ],
        },
      },
      credentialStatus: {
        id: 'https://keurmerk.example/status/1#94567',
        type: 'BitstringStatusListEntry',
        statusPurpose: 'revocation',
        statusListIndex: '94567',
        statusListCredential: 'https://keurmerk.example/status/1',
      },
      credentialSchema: [
        {
          id: 'https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json',
          type: '1EdTechJsonSchemaValidator2019',
        },
      ],
    });
  });

  it('conforms to the Open Badges 3.0 schema; a credentialStatus array would not', () => {
    const credential = buildOpenBadgeCredential(input);
    expect(validateSchema(credential), JSON.stringify(validateSchema.errors)).toBe(true);
    expect(validateSchema({ ...credential, credentialStatus: [credential.credentialStatus] })).toBe(false);
  });

  it.runIf(existsSync(SHARED_STANDARDS))('uses only terms the JSON-LD contexts define', () => {
    const context = JSON.parse(readFileSync(new URL('ob-v3p0-context-3.0.3.json', SHARED_STANDARDS), 'utf8'));
    const terms = new Set<string>(['@context', 'issuer', 'validFrom', 'validUntil', 'credentialSubject']);
    for (const term of ['credentialStatus', 'credentialSchema', 'statusPurpose', 'statusListIndex'])
      terms.add(term);
    terms.add('statusListCredential'); // the v2 context terms above; the rest come from the OB context
    const collect = (node: unknown): void => {
      if (typeof node !== 'object' || node === null) return;
      for (const [key, value] of Object.entries(node)) {
        if (!key.startsWith('@')) terms.add(key);
        collect(value);
      }
    };
    collect(context['@context']);
    const used: string[] = [];
    const walk = (node: unknown): void => {
      if (Array.isArray(node)) return node.forEach(walk);
      if (typeof node !== 'object' || node === null) return;
      for (const [key, value] of Object.entries(node)) {
        used.push(key);
        walk(value);
      }
    };
    walk(buildOpenBadgeCredential(input));
    expect(used.filter((key) => !terms.has(key))).toEqual([]);
  });

  it('the vendored schema says what the shared standard says', () => {
    const shared = new URL('ob-v3p0-achievementcredential-schema.json', SHARED_STANDARDS);
    if (!existsSync(shared)) return;
    // Compared as JSON: a repository-wide formatter run may re-indent the copy without changing it.
    expect(JSON.parse(readFileSync(REPO_SCHEMA, 'utf8'))).toStrictEqual(
      JSON.parse(readFileSync(shared, 'utf8')),
    );
  });

  it.each([
    ['credentialId', { credentialId: 'not-a-uuid' }],
    ['organisation.website', { organisation: { name: 'X', website: 'www.member.example' } }],
    ['validUntil', { validUntil: new Date('2025-01-01T00:00:00Z') }],
    ['statusList.index', { statusList: { url: `${PUBLIC_URL}/status/1`, index: -1 } }],
    ['scheme.slug', { scheme: { ...input.scheme, slug: 'Not A Slug' } }],
  ] as const)('refuses a bad %s', (field, change) => {
    expect(() => buildOpenBadgeCredential({ ...input, ...change })).toThrow(
      expect.objectContaining({ code: 'validation_failed', details: { field } }),
    );
  });
});

describe.each(['RS256', 'ES256'] as const)('signCredential (%s)', (alg) => {
  let key: SigningKey;
  beforeAll(async () => {
    key = await generateSigningKey(alg, PUBLIC_URL);
  });

  it('signs a VC-JWT that WebCrypto verifies with the public JWK alone', async () => {
    const credential = buildOpenBadgeCredential(input);
    const token = await signCredential(credential, key);
    const [headerPart, payloadPart, signaturePart] = token.split('.');
    expect(token.split('.')).toHaveLength(3);

    const header = decodePart(headerPart);
    expect(header).toStrictEqual({ alg, kid: key.kid, typ: 'JWT' });
    expect(Object.keys(header).sort()).toEqual(['alg', 'kid', 'typ']);

    expect(await webCryptoVerify(token, key.publicJwk, alg)).toBe(true);
    const tampered = `${headerPart}.${payloadPart}x.${signaturePart}`;
    expect(await webCryptoVerify(tampered, key.publicJwk, alg)).toBe(false);

    const payload = decodePart(payloadPart);
    expect(payload).not.toHaveProperty('vc');
    expect(payload).toStrictEqual({
      ...credential,
      iss: 'https://keurmerk.example/issuers/ksf',
      sub: 'https://www.member.example',
      jti: 'urn:uuid:0b6f7c1e-3f0a-4c59-9b5e-8f2f7d3c2a10',
      nbf: 1767225600,
      exp: 1798761600,
    });
    expect((payload['nbf'] as number) * 1000).toBe(Date.parse(payload['validFrom'] as string));
    expect((payload['exp'] as number) * 1000).toBe(Date.parse(payload['validUntil'] as string));
    expect(validateSchema(payload), JSON.stringify(validateSchema.errors)).toBe(true);
  });
});
