import { describe, expect, it } from 'vitest';
import { BADGE_LANGS, BADGE_STATES, BADGE_THEMES } from '../../../../badges/render/badge-view.ts';
import { badgeTexts, formatBadgeDate } from '../../../../badges/render/i18n.ts';
import { textDirection } from '../../../../badges/render/text.ts';
import { PALETTES, STATE_LOOK } from '../../../../badges/render/theme.ts';

/** WCAG 2.x relative luminance and contrast ratio. */
function luminance(hex: string): number {
  const n = Number.parseInt(hex.slice(1), 16);
  const [r, g, b] = [n >> 16, (n >> 8) & 255, n & 255].map((v) => {
    const s = v / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}
function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

describe('badge colours', () => {
  for (const theme of BADGE_THEMES) {
    const p = PALETTES[theme];
    for (const [toneName, tone] of Object.entries(p.tones)) {
      it(`${theme}/${toneName}: every text reaches WCAG AA (4.5:1)`, () => {
        for (const fg of [p.text, p.muted, tone.status]) {
          expect(contrast(fg, tone.background), `${fg} on ${tone.background}`).toBeGreaterThanOrEqual(4.5);
        }
        expect(contrast(tone.iconGlyph, tone.icon)).toBeGreaterThanOrEqual(4.5);
        // The disc itself is a graphic: 3:1 against the badge (WCAG 1.4.11).
        expect(contrast(tone.icon, tone.background)).toBeGreaterThanOrEqual(3);
      });
    }
  }

  it('only the active state looks certified', () => {
    for (const state of BADGE_STATES) {
      const look = STATE_LOOK[state];
      const certified = look.tone === 'certified' || look.icon === 'check';
      expect(certified, state).toBe(state === 'active');
    }
  });
});

describe('badge words', () => {
  it('has a distinct status word for every state in every language', () => {
    for (const lang of BADGE_LANGS) {
      const words = BADGE_STATES.map((s) => badgeTexts(lang).status[s]);
      expect(new Set(words).size).toBe(BADGE_STATES.length);
    }
    expect(badgeTexts('nl').status).toMatchObject({
      active: 'Gecertificeerd',
      revoked: 'Ingetrokken',
      suspended: 'Geschorst',
      expired: 'Verlopen',
      pending: 'In behandeling',
      not_found: 'Niet gevonden in het register',
    });
    expect(badgeTexts('fr').status).toMatchObject({ active: 'Certifié', revoked: 'Révoqué' });
    expect(badgeTexts('fr').checkAt('keurmerk.example')).toBe('vérifier sur keurmerk.example');
  });

  it('formats dates in the badge language and the registry time zone, not the machine one', () => {
    const date = new Date('2026-12-31T23:30:00Z'); // already 1 January in Amsterdam
    expect(formatBadgeDate(date, 'nl')).toBe('1 jan 2027');
    expect(formatBadgeDate(date, 'en')).toBe('1 Jan 2027');
    expect(formatBadgeDate(date, 'fr')).toBe('1 janv. 2027');
  });

  it('detects right-to-left names by their first strong character', () => {
    expect(textDirection('שירות לקוחות')).toBe('rtl');
    expect(textDirection('«شركة» ACME')).toBe('rtl');
    expect(textDirection('123 ACME شركة')).toBe('ltr');
    expect(textDirection('')).toBe('ltr');
  });
});
