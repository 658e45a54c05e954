import { randomInt } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateSigningKey } from '../../../../badges/credentials/key-generation.ts';
import type { SigningKey } from '../../../../badges/credentials/signing-key.ts';
import {
  buildStatusListCredential,
  decodeStatusList,
  encodeStatusList,
  isBitSet,
  pickRandomIndex,
  signStatusListCredential,
  STATUS_LIST_SIZE,
} from '../../../../badges/credentials/status-list.ts';

const PUBLIC_URL = 'https://keurmerk.example';

/**
 * Written from Bitstring Status List v1.0 §3 alone: multibase "u" prefix, base64url without
 * padding, GZIP, then the bit at index i is bit (7 - i % 8) of byte i / 8 (most significant first).
 */
function specDecode(encodedList: string): { bytes: Buffer; bit: (index: number) => 0 | 1 } {
  expect(encodedList[0]).toBe('u');
  expect(encodedList).toMatch(/^u[A-Za-z0-9_-]+$/); // base64url alphabet, no "=" padding
  const bytes = gunzipSync(Buffer.from(encodedList.slice(1), 'base64url'));
  const bit = (index: number) => ((bytes[Math.floor(index / 8)]! >> (7 - (index % 8))) & 1) as 0 | 1;
  return { bytes, bit };
}

describe('encodeStatusList', () => {
  it('sets exactly the given bits, most significant bit first, in a 131,072-bit list', () => {
    expect(STATUS_LIST_SIZE).toBe(131_072);
    const set = new Set([0, 7, 8, 131_071]);
    while (set.size < 104) set.add(randomInt(STATUS_LIST_SIZE));
    const { bytes, bit } = specDecode(encodeStatusList(set));
    expect(bytes.length).toBe(16 * 1024);
    expect(bytes[0]).toBe(0b1000_0001); // indexes 0 and 7
    expect(bytes[1]! & 0x80).toBe(0x80); // index 8
    expect(bytes[16_383]! & 1).toBe(1); // index 131,071
    const ones: number[] = [];
    for (let index = 0; index < STATUS_LIST_SIZE; index++) if (bit(index)) ones.push(index);
    expect(ones).toEqual([...set].sort((a, b) => a - b));
  });

  it('an empty list is all zeros and compresses to a few dozen characters', () => {
    const encoded = encodeStatusList([]);
    const { bytes } = specDecode(encoded);
    expect(bytes.every((byte) => byte === 0)).toBe(true);
    expect(encoded.length).toBeLessThan(200);
  });

  it('refuses indexes outside the list', () => {
    expect(() => encodeStatusList([STATUS_LIST_SIZE])).toThrow(RangeError);
    expect(() => encodeStatusList([-1])).toThrow(RangeError);
    expect(() => encodeStatusList([1.5])).toThrow(RangeError);
  });
});

describe('decodeStatusList / isBitSet', () => {
  it('agrees with the spec decoder', () => {
    const set = [0, 3, 9, 4242, 131_071];
    const encoded = encodeStatusList(set);
    const bits = decodeStatusList(encoded);
    const { bit } = specDecode(encoded);
    for (const index of [...set, 1, 2, 8, 4241, 131_070])
      expect(isBitSet(bits, index)).toBe(bit(index) === 1);
    expect(() => isBitSet(bits, STATUS_LIST_SIZE)).toThrow(RangeError);
  });

  it('decodes a list another issuer encoded (padding-free base64url of any gzip)', () => {
    const bytes = new Uint8Array(16 * 1024);
    bytes[2] = 0b0010_0000; // index 18
    const encoded = `u${gzipSync(bytes, { level: 1 }).toString('base64url')}`;
    const bits = decodeStatusList(encoded);
    expect(isBitSet(bits, 18)).toBe(true);
    expect(isBitSet(bits, 17)).toBe(false);
  });

  it.each([
    ['no multibase prefix', 'H4sIAAAAAAAA'],
    ['not base64url', 'u$$$'],
    ['not gzip', `u${Buffer.from('plain bytes').toString('base64url')}`],
    ['a gzip bomb', `u${gzipSync(Buffer.alloc(17 * 1024 * 1024)).toString('base64url')}`],
  ])('refuses %s with status_list_invalid', (_, encoded) => {
    expect(() => decodeStatusList(encoded)).toThrow(expect.objectContaining({ code: 'status_list_invalid' }));
  });
});

