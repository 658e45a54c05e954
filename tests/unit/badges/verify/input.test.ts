import { describe, expect, it } from 'vitest';
import { extractCredential, sniffSource, svgAccessibleName } from '../../../../badges/verify/input.ts';
import { checkBadgeSubject, organisationNameOf } from '../../../../badges/verify/binding.ts';
import { judgeReferer } from '../../../../badges/verify/referer.ts';
import { bakePng, chunkBytes as chunk } from '../../../../badges/render/png-chunks.ts';
import { formatReport } from '../../../../badges/verify/text.ts';

const JWT = 'eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJodHRwczovL2tldXJtZXJrLmV4YW1wbGUifQ.c2lnbmF0dXJl';
const NS = 'https://purl.imsglobal.org/ob/v3p0';
const svg = (body: string, label = 'Voorbeeld B.V. — KSF: Gecertificeerd') =>
  `<svg xmlns="http://www.w3.org/2000/svg" xmlns:openbadges="${NS}" role="img" aria-label="${label}">${body}<title>${label}</title><rect width="1" height="1"/></svg>`;
const bytes = (text: string) => Buffer.from(text, 'utf8');

// A 1×1 PNG built by hand: signature, IHDR, IDAT, IEND.
const IHDR = Buffer.from([0, 0, 0, 1, 0, 0, 0, 1, 8, 0, 0, 0, 0]);
const IDAT = Buffer.from('789c63000100000500010d0a2db4', 'hex');
const PNG = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  chunk('IHDR', IHDR),
  chunk('IDAT', IDAT),
  chunk('IEND', Buffer.alloc(0)),
]);

describe('extractCredential', () => {
  it('finds the one credential of a token, an SVG and a PNG', () => {
    expect(extractCredential('jwt', bytes(` ${JWT}\n`))).toEqual({ ok: true, source: 'jwt', token: JWT });
    expect(extractCredential('svg', bytes(svg(`<openbadges:credential verify="${JWT}"/>`)))).toEqual({
      ok: true,
      source: 'svg',
      token: JWT,
      accessibleName: 'Voorbeeld B.V. — KSF: Gecertificeerd',
    });
    expect(extractCredential('png', bakePng(PNG, JWT))).toEqual({ ok: true, source: 'png', token: JWT });
  });

  type Attack = [string, 'svg' | 'png' | 'jwt', () => Uint8Array, RegExp];
  const bomb =
    '<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa">' +
    Array.from(
      { length: 9 },
      (_, i) => `<!ENTITY ${String.fromCharCode(98 + i)} "${`&${String.fromCharCode(97 + i)};`.repeat(10)}">`,
    ).join('') +
    `]>${svg('<openbadges:credential verify="&j;"/>')}`;
  const attacks: Attack[] = [
    ['an XML entity bomb', 'svg', () => bytes(bomb), /DOCTYPE or entity/],
    [
      'an external entity',
      'svg',
      () =>
        bytes(
          `<!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]>${svg('<openbadges:credential verify="&x;"/>')}`,
        ),
      /DOCTYPE or entity/,
    ],
    [
      'an entity declared without a DOCTYPE',
      'svg',
      () => bytes(`<!ENTITY x "y">${svg('')}`),
      /DOCTYPE or entity/,
    ],
    [
      'two credential elements',
      'svg',
      () => bytes(svg(`<openbadges:credential verify="${JWT}"/><openbadges:credential verify="${JWT}"/>`)),
      /2 credentials; a baked badge carries exactly one/,
    ],
    ['no credential', 'svg', () => bytes(svg('')), /carries no Open Badges credential/],
    ['malformed XML', 'svg', () => bytes('<svg><g></svg>'), /not well-formed/],
    ['SVG that is not UTF-8', 'svg', () => Buffer.from([0x3c, 0x73, 0xff, 0xfe]), /not UTF-8/],
    [
      'a truncated PNG',
      'png',
      () => bakePng(PNG, JWT).subarray(0, 60),
      /ends before|longer than the remaining/,
    ],
    [
      'a PNG chunk longer than the file',
      'png',
      () => {
        const png = Buffer.from(bakePng(PNG, JWT));
        png.writeUInt32BE(1_000_000, 8 + 25); // the IDAT length field
        return png;
      },
      /longer than the remaining file/,
    ],
    [
      'a PNG chunk length above the PNG maximum',
      'png',
      () => {
        const png = Buffer.from(bakePng(PNG, JWT));
        png.writeUInt32BE(0x80000000, 8 + 25);
        return png;
      },
      /exceeds the PNG maximum/,
    ],
    [
      'a PNG with a wrong CRC',
      'png',
      () => {
        const png = Buffer.from(bakePng(PNG, JWT));
        png.writeUInt8(png.readUInt8(png.length - 20) ^ 0xff, png.length - 20);
        return png;
      },
      /wrong CRC/,
    ],
    [
      'two PNG credential chunks',
      'png',
      () => {
        const once = bakePng(PNG, JWT);
        const text = Buffer.concat([
          Buffer.from('openbadgecredential', 'latin1'),
          Buffer.alloc(5),
          Buffer.from(JWT),
        ]);
        return Buffer.concat([
          once.subarray(0, once.length - 12),
          chunk('iTXt', text),
          once.subarray(once.length - 12),
        ]);
      },
      /2 credentials/,
    ],
    ['not a PNG at all', 'png', () => bytes('GIF89a'), /signature is missing/],
    ['a token that is not UTF-8', 'jwt', () => Buffer.from([0xc3, 0x28]), /not UTF-8/],
  ];

  it.each(attacks.map(([name, source, make, detail]) => ({ name, source, make, detail })))(
    '$name → a failed extraction, never an exception',
    ({ source, make, detail }) => {
      const started = performance.now();
      const result = extractCredential(source, make());
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.detail).toMatch(detail);
      expect(performance.now() - started).toBeLessThan(1000); // nothing was expanded
    },
  );

  it('tells a PNG, an SVG and a token apart by their bytes', () => {
    expect(sniffSource(PNG)).toBe('png');
    expect(sniffSource(bytes('\ufeff \n<svg/>'))).toBe('svg');
    expect(sniffSource(bytes(JWT))).toBe('jwt');
  });
});

