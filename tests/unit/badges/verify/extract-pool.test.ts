import { afterEach, describe, expect, it } from 'vitest';
import { createExtractPool, type CredentialExtractor } from '../../../../badges/verify/extract-pool.ts';
import { extractCredential } from '../../../../badges/verify/input.ts';
import { KeurmerkError } from '../../../../db/errors.ts';

const JWT = 'eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJodHRwczovL2tldXJtZXJrLmV4YW1wbGUifQ.c2lnbmF0dXJl';
const NS = 'https://purl.imsglobal.org/ob/v3p0';
const SVG = Buffer.from(
  `<svg xmlns="http://www.w3.org/2000/svg" xmlns:openbadges="${NS}" role="img" aria-label="A B.V. — KSF: Gecertificeerd"><openbadges:credential verify="${JWT}"/></svg>`,
);
// Slow to parse on purpose: many attributes (the shape that stalled the event loop).
const heavy = Buffer.from(
  `<svg xmlns="http://www.w3.org/2000/svg">${'<g '.concat(Array.from({ length: 3000 }, (_, i) => `a${i}="${i}"`).join(' '), '/>').repeat(20)}</svg>`,
);

let pool: CredentialExtractor | null = null;
afterEach(async () => {
  await pool?.close();
  pool = null;
});

describe('createExtractPool', () => {
  it('gives what extractCredential gives, from a worker thread', async () => {
    pool = createExtractPool({ size: 1, queueLimit: 4 });
    expect(await pool.extract('svg', SVG)).toEqual(extractCredential('svg', SVG));
    expect(await pool.extract('png', Buffer.from('not a png'))).toEqual(
      extractCredential('png', Buffer.from('not a png')),
    );
  });

  it('refuses with verify_busy (503, retryAfter) once the queue is full', async () => {
    pool = createExtractPool({ size: 1, queueLimit: 1 });
    const first = pool.extract('svg', heavy);
    const second = pool.extract('svg', heavy);
    const third = pool.extract('svg', heavy).catch((e: unknown) => e);
    const refused = (await third) as KeurmerkError;
    expect(refused).toBeInstanceOf(KeurmerkError);
    expect(refused.code).toBe('verify_busy');
    expect(refused.status).toBe(503);
    expect(refused.details['retryAfter']).toBeGreaterThan(0);
    expect((await first).source).toBe('svg');
    expect((await second).source).toBe('svg');
  });

  it('gives up a file that takes too long, and keeps serving', async () => {
    pool = createExtractPool({ size: 1, queueLimit: 2, timeoutMs: 1 });
    const slow = await pool.extract('svg', heavy);
    expect(slow).toMatchObject({ ok: false, source: 'svg' });
    expect(slow.ok === false && slow.detail).toContain('took longer than 1 ms');
  });
});
