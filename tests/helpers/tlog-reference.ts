// An outside verifier of the transparency log, written for the tests from the texts alone
// (RFC 9162 §2.1, C2SP signed-note, tlog-checkpoint, tlog-tiles, tlog-proof) and sharing no code
// with db/log/: it recomputes by the RFC's recursive definitions what the registry stores and serves.
import { createHash, createPublicKey, verify } from 'node:crypto';

const sha = (...parts: Uint8Array[]) => {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return h.digest();
};

/** A tree over given entries, answering MTH(D[lo:hi]) with memoised recursion (RFC 9162 §2.1.1). */
export class ReferenceTree {
  readonly leaves: Buffer[];
  readonly #memo = new Map<string, Buffer>();
  constructor(entries: readonly Uint8Array[]) {
    this.leaves = entries.map((e) => sha(Buffer.of(0), e));
  }
  get size(): number {
    return this.leaves.length;
  }
  /** MTH({d(lo), …, d(hi-1)}). */
  mth(lo: number, hi: number): Buffer {
    const n = hi - lo;
    if (n === 0) return sha();
    if (n === 1) return this.leaves[lo]!;
    const key = `${lo}:${hi}`;
    const hit = this.#memo.get(key);
    if (hit) return hit;
    let k = 1;
    while (k * 2 < n) k *= 2;
    const out = sha(Buffer.of(1), this.mth(lo, lo + k), this.mth(lo + k, hi));
    this.#memo.set(key, out);
    return out;
  }
  /** PATH(m, D[lo:hi]) of RFC 9162 §2.1.3.1 (m absolute). */
  path(m: number, lo = 0, hi = this.size): Buffer[] {
    const n = hi - lo;
    if (n === 1) return [];
    let k = 1;
    while (k * 2 < n) k *= 2;
    return m - lo < k
      ? [...this.path(m, lo, lo + k), this.mth(lo + k, hi)]
      : [...this.path(m, lo + k, hi), this.mth(lo, lo + k)];
  }
  /** PROOF(m, D[0:n]) of RFC 9162 §2.1.4.1. */
  consistency(m: number, n: number): Buffer[] {
    const sub = (m: number, lo: number, hi: number, b: boolean): Buffer[] => {
      const size = hi - lo;
      if (m === size) return b ? [] : [this.mth(lo, hi)];
      let k = 1;
      while (k * 2 < size) k *= 2;
      return m <= k
        ? [...sub(m, lo, lo + k, b), this.mth(lo + k, hi)]
        : [...sub(m - k, lo + k, hi, false), this.mth(lo, lo + k)];
    };
    if (m === 0 || m === n) return [];
    return sub(m, 0, n, true);
  }
  /** tlog-tiles: hash i of tile n at level l is MTH(D[(n·256+i)·256^l : (n·256+i+1)·256^l]). */
  tile(level: number, n: number, width: number): Buffer {
    const span = 256 ** level;
    const parts: Buffer[] = [];
    for (let i = 0; i < width; i++) parts.push(this.mth((n * 256 + i) * span, (n * 256 + i + 1) * span));
    return Buffer.concat(parts);
  }
}

/** RFC 9162 §2.1.3.2, step by step. */
export function referenceVerifyInclusion(
  index: number,
  size: number,
  leaf: Uint8Array,
  proof: Uint8Array[],
  root: Uint8Array,
): boolean {
  if (index >= size) return false;
  let fn = index;
  let sn = size - 1;
  let r = Buffer.from(leaf);
  for (const p of proof) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      r = sha(Buffer.of(1), p, r);
      if (fn % 2 === 0)
        while (!(fn % 2 === 1 || fn === 0)) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
    } else r = sha(Buffer.of(1), r, p);
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 && r.equals(root);
}