describe('svgAccessibleName', () => {
  it('reads the aria-label, else the title, decoding predefined entities only', () => {
    expect(svgAccessibleName(svg('', 'A &amp; B — KSF: Gecertificeerd'))).toBe('A & B — KSF: Gecertificeerd');
    expect(svgAccessibleName(`<svg xmlns="http://www.w3.org/2000/svg"><title>T &#x263A;</title></svg>`)).toBe(
      'T ☺',
    );
    expect(svgAccessibleName('<svg xmlns="http://www.w3.org/2000/svg"/>')).toBeNull();
  });
});

describe('checkBadgeSubject', () => {
  const payload = {
    name: 'KSF service promises: Voorbeeld B.V.',
    credentialSubject: { achievement: { name: 'KSF service promises' } },
  };

  it('reads the holder from the signed credential name', () => {
    expect(organisationNameOf(payload)).toBe('Voorbeeld B.V.');
    expect(organisationNameOf({ name: 'x' })).toBeUndefined();
  });

  it('accepts a badge that names the holder, refuses one that names another organisation', () => {
    expect(checkBadgeSubject('Voorbeeld B.V. — KSF: Gecertificeerd', ['Voorbeeld B.V.']).ok).toBe(true);
    const other = checkBadgeSubject('Nep Winkel B.V. — KSF: Gecertificeerd', ['Voorbeeld B.V.']);
    expect(other).toMatchObject({ name: 'badge_subject', ok: false });
    expect(other.detail).toContain('Nep Winkel B.V.');
    // A name that merely starts with the holder's name is another organisation.
    expect(checkBadgeSubject('Voorbeeld B.V. Namaak — KSF: Gecertificeerd', ['Voorbeeld B.V.']).ok).toBe(
      false,
    );
    expect(checkBadgeSubject(null, ['Voorbeeld B.V.']).ok).toBe(false);
  });

  it('accepts the registry name when the organisation was renamed after issuing', () => {
    expect(
      checkBadgeSubject('Nieuwe Naam B.V. — KSF: Gecertificeerd', ['Voorbeeld B.V.', 'Nieuwe Naam B.V.']).ok,
    ).toBe(true);
  });
});

