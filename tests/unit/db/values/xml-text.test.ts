import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { xmlSafe, xmlText } from '../../../../db/values/xml-text.ts';
import { atomFeed } from '../../../../api/handlers/public-atom.ts';
import type { PublicChange } from '../../../../db/certification/changes.ts';
import { renderBadgeSvg } from '../../../../badges/render/render-svg.ts';
import { bakeSvg } from '../../../../badges/render/bake.ts';
import { loadBadgeFonts } from '../../../../badges/render/fonts.ts';
import { xmlProblem } from '../../../helpers/xml.ts';

// Hardening item 11: one U+FFFF (or C0 control, or lone surrogate) in a name or reason made the
// Atom feed not well-formed. Everything we write as XML goes through xmlSafe/xmlText.

/** Any text a name or reason can hold: binary units give lone surrogates, C0 controls, U+FFFE/F. */
const anyText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.string({ unit: 'binary-ascii', maxLength: 30 }),
  fc.string({ maxLength: 30 }),
  fc.constantFrom('\ufffe', '\uffff', 'a\u0001b', '\ud800', '\udfff\ud800', ']]>&#xFFFF;<x>', '\u202e'),
);

function change(name: string, reason: string | null, scheme: string): PublicChange {
  return {
    id: 'e1',
    kind: 'revoked',
    occurredAt: new Date('2026-11-01T12:00:00Z'),
    reason,
    publicId: 'KM-TEST',
    organisationSlug: 'x-12345678',
    organisationName: name,
    schemeSlug: 'ksf',
    schemeName: { nl: scheme, en: scheme, fr: scheme },
    schemeVersion: null,
  };
}

const feed = (changes: PublicChange[]) =>
  atomFeed(
    changes,
    {
      lang: 'en',
      title: 'Keurmerk — changes',
      entryTitle: (c) => `${c.organisationName}: ${c.schemeName.en} ${c.kind}`,
      entryLink: (c) => `https://keurmerk.example/en/organisations/${c.organisationSlug}`,
      selfUrl: 'https://keurmerk.example/en/changes.atom',
      siteUrl: 'https://keurmerk.example/en/changes',
    },
    new Date('2026-11-02T00:00:00Z'),
  );

describe('xmlSafe', () => {
  it('drops what XML 1.0 forbids and keeps everything else', () => {
    expect(xmlSafe('a\ufffeb\uffffc\u0000d\u0008e\u001ff')).toBe('abcdef');
    expect(xmlSafe('tab\tlf\ncr\r')).toBe('tab\tlf\ncr\r');
    expect(xmlSafe('lone \ud800 and \udc00')).toBe('lone \ufffd and \ufffd');
    expect(xmlSafe('emoji 😀 \ufffd \ud7ff \ue000')).toBe('emoji 😀 \ufffd \ud7ff \ue000');
    expect(xmlText(`<a href="x">&'\uffff`)).toBe('&lt;a href=&quot;x&quot;&gt;&amp;&apos;');
  });
});

describe('XML output with arbitrary user text', () => {
  beforeAll(async () => {
    await loadBadgeFonts();
  });

  it('a name or reason with U+FFFE/U+FFFF leaves the Atom feed well-formed', () => {
    const doc = feed([change('Bad\uffffName B.V.', 'reason \ufffe\u0001', 'KSF')]);
    expect(xmlProblem(doc)).toBeNull();
    expect(doc).toContain('BadName B.V.');
  });

  it('property: the Atom feed is well-formed XML for any names, reasons and scheme names', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(anyText, fc.option(anyText), anyText), { minLength: 1, maxLength: 3 }),
        (rows) => {
          const doc = feed(rows.map(([n, r, s]) => change(n, r, s)));
          expect(xmlProblem(doc), JSON.stringify(rows)).toBeNull();
        },
      ),
      { numRuns: 500 },
    );
  });

  it(
    'property: a rendered and baked badge SVG is well-formed XML for any name',
    { timeout: 120_000 },
    async () => {
      await fc.assert(
        fc.asyncProperty(anyText, anyText, async (name, scheme) => {
          const svg = await renderBadgeSvg({
            organisationName: name,
            schemeName: scheme,
            state: 'active',
            validUntil: new Date('2027-01-01T00:00:00Z'),
            registryHost: 'keurmerk.example',
            lang: 'en',
            theme: 'light',
            size: 'm',
          });
          const baked = bakeSvg(svg, { jwt: null, title: `${name} — ${scheme}` });
          expect(xmlProblem(baked), JSON.stringify([name, scheme])).toBeNull();
        }),
        { numRuns: 40 },
      );
    },
  );
});
