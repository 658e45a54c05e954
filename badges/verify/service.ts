import type { TransparencyLog } from './transparency-log.ts';
import type { VerificationCheck } from './checks.ts';
import { DEFAULT_MAX_TOKEN_BYTES } from './jws-format.ts';
import type { VerifyJwsOptions } from './jws-verify.ts';
import { verifyCredentialJwtCached } from './cache.ts';
import { checkCredentialStatus, type StatusListSource } from './status.ts';
import { checkBadgeSubject, organisationNameOf } from './binding.ts';
import { decideVerdict, verdictOfStatus, type Verdict } from './verdict.ts';
import type { BadgeSource, ExtractedCredential } from './input.ts';
import type { CertificationView, CredentialRecord } from '../../db/certification/verify-lookup.ts';

/** Everything a verification may consult. Nothing in here fetches a URL named by the token. */
export interface VerifyContext extends VerifyJwsOptions {
  now: Date;
  statusList: StatusListSource;
  /** Override of the vendored Open Badges 3.0 schema file (see verify-registry.ts for why). */
  schemaPath?: string;
  /** The registry's record of a credential id; absent when verifying offline. */
  registry?: (credentialId: string) => Promise<CredentialRecord | undefined>;
}

/** What the credential says about itself, shown only once its signature verified. */
export interface CredentialSummary {
  id: string | null;
  name: string | null;
  issuer: string | null;
  subject: string | null;
  validFrom: string | null;
  validUntil: string | null;
  kid: string | null;
  alg: string | null;
  statusList: { url: string; index: number } | null;
}

export interface VerifyReport {
  verdict: Verdict;
  /** The failed checks' details; empty for `valid`. */
  reasons: string[];
  checks: VerificationCheck[];
  /** What was verified: a token, a badge file, one of our badge URLs, or the registry record alone. */
  source: BadgeSource | 'url' | 'registry';
  credential: CredentialSummary | null;
  /** The certification as the registry holds it now; null offline or when the registry does not know it. */
  certification: CertificationView | null;
  checkedAt: Date;
  /** The certification's latest change in the transparency log (added by the registry, never offline). */
  transparencyLog?: TransparencyLog;
}

type Json = Record<string, unknown>;
const str = (value: unknown): string | null => (typeof value === 'string' ? value : null);

function summarise(header: Json, payload: Json): CredentialSummary {
  const issuer = payload['issuer'];
  const subject = payload['credentialSubject'];
  const status = payload['credentialStatus'] as Json | undefined;
  const index = Number(status?.['statusListIndex']);
  const url = str(status?.['statusListCredential']);
  return {
    id: str(payload['id']),
    name: str(payload['name']),
    issuer: str(typeof issuer === 'object' && issuer !== null ? (issuer as Json)['id'] : issuer),
    subject: str(typeof subject === 'object' && subject !== null ? (subject as Json)['id'] : null),
    validFrom: str(payload['validFrom']),
    validUntil: str(payload['validUntil']),
    kid: str(header['kid']),
    alg: str(header['alg']),
    statusList: url !== null && Number.isSafeInteger(index) ? { url, index } : null,
  };
}

const STATUS_WORDS = {
  suspended: 'The registry lists the certification as suspended.',
  revoked: 'The registry lists the certification as revoked.',
  expired: 'The registry lists the certification as expired.',
  pending: 'The certification has not been granted.',
  refused: 'The certification has not been granted.',
} as const;

/**
 * The `registry_status` check: the registry must hold this very token and an active certification.
 * `status` is the certification's status when the registry holds this token, else null: the one
 * place that decides whether the registry's record belongs to the credential.
 */
