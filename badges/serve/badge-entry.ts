// One rendered variant with its encodings and entity tag: what the badge cache and the shared
// "not found" images hold. Rendering and compressing is the costly part of the badge path
// (~270× a cached answer), so callers make sure each entry is built as rarely as possible.
import { createHash } from 'node:crypto';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import type { BadgeData } from '../../db/certification/badge-data.ts';
import { renderBadgeSvg } from '../render/render-svg.ts';
import { badgeTexts } from '../render/i18n.ts';
import type { BadgeLang, BadgeSize, BadgeState, BadgeTheme } from '../render/badge-view.ts';
import { bakeSvg } from '../render/bake.ts';
import { bakePng, pngFromSvg } from '../render/png-chunks.ts';

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
  /** What an edge cache tags the answer with; null for an unknown id. */
  publicId: string | null;
  organisationSlug: string | null;
  /** When an active badge turns "expired" by itself (no change is announced then), else null. */
  validUntilMs: number | null;
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
 * Renders one variant and computes its encodings and entity tag. `data` undefined is the
 * "not found in the registry" badge, which depends on the variant alone.
 */
export async function renderEntry(
  data: BadgeData | undefined,
  state: BadgeState,
  variant: BadgeVariant,
  jwt: string | null,
  registryHost: string,
): Promise<RenderedBadge> {
  const body = await render(data, state, variant, jwt, registryHost);
  const compressible = variant.format === 'svg';
  return {
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
    publicId: data?.publicId ?? null,
    organisationSlug: data?.organisationSlug ?? null,
    validUntilMs: state === 'active' ? (data?.validUntil?.getTime() ?? null) : null,
  };
}

/** Bytes an entry holds, for the cache's bound. */
export function entrySize(entry: RenderedBadge): number {
  return entry.body.length + (entry.gzip?.length ?? 0) + (entry.brotli?.length ?? 0) + 256;
}
