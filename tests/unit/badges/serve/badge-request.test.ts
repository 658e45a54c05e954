import { describe, expect, it } from 'vitest';
import { parseBadgeRequest, pickEncoding } from '../../../../badges/serve/badge-request.ts';
import { cacheControl } from '../../../../api/http/cache-policy.ts';
import { embedSnippets } from '../../../../badges/serve/embed-snippet.ts';

describe('parseBadgeRequest', () => {
  it('reads id, format and options', () => {
    expect(parseBadgeRequest('abcdefgh2345.png', '?theme=dark&lang=fr&size=l')).toEqual({
      ok: true,
      publicId: 'abcdefgh2345',
      variant: { format: 'png', theme: 'dark', lang: 'fr', size: 'l' },
    });
  });
  it('falls back to defaults for unknown values', () => {
    expect(parseBadgeRequest('abcdefgh2345.svg', '?theme=neon&lang=de&size=0&other=1')).toMatchObject({
      ok: true,
      variant: { theme: 'light', lang: 'nl', size: 'm' },
    });
  });
  it('keeps the options of an id that cannot exist, for its not-found badge', () => {
    expect(parseBadgeRequest('<script>.svg', '?lang=en')).toMatchObject({
      ok: false,
      reason: 'bad_path',
      variant: { lang: 'en' },
    });
    expect(parseBadgeRequest('abcdefgh2345.gif', '')).toEqual({
      ok: false,
      reason: 'bad_path',
      variant: null,
    });
  });
  it('refuses an absurd query', () => {
    expect(parseBadgeRequest('abcdefgh2345.svg', `?x=${'a'.repeat(600)}`)).toEqual({
      ok: false,
      reason: 'query_too_long',
    });
  });
});

describe('pickEncoding', () => {
  it.each([
    ['gzip, deflate, br', 'br'],
    ['gzip', 'gzip'],
    ['br;q=0, gzip;q=0.5', 'gzip'],
    ['*', 'br'],
    ['identity', null],
    [null, null],
    ['gzip;q=0', null],
  ] as const)('%s → %s', (header, expected) => {
    expect(pickEncoding(header)).toBe(expected);
  });
});

describe('cacheControl', () => {
  it('bounds badge caching by the configured max-age and never allows stale serving', () => {
    expect(cacheControl('badge', 60)).toBe('public, max-age=60, must-revalidate');
    expect(cacheControl('badge', 0)).toBe('no-cache');
    expect(cacheControl('status-list', 120)).toBe('public, max-age=120, must-revalidate');
    expect(cacheControl('not-found-badge', 600)).toBe('public, max-age=30');
    expect(cacheControl('verify', 60)).toBe('no-store');
    for (const kind of ['badge', 'status-list', 'keys'] as const)
      expect(cacheControl(kind, 60)).not.toContain('stale');
  });
});

describe('embedSnippets', () => {
  const snippets = embedSnippets({
    publicUrl: 'https://keurmerk.example',
    publicId: 'abcdefgh2345',
    alt: 'Bakker & Zn "B.V." <test> — KSF: gecertificeerd',
    lang: 'nl',
  });
  it('wraps the image in a link to the verify page with alt, width and height', () => {
    expect(snippets.html).toBe(
      '<a href="https://keurmerk.example/verify/abcdefgh2345"><img src="https://keurmerk.example/badges/abcdefgh2345.svg?theme=light&amp;lang=nl&amp;size=m" alt="Bakker &amp; Zn &quot;B.V.&quot; &lt;test&gt; — KSF: gecertificeerd" width="296" height="100"></a>',
    );
  });
  it('offers a dark variant and a PNG for e-mail', () => {
    expect(snippets.picture).toContain('media="(prefers-color-scheme: dark)"');
    expect(snippets.picture).toContain('theme=dark');
    expect(snippets.emailHtml).toContain('.png?theme=light');
    expect(snippets.pngUrl).toBe(
      'https://keurmerk.example/badges/abcdefgh2345.png?theme=light&lang=nl&size=m',
    );
  });
});
