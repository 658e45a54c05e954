import { KeurmerkError } from '../../db/errors.ts';
import { PUBLIC_ID_PATTERN } from '../../db/vocabulary.ts';
import { verifyPageDetail, type VerifyPageDetail } from '../../db/certification/verify-lookup.ts';
import { discardBody, readBody } from '../http/body.ts';
import type { RateLimiter } from '../http/rate-limit.ts';
import type { Extract } from './verify-input.ts';
import type { CredentialExtractor } from '../../badges/verify/extract-pool.ts';
import { cacheControl } from '../http/cache-policy.ts';
import { sniffSource, type ExtractedCredential } from '../../badges/verify/input.ts';
import { registryContext, type RegistryDeps } from '../../badges/verify/registry.ts';
import { verifyExtracted, type VerifyReport } from '../../badges/verify/service.ts';
import { certificationTransparency, withTransparency } from '../../badges/verify/transparency.ts';
import type { TransparencyLog } from '../../badges/verify/transparency-log.ts';
import type { LogProver } from '../../db/log/prover.ts';
import { judgeReferer, type RefererFinding } from '../../badges/verify/referer.ts';
import { verdictOfStatus, type Verdict } from '../../badges/verify/verdict.ts';
import { parseChannelQuery } from '../../db/organisation/channel-query.ts';
import { lookUpChannel, type ChannelLookupResult } from '../../db/organisation/channel-lookup.ts';

export interface VerifyPageData {
  detail: VerifyPageDetail;
  checkedAt: Date;
  verdict: Verdict;
  referer: RefererFinding;
  /** The registry's own host, which the visitor should see in the address bar. */
  registryHost: string;
  /** Where its latest public change stands in the transparency log (null: none yet, an application). */
  transparencyLog: TransparencyLog | null;
}

/**
 * Status and caching of a verify page, applied in the page's own frontmatter: a component that
 * awaits its data renders while Astro is already streaming, too late to change either. Verdicts
 * are live and the certification page depends on the Referer: never cached.
 */
export function applyVerifyResponse(
  response: { status: number; headers: Headers },
  deps: { readonly config: { readonly badgeMaxAgeSeconds: number } },
  status: number,
  retryAfterSeconds?: number,
): void {
  response.status = status;
  if (retryAfterSeconds !== undefined) response.headers.set('retry-after', String(retryAfterSeconds));
  response.headers.set('cache-control', cacheControl('verify', deps.config.badgeMaxAgeSeconds));
  // An oversized upload was not read to its end: the connection cannot carry another request.
  if (status === 413) response.headers.set('connection', 'close');
}

/** What `/verify/{publicId}` shows; undefined for an id the registry does not know. */
export async function loadVerifyPage(
  deps: RegistryDeps & { readonly transparencyLog?: { readonly prover: LogProver } },
  publicId: string,
  referer: string | null,
): Promise<VerifyPageData | undefined> {
  if (!PUBLIC_ID_PATTERN.test(publicId)) return undefined;
  const detail = await verifyPageDetail(deps.database.db, publicId, deps.now());
  if (!detail) return undefined;
  return {
    detail,
    checkedAt: deps.now(),
    verdict: verdictOfStatus(detail.status),
    referer: judgeReferer(referer, detail.domains, deps.config.publicUrl),
    registryHost: new URL(deps.config.publicUrl).host,
    transparencyLog: await certificationTransparency(
      deps.database.db,
      publicId,
      deps.config.publicUrl,
      deps.transparencyLog?.prover,
    ),
  };
}

/** The form allows the API's 1 MB badge plus room for the multipart envelope. */
const FORM_LIMIT = 1024 * 1024 + 16 * 1024;

export type SubmissionOutcome =
  | { state: 'verified'; report: VerifyReport }
  | { state: 'refused'; reason: 'too_large' | 'empty' | 'unreadable' }
  | { state: 'refused'; reason: 'rate_limited' | 'busy'; retryAfterSeconds: number };

/** What the form's handling needs beyond the registry: the upload pool and the client allowance. */
export interface SubmissionDeps extends RegistryDeps {
  readonly extractor: CredentialExtractor;
  readonly verifyLimit: RateLimiter;
}

