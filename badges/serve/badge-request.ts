// What a badge request asks for: id, variant and encoding. Shared by the general handler
// (api/handlers/badge.ts) and the fast lane (api/http/badge-fast-lane.ts), so both read a URL alike.
import type { BadgeVariant } from './badge-service.ts';
import { BADGE_LANGS, BADGE_SIZE_NAMES, BADGE_THEMES } from '../render/badge-view.ts';
import { memoise } from './memo.ts';
import { PUBLIC_ID_PATTERN_SOURCE } from '../../db/vocabulary.ts';

export const MAX_QUERY_LENGTH = 512;
const FILE = new RegExp(`^(${PUBLIC_ID_PATTERN_SOURCE})\\.(svg|png)$`);

function oneOf<T extends string>(value: string | null, allowed: readonly T[], fallback: T): T {
  return value !== null && (allowed as readonly string[]).includes(value) ? (value as T) : fallback;
}

const variantFromQuery = memoise(512, (key): BadgeVariant => {
  const params = new URLSearchParams(key.slice(4));
  return Object.freeze({
    format: key.startsWith('png') ? 'png' : 'svg',
    theme: oneOf(params.get('theme'), BADGE_THEMES, 'light'),
    lang: oneOf(params.get('lang'), BADGE_LANGS, 'nl'),
    size: oneOf(params.get('size'), BADGE_SIZE_NAMES, 'm'),
  });
});

/** The variant a query string asks for (shared, frozen objects: callers must not change them). */
export function variantOf(format: 'svg' | 'png', search: string): BadgeVariant {
  return variantFromQuery(`${format}|${search}`);
}

export type ParsedBadgeRequest =
  | { ok: true; publicId: string; variant: BadgeVariant }
  | { ok: false; reason: 'query_too_long' }
  /** Not one of our ids: still a badge (saying "not found") when the extension asks for an image. */
  | { ok: false; reason: 'bad_path'; variant: BadgeVariant | null };

/**
 * Reads `/badges/{publicId}.svg|png?theme=&lang=&size=`. Unknown option values fall back to the
 * defaults (an embed must never break over a typo); an absurdly long query is refused.
 */
export function parseBadgeRequest(file: string, search: string): ParsedBadgeRequest {
  if (search.length > MAX_QUERY_LENGTH) return { ok: false, reason: 'query_too_long' };
  const format = file.endsWith('.png') ? 'png' : file.endsWith('.svg') ? 'svg' : null;
  const variant = format && variantOf(format, search);
  const match = FILE.exec(file);
  if (!match || !variant) return { ok: false, reason: 'bad_path', variant };
  return { ok: true, publicId: match[1]!, variant };
}

/** Picks the best encoding the client accepts: brotli, then gzip, else none. */
export function pickEncoding(acceptEncoding: string | null | undefined): 'br' | 'gzip' | null {
  if (!acceptEncoding) return null;
  return encodingFor(acceptEncoding);
}

const encodingFor = memoise(64, (acceptEncoding): 'br' | 'gzip' | null => {
  const accepted = new Map<string, number>();
  for (const part of acceptEncoding.toLowerCase().split(',')) {
    const [name, ...params] = part.trim().split(';');
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    accepted.set(name!.trim(), q ? Number(q.slice(2)) || 0 : 1);
  }
  const wildcard = accepted.get('*');
  const quality = (name: string) => accepted.get(name) ?? wildcard ?? 0;
  if (quality('br') > 0) return 'br';
  if (quality('gzip') > 0) return 'gzip';
  return null;
});

/**
 * The query an edge rewrites every badge request to (docs/deployment/varnish.vcl): all three
 * options in name order, unknown values replaced by the defaults as above, nothing else. Variants
 * then share one edge entry each, and invented parameters cannot multiply them.
 */
export function canonicalBadgeQuery(variant: BadgeVariant): string {
  return `?lang=${variant.lang}&size=${variant.size}&theme=${variant.theme}`;
}

/** Every variant the registry serves (formats × themes × languages × sizes), from the allowed values. */
export const BADGE_VARIANTS: readonly BadgeVariant[] = Object.freeze(
  (['svg', 'png'] as const).flatMap((format) =>
    BADGE_THEMES.flatMap((theme) =>
      BADGE_LANGS.flatMap((lang) =>
        BADGE_SIZE_NAMES.map((size) => Object.freeze({ format, theme, lang, size })),
      ),
    ),
  ),
);

/** The canonical URL path of every variant of one badge: what an exact-key edge must purge. */
export function canonicalBadgePaths(publicId: string): string[] {
  return BADGE_VARIANTS.map((v) => `/badges/${publicId}.${v.format}${canonicalBadgeQuery(v)}`);
}
