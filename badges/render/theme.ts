import type { BadgeState, BadgeTheme } from './badge-view.ts';

/** How a state looks: only `active` is `certified`; everything else must never resemble it. */
export type BadgeTone = 'certified' | 'warning' | 'neutral';
export type BadgeIcon = 'check' | 'cross' | 'dash';

export const STATE_LOOK: Readonly<Record<BadgeState, { tone: BadgeTone; icon: BadgeIcon }>> = {
  active: { tone: 'certified', icon: 'check' },
  pending: { tone: 'neutral', icon: 'dash' },
  suspended: { tone: 'warning', icon: 'cross' },
  revoked: { tone: 'warning', icon: 'cross' },
  expired: { tone: 'warning', icon: 'cross' },
  not_found: { tone: 'neutral', icon: 'cross' },
};

export interface TonePalette {
  /** Badge background. */
  background: string;
  border: string;
  /** Status word. */
  status: string;
  /** Icon disc; the glyph on it is `iconGlyph`. */
  icon: string;
  iconGlyph: string;
}

export interface ThemePalette {
  /** Organisation name. */
  text: string;
  /** Scheme, validity and "check at" lines. */
  muted: string;
  tones: Readonly<Record<BadgeTone, TonePalette>>;
}

/**
 * Colours per theme. Every text colour has a contrast of at least 4.5:1 (WCAG AA, normal text)
 * against every tone background of its theme, and icon glyphs at least 4.5:1 against their disc;
 * tests/unit/badges/render/render-svg.test.ts checks this table.
 */
export const PALETTES: Readonly<Record<BadgeTheme, ThemePalette>> = {
  light: {
    text: '#1f2328',
    muted: '#555e68',
    tones: {
      certified: {
        background: '#ffffff',
        border: '#1a7f37',
        status: '#116329',
        icon: '#1a7f37',
        iconGlyph: '#ffffff',
      },
      warning: {
        background: '#fff5f4',
        border: '#cf222e',
        status: '#b42318',
        icon: '#cf222e',
        iconGlyph: '#ffffff',
      },
      neutral: {
        background: '#f6f8fa',
        border: '#8c959f',
        status: '#424a53',
        icon: '#6e7781',
        iconGlyph: '#ffffff',
      },
    },
  },
  dark: {
    text: '#e6edf3',
    muted: '#9da7b3',
    tones: {
      certified: {
        background: '#161b22',
        border: '#2ea043',
        status: '#3fb950',
        icon: '#238636',
        iconGlyph: '#ffffff',
      },
      warning: {
        background: '#1f1416',
        border: '#da3633',
        status: '#ff7b72',
        icon: '#da3633',
        iconGlyph: '#ffffff',
      },
      neutral: {
        background: '#161b22',
        border: '#6e7681',
        status: '#c9d1d9',
        icon: '#6e7681',
        iconGlyph: '#ffffff',
      },
    },
  },
};
