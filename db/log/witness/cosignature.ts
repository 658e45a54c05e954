// C2SP tlog-cosignature, the Ed25519 `cosignature/v1` type: a note signature over
// "cosignature/v1\ntime <T>\n" + the checkpoint's note text, carrying an 8-byte big-endian
// timestamp before the signature. node:crypto does the Ed25519; this file only follows the format.
import { createHash, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import { isKeyName, rawEd25519Public } from '../note.ts';

/** Signature type byte of Ed25519 cosignatures (tlog-cosignature: key ID and vkey). */
export const COSIGNATURE_V1_TYPE = 0x04;
const MAX_TIMESTAMP = 2n ** 63n - 1n;

/** A cosigner's public key: its name, its 4-byte cosignature/v1 key id, its 32-byte Ed25519 key. */
export interface CosignerKey {
  readonly name: string;
  readonly keyId: Uint8Array;
  readonly publicKey: Uint8Array;
}

/** A cosigner's private key: what signing needs. */
export interface Cosigner extends CosignerKey {
  readonly privateKey: KeyObject;
}

/** A cosignature that verified: whose, and the POSIX time it claims. */
export interface VerifiedCosignature {
  readonly key: CosignerKey;
  readonly timestamp: number;
  /** The signature line as it appeared, ending with a newline. */
  readonly line: string;
}

/** key ID = SHA-256(name ‖ "\n" ‖ 0x04 ‖ 32-byte Ed25519 public key)[:4]. */
export function cosignerKeyId(name: string, publicKey: Uint8Array): Uint8Array {
  const hash = createHash('sha256')
    .update(name)
    .update(Uint8Array.of(0x0a, COSIGNATURE_V1_TYPE))
    .update(publicKey)
    .digest();
  return new Uint8Array(hash.subarray(0, 4));
}

/** The cosigner of a named Ed25519 private key. */
export function cosigner(name: string, privateKey: KeyObject): Cosigner {
  if (!isKeyName(name)) throw new TypeError(`"${name}" cannot be a cosigner name`);
  const publicKey = rawEd25519Public(privateKey);
  return { name, publicKey, keyId: cosignerKeyId(name, publicKey), privateKey };
}

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

/** The cosigner's vkey: `<name>+<hex key id>+<base64(0x04 ‖ public key)>`. */
export function formatCosignerVkey(key: CosignerKey): string {
  const material = Buffer.concat([Uint8Array.of(COSIGNATURE_V1_TYPE), key.publicKey]).toString('base64');
  return `${key.name}+${hex(key.keyId)}+${material}`;
}

/** Reads a cosigner vkey; null unless it is a type 0x04 Ed25519 vkey whose id matches its key. */
export function parseCosignerVkey(text: string): CosignerKey | null {
  // The base64 material may itself hold `+`: only the first two are separators.
  const [name, id, ...rest] = text.trim().split('+');
  const material = rest.join('+');
  if (name === undefined || id === undefined || rest.length === 0) return null;
  if (!isKeyName(name) || !/^[0-9a-f]{8}$/.test(id)) return null;
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(material)) return null;
  const bytes = Buffer.from(material, 'base64');
  if (bytes.length !== 33 || bytes[0] !== COSIGNATURE_V1_TYPE) return null;
  const publicKey = new Uint8Array(bytes.subarray(1));
  const keyId = cosignerKeyId(name, publicKey);
  return hex(keyId) === id ? { name, keyId, publicKey } : null;
}

/** The signed message: `cosignature/v1`, `time <T>`, then the checkpoint's whole note text. */
export function cosignedMessage(checkpointText: string, timestamp: number): Buffer {
  if (!checkpointText.endsWith('\n')) throw new TypeError('a checkpoint text ends with a newline');
  return Buffer.from(`cosignature/v1\ntime ${timestamp}\n${checkpointText}`, 'utf8');
}

/**
 * Cosigns a checkpoint note text (without its signature lines) at `timestamp` (POSIX seconds, > 0)
 * and returns the note signature line, ending with a newline.
 */
export function signCosignature(checkpointText: string, signer: Cosigner, timestamp: number): string {
  if (!Number.isSafeInteger(timestamp) || timestamp <= 0) throw new RangeError('timestamp must be > 0');
  const signature = sign(null, cosignedMessage(checkpointText, timestamp), signer.privateKey);
  const time = Buffer.alloc(8);
  time.writeBigUInt64BE(BigInt(timestamp));
  return `— ${signer.name} ${Buffer.concat([signer.keyId, time, signature]).toString('base64')}\n`;
}

function publicKeyObject(key: CosignerKey): KeyObject {
  return createPublicKey({
    key: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(key.publicKey).toString('base64url') },
    format: 'jwk',
  });
}

/**
 * Verifies one signature line (with or without its final newline) as a cosignature/v1 of `key`
 * over `checkpointText`. Null when the line is not this key's (name or id differ), is malformed, or
 * its signature fails.
 */
export function verifyCosignatureLine(
  checkpointText: string,
  line: string,
  key: CosignerKey,
): VerifiedCosignature | null {
  const match = /^— (\S+) ([A-Za-z0-9+/]+={0,2})\n?$/u.exec(line);
  if (!match || match[1] !== key.name) return null;
  const bytes = Buffer.from(match[2]!, 'base64');
  if (bytes.length !== 4 + 8 + 64 || !bytes.subarray(0, 4).equals(key.keyId)) return null;
  const time = bytes.readBigUInt64BE(4);
  if (time === 0n || time > MAX_TIMESTAMP || time > BigInt(Number.MAX_SAFE_INTEGER)) return null;
  const timestamp = Number(time);
  const ok = verify(
    null,
    cosignedMessage(checkpointText, timestamp),
    publicKeyObject(key),
    bytes.subarray(12),
  );
  return ok ? { key, timestamp, line: line.endsWith('\n') ? line : `${line}\n` } : null;
}

/**
 * Splits a signed note into its text and signature lines (at the last blank line); null when it
 * is not shaped like a signed note.
 */
export function splitSignedNote(note: string): { text: string; lines: string[] } | null {
  if (!note.endsWith('\n')) return null;
  const split = note.lastIndexOf('\n\n');
  if (split === -1) return null;
  const lines = note
    .slice(split + 2, -1)
    .split('\n')
    .map((line) => `${line}\n`);
  return { text: note.slice(0, split + 1), lines };
}

/**
 * The cosignatures of `keys` that verify on a signed checkpoint note, at most one per key (the
 * newest timestamp). Lines of other keys, the log's own signature among them, are ignored, and
 * so is a line that claims a known key but does not verify: it counts for nothing.
 */
export function verifyCosignatures(note: string, keys: readonly CosignerKey[]): VerifiedCosignature[] {
  const parts = splitSignedNote(note);
  if (!parts) return [];
  const best = new Map<CosignerKey, VerifiedCosignature>();
  for (const line of parts.lines)
    for (const key of keys) {
      const found = verifyCosignatureLine(parts.text, line, key);
      const before = best.get(key);
      if (found && (!before || before.timestamp < found.timestamp)) best.set(key, found);
    }
  return [...best.values()];
}
