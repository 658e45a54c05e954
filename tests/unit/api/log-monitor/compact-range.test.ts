import { describe, expect, it } from 'vitest';
import { leafHash, subtreesOf } from '../../../../db/log/merkle.ts';
import { CompactRange } from '../../../../api/log-monitor/compact-range.ts';
import { ReferenceTree } from '../../../helpers/tlog-reference.ts';

const entries = (n: number) => Array.from({ length: n }, (_, i) => new TextEncoder().encode(`{"n":${i}}`));
const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

const SIZES = [0, 1, 2, 3, 4, 5, 7, 8, 9, 255, 256, 257, 511, 512, 513, 1000, 1024, 1025];

describe('the monitor compact range (streaming right edge)', () => {
  const all = entries(1100);
  const ref = new ReferenceTree(all);

  it('gives the reference root at every size it passes, appending from zero', () => {
    const range = new CompactRange(0, []);
    for (let n = 0; n <= all.length; n++) {
      expect(range.size).toBe(n);
      expect(hex(range.root())).toBe(hex(ref.mth(0, n)));
      if (n < all.length) range.append(leafHash(all[n]!));
    }
  });

  for (const m of SIZES)
    it(`continues from the subtree hashes of a tree of ${m} to the reference roots beyond`, () => {
      const range = new CompactRange(
        m,
        subtreesOf(0, m).map(([h, i]) => ref.mth(i * 2 ** h, (i + 1) * 2 ** h)),
      );
      for (let n = m; n < Math.min(all.length, m + 300); n++) range.append(leafHash(all[n]!));
      const end = Math.min(all.length, m + 300);
      expect(hex(range.root())).toBe(hex(ref.mth(0, end)));
    });

  it('refuses a prefix with the wrong number of subtrees for its size', () => {
    expect(() => new CompactRange(3, [ref.mth(0, 2)])).toThrow(RangeError);
  });

  it('changes its root when one entry changes', () => {
    const range = new CompactRange(0, []);
    all
      .slice(0, 600)
      .forEach((e, i) => range.append(leafHash(i === 421 ? new TextEncoder().encode('{}') : e)));
    expect(hex(range.root())).not.toBe(hex(ref.mth(0, 600)));
  });
});
