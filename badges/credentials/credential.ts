import { CompactSign } from 'jose';
import { ValidationError } from '../../db/errors.ts';
import type { SigningKey } from './signing-key.ts';

export const CREDENTIALS_V2_CONTEXT = 'https://www.w3.org/ns/credentials/v2';
export const OB_V3P0_CONTEXT = 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json';
export const OB_V3P0_SCHEMA_ID =
  'https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json';

export interface IssuerProfile {
  id: string;
  type: ['Profile'];
  name: string;
  url: string;
}

export interface Alignment {
  type: ['Alignment'];
  targetName: string;
  targetUrl: string;
}

export interface BitstringStatusListEntry {
  id: string;
  type: 'BitstringStatusListEntry';
  statusPurpose: 'revocation';
  statusListIndex: string;
  statusListCredential: string;
}

/** The Open Badges 3.0 credential we issue: the exact shape of standards/README.md. */
export interface OpenBadgeCredential {
  '@context': [typeof CREDENTIALS_V2_CONTEXT, typeof OB_V3P0_CONTEXT];
  id: string;
  type: ['VerifiableCredential', 'OpenBadgeCredential'];
  name: string;
  issuer: IssuerProfile;
  validFrom: string;
  validUntil: string;
  credentialSubject: {
    id: string;
    type: ['AchievementSubject'];
    achievement: {
      id: string;
      type: ['Achievement'];
      achievementType: 'Certification';
      /** The scheme version whose criteria the badge asserts (OB 3.0 `Achievement.version`). */
      version: string;
      name: string;
      description: string;
      criteria: { id: string; narrative: string };
      alignment: Alignment[];
    };
  };
  credentialStatus: BitstringStatusListEntry;
  credentialSchema: [{ id: typeof OB_V3P0_SCHEMA_ID; type: '1EdTechJsonSchemaValidator2019' }];
}

/** Everything a credential says, in the language the caller chose. */
export interface CredentialInput {
  /** A UUID, bare or as `urn:uuid:…`. */
  credentialId: string;
  organisation: { name: string; website: string };
  scheme: {
    slug: string;
    /** The published version the certification was assessed against. */
    version: number;
    name: string;
    description: string;
    /** Criteria narrative; by default a list of the criteria met. */
    narrative?: string;
    owner: { slug: string; name: string };
  };
  criteriaMet: ReadonlyArray<{ code: string; title: string }>;
  /** Truncated to whole seconds, so `nbf` equals `validFrom` exactly. */
  validFrom: Date;
  validUntil: Date;
  statusList: { url: string; index: number };
  /** Origin of the registry, e.g. `https://keurmerk.example`. */
  publicUrl: string;
  /** Credential name; by default `${scheme.name}: ${organisation.name}`. */
  name?: string;
}

/** The registered JWT claims that repeat credential fields (standards/README.md). */
export interface CredentialClaims {
  iss: string;
  sub: string;
  jti: string;
  nbf: number;
  exp: number;
}

