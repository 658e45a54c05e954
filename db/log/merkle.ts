// RFC 6962 / RFC 9162 §2.1 Merkle tree hashing and the shapes of its proofs, as pure functions.
// Sizes and indexes are plain numbers (exact below 2^53); no 32-bit bit operators are used on
// them, because a log may outgrow 2^31 entries.
import { createHash } from 'node:crypto';

export const HASH_BYTES = 32;
/** C2SP tlog-tiles: a tile is a subtree of height 8, 256 hashes wide. */
export const TILE_HEIGHT = 8;
export const TILE_WIDTH = 256;

/** A half-open range [start, end) of leaf indexes. */
export type LeafRange = readonly [start: number, end: number];

/** The hash of a complete subtree of 2^height leaves, the `index`-th of that height. */
export type SubtreeHash = (height: number, index: number) => Uint8Array;

function sha256(...parts: Uint8Array[]): Uint8Array {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part);
  return new Uint8Array(hash.digest());
}

const LEAF_PREFIX = Uint8Array.of(0);
const NODE_PREFIX = Uint8Array.of(1);

/** RFC 6962 leaf hash: SHA-256(0x00 ‖ entry). */
export function leafHash(entry: Uint8Array): Uint8Array {
  return sha256(LEAF_PREFIX, entry);
}

// One 65-byte input for the usual case of two hashes: one update() instead of three, on the path
// that loads a tile's 254 inner nodes and folds a proof's right edge.
const NODE_INPUT = new Uint8Array(1 + 2 * HASH_BYTES);
NODE_INPUT[0] = 1;

/** RFC 6962 interior node hash: SHA-256(0x01 ‖ left ‖ right). */
export function nodeHash(left: Uint8Array, right: Uint8Array): Uint8Array {
  if (left.length !== HASH_BYTES || right.length !== HASH_BYTES) return sha256(NODE_PREFIX, left, right);
  NODE_INPUT.set(left, 1);
  NODE_INPUT.set(right, 1 + HASH_BYTES);
  return new Uint8Array(createHash('sha256').update(NODE_INPUT).digest());
}

/** The root of the empty tree: SHA-256 of nothing. */
export const EMPTY_ROOT: Uint8Array = sha256();

/** The largest power of two strictly below n (n ≥ 2): where RFC 6962 splits a tree. */
export function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

function isPowerOfTwo(n: number): boolean {
  return n >= 1 && 2 ** Math.round(Math.log2(n)) === n;
}

/** Root of a complete subtree over 2^h consecutive hashes of the level below (a power-of-two count). */
export function completeRoot(hashes: readonly Uint8Array[]): Uint8Array {
  if (!isPowerOfTwo(hashes.length)) throw new RangeError(`${hashes.length} hashes is not a power of two`);
  let level = hashes;
  while (level.length > 1) {
    const next: Uint8Array[] = [];
    for (let i = 0; i < level.length; i += 2) next.push(nodeHash(level[i]!, level[i + 1]!));
    level = next;
  }
  return level[0]!;
}

/**
 * The complete subtrees, largest first, whose hashes make up a range [start, end) that occurs in
 * RFC 6962 trees and proofs (start is a multiple of the range's size rounded up to a power of two).
 */
export function subtreesOf(start: number, end: number): Array<[height: number, index: number]> {
  const out: Array<[number, number]> = [];
  let at = start;
  while (at < end) {
    const size = isPowerOfTwo(end - at) ? end - at : splitPoint(end - at);
    out.push([Math.round(Math.log2(size)), at / size]);
    at += size;
  }
  return out;
}

/** RFC 6962 MTH of the leaves [start, end), from the complete subtrees `hashAt` knows. */
export function rangeHash(range: LeafRange, hashAt: SubtreeHash): Uint8Array {
  const [start, end] = range;
  if (end <= start) return EMPTY_ROOT;
  const parts = subtreesOf(start, end).map(([h, i]) => hashAt(h, i));
  // MTH splits at the largest power of two, so the tree is the parts folded from the right.
  let hash = parts.at(-1)!;
  for (let i = parts.length - 2; i >= 0; i--) hash = nodeHash(parts[i]!, hash);
  return hash;
}

/** The ranges whose MTHs form the RFC 6962 PATH(m, D[0:n]), leaf's sibling first. */
export function inclusionRanges(index: number, size: number): LeafRange[] {
  if (!(index >= 0 && index < size)) throw new RangeError(`index ${index} is not in a tree of ${size}`);
  const out: LeafRange[] = [];
  let lo = 0;
  let hi = size;
  const stack: LeafRange[] = [];
  while (hi - lo > 1) {
    const k = splitPoint(hi - lo);
    if (index < lo + k) {
      stack.push([lo + k, hi]);
      hi = lo + k;
    } else {
      stack.push([lo, lo + k]);
      lo = lo + k;
    }
  }
  // The recursion appends on the way out: the deepest sibling comes first.
  for (let i = stack.length - 1; i >= 0; i--) out.push(stack[i]!);
  return out;
}

/** The ranges whose MTHs form the RFC 9162 §2.1.4.1 consistency proof from size m to size n. */
export function consistencyRanges(m: number, n: number): LeafRange[] {
  if (!(m >= 0 && m <= n)) throw new RangeError(`no consistency proof from ${m} to ${n}`);
  if (m === 0 || m === n) return [];
  const stack: LeafRange[] = [];
  let lo = 0;
  let hi = n;
  let rel = m;
  let complete = true;
  for (;;) {
    const size = hi - lo;
    if (rel === size) {
      if (!complete) stack.push([lo, hi]);
      break;
    }
    const k = splitPoint(size);
    if (rel <= k) {
      stack.push([lo + k, hi]);
      hi = lo + k;
    } else {
      stack.push([lo, lo + k]);
      lo = lo + k;
      rel -= k;
      complete = false;
    }
  }
  return stack.reverse();
}

/** Root of a whole tree of `size` leaves, from the complete subtrees `hashAt` knows. */
export function treeRoot(size: number, hashAt: SubtreeHash): Uint8Array {
  return rangeHash([0, size], hashAt);
}
