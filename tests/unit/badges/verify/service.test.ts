import { beforeAll, describe, expect, it, vi } from 'vitest';
import {
  buildOpenBadgeCredential,
  signCredential,
  type CredentialInput,
} from '../../../../badges/credentials/credential.ts';
import { generateSigningKey } from '../../../../badges/credentials/key-generation.ts';
import type { SigningKey } from '../../../../badges/credentials/signing-key.ts';
import {
  buildStatusListCredential,
  encodeStatusList,
  signStatusListCredential,
} from '../../../../badges/credentials/status-list.ts';
import {
  registryOnlyReport,
  verifyExtracted,
  type VerifyContext,
} from '../../../../badges/verify/service.ts';
import { extractCredential } from '../../../../badges/verify/input.ts';
import { offlineContext } from '../../../../badges/verify/offline.ts';
import { verifyCredentialJwtCached } from '../../../../badges/verify/cache.ts';
import { verifyCredentialJwt } from '../../../../badges/verify/jwt-verify.ts';
import type { CertificationView, CredentialRecord } from '../../../../db/certification/verify-lookup.ts';

// The verification pipeline with a frozen clock and in-memory sources: no database, no network.
const PUBLIC_URL = 'https://keurmerk.example';
const NOW = new Date('2026-06-01T12:00:00Z');
const LIST = `${PUBLIC_URL}/status/1`;

const input: CredentialInput = {
  credentialId: '4a1c8a5e-8f3b-4d7e-9c0a-1b2c3d4e5f60',
  organisation: { name: 'Voorbeeld B.V.', website: 'https://www.member.example' },
  scheme: {
    slug: 'ksf-service-promises',
    version: 1,
    name: 'KSF service promises',
    description: 'Seven promises.',
    owner: { slug: 'ksf', name: 'Klantenservice Federatie' },
  },
  criteriaMet: [{ code: 'p1', title: 'Promise 1' }],
  validFrom: new Date('2026-01-01T00:00:00Z'),
  validUntil: new Date('2027-01-01T00:00:00Z'),
  statusList: { url: LIST, index: 100 },
  publicUrl: PUBLIC_URL,
};

let key: SigningKey;
let stranger: SigningKey;
let valid: string;
let revokedToken: string;
let list: string;

const view = (status: CertificationView['status']): CertificationView => ({
  publicId: 'abcdefgh2345',
  status,
  assuranceLevel: 'reviewed',
  validFrom: input.validFrom,
  validUntil: input.validUntil,
  renewalUnderReview: false,
  remediationUntil: null,
  scheme: {
    slug: 'ksf-service-promises',
    name: { nl: 'KSF', en: 'KSF' },
    version: 1,
    currentVersion: 1,
    transitionDate: null,
  },
  organisation: { slug: 'voorbeeld', legalName: 'Voorbeeld B.V.', country: 'NL', city: 'Utrecht' },
  domains: ['member.example'],
});

function context(records: Record<string, CredentialRecord> = {}, statusList?: string | null): VerifyContext {
  return {
    publicUrl: PUBLIC_URL,
    now: NOW,
    jwks: { keys: [key.publicJwk] },
    statusList: async (url) => (url === LIST ? (statusList === undefined ? list : statusList) : null),
    registry: async (id) => records[id],
  };
}
const record = (
  token: string,
  status: CertificationView['status'],
  id = 'urn:uuid:4a1c8a5e-8f3b-4d7e-9c0a-1b2c3d4e5f60',
): Record<string, CredentialRecord> => ({
  [id]: { id, jwt: token, kid: key.kid, revokedAt: null, supersededAt: null, certification: view(status) },
});
const jwt = (token: string) => extractCredential('jwt', Buffer.from(token));
const failed = (checks: Array<{ name: string; ok: boolean }>) =>
  checks.filter((c) => !c.ok).map((c) => c.name);

