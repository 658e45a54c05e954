// Written here from the W3C Bitstring Status List specification, independent of badges/credentials/status-list.ts:
// encodedList = "u" (multibase base64url, no padding) + GZIP of the bitstring, where index 0 is the
// most significant bit of the first byte. Lists hold at least 131,072 entries.

const MIN_ENTRIES = 131_072;

/** The raw bitstring of an `encodedList`. */
export async function statusListBits(encodedList: string): Promise<Uint8Array> {
  if (!encodedList.startsWith('u')) throw new Error('encodedList is not multibase base64url ("u…")');
  const gz = Buffer.from(encodedList.slice(1), 'base64url');
  const stream = new Blob([gz]).stream().pipeThrough(new DecompressionStream('gzip'));
  const bits = new Uint8Array(await new Response(stream).arrayBuffer());
  if (bits.length * 8 < MIN_ENTRIES) throw new Error(`status list too short: ${bits.length * 8} entries`);
  return bits;
}

/** The bit at `index` (0 or 1). */
export function bitAt(bits: Uint8Array, index: number): number {
  if (!Number.isInteger(index) || index < 0 || index >= bits.length * 8) {
    throw new RangeError(`status index ${index} is outside the list`);
  }
  return (bits[Math.floor(index / 8)]! >> (7 - (index % 8))) & 1;
}

/** Every index whose bit is set, ascending. */
export function setIndexes(bits: Uint8Array): number[] {
  const out: number[] = [];
  for (let byte = 0; byte < bits.length; byte++) {
    if (bits[byte] === 0) continue;
    for (let bit = 0; bit < 8; bit++) if ((bits[byte]! >> (7 - bit)) & 1) out.push(byte * 8 + bit);
  }
  return out;
}