describe('judgeReferer', () => {
  const domains = ['shop.example.nl', 'localhost'];
  const ours = 'https://keurmerk.example';
  it('recognises registered domains and their subdomains', () => {
    expect(judgeReferer('https://shop.example.nl/checkout?x=1', domains, ours)).toEqual({
      kind: 'registered',
      host: 'shop.example.nl',
      domain: 'shop.example.nl',
    });
    expect(judgeReferer('https://www.shop.example.nl/', domains, ours)).toMatchObject({
      kind: 'registered',
      domain: 'shop.example.nl',
    });
    expect(judgeReferer('http://localhost:8080/', domains, ours)).toMatchObject({
      kind: 'registered',
      host: 'localhost',
    });
  });

  it('warns about every other host, including look-alikes', () => {
    for (const referer of [
      'https://fake-shop.example/',
      'https://shop.example.nl.evil.example/',
      'https://example.nl/',
      'http://127.0.0.1:9999/',
    ]) {
      expect(judgeReferer(referer, domains, ours).kind).toBe('unregistered');
    }
  });

  it('says nothing for no Referer, our own pages, or non-web referrers', () => {
    expect(judgeReferer(null, domains, ours)).toEqual({ kind: 'none' });
    expect(judgeReferer('not a url', domains, ours)).toEqual({ kind: 'none' });
    expect(judgeReferer('android-app://com.example/', domains, ours)).toEqual({ kind: 'none' });
    expect(judgeReferer('https://keurmerk.example/search?q=x', domains, ours)).toEqual({ kind: 'own' });
  });
});

describe('formatReport', () => {
  it('never lets a detail write terminal escapes', () => {
    const text = formatReport(
      {
        verdict: 'invalid',
        reasons: [],
        checks: [
          { name: 'format', ok: false, detail: 'members other than alg: \u001b[2J\u001b]0;pwned\u0007' },
        ],
        source: 'jwt',
        credential: null,
        certification: null,
        checkedAt: new Date(0),
      },
      'note',
    );
    expect(text).toMatch(/^INVALID/);
    expect(text).not.toMatch(/[\u0000-\u0009\u000b-\u001f]/);
  });
});

describe('the accessible name as a browser computes it', () => {
  const A = 'Voorbeeld B.V. — KSF: Gecertificeerd';
  const B = 'Nep Winkel B.V. — KSF: Gecertificeerd';
  const root = (attrs: string, body: string) =>
    `<svg xmlns="http://www.w3.org/2000/svg" xmlns:openbadges="${NS}" role="img" ${attrs}><openbadges:credential verify="${JWT}"/>${body}</svg>`;
  const extracted = (doc: string) => extractCredential('svg', bytes(doc));

  it('puts aria-labelledby first, reading the referenced elements in order', () => {
    const doc = root(
      `aria-labelledby="n1  n2" aria-label="${A}"`,
      `<title>${A}</title><text id="n2">KSF: Gecertificeerd</text><g id="n1"><text>Nep Winkel B.V. —</text><!-- skipped --></g>`,
    );
    expect(extracted(doc)).toMatchObject({ ok: true, accessibleName: B, otherNames: [A] });
    // A referenced element's own aria-label wins over its text.
    const labelled = root('aria-labelledby="x"', `<g id="x" aria-label="${B}"><text>${A}</text></g>`);
    expect(svgAccessibleName(labelled)).toBe(B);
  });

  it('falls back to aria-label and title when the references name nothing', () => {
    expect(extracted(root(`aria-labelledby="missing" aria-label="${A}"`, `<title>${A}</title>`))).toEqual({
      ok: true,
      source: 'svg',
      token: JWT,
      accessibleName: A,
    });
    expect(svgAccessibleName(root('aria-labelledby="e"', `<title>${A}</title><g id="e"> </g>`))).toBe(A);
  });

  it('keeps every naming source that disagrees', () => {
    expect(extracted(root(`aria-label="${A}"`, `<title>${B}</title>`))).toMatchObject({
      accessibleName: A,
      otherNames: [B],
    });
    // Only the first <title> child names the SVG; white space is collapsed as browsers do.
    expect(
      extracted(
        root(
          `aria-label="${A}"`,
          `<title>  Voorbeeld B.V. —\n KSF: Gecertificeerd</title><title>${B}</title>`,
        ),
      ),
    ).not.toHaveProperty('otherNames');
  });

  it('fails badge_subject when any naming source names another organisation', () => {
    const holder = ['Voorbeeld B.V.'];
    expect(checkBadgeSubject(A, holder, []).ok).toBe(true);
    const mixed = checkBadgeSubject(A, holder, [B]);
    expect(mixed).toMatchObject({ name: 'badge_subject', ok: false });
    expect(mixed.detail).toContain('Nep Winkel B.V.');
    expect(checkBadgeSubject(B, holder, [A]).ok).toBe(false);
  });
});