beforeAll(async () => {
  [key, stranger] = await Promise.all([
    generateSigningKey('RS256', PUBLIC_URL),
    generateSigningKey('RS256', PUBLIC_URL),
  ]);
  valid = await signCredential(buildOpenBadgeCredential(input), key);
  revokedToken = await signCredential(
    buildOpenBadgeCredential({
      ...input,
      credentialId: '00000000-0000-4000-8000-000000000001',
      statusList: { url: LIST, index: 7 },
    }),
    key,
  );
  const vc = buildStatusListCredential({
    publicUrl: PUBLIC_URL,
    listNumber: 1,
    encodedList: encodeStatusList([7]),
    issuer: `${PUBLIC_URL}/issuers/registry`,
    validFrom: NOW,
  });
  list = await signStatusListCredential(vc, key);
});

describe('verifyExtracted', () => {
  it('accepts a valid token with every check passing, in order', async () => {
    const report = await verifyExtracted(jwt(valid), context(record(valid, 'active')));
    expect(report.verdict).toBe('valid');
    expect(report.checks.map((c) => c.name)).toEqual([
      'format',
      'algorithm',
      'key',
      'signature',
      'claims',
      'schema',
      'validity_period',
      'status_list',
      'registry_status',
    ]);
    expect(report.certification?.organisation.legalName).toBe('Voorbeeld B.V.');
    expect(report.credential).toMatchObject({
      id: 'urn:uuid:4a1c8a5e-8f3b-4d7e-9c0a-1b2c3d4e5f60',
      kid: key.kid,
      statusList: { url: LIST, index: 100 },
    });
  });

  it('says revoked when the status bit is set, suspended while the registry says so', async () => {
    const id = 'urn:uuid:00000000-0000-4000-8000-000000000001';
    const revoked = await verifyExtracted(jwt(revokedToken), context(record(revokedToken, 'active', id)));
    expect(revoked.verdict).toBe('revoked');
    expect(failed(revoked.checks)).toEqual(['status_list']);
    const suspended = await verifyExtracted(
      jwt(revokedToken),
      context(record(revokedToken, 'suspended', id)),
    );
    expect(suspended.verdict).toBe('suspended');
    expect(failed(suspended.checks)).toEqual(['status_list', 'registry_status']);
  });

  it('lets the registry override where it is stricter', async () => {
    for (const status of ['revoked', 'suspended', 'expired'] as const) {
      const report = await verifyExtracted(jwt(valid), context(record(valid, status)));
      expect(report.verdict).toBe(status);
      expect(failed(report.checks)).toEqual(['registry_status']);
    }
    const pending = await verifyExtracted(jwt(valid), context(record(valid, 'pending')));
    expect(pending.verdict).toBe('invalid');
  });

  it('refuses a token the registry does not hold, or holds differently', async () => {
    const unknown = await verifyExtracted(jwt(valid), context({}));
    expect(unknown.verdict).toBe('invalid');
    expect(unknown.certification).toBeNull();
    const other = await verifyExtracted(jwt(valid), context(record(`${valid}x`, 'active')));
    expect(other.verdict).toBe('invalid');
    expect(failed(other.checks)).toEqual(['registry_status']);
  });

  it('cannot rule out revocation without the status list: invalid', async () => {
    const report = await verifyExtracted(jwt(valid), context(record(valid, 'active'), null));
    expect(report.verdict).toBe('invalid');
    expect(failed(report.checks)).toEqual(['status_list']);
  });

  it('refuses a status list signed by a key that is not ours, or published under another URL', async () => {
    const forged = await signStatusListCredential(
      buildStatusListCredential({
        publicUrl: PUBLIC_URL,
        listNumber: 1,
        encodedList: encodeStatusList([]),
        issuer: `${PUBLIC_URL}/issuers/registry`,
        validFrom: NOW,
      }),
      { ...stranger, kid: key.kid },
    );
    const forgedReport = await verifyExtracted(jwt(revokedToken), context({}, forged));
    expect(forgedReport.checks.find((c) => c.name === 'status_list')).toMatchObject({ ok: false });
    const list2 = await signStatusListCredential(
      buildStatusListCredential({
        publicUrl: PUBLIC_URL,
        listNumber: 2,
        encodedList: encodeStatusList([]),
        issuer: `${PUBLIC_URL}/issuers/registry`,
        validFrom: NOW,
      }),
      key,
    );
    const swapped = await verifyExtracted(jwt(revokedToken), context({}, list2));
    expect(swapped.checks.find((c) => c.name === 'status_list')?.detail).toMatch(
      /not https:\/\/keurmerk.example\/status\/1/,
    );
  });

  it('never asks a source about a status list of another host', async () => {
    const foreign = await signCredential(
      buildOpenBadgeCredential({ ...input, statusList: { url: 'https://evil.example/status/1', index: 1 } }),
      key,
    );
    const statusList = vi.fn(async () => list);
    const report = await verifyExtracted(jwt(foreign), { ...context(record(foreign, 'active')), statusList });
    expect(report.verdict).toBe('invalid');
    expect(statusList).not.toHaveBeenCalled();
  });

  it('reports format failures of the input as invalid with the format check', async () => {
    const report = await verifyExtracted({ ok: false, source: 'svg', detail: 'bad svg' }, context());
    expect(report).toMatchObject({
      verdict: 'invalid',
      source: 'svg',
      checks: [{ name: 'format', ok: false }],
    });
  });

  it('verifies offline from a key set and a status list alone', async () => {
    const offline = offlineContext({
      publicUrl: PUBLIC_URL,
      now: NOW,
      jwks: { keys: [key.publicJwk] },
      statusLists: [`${list}\n`],
    });
    const report = await verifyExtracted(jwt(valid), offline);
    expect(report.verdict).toBe('valid');
    expect(report.checks.map((c) => c.name)).not.toContain('registry_status');
    expect((await verifyExtracted(jwt(revokedToken), offline)).verdict).toBe('revoked');
  });
});