async function extractFromForm(form: FormData, extract: Extract): Promise<ExtractedCredential | null> {
  const file = form.get('badge');
  if (file instanceof Blob && file.size > 0) {
    const bytes = new Uint8Array(await file.arrayBuffer());
    // The browser's idea of the file type is not trusted: the bytes decide.
    return extract(sniffSource(bytes), bytes);
  }
  const token = form.get('token');
  if (typeof token === 'string' && token.trim() !== '') return extract('jwt', Buffer.from(token));
  return null;
}

/**
 * Verifies what a person submitted on `/verify` (a badge file or a pasted token, multipart or
 * urlencoded form), with the same checks and the same per-client allowance as
 * `POST /api/v1/verify`. The body is read up to a limit before it is parsed, a file is parsed in
 * the worker pool; nothing is fetched.
 */
export async function verifySubmission(
  deps: SubmissionDeps,
  request: Request,
  clientAddress: string | null,
): Promise<SubmissionOutcome> {
  const admission = deps.verifyLimit.admit(clientAddress);
  if (!admission.ok) {
    await discardBody(request);
    return { state: 'refused', reason: 'rate_limited', retryAfterSeconds: admission.retryAfterSeconds };
  }
  let bytes: Uint8Array;
  try {
    bytes = await readBody(request, FORM_LIMIT);
  } catch (error) {
    if (error instanceof KeurmerkError && error.status === 413) {
      return { state: 'refused', reason: 'too_large' };
    }
    throw error;
  }
  let form: FormData;
  try {
    const type = request.headers.get('content-type') ?? '';
    form = await new Response(bytes as Uint8Array<ArrayBuffer>, {
      headers: { 'content-type': type },
    }).formData();
  } catch {
    return { state: 'refused', reason: 'unreadable' };
  }
  let extracted: ExtractedCredential | null;
  try {
    extracted = await extractFromForm(form, (source, data) => deps.extractor.extract(source, data));
  } catch (error) {
    if (error instanceof KeurmerkError && error.code === 'verify_busy')
      return { state: 'refused', reason: 'busy', retryAfterSeconds: Number(error.details['retryAfter']) };
    throw error;
  }
  if (!extracted) return { state: 'refused', reason: 'empty' };
  const report = await verifyExtracted(extracted, registryContext(deps));
  return {
    state: 'verified',
    report: await withTransparency(report, deps.database.db, deps.config.publicUrl),
  };
}

/** The HTTP status of a form outcome, and the Retry-After of a refusal that ends by itself. */
export function submissionStatus(outcome: SubmissionOutcome | null): { status: number; retryAfter?: number } {
  if (outcome?.state !== 'refused') return { status: 200 };
  if (outcome.reason === 'rate_limited') return { status: 429, retryAfter: outcome.retryAfterSeconds };
  if (outcome.reason === 'busy') return { status: 503, retryAfter: outcome.retryAfterSeconds };
  return { status: outcome.reason === 'too_large' ? 413 : 400 };
}

export type ChannelCheckOutcome =
  | { state: 'none' }
  | { state: 'answered'; result: ChannelLookupResult }
  | { state: 'refused'; kind: string; value: string };

const CHANNEL_KINDS = ['phone', 'email', 'url'] as const;

/** The contact-channel question of `/verify?check=phone|email|url&value=…`, answered from the registry. */
export async function checkChannelFromPage(
  deps: RegistryDeps,
  params: URLSearchParams,
): Promise<ChannelCheckOutcome> {
  const kind = params.get('check');
  const value = (params.get('value') ?? '').slice(0, 2000);
  if (!(CHANNEL_KINDS as readonly (string | null)[]).includes(kind) || value.trim() === '')
    return { state: 'none' };
  try {
    const query = parseChannelQuery(new URLSearchParams({ [kind!]: value }));
    return {
      state: 'answered',
      result: await lookUpChannel(deps.database.db, query, {
        publicUrl: deps.config.publicUrl,
        now: deps.now(),
      }),
    };
  } catch (error) {
    if (error instanceof KeurmerkError && error.status === 400)
      return { state: 'refused', kind: kind!, value };
    throw error;
  }
}