function registryCheck(
  record: CredentialRecord | undefined,
  token: string,
): { check: VerificationCheck; status: CertificationView['status'] | null } {
  const name = 'registry_status';
  if (!record)
    return {
      check: { name, ok: false, detail: 'The registry has no credential with this id.' },
      status: null,
    };
  if (record.jwt !== token) {
    return {
      check: { name, ok: false, detail: 'The registry issued a different credential under this id.' },
      status: null,
    };
  }
  const { status, assuranceLevel } = record.certification;
  if (status === 'active') {
    const note =
      (record.certification.renewalUnderReview ? ' Valid, renewal under review (grace period).' : '') +
      (record.supersededAt ? ' A newer credential has been issued since.' : '');
    return {
      check: {
        name,
        ok: true,
        detail: `The registry lists the certification as active (${assuranceLevel}).${note}`,
      },
      status,
    };
  }
  return { check: { name, ok: false, detail: STATUS_WORDS[status] }, status };
}

/**
 * Verifies one extracted credential: the JWT checks, then the status list, the registry's current
 * state (when a registry is given) and, for an SVG badge, that the badge names the credential's
 * holder. Never throws for bad input; infrastructure failures (database down) do throw.
 */
export async function verifyExtracted(
  extracted: ExtractedCredential,
  context: VerifyContext,
): Promise<VerifyReport> {
  const base = { source: extracted.source, checkedAt: context.now };
  // A credential that cannot be read has no claims and no registry record to report.
  const unreadable = (checks: VerificationCheck[]): VerifyReport => ({
    ...base,
    ...decideVerdict({ checks, now: context.now }),
    checks,
    credential: null,
    certification: null,
  });
  if (!extracted.ok) {
    return unreadable([{ name: 'format', ok: false, detail: extracted.detail }]);
  }
  const { token } = extracted;
  const jwt = await verifyCredentialJwtCached(token, {
    ...context,
    maxTokenBytes: context.maxTokenBytes ?? DEFAULT_MAX_TOKEN_BYTES,
  });
  const { checks, header, payload } = jwt;
  if (!payload || !header) {
    return unreadable(checks);
  }

  const status = await checkCredentialStatus(payload, context);
  checks.push(status.check);
  let record: CredentialRecord | undefined;
  let registryStatus: CertificationView['status'] | null | undefined;
  if (context.registry) {
    const id = payload['id'];
    record = typeof id === 'string' ? await context.registry(id) : undefined;
    const registry = registryCheck(record, token);
    checks.push(registry.check);
    registryStatus = registry.status;
  }
  if (extracted.source === 'svg') {
    const names = [organisationNameOf(payload), record?.certification.organisation.legalName];
    checks.push(checkBadgeSubject(extracted.accessibleName ?? null, names, extracted.otherNames));
  }
  const facts = {
    checks,
    now: context.now,
    period: { nbf: payload['nbf'], exp: payload['exp'] },
    ...(status.bitSet === undefined ? {} : { statusBitSet: status.bitSet }),
    ...(registryStatus === undefined ? {} : { registryStatus }),
  };
  return {
    ...base,
    ...decideVerdict(facts),
    checks,
    credential: summarise(header, payload),
    certification: record && registryStatus !== null ? record.certification : null,
  };
}

/**
 * The verdict of the registry's record alone, without a credential: the live view of a
 * certification (`GET /api/v1/verify/{id}`, the verify page) and our own badge URL of a
 * certification that is not active (its badge carries no credential).
 */
export function registryOnlyReport(
  view: CertificationView | undefined,
  now: Date,
  source: VerifyReport['source'] = 'registry',
): VerifyReport {
  const name = 'registry_status';
  const check: VerificationCheck = !view
    ? { name, ok: false, detail: 'No certification with this id is in the registry.' }
    : view.status === 'active'
      ? { name, ok: true, detail: `The registry lists the certification as active (${view.assuranceLevel}).` }
      : { name, ok: false, detail: STATUS_WORDS[view.status] };
  return {
    verdict: view ? verdictOfStatus(view.status) : 'invalid',
    reasons: check.ok ? [] : [`${name}: ${check.detail}`],
    checks: [check],
    source,
    credential: null,
    certification: view ?? null,
    checkedAt: now,
  };
}