describe('registryOnlyReport', () => {
  it('turns the live status into a verdict', () => {
    expect(registryOnlyReport(view('active'), NOW).verdict).toBe('valid');
    expect(registryOnlyReport(view('revoked'), NOW)).toMatchObject({
      verdict: 'revoked',
      checks: [{ name: 'registry_status', ok: false }],
    });
    expect(registryOnlyReport(undefined, NOW).verdict).toBe('invalid');
  });
});

describe('verifyCredentialJwtCached', () => {
  const options = () => ({ publicUrl: PUBLIC_URL, now: NOW, jwks: { keys: [key.publicJwk] } });

  it('answers exactly as the uncached verifier, first and second time', async () => {
    const plain = await verifyCredentialJwt(valid, options());
    expect(await verifyCredentialJwtCached(valid, options())).toEqual(plain);
    expect(await verifyCredentialJwtCached(valid, options())).toEqual(plain);
  });

  it('judges the validity period at every call', async () => {
    await verifyCredentialJwtCached(valid, options());
    const later = await verifyCredentialJwtCached(valid, {
      ...options(),
      now: new Date('2027-06-01T00:00:00Z'),
    });
    expect(later.ok).toBe(false);
    expect(failed(later.checks)).toEqual(['validity_period']);
  });

  it('forgets a token once its key has left the key set', async () => {
    await verifyCredentialJwtCached(valid, options());
    const retired = await verifyCredentialJwtCached(valid, {
      ...options(),
      jwks: { keys: [stranger.publicJwk] },
    });
    expect(failed(retired.checks)).toEqual(['key']);
    // Same kid, other key material (a forged key set): the signature is checked again and fails.
    const swapped = await verifyCredentialJwtCached(valid, {
      ...options(),
      jwks: { keys: [{ ...stranger.publicJwk, kid: key.kid }] },
    });
    expect(failed(swapped.checks)).toEqual(['signature']);
  });

  it('never remembers a forgery', async () => {
    const forged = `${valid.slice(0, -6)}AAAAAA`;
    for (let i = 0; i < 3; i++)
      expect(failed((await verifyCredentialJwtCached(forged, options())).checks)).toEqual(['signature']);
  });
});
