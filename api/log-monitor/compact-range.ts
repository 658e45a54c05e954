// The compact range of a log's first n leaves: the roots of the complete subtrees that make up
// [0, n), largest first (RFC 6962 splits at powers of two). It is all a follower needs to append
// leaves and compute the root of every size it passes, without keeping the tree.
import { EMPTY_ROOT, nodeHash } from '../../db/log/merkle.ts';

export class CompactRange {
  size: number;
  /** Subtree roots, largest (leftmost) first; subtree i spans 2^heights[i] leaves. */
  readonly #hashes: Uint8Array[];
  readonly #heights: number[];

  /** `hashes` are the roots of the complete subtrees of [0, size), largest first. */
  constructor(size: number, hashes: readonly Uint8Array[]) {
    this.size = size;
    this.#hashes = [...hashes];
    this.#heights = [];
    for (let bit = 52; bit >= 0; bit--) if (Math.floor(size / 2 ** bit) % 2 === 1) this.#heights.push(bit);
    if (this.#heights.length !== hashes.length)
      throw new RangeError(`a tree of ${size} has ${this.#heights.length} subtrees, not ${hashes.length}`);
  }

  /** Appends one leaf hash, merging equal-height subtrees as a binary counter carries. */
  append(leaf: Uint8Array): void {
    let hash = leaf;
    let height = 0;
    while (this.#heights.length > 0 && this.#heights.at(-1) === height) {
      this.#heights.pop();
      hash = nodeHash(this.#hashes.pop()!, hash);
      height++;
    }
    this.#hashes.push(hash);
    this.#heights.push(height);
    this.size++;
  }

  /** RFC 6962 MTH of [0, size): the subtrees folded from the right. */
  root(): Uint8Array {
    if (this.#hashes.length === 0) return EMPTY_ROOT;
    let hash = this.#hashes.at(-1)!;
    for (let i = this.#hashes.length - 2; i >= 0; i--) hash = nodeHash(this.#hashes[i]!, hash);
    return hash;
  }
}
