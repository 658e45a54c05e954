import { LANGUAGES } from '../../db/vocabulary.ts';
/** Every state a badge can show. `expired` is derived on read; `not_found` has no certification. */
export const BADGE_STATES = ['active', 'pending', 'suspended', 'revoked', 'expired', 'not_found'] as const;
/** A badge speaks every language of the registry. */
export const BADGE_LANGS = LANGUAGES;
export const BADGE_THEMES = ['light', 'dark'] as const;
export const BADGE_SIZE_NAMES = ['s', 'm', 'l'] as const;

export type BadgeState = (typeof BADGE_STATES)[number];
export type BadgeLang = (typeof BADGE_LANGS)[number];
export type BadgeTheme = (typeof BADGE_THEMES)[number];
export type BadgeSize = (typeof BADGE_SIZE_NAMES)[number];

/** Everything a badge image shows. Plain data: the renderer reads no clock, database or config. */
export interface BadgeView {
  /** As registered; sanitised and shortened with an ellipsis by the renderer. May be empty for `not_found`. */
  organisationName: string;
  /** Scheme name in the badge language. May be empty for `not_found`. */
  schemeName: string;
  state: BadgeState;
  /** End of validity; shown only when `state` is `active`. */
  validUntil: Date | null;
  /** Host name of the registry, e.g. `keurmerk.example`, shown as "check at …". */
  registryHost: string;
  lang: BadgeLang;
  theme: BadgeTheme;
  size: BadgeSize;
}

/**
 * Fixed pixel size of each badge size, for the SVG and for `width`/`height` of embed snippets.
 * The PNG is twice this.
 */
export const BADGE_SIZES: Readonly<Record<BadgeSize, Readonly<{ width: number; height: number }>>> =
  Object.freeze({
    s: Object.freeze({ width: 224, height: 72 }),
    m: Object.freeze({ width: 296, height: 100 }),
    l: Object.freeze({ width: 360, height: 120 }),
  });
