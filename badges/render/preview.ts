/**
 * Writes PNGs of badge variants to tests/artifacts/badges/ (gitignored) to look at:
 *   npx node badges/render/preview.ts
 * One file per variant plus contact sheets (sheet-*.png) that put a group side by side.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import sharp from 'sharp';
import { pngFromSvg } from './png-chunks.ts';
import {
  BADGE_LANGS,
  BADGE_SIZE_NAMES,
  BADGE_STATES,
  BADGE_THEMES,
  BADGE_SIZES,
  type BadgeView,
} from './badge-view.ts';
import { renderBadgeSvg } from './render-svg.ts';
import { SAMPLE_BADGE_VIEW } from './sample-view.ts';

const OUT = new URL('../../tests/artifacts/badges/', import.meta.url);

export const PREVIEW_NAMES = {
  typical: 'Klantcontact Nederland B.V.',
  long: 'Stichting Klantenservice Federatie voor Uitbestede Klantcontactcentra Nederland B.V.',
  accented: 'Société Générale de Crédit Coopératif — Bruxelles-Capitale',
  arabic: 'شركة خدمة العملاء المتحدة للاتصالات',
  hebrew: 'שירות לקוחות ישראל בע״מ',
} as const;

const base: BadgeView = { ...SAMPLE_BADGE_VIEW, organisationName: PREVIEW_NAMES.typical };

const SCHEME: Record<BadgeView['lang'], string> = {
  nl: 'KSF-servicebeloften',
  en: 'KSF service promises',
  fr: 'Charte Happy Customer',
};

const groups: Record<string, Array<[string, BadgeView]>> = { variants: [], names: [], states: [] };
for (const theme of BADGE_THEMES)
  for (const lang of BADGE_LANGS)
    for (const size of BADGE_SIZE_NAMES)
      groups['variants']?.push([
        `variant-${theme}-${lang}-${size}`,
        { ...base, theme, lang, size, schemeName: SCHEME[lang] },
      ]);
for (const [key, name] of Object.entries(PREVIEW_NAMES))
  for (const size of BADGE_SIZE_NAMES)
    for (const theme of BADGE_THEMES)
      groups['names']?.push([
        `name-${key}-${size}-${theme}`,
        { ...base, organisationName: name, size, theme },
      ]);
for (const state of BADGE_STATES)
  for (const lang of BADGE_LANGS)
    for (const theme of BADGE_THEMES)
      groups['states']?.push([
        `state-${state}-${lang}-${theme}`,
        { ...base, state, lang, theme, schemeName: SCHEME[lang], size: lang === 'fr' ? 's' : 'm' },
      ]);

// What the badge endpoint shows for an unknown id: nothing but the status and the registry.
for (const size of BADGE_SIZE_NAMES)
  groups['states']?.push([
    `state-not_found-empty-${size}`,
    { ...base, state: 'not_found', organisationName: '', schemeName: '', validUntil: null, size },
  ]);

await mkdir(OUT, { recursive: true });
for (const [group, items] of Object.entries(groups)) {
  const tiles: Array<{ input: Buffer; top: number; left: number }> = [];
  let top = 8;
  let left = 8;
  let rowHeight = 0;
  let sheetWidth = 0;
  for (const [name, view] of items) {
    const png = await pngFromSvg(await renderBadgeSvg(view));
    await writeFile(new URL(`${name}.png`, OUT), png);
    const { width, height } = BADGE_SIZES[view.size];
    if (left + width * 2 > 1500) {
      top += rowHeight + 8;
      left = 8;
      rowHeight = 0;
    }
    tiles.push({ input: png, top, left });
    left += width * 2 + 8;
    rowHeight = Math.max(rowHeight, height * 2);
    sheetWidth = Math.max(sheetWidth, left);
  }
  const sheet = sharp({
    create: { width: sheetWidth, height: top + rowHeight + 8, channels: 4, background: '#8a8f98' },
  });
  await writeFile(new URL(`sheet-${group}.png`, OUT), await sheet.composite(tiles).png().toBuffer());
  console.log(`${group}: ${items.length} badges`);
}
