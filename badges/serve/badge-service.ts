import { createHash } from 'node:crypto';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema/database.ts';
import { badgeData, type BadgeData } from '../../db/certification/badge-data.ts';
import { effectiveStatus } from '../../db/certification/lifecycle.ts';
import { BadgeCache, type CacheStats } from './badge-cache.ts';
import { renderBadgeSvg } from '../render/render-svg.ts';
import { badgeTexts } from '../render/i18n.ts';
import type { BadgeLang, BadgeSize, BadgeState, BadgeTheme } from '../render/badge-view.ts';
import { bakeSvg } from '../render/bake.ts';
import { bakePng, pngFromSvg } from '../render/png-chunks.ts';
import { ensureCurrentCredential, type IssuerContext } from '../credentials/issuance.ts';

export interface BadgeVariant {
  format: 'svg' | 'png';
  theme: BadgeTheme;
  lang: BadgeLang;
  size: BadgeSize;
}

/** One rendered variant, with its encodings computed once. */
export interface RenderedBadge {
  status: 200 | 404;
  state: BadgeState;
  body: Buffer;
  gzip: Buffer | null;
  brotli: Buffer | null;
  etag: string;
  /** Null for an unknown id. */
  organisationId: number | null;
  certificationId: number | null;
  domains: readonly string[];
  hasCredential: boolean;
}

/**
 * Where one variant of one id sits in the cache. Built once per (id, variant) by `badgeKeyOf` and
 * kept by callers that see the same request again (the fast lane memoises it per URL): a key
 * string V8 has hashed before is looked up without hashing or concatenating anything.
 */
export interface BadgeKey {
  readonly publicId: string;
  readonly variant: BadgeVariant;
  readonly found: string;
  readonly notFound: string;
}

export interface BadgeService {
  get(publicId: string, variant: BadgeVariant, now: Date): Promise<RenderedBadge>;
  /** The cached variant if there is one: the synchronous part of `get`, for the server's fast lane. */
  peek(key: BadgeKey, nowMs: number): RenderedBadge | undefined;
  invalidate(publicId: string): void;
  clear(): void;
  readonly stats: CacheStats;
}

// Even without a notification, nothing stays cached longer than this (a safety net, not the mechanism).
const MAX_ENTRY_AGE_MS = 10 * 60_000;
const NOT_FOUND_GROUP = '\u0000not-found';

// Variants come from a memo of frozen objects (badge-request.ts): their keys too.
const variantKeys = new WeakMap<BadgeVariant, string>();

function variantKeyOf(variant: BadgeVariant): string {
  let key = variantKeys.get(variant);
  if (key === undefined)
    variantKeys.set(variant, (key = `${variant.format}|${variant.theme}|${variant.lang}|${variant.size}`));
  return key;
}

export function badgeKeyOf(publicId: string, variant: BadgeVariant): BadgeKey {
  const variantKey = variantKeyOf(variant);
  return {
    publicId,
    variant,
    found: `${publicId}|${variantKey}`,
    notFound: `${NOT_FOUND_GROUP}|${publicId}|${variantKey}`,
  };
}

function stateOf(data: BadgeData | undefined, now: Date): BadgeState {
  return data ? effectiveStatus({ status: data.status, valid_until: data.validUntil }, now) : 'not_found';
}

/** The accessible name: organisation, scheme and status, in the badge's language. */
export function badgeTitle(data: BadgeData | undefined, state: BadgeState, lang: BadgeLang): string {
  const texts = badgeTexts(lang);
  if (!data) return texts.status.not_found;
  const scheme = data.schemeName[lang] ?? data.schemeName.en;
  const status = state === 'active' ? texts.status.active : `${texts.status[state]} — ${texts.notCertified}`;
  return `${data.organisationName} — ${scheme}: ${status}`;
}

async function render(
  data: BadgeData | undefined,
  state: BadgeState,
  variant: BadgeVariant,
  jwt: string | null,
  registryHost: string,
): Promise<Buffer> {
  const svg = await renderBadgeSvg({
    organisationName: data?.organisationName ?? '',
    schemeName: data ? (data.schemeName[variant.lang] ?? data.schemeName.en) : '',
    state,
    validUntil: state === 'active' ? (data?.validUntil ?? null) : null,
    registryHost,
    lang: variant.lang,
    theme: variant.theme,
    size: variant.size,
  });
  const title = badgeTitle(data, state, variant.lang);
  if (variant.format === 'svg') return Buffer.from(bakeSvg(svg, { jwt, title }));
  const png = await pngFromSvg(bakeSvg(svg, { jwt: null, title }));
  return jwt ? bakePng(png, jwt) : png;
}

/**
 * Renders badges from the registry's current state, caching each variant until the
 * certification changes (invalidate) or its validity ends. Only active certifications carry a
 * credential; every other state, and an unknown id, renders a readable "not certified" badge.
 */
export function createBadgeService(options: {
  db: Kysely<Database>;
  issuer: IssuerContext;
  maxBytes?: number;
}): BadgeService {
  const cache = new BadgeCache<RenderedBadge>(options.maxBytes ?? 64 * 1024 * 1024);
  const registryHost = new URL(options.issuer.publicUrl).host;

  const peek = (key: BadgeKey, nowMs: number): RenderedBadge | undefined =>
    cache.get(key.found, nowMs) ?? cache.get(key.notFound, nowMs);

  return {
    stats: cache.stats,
    invalidate: (publicId) => cache.invalidate(publicId),
    clear: () => cache.clear(),
    peek,
    async get(publicId, variant, now) {
      const key = badgeKeyOf(publicId, variant);
      const cached = peek(key, now.getTime());
      if (cached) return cached;
      const ticket = cache.ticket(publicId);
      const data = await badgeData(options.db, publicId);
      const state = stateOf(data, now);
      const jwt =
        data && state === 'active'
          ? await ensureCurrentCredential(options.db, data.certificationId, options.issuer, now)
          : null;
      // A state that changed between the two reads renders as it is now on the next request.
      const body = await render(
        data,
        jwt || state !== 'active' ? state : 'pending',
        variant,
        jwt,
        registryHost,
      );
      const compressible = variant.format === 'svg';
      const entry: RenderedBadge = {
        status: data ? 200 : 404,
        state,
        body,
        gzip: compressible ? gzipSync(body, { level: 9 }) : null,
        brotli: compressible
          ? brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } })
          : null,
        etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"`,
        organisationId: data?.organisationId ?? null,
        certificationId: data?.certificationId ?? null,
        domains: data?.domains ?? [],
        hasCredential: jwt !== null,
      };
      let expiresAt = now.getTime() + MAX_ENTRY_AGE_MS;
      if (data?.validUntil && state !== 'revoked') expiresAt = Math.min(expiresAt, data.validUntil.getTime());
      const size = body.length + (entry.gzip?.length ?? 0) + (entry.brotli?.length ?? 0) + 256;
      if (data) cache.set(key.found, publicId, entry, size, expiresAt, ticket);
      // Unknown ids share one small group, so probing random ids cannot flood the cache.
      else
        cache.set(
          key.notFound,
          NOT_FOUND_GROUP,
          entry,
          size,
          now.getTime() + 30_000,
          cache.ticket(NOT_FOUND_GROUP),
        );
      return entry;
    },
  };
}