const UUID = /^(?:urn:uuid:)?([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i;
const SLUG = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/;

/** `2026-01-01T00:00:00Z`: whole seconds, no milliseconds. */
export function isoSeconds(date: Date): string {
  if (Number.isNaN(date.getTime())) throw new ValidationError('date', 'Invalid date.');
  return new Date(Math.floor(date.getTime() / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

function httpUrl(field: string, value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ValidationError(field, `${field} is not a URL: "${value}".`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new ValidationError(field, `${field} must be an http(s) URL.`);
  }
  return value;
}

function slug(field: string, value: string): string {
  if (!SLUG.test(value)) throw new ValidationError(field, `${field} is not a slug: "${value}".`);
  return value;
}

/** Builds the OpenBadgeCredential of one certification; pure, no clock, no I/O. */
export function buildOpenBadgeCredential(input: CredentialInput): OpenBadgeCredential {
  const uuid = UUID.exec(input.credentialId)?.[1];
  if (!uuid) throw new ValidationError('credentialId', 'credentialId must be a UUID.');
  const publicUrl = httpUrl('publicUrl', input.publicUrl).replace(/\/+$/, '');
  const website = httpUrl('organisation.website', input.organisation.website);
  const statusListUrl = httpUrl('statusList.url', input.statusList.url);
  const { index } = input.statusList;
  if (!Number.isSafeInteger(index) || index < 0) {
    throw new ValidationError('statusList.index', 'statusList.index must be a non-negative integer.');
  }
  const validFrom = isoSeconds(input.validFrom);
  const validUntil = isoSeconds(input.validUntil);
  if (Date.parse(validUntil) <= Date.parse(validFrom)) {
    throw new ValidationError('validUntil', 'validUntil must be after validFrom.');
  }
  const { scheme } = input;
  if (!Number.isSafeInteger(scheme.version) || scheme.version < 1)
    throw new ValidationError('scheme.version', 'scheme.version must be a whole number from 1.');
  // The achievement is one version of the scheme: its own page lists exactly those criteria.
  const schemeUrl = `${publicUrl}/schemes/${slug('scheme.slug', scheme.slug)}/versions/${scheme.version}`;
  const ownerSlug = slug('scheme.owner.slug', scheme.owner.slug);
  const alignment = input.criteriaMet.map((criterion): Alignment => ({
    type: ['Alignment'],
    targetName: criterion.title,
    targetUrl: `${schemeUrl}#${encodeURIComponent(criterion.code)}`,
  }));
  const narrative = scheme.narrative ?? input.criteriaMet.map((c) => `- ${c.code}: ${c.title}`).join('\n');
  return {
    '@context': [CREDENTIALS_V2_CONTEXT, OB_V3P0_CONTEXT],
    id: `urn:uuid:${uuid.toLowerCase()}`,
    type: ['VerifiableCredential', 'OpenBadgeCredential'],
    name: input.name ?? `${scheme.name}: ${input.organisation.name}`,
    issuer: {
      id: `${publicUrl}/issuers/${ownerSlug}`,
      type: ['Profile'],
      name: scheme.owner.name,
      url: publicUrl,
    },
    validFrom,
    validUntil,
    credentialSubject: {
      id: website,
      type: ['AchievementSubject'],
      achievement: {
        id: schemeUrl,
        type: ['Achievement'],
        achievementType: 'Certification',
        version: String(scheme.version),
        name: scheme.name,
        description: scheme.description,
        criteria: { id: schemeUrl, narrative },
        alignment,
      },
    },
    credentialStatus: {
      id: `${statusListUrl}#${index}`,
      type: 'BitstringStatusListEntry',
      statusPurpose: 'revocation',
      statusListIndex: String(index),
      statusListCredential: statusListUrl,
    },
    credentialSchema: [{ id: OB_V3P0_SCHEMA_ID, type: '1EdTechJsonSchemaValidator2019' }],
  };
}

/** Seconds since the epoch of an ISO timestamp that must carry whole seconds. */
export function wholeSeconds(field: string, iso: string): number {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms) || ms % 1000 !== 0) {
    throw new ValidationError(field, `${field} must be a timestamp in whole seconds.`);
  }
  return ms / 1000;
}

/** The registered claims of a credential: `iss sub jti nbf exp` repeat its own fields. */
export function credentialClaims(credential: OpenBadgeCredential): CredentialClaims {
  return {
    iss: credential.issuer.id,
    sub: credential.credentialSubject.id,
    jti: credential.id,
    nbf: wholeSeconds('validFrom', credential.validFrom),
    exp: wholeSeconds('validUntil', credential.validUntil),
  };
}

/**
 * Signs a payload as a compact JWS with the protected header exactly `{alg, kid, typ: 'JWT'}`.
 * Shared by credentials and status lists.
 */
export function signJwtPayload(payload: Record<string, unknown>, key: SigningKey): Promise<string> {
  return new CompactSign(new TextEncoder().encode(JSON.stringify(payload)))
    .setProtectedHeader({ alg: key.alg, kid: key.kid, typ: 'JWT' })
    .sign(key.privateKey);
}

/** The VC-JWT of a credential: the whole credential is the payload, plus `iss sub jti nbf exp`. */
export function signCredential(credential: OpenBadgeCredential, key: SigningKey): Promise<string> {
  return signJwtPayload({ ...credential, ...credentialClaims(credential) }, key);
}
