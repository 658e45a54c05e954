import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { beforeAll, describe, expect, it } from 'vitest';
import { bakeSvg, extractSvgCredentials } from '../../../../badges/render/bake.ts';
import type { BadgeView } from '../../../../badges/render/badge-view.ts';
import { loadBadgeFonts } from '../../../../badges/render/fonts.ts';
import { renderBadgeSvg } from '../../../../badges/render/render-svg.ts';
import { sanitizeDisplayText } from '../../../../badges/render/text.ts';

const base: BadgeView = {
  organisationName: 'x',
  schemeName: 'KSF service promises',
  state: 'active',
  validUntil: new Date('2027-01-01T00:00:00Z'),
  registryHost: 'keurmerk.example',
  lang: 'en',
  theme: 'light',
  size: 'm',
};

const HOSTILE_NAMES = [
  '<script>alert(1)</script>',
  'Tom &amp; Jerry & Co <b>bold</b>',
  `"quoted" and 'single' name" onload="alert(1)`,
  ']]><svg onload=alert(1)><!-- --><?xml-stylesheet href="x"?>',
  '\u202eevil\u202c reversed \u200f mark \u2066isolate\u2069',
  'شركة <الاتصالات> & "عملاء"',
  'חברה <b>&nbsp;</b> בע״מ',
  'nul \u0000 bell \u0007 esc \u001b line\u2028sep \ud800 lone surrogate',
];

/** Satori's vocabulary: anything else in the output would have come from the input. */
const ELEMENTS = new Set(['svg', 'defs', 'clipPath', 'mask', 'path', 'rect', 'g', 'polygon', 'title']);
const ATTRIBUTES = new Set([
  'width',
  'height',
  'viewBox',
  'xmlns',
  'id',
  'x',
  'y',
  'd',
  'fill',
  'stroke',
  'stroke-width',
  'clip-path',
  'clip-rule',
  'mask',
  'transform',
  'points',
  'role',
  'aria-label',
]);

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  // Safe here: the input was checked to have no DOCTYPE, so only predefined entities exist.
  processEntities: true,
  trimValues: false,
  parseTagValue: false,
  parseAttributeValue: false,
});

interface Found {
  elements: string[];
  attributes: Array<[string, string]>;
  title: string[];
}

function walk(nodes: unknown, found: Found): void {
  if (!Array.isArray(nodes)) return;
  for (const node of nodes as Array<Record<string, unknown>>) {
    const name = Object.keys(node).find((k) => k !== ':@') ?? '';
    if (name === '#text') continue;
    found.elements.push(name);
    for (const [k, v] of Object.entries((node[':@'] as Record<string, string> | undefined) ?? {})) {
      found.attributes.push([k, v]);
    }
    if (name === 'title') {
      found.title.push(((node[name] as Array<{ '#text'?: string }>)[0]?.['#text'] ?? '') as string);
    }
    walk(node[name], found);
  }
}

function inspect(svg: string): Found {
  expect(svg).not.toMatch(/<!DOCTYPE/i);
  expect(XMLValidator.validate(svg)).toBe(true);
  const found: Found = { elements: [], attributes: [], title: [] };
  walk(parser.parse(svg), found);
  return found;
}

beforeAll(async () => {
  await loadBadgeFonts();
});

describe('user text in a badge is only ever text', () => {
  it.each(HOSTILE_NAMES)('name %j adds no elements or attributes', async (name) => {
    for (const size of ['s', 'l'] as const) {
      const svg = await renderBadgeSvg({ ...base, organisationName: name, schemeName: name, size });
      const found = inspect(svg);
      expect(found.elements.filter((e) => !ELEMENTS.has(e))).toEqual([]);
      expect(found.attributes.map(([k]) => k).filter((k) => !ATTRIBUTES.has(k))).toEqual([]);
      // Text is drawn as outlines: none of it appears in the markup.
      expect(svg).not.toMatch(/script|alert|onload|stylesheet|Jerry/i);
    }
  });

  it.each(HOSTILE_NAMES)('baked title and aria-label of %j hold exactly the sanitised text', async (name) => {
    const svg = await renderBadgeSvg({ ...base, organisationName: name });
    const title = `${name} — KSF — Certified`;
    const baked = bakeSvg(svg, { jwt: 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln', title });
    const found = inspect(baked);
    expect(found.elements.filter((e) => !ELEMENTS.has(e) && e !== 'openbadges:credential')).toEqual([]);
    const expected = sanitizeDisplayText(title, 500);
    expect(found.title).toEqual([expected]);
    expect(found.attributes.filter(([k]) => k === 'aria-label').map(([, v]) => v)).toEqual([expected]);
    expect(extractSvgCredentials(baked)).toEqual(['eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln']);
  });

  it('removes direction overrides and control characters from displayed text', () => {
    expect(sanitizeDisplayText('\u202eevil\u202c  name\u0000\u0007')).toBe('evil name');
    expect(sanitizeDisplayText('a\tb\nc\u2028d')).toBe('a b c d');
    expect(sanitizeDisplayText('lone \ud800')).toBe('lone \ufffd');
    expect(sanitizeDisplayText('e\u0301')).toBe('é');
    expect(Array.from(sanitizeDisplayText('x'.repeat(1000)))).toHaveLength(160);
  });
});
