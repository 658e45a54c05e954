import { XMLParser } from 'fast-xml-parser';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  OPENBADGES_NS,
  SvgBadgeError,
  bakeSvg,
  extractSvgCredentials,
} from '../../../../badges/render/bake.ts';
import { loadBadgeFonts } from '../../../../badges/render/fonts.ts';
import { renderBadgeSvg } from '../../../../badges/render/render-svg.ts';
import { SAMPLE_BADGE_VIEW } from '../../../../badges/render/sample-view.ts';

const JWT = 'eyJhbGciOiJSUzI1NiIsImtpZCI6Imh0dHBzOi8vayJ9.eyJpc3MiOiJodHRwczovL2sifQ.c2lnbmF0dXJlLWJ5dGVz';
let svg = '';

beforeAll(async () => {
  await loadBadgeFonts();
  svg = await renderBadgeSvg(SAMPLE_BADGE_VIEW);
});

const ordered = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  processEntities: true,
  trimValues: false,
});

/** The root element's attributes and the names of its children, in order. */
function root(xml: string): {
  attrs: Record<string, string>;
  children: string[];
  first: Record<string, unknown>;
} {
  const [node] = ordered.parse(xml) as Array<Record<string, unknown>>;
  const children = (node?.['svg'] ?? []) as Array<Record<string, unknown>>;
  return {
    attrs: (node?.[':@'] ?? {}) as Record<string, string>,
    children: children.map((c) => Object.keys(c).find((k) => k !== ':@') ?? ''),
    first: children[0] ?? {},
  };
}

describe('bakeSvg', () => {
  it('puts the credential first, then the title, and declares the namespace', () => {
    const baked = bakeSvg(svg, { jwt: JWT, title: 'Klantcontact Nederland B.V. — KSF — Gecertificeerd' });
    const r = root(baked);
    expect(r.children.slice(0, 2)).toEqual(['openbadges:credential', 'title']);
    expect(r.children.filter((c) => c === 'openbadges:credential')).toHaveLength(1);
    expect(r.first[':@']).toEqual({ verify: JWT });
    expect(r.attrs).toMatchObject({
      'xmlns:openbadges': OPENBADGES_NS,
      role: 'img',
      'aria-label': 'Klantcontact Nederland B.V. — KSF — Gecertificeerd',
    });
    expect(baked).toContain(`<openbadges:credential verify="${JWT}"/>`);
    expect(extractSvgCredentials(baked)).toEqual([JWT]);
  });

  it('without a credential: no namespace, no credential, the title first', () => {
    const baked = bakeSvg(svg, { jwt: null, title: 'Ingetrokken' });
    const r = root(baked);
    expect(r.children[0]).toBe('title');
    expect(r.attrs['xmlns:openbadges']).toBeUndefined();
    expect(r.attrs).toMatchObject({ role: 'img', 'aria-label': 'Ingetrokken' });
    expect(baked).not.toContain('credential');
    expect(extractSvgCredentials(baked)).toEqual([]);
  });

  it('escapes the title and aria-label', () => {
    const title = `<script>alert("x")</script> & 'Tom' &amp; שלום`;
    const baked = bakeSvg(svg, { jwt: JWT, title });
    expect(baked).toContain(
      '<title>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &apos;Tom&apos; &amp;amp; שלום</title>',
    );
    const r = root(baked);
    expect(r.attrs['aria-label']).toBe(title);
    expect(r.children).not.toContain('script');
  });

  it('refuses a malformed JWT, which could otherwise break out of the attribute', () => {
    for (const jwt of ['a.b.c" onload="x', 'a.b', '', 'a.b.c d', 'a..c']) {
      expect(() => bakeSvg(svg, { jwt, title: 't' })).toThrow(
        expect.objectContaining({ code: 'badge_jwt_format' }),
      );
    }
  });

  it('refuses input that is not an unbaked SVG', () => {
    const code = (input: string): string | undefined => {
      try {
        bakeSvg(input, { jwt: JWT, title: 't' });
      } catch (e) {
        return (e as SvgBadgeError).code;
      }
      return undefined;
    };
    expect(code('<html></html>')).toBe('svg_root');
    expect(code('<svgx></svgx>')).toBe('svg_root');
    expect(code('<svg/>')).toBe('svg_root');
    expect(code(bakeSvg(svg, { jwt: JWT, title: 't' }))).toBe('svg_already_baked');
    expect(code(bakeSvg(svg, { jwt: null, title: 't' }))).toBe('svg_already_baked');
  });

  it('handles a ">" inside a quoted root attribute', () => {
    const baked = bakeSvg('<svg xmlns="http://www.w3.org/2000/svg" data-x="a>b"><rect/></svg>', {
      jwt: JWT,
      title: 't',
    });
    expect(root(baked).children).toEqual(['openbadges:credential', 'title', 'rect']);
  });
});

describe('extractSvgCredentials', () => {
  it('finds credentials by namespace, whatever the prefix', () => {
    const doc = `<svg xmlns="http://www.w3.org/2000/svg" xmlns:ob="${OPENBADGES_NS}" xmlns:x="https://example.org/other">
      <ob:credential verify="${JWT}"/><x:credential verify="not-ours"/><g><ob:credential verify="a.b.c"/></g></svg>`;
    expect(extractSvgCredentials(doc)).toEqual([JWT, 'a.b.c']);
  });

  it('ignores an openbadges prefix bound to another namespace', () => {
    const doc = `<svg xmlns:openbadges="https://example.org/fake"><openbadges:credential verify="x.y.z"/></svg>`;
    expect(extractSvgCredentials(doc)).toEqual([]);
  });

  it('refuses DOCTYPEs and entity declarations without parsing them', () => {
    const bomb = `<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>
      <svg xmlns:openbadges="${OPENBADGES_NS}"><openbadges:credential verify="&b;"/></svg>`;
    expect(() => extractSvgCredentials(bomb)).toThrow(expect.objectContaining({ code: 'svg_doctype' }));
    const ext = `<!doctype svg SYSTEM "file:///etc/passwd"><svg/>`;
    expect(() => extractSvgCredentials(ext)).toThrow(expect.objectContaining({ code: 'svg_doctype' }));
  });

  it('refuses malformed XML', () => {
    for (const bad of ['<svg><g></svg>', '<svg', 'not xml at all <', '<svg a="1" a="2"/>']) {
      expect(() => extractSvgCredentials(bad), bad).toThrow(SvgBadgeError);
    }
  });

  it('decodes predefined entities in the verify value', () => {
    const doc = `<svg xmlns:openbadges="${OPENBADGES_NS}"><openbadges:credential verify="a&amp;b&#46;c"/></svg>`;
    expect(extractSvgCredentials(doc)).toEqual(['a&b.c']);
  });
});
