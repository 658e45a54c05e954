import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';
import { XMLBuilder, XMLParser, XMLValidator } from 'fast-xml-parser';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  BADGE_LANGS,
  BADGE_SIZE_NAMES,
  BADGE_SIZES,
  BADGE_STATES,
  BADGE_THEMES,
  type BadgeView,
} from '../../../../badges/render/badge-view.ts';
import { loadBadgeFonts } from '../../../../badges/render/fonts.ts';
import { drawBadgeSvg, renderBadgeSvg } from '../../../../badges/render/render-svg.ts';
import { SAMPLE_BADGE_VIEW } from '../../../../badges/render/sample-view.ts';
import sharp from 'sharp';

const GOLDEN_DIR = new URL('../../../golden/badges/', import.meta.url);
const UPDATE = process.env['UPDATE_GOLDEN'] === '1';

const base: BadgeView = SAMPLE_BADGE_VIEW;

/** Formats an SVG one element per line, attributes kept as written, so golden diffs are readable. */
function formatSvg(svg: string): string {
  const options = { preserveOrder: true, ignoreAttributes: false, processEntities: false } as const;
  const tree: unknown = new XMLParser({ ...options, parseAttributeValue: false, trimValues: false }).parse(
    svg,
  );
  return (
    `${new XMLBuilder({ ...options, format: true, indentBy: '  ', suppressEmptyNode: true }).build(tree)}`.trim() +
    '\n'
  );
}

/** Pairwise cover of theme × lang × size (every pair of values occurs), then states and names. */
const pairwise: Array<[BadgeView['theme'], BadgeView['lang'], BadgeView['size']]> = [
  ['light', 'nl', 's'],
  ['light', 'en', 'm'],
  ['light', 'fr', 'l'],
  ['dark', 'nl', 'm'],
  ['dark', 'en', 'l'],
  ['dark', 'fr', 's'],
  ['light', 'nl', 'l'],
  ['dark', 'en', 's'],
  ['light', 'fr', 'm'],
];
const goldens: Array<[string, BadgeView]> = [
  ...pairwise.map(([theme, lang, size]): [string, BadgeView] => [
    `active-${theme}-${lang}-${size}`,
    { ...base, theme, lang, size },
  ]),
  ['pending-light-en-s', { ...base, state: 'pending', lang: 'en', size: 's' }],
  ['suspended-dark-nl-m', { ...base, state: 'suspended', theme: 'dark' }],
  ['revoked-light-fr-l', { ...base, state: 'revoked', lang: 'fr', size: 'l' }],
  ['expired-dark-en-m', { ...base, state: 'expired', theme: 'dark', lang: 'en' }],
  ['not_found-light-nl-m', { ...base, state: 'not_found', organisationName: '', schemeName: '' }],
  [
    'name-long-light-nl-m',
    {
      ...base,
      organisationName:
        'Stichting Klantenservice Federatie voor Uitbestede Klantcontactcentra Nederland B.V.',
    },
  ],
  [
    'name-accented-dark-fr-l',
    {
      ...base,
      organisationName: 'Société Générale de Crédit Coopératif — Bruxelles-Capitale',
      theme: 'dark',
      lang: 'fr',
      size: 'l',
    },
  ],
  ['name-arabic-light-nl-m', { ...base, organisationName: 'شركة خدمة العملاء المتحدة للاتصالات' }],
  [
    'name-hebrew-dark-en-s',
    { ...base, organisationName: 'שירות לקוחות ישראל בע״מ', theme: 'dark', size: 's' },
  ],
];

beforeAll(async () => {
  await loadBadgeFonts();
});

describe('badge SVG goldens', () => {
  it('cover every value of every axis and every state', () => {
    const views = goldens.map(([, v]) => v);
    for (const t of BADGE_THEMES) expect(views.some((v) => v.theme === t)).toBe(true);
    for (const l of BADGE_LANGS) expect(views.some((v) => v.lang === l)).toBe(true);
    for (const s of BADGE_SIZE_NAMES) expect(views.some((v) => v.size === s)).toBe(true);
    for (const s of BADGE_STATES) expect(views.some((v) => v.state === s)).toBe(true);
  });

  it.each(goldens)('%s matches its golden file', async (name, view) => {
    const formatted = formatSvg(await renderBadgeSvg(view));
    const file = new URL(`${name}.svg`, GOLDEN_DIR);
    if (UPDATE) {
      await mkdir(GOLDEN_DIR, { recursive: true });
      await writeFile(file, formatted);
    }
    expect(existsSync(file), `missing golden ${name}.svg: run with UPDATE_GOLDEN=1`).toBe(true);
    expect(formatted).toBe(await readFile(file, 'utf8'));
  });
});

