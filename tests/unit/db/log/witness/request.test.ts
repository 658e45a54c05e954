import { describe, expect, it } from 'vitest';
import { KeurmerkError } from '../../../../../db/errors.ts';
import {
  formatAddCheckpoint,
  MAX_ADD_CHECKPOINT_BYTES,
  parseAddCheckpoint,
} from '../../../../../db/log/witness/request.ts';

const enc = (text: string) => new TextEncoder().encode(text);
// The example request body of tlog-witness.md.
const SPEC_EXAMPLE = `old 20852014
PlRNCrwHpqhGrupue0L7gxbjbMiKA9temvuZZDDpkaw=
jrJZDmY8Y7SyJE0MWLpLozkIVMSMZcD5kvuKxPC3swk=
5+pKlUdi2LeF/BcMHBn+Ku6yhPGNCswZZD1X/6QgPd8=
/6WVhPs2CwSsb5rYBH5cjHV/wSmA79abXAwhXw3Kj/0=

example.com/behind-the-sofa
20852163
CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=

— example.com/behind-the-sofa Az3grlgtzPICa5OS8npVmf1Myq/5IZniMp+ZJurmRDeOoRDe4URYN7u5/Zhcyv2q1gGzGku9nTo+zyWE+xeMcTOAYQ8=
— example.com/behind-the-sofa opLqBQsREYCgu6xQkYQwJr9fo45a62DN9EdmHXnZdXNqlcVGlCum2Wks+49/V6267UEjw6QUXTS5Rovnzv++qbSzm9Q=
`;

function code(text: string): string {
  try {
    parseAddCheckpoint(enc(text));
  } catch (error) {
    if (error instanceof KeurmerkError) return `${error.code}: ${error.message}`;
    throw error;
  }
  return 'accepted';
}

describe('parseAddCheckpoint', () => {
  it('reads the spec example: old size, four proof hashes, the signed checkpoint', () => {
    const request = parseAddCheckpoint(enc(SPEC_EXAMPLE));
    expect(request.oldSize).toBe(20852014);
    expect(request.proof.map((h) => Buffer.from(h).toString('base64'))).toEqual(
      SPEC_EXAMPLE.split('\n').slice(1, 5),
    );
    expect(request.note).toBe(SPEC_EXAMPLE.slice(SPEC_EXAMPLE.indexOf('example.com')));
    // Formatting gives the same bytes back.
    expect(formatAddCheckpoint(request.oldSize, request.proof, request.note)).toBe(SPEC_EXAMPLE);
  });

  it('reads an empty proof from old size 0', () => {
    const request = parseAddCheckpoint(enc('old 0\n\norigin\n0\nx\n\n— k sig\n'));
    expect([request.oldSize, request.proof.length, request.note]).toEqual([
      0,
      0,
      'origin\n0\nx\n\n— k sig\n',
    ]);
  });

  it.each([
    ['', /no old size line/],
    ['old 5', /no old size line/],
    ['old 05\n\nx', /"old <size>"/],
    ['old -1\n\nx', /"old <size>"/],
    ['Old 5\n\nx', /"old <size>"/],
    ['old 5 \n\nx', /"old <size>"/],
    ['old 5\nAAAA\n\nx', /Proof line 1/],
    ['old 5\nPlRNCrwHpqhGrupue0L7gxbjbMiKA9temvuZZDDpkaw=\n', /empty line/],
    ['old 5\n\n', /no checkpoint/],
    [`old 5\n${'PlRNCrwHpqhGrupue0L7gxbjbMiKA9temvuZZDDpkaw=\n'.repeat(64)}\nx`, /63/],
  ])('refuses %j', (text, message) => {
    expect(code(text)).toMatch(/^witness_bad_request: /);
    expect(code(text)).toMatch(message);
  });

  it('refuses bodies that are not UTF-8 or too large', () => {
    expect(() => parseAddCheckpoint(Uint8Array.of(0x6f, 0x6c, 0x64, 0x20, 0xff, 0x0a))).toThrow(/UTF-8/);
    expect(() => parseAddCheckpoint(new Uint8Array(MAX_ADD_CHECKPOINT_BYTES + 1))).toThrow(/too large/);
  });
});