describe('pickRandomIndex', () => {
  it('never collides with an index already taken', () => {
    const taken = new Set<number>();
    for (let i = 0; i < 20_000; i++) {
      const index = pickRandomIndex((candidate) => taken.has(candidate));
      expect(taken.has(index)).toBe(false);
      expect(index).toBeGreaterThanOrEqual(0);
      expect(index).toBeLessThan(STATUS_LIST_SIZE);
      taken.add(index);
    }
    expect(taken.size).toBe(20_000);
  });

  it('picks indexes that say nothing about issue order', () => {
    const picks: number[] = [];
    for (let i = 0; i < 100; i++) picks.push(pickRandomIndex((candidate) => picks.includes(candidate)));
    expect(picks).not.toEqual([...picks].sort((a, b) => a - b));
    expect(Math.max(...picks)).toBeGreaterThan(STATUS_LIST_SIZE / 2);
  });

  it('fills a small list completely, then throws status_list_full', () => {
    const size = 64;
    const taken = new Set<number>();
    for (let i = 0; i < size; i++) taken.add(pickRandomIndex((c) => taken.has(c), undefined, size));
    expect(taken.size).toBe(size);
    expect(() => pickRandomIndex((c) => taken.has(c), undefined, size)).toThrow(
      expect.objectContaining({ code: 'status_list_full', status: 503 }),
    );
  });

  it('finds the last free index even when every random draw misses', () => {
    const stuckRandom = () => 5;
    expect(pickRandomIndex((c) => c !== 3, stuckRandom, 64)).toBe(3);
  });
});

describe('status list credential', () => {
  let key: SigningKey;
  beforeAll(async () => {
    key = await generateSigningKey('RS256', PUBLIC_URL);
  });

  const issuer = {
    id: `${PUBLIC_URL}/issuers/ksf`,
    type: ['Profile'] as ['Profile'],
    name: 'Klantenservice Federatie',
    url: PUBLIC_URL,
  };

  it('builds a BitstringStatusListCredential with ttl in milliseconds', () => {
    const encodedList = encodeStatusList([42]);
    const vc = buildStatusListCredential({
      publicUrl: PUBLIC_URL,
      listNumber: 3,
      encodedList,
      issuer,
      validFrom: new Date('2026-02-03T04:05:06.700Z'),
      ttlSeconds: 300,
    });
    expect(vc).toStrictEqual({
      '@context': ['https://www.w3.org/ns/credentials/v2'],
      id: 'https://keurmerk.example/status/3',
      type: ['VerifiableCredential', 'BitstringStatusListCredential'],
      issuer,
      validFrom: '2026-02-03T04:05:06Z',
      credentialSubject: {
        id: 'https://keurmerk.example/status/3#list',
        type: 'BitstringStatusList',
        statusPurpose: 'revocation',
        encodedList,
        ttl: 300_000,
      },
    });
    const withoutTtl = buildStatusListCredential({
      publicUrl: PUBLIC_URL,
      listNumber: 1,
      encodedList,
      issuer,
      validFrom: new Date(0),
    });
    expect(withoutTtl.credentialSubject).not.toHaveProperty('ttl');
  });

  it('signs it as a VC-JWT with header {alg, kid, typ} that WebCrypto verifies', async () => {
    const vc = buildStatusListCredential({
      publicUrl: PUBLIC_URL,
      listNumber: 1,
      encodedList: encodeStatusList([7]),
      issuer,
      validFrom: new Date('2026-02-03T04:05:06Z'),
    });
    const token = await signStatusListCredential(vc, key);
    const [h = '', p = '', s = ''] = token.split('.');
    expect(JSON.parse(Buffer.from(h, 'base64url').toString())).toStrictEqual({
      alg: 'RS256',
      kid: key.kid,
      typ: 'JWT',
    });
    const payload = JSON.parse(Buffer.from(p, 'base64url').toString());
    expect(payload).toStrictEqual({ ...vc, iss: issuer.id, jti: vc.id, nbf: 1770091506, iat: 1770091506 });
    expect(specDecode(payload.credentialSubject.encodedList).bit(7)).toBe(1);
    const params = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' };
    const publicKey = await crypto.subtle.importKey('jwk', key.publicJwk, params, false, ['verify']);
    const ok = await crypto.subtle.verify(
      params,
      publicKey,
      Buffer.from(s, 'base64url'),
      Buffer.from(`${h}.${p}`),
    );
    expect(ok).toBe(true);
  });
});