describe('tidying satori output', () => {
  const pixels = async (svg: string) =>
    sharp(Buffer.from(svg), { density: 144 }).ensureAlpha().raw().toBuffer({ resolveWithObject: true });

  it.each(goldens)('%s rasterises to the same pixels, with less markup', async (_name, view) => {
    const drawn = await drawBadgeSvg(view);
    const tidied = await renderBadgeSvg(view);
    expect(tidied.length).toBeLessThan(drawn.length - 500);
    const before = await pixels(drawn);
    const after = await pixels(tidied);
    expect(after.info).toEqual(before.info);
    expect(after.data.equals(before.data)).toBe(true);
    // Every reference still names something defined.
    for (const [, id] of tidied.matchAll(/url\(#([^)]+)\)/g)) expect(tidied).toContain(`id="${id}"`);
    expect(tidied).not.toMatch(/<path\b[^>]* (?:x|y|width|height)="/);
  });
});

describe('renderBadgeSvg', () => {
  it('is deterministic: the same view gives the same bytes', async () => {
    for (const view of [
      base,
      { ...base, state: 'revoked' as const, theme: 'dark' as const, size: 's' as const },
    ]) {
      expect(await renderBadgeSvg(view)).toBe(await renderBadgeSvg({ ...view }));
    }
  });

  it.each(BADGE_SIZE_NAMES)('size %s has the fixed width and height of BADGE_SIZES', async (size) => {
    const svg = await renderBadgeSvg({ ...base, size });
    const { width, height } = BADGE_SIZES[size];
    expect(svg).toMatch(
      new RegExp(`^<svg width="${width}" height="${height}" viewBox="0 0 ${width} ${height}"`),
    );
  });

  it('stays well-formed and small for every state, theme and size', async () => {
    for (const state of BADGE_STATES)
      for (const theme of BADGE_THEMES)
        for (const size of BADGE_SIZE_NAMES) {
          const svg = await renderBadgeSvg({ ...base, state, theme, size });
          expect(XMLValidator.validate(svg)).toBe(true);
          expect(gzipSync(svg).length).toBeLessThan(6 * 1024);
        }
  });

  it('draws a different picture for each state', async () => {
    const svgs = await Promise.all(BADGE_STATES.map((state) => renderBadgeSvg({ ...base, state })));
    expect(new Set(svgs).size).toBe(BADGE_STATES.length);
  });

  it('shows the date only when active', async () => {
    const withDate = await renderBadgeSvg({ ...base, state: 'revoked' });
    const withoutDate = await renderBadgeSvg({ ...base, state: 'revoked', validUntil: null });
    expect(withDate).toBe(withoutDate);
    expect(await renderBadgeSvg(base)).not.toBe(await renderBadgeSvg({ ...base, validUntil: null }));
  });

  it('leaves out characters no badge font has, instead of drawing empty boxes', async () => {
    expect(await renderBadgeSvg({ ...base, organisationName: 'Klant 😀 Service 客户服务 บริการ B.V.' })).toBe(
      await renderBadgeSvg({ ...base, organisationName: 'Klant Service B.V.' }),
    );
  });

  it('renders an ellipsis instead of overflowing for a long name', async () => {
    const long = 'Stichting Klantenservice Federatie voor Uitbestede Klantcontactcentra Nederland B.V.';
    const longer = `${long} en nog veel meer woorden die nooit zichtbaar worden`;
    // Both are cut at the same place, so the pictures are identical.
    expect(await renderBadgeSvg({ ...base, organisationName: long })).toBe(
      await renderBadgeSvg({ ...base, organisationName: longer }),
    );
  });
});
