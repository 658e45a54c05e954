// The c2sp.org/tlog-proof@v1 text (tlog-proof.md): index, inclusion proof and checkpoint in one
// self-contained file, and its offline check against the log's origin and verifier keys.
import { parseCheckpoint } from './checkpoint.ts';
import { HASH_BYTES, leafHash } from './merkle.ts';
import { openNote, type NoteVerifier } from './note.ts';
import { verifyInclusion } from './proof-verify.ts';

export const TLOG_PROOF_HEADER = 'c2sp.org/tlog-proof@v1';
/** The media type we serve proofs with; the spec names none, and the text is UTF-8 lines. */
export const TLOG_PROOF_TYPE = 'text/plain; charset=utf-8';

export interface TlogProof {
  readonly index: number;
  /** Inclusion proof hashes, from the leaf's sibling up to the root's child. */
  readonly hashes: readonly Uint8Array[];
  /** The signed checkpoint note, verbatim. */
  readonly checkpoint: string;
  readonly extra?: Uint8Array;
}

// A Buffer (the prover hands them out) is encoded as it is: a proof's hashes are encoded on every request.
const b64 = (bytes: Uint8Array) =>
  (Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)).toString(
    'base64',
  );

/** The proof as text, byte for byte as tlog-proof.md lays it out. */
export function formatTlogProof(proof: TlogProof): string {
  const lines = [TLOG_PROOF_HEADER];
  if (proof.extra) lines.push(`extra ${b64(proof.extra)}`);
  lines.push(`index ${proof.index}`, ...proof.hashes.map(b64), '');
  return `${lines.join('\n')}\n${proof.checkpoint}`;
}

/** Reads a proof's text; null when it does not follow the format. */
export function parseTlogProof(text: string): TlogProof | null {
  const separator = text.indexOf('\n\n');
  if (separator === -1) return null;
  const lines = text.slice(0, separator).split('\n');
  const checkpoint = text.slice(separator + 2);
  if (lines.shift() !== TLOG_PROOF_HEADER) return null;
  let extra: Uint8Array | undefined;
  if (lines[0]?.startsWith('extra ')) {
    const encoded = lines.shift()!.slice(6);
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(encoded)) return null;
    extra = new Uint8Array(Buffer.from(encoded, 'base64'));
  }
  const indexMatch = /^index (0|[1-9]\d{0,15})$/.exec(lines.shift() ?? '');
  if (!indexMatch || !Number.isSafeInteger(Number(indexMatch[1]))) return null;
  const hashes: Uint8Array[] = [];
  for (const line of lines) {
    if (!/^[A-Za-z0-9+/]{43}=$/.test(line)) return null;
    const hash = new Uint8Array(Buffer.from(line, 'base64'));
    if (hash.length !== HASH_BYTES) return null;
    hashes.push(hash);
  }
  if (hashes.length > 63) return null;
  return { index: Number(indexMatch[1]), hashes, checkpoint, ...(extra ? { extra } : {}) };
}

export type TlogProofCheck =
  | { ok: true; index: number; size: number; root: Uint8Array; signedBy: string[] }
  | { ok: false; reason: string };

/**
 * Checks a saved proof offline: the checkpoint is signed by one of `keys` for `origin`, and the
 * entry's RFC 6962 leaf hash is included at the proof's index in that checkpoint's tree.
 */
export function verifyTlogProof(
  text: string,
  entry: Uint8Array,
  trust: { origin: string; keys: readonly NoteVerifier[] },
): TlogProofCheck {
  const proof = parseTlogProof(text);
  if (!proof) return { ok: false, reason: 'not a c2sp.org/tlog-proof@v1 proof' };
  const note = openNote(proof.checkpoint, trust.keys);
  if (!note.ok) return { ok: false, reason: `checkpoint: ${note.reason}` };
  const checkpoint = parseCheckpoint(note.text);
  if (!checkpoint) return { ok: false, reason: 'checkpoint: not a checkpoint' };
  if (checkpoint.origin !== trust.origin)
    return { ok: false, reason: `checkpoint of ${checkpoint.origin}, not of ${trust.origin}` };
  if (proof.index >= checkpoint.size)
    return { ok: false, reason: `index ${proof.index} is outside the tree of ${checkpoint.size}` };
  if (!verifyInclusion(proof.index, checkpoint.size, leafHash(entry), proof.hashes, checkpoint.root))
    return { ok: false, reason: 'the inclusion proof does not lead to the checkpoint root' };
  return {
    ok: true,
    index: proof.index,
    size: checkpoint.size,
    root: checkpoint.root,
    signedBy: note.verifiedBy.map((k) => k.name),
  };
}