/** RFC 9162 §2.1.4.2, step by step (first < second, first > 0). */
export function referenceVerifyConsistency(
  first: number,
  second: number,
  firstHash: Uint8Array,
  secondHash: Uint8Array,
  proof: Uint8Array[],
): boolean {
  if (proof.length === 0) return false;
  const path = Number.isInteger(Math.log2(first)) ? [firstHash, ...proof] : [...proof];
  let fn = first - 1;
  let sn = second - 1;
  while (fn % 2 === 1) {
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  let fr = Buffer.from(path[0]!);
  let sr = Buffer.from(path[0]!);
  for (const c of path.slice(1)) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      fr = sha(Buffer.of(1), c, fr);
      sr = sha(Buffer.of(1), c, sr);
      if (fn % 2 === 0)
        while (!(fn % 2 === 1 || fn === 0)) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
    } else sr = sha(Buffer.of(1), sr, c);
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 && fr.equals(firstHash) && sr.equals(secondHash);
}

/** A parsed vkey (signed-note.md "Verifier keys"), checked: the id is the hash the spec defines. */
export function referenceVkey(vkey: string): { name: string; id: Buffer; key: Buffer } {
  // "three parts separated by a plus": name and hex id hold none, the base64 part may.
  const [name, idHex, ...rest] = vkey.split('+');
  const material = rest.join('+');
  if (!name || !idHex || !material) throw new Error(`not a vkey: ${vkey}`);
  const bytes = Buffer.from(material, 'base64');
  if (bytes[0] !== 0x01 || bytes.length !== 33) throw new Error('not an Ed25519 vkey');
  const key = bytes.subarray(1);
  const id = sha(Buffer.from(name), Buffer.of(0x0a, 0x01), key).subarray(0, 4);
  if (id.toString('hex') !== idHex) throw new Error('vkey id does not match its key');
  return { name, id, key };
}

/** Opens a signed checkpoint with one vkey: its text, parsed, when that key's signature verifies. */
export function referenceOpenCheckpoint(
  note: string,
  vkey: string,
): { origin: string; size: number; root: Buffer; text: string } {
  const { name, id, key } = referenceVkey(vkey);
  const split = note.lastIndexOf('\n\n');
  const text = note.slice(0, split + 1);
  const signatures = note
    .slice(split + 2)
    .split('\n')
    .filter(Boolean);
  const mine = signatures
    .map((line) => /^— (\S+) (\S+)$/.exec(line))
    .map((m) => (m ? { name: m[1]!, sig: Buffer.from(m[2]!, 'base64') } : null))
    .find((s) => s && s.name === name && s.sig.subarray(0, 4).equals(id));
  if (!mine) throw new Error('no signature of that key');
  const publicKey = createPublicKey({
    key: { kty: 'OKP', crv: 'Ed25519', x: key.toString('base64url') },
    format: 'jwk',
  });
  if (!verify(null, Buffer.from(text), publicKey, mine.sig.subarray(4)))
    throw new Error('signature does not verify');
  const [origin, size, root, ...more] = text.slice(0, -1).split('\n');
  if (more.length) throw new Error('unexpected extension lines');
  if (!/^(0|[1-9]\d*)$/.test(size!)) throw new Error(`bad size line ${size}`);
  return { origin: origin!, size: Number(size), root: Buffer.from(root!, 'base64'), text };
}

/** tlog-tiles index encoding, from the spec's example: 1234067 → x001/x234/067. */
export function referenceTileIndex(n: number): string {
  const groups: string[] = [];
  do {
    groups.unshift(String(n % 1000).padStart(3, '0'));
    n = Math.floor(n / 1000);
  } while (n > 0);
  return groups.map((g, i) => (i < groups.length - 1 ? `x${g}` : g)).join('/');
}

/** Splits an entry bundle (big-endian uint16 length prefixes) into its entries. */
export function referenceBundleEntries(bundle: Uint8Array): Buffer[] {
  const buf = Buffer.from(bundle);
  const out: Buffer[] = [];
  for (let at = 0; at < buf.length;) {
    const length = buf.readUInt16BE(at);
    out.push(buf.subarray(at + 2, at + 2 + length));
    at += 2 + length;
  }
  return out;
}
