import { BADGE_ERRORS } from './badges.ts';
import { DOMAIN_ERRORS } from './domain.ts';
import { EDGE_ERRORS } from './edge.ts';
import type { CatalogueEntry, ErrorLang } from './entry.ts';
import { HTTP_ERRORS } from './http.ts';
import { LOG_ERRORS } from './log.ts';
import { MEMBER_ERRORS } from './member.ts';
import { PLATFORM_ERRORS } from './platform.ts';
import { SECOND_FACTOR_ERRORS } from './second-factor.ts';
import { WEBAUTHN_ERRORS } from './webauthn.ts';
import { SCHEME_ERRORS } from './scheme.ts';
import { PORTAL_ERRORS } from './portal.ts';
import { PORTAL_REQUEST_ERRORS } from './portal-requests.ts';
import { WITNESS_ERRORS } from './witness.ts';
import { MONITOR_ERRORS } from './monitor.ts';
import { WORKFLOW_ERRORS } from './workflow.ts';
import { EVIDENCE_ERRORS } from './evidence.ts';
import { APPLY_ERRORS } from './apply.ts';

export { ERROR_LANGS, type CatalogueEntry, type ErrorLang } from './entry.ts';

/**
 * Every error the registry shows the outside world, by stable code: API problem+json, HTML error
 * pages, the admin UI and the CLIs all read status, title and message from here.
 */
export const CATALOGUE = {
  ...HTTP_ERRORS,
  ...DOMAIN_ERRORS,
  ...BADGE_ERRORS,
  ...PLATFORM_ERRORS,
  ...EDGE_ERRORS,
  ...MEMBER_ERRORS,
  ...WEBAUTHN_ERRORS,
  ...SECOND_FACTOR_ERRORS,
  ...LOG_ERRORS,
  ...SCHEME_ERRORS,
  ...PORTAL_ERRORS,
  ...PORTAL_REQUEST_ERRORS,
  ...WITNESS_ERRORS,
  ...MONITOR_ERRORS,
  ...WORKFLOW_ERRORS,
  ...EVIDENCE_ERRORS,
  ...APPLY_ERRORS,
} as const satisfies Record<string, CatalogueEntry>;

/** A code of the catalogue; any other string is a type error where an error is made. */
export type ErrorCode = keyof typeof CATALOGUE;

/** Every code, for documentation (OpenAPI) and the catalogue's own tests. */
export const ERROR_CODES = Object.freeze(Object.keys(CATALOGUE) as ErrorCode[]);

/** The stable RFC 9457 `type` URI of a code: what API clients match on, documented in OpenAPI. */
export const problemType = (code: ErrorCode): string => `https://keurmerk.dev/problems/${code}`;

/** True when `code` is a catalogue code (for codes read back from storage or the wire). */
export function isErrorCode(code: string): code is ErrorCode {
  return Object.hasOwn(CATALOGUE, code);
}

/** The catalogue entry of a code. */
export function catalogueEntry(code: ErrorCode): CatalogueEntry {
  return CATALOGUE[code];
}

/**
 * The public message of `code` in `lang`, its `{name}` parameters filled from `params`. A missing
 * parameter leaves "…" rather than a raw placeholder: a message is shown to people.
 */
export function errorMessage(
  code: ErrorCode,
  lang: ErrorLang,
  params: Readonly<Record<string, unknown>> = {},
): string {
  return CATALOGUE[code].message[lang].replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = params[name];
    return typeof value === 'string' || typeof value === 'number' ? String(value) : '…';
  });
}
