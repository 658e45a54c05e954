// C2SP signed notes with Ed25519 (signed-note.md): key ids, verifier keys (`name+hash+key`),
// signing and opening. node:crypto does the Ed25519; this file only follows the text format.
import { createHash, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';

const ED25519_TYPE = 0x01;
/** Notes larger than this are refused before parsing (the spec asks verifiers for a limit). */
export const MAX_NOTE_BYTES = 64 * 1024;
const MAX_SIGNATURES = 64;

/** A public Ed25519 note key: its name, 4-byte id and 32-byte public key. */
export interface NoteVerifier {
  readonly name: string;
  readonly keyId: Uint8Array;
  readonly publicKey: Uint8Array;
}

/** A private note key: what signing needs. */
export interface NoteSigner extends NoteVerifier {
  readonly privateKey: KeyObject;
}

/** A key name may not be empty, nor hold spaces or `+` (it is a field of the vkey). */
export function isKeyName(name: string): boolean {
  return name.length > 0 && !/[\s+]/u.test(name) && !/[\u0000-\u001f]/.test(name);
}

/** key ID = SHA-256(key name ‖ 0x0A ‖ 0x01 ‖ 32-byte Ed25519 public key)[:4]. */
export function noteKeyId(name: string, publicKey: Uint8Array): Uint8Array {
  const hash = createHash('sha256')
    .update(name)
    .update(Uint8Array.of(0x0a, ED25519_TYPE))
    .update(publicKey)
    .digest();
  return new Uint8Array(hash.subarray(0, 4));
}

/** The raw 32-byte public key of an Ed25519 key object (private or public). */
export function rawEd25519Public(key: KeyObject): Uint8Array {
  const publicKey = key.type === 'private' ? createPublicKey(key) : key;
  if (publicKey.asymmetricKeyType !== 'ed25519') throw new TypeError('not an Ed25519 key');
  const x = publicKey.export({ format: 'jwk' }).x;
  return new Uint8Array(Buffer.from(x!, 'base64url'));
}

/** The verifier and signer of a named Ed25519 private key. */
export function noteSigner(name: string, privateKey: KeyObject): NoteSigner {
  if (!isKeyName(name)) throw new TypeError(`"${name}" cannot be a note key name`);
  const publicKey = rawEd25519Public(privateKey);
  return { name, publicKey, keyId: noteKeyId(name, publicKey), privateKey };
}

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

/** The verifier key string: `<name>+<hex key id>+<base64(0x01 ‖ public key)>`. */
export function formatVkey(key: NoteVerifier): string {
  const material = Buffer.concat([Uint8Array.of(ED25519_TYPE), key.publicKey]).toString('base64');
  return `${key.name}+${hex(key.keyId)}+${material}`;
}

/** Reads a verifier key string; null when it is not an Ed25519 vkey whose id matches its key. */
export function parseVkey(text: string): NoteVerifier | null {
  // The base64 key material may itself hold `+`: only the first two are separators.
  const [name, id, ...rest] = text.trim().split('+');
  const material = rest.join('+');
  if (name === undefined || id === undefined || rest.length === 0) return null;
  if (!isKeyName(name) || !/^[0-9a-f]{8}$/.test(id)) return null;
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(material)) return null;
  const bytes = Buffer.from(material, 'base64');
  if (bytes.length !== 33 || bytes[0] !== ED25519_TYPE) return null;
  const publicKey = new Uint8Array(bytes.subarray(1));
  const keyId = noteKeyId(name, publicKey);
  return hex(keyId) === id ? { name, keyId, publicKey } : null;
}

/** Signs a note text (which must end with a newline) and returns the whole signed note. */
export function signNote(text: string, signers: readonly NoteSigner[]): string {
  if (!text.endsWith('\n')) throw new TypeError('a note text ends with a newline');
  const lines = signers.map((s) => {
    const signature = sign(null, Buffer.from(text, 'utf8'), s.privateKey);
    return `— ${s.name} ${Buffer.concat([s.keyId, signature]).toString('base64')}\n`;
  });
  return `${text}\n${lines.join('')}`;
}

export type OpenedNote =
  { ok: true; text: string; verifiedBy: NoteVerifier[] } | { ok: false; reason: string };

/**
 * Opens a signed note: splits text from signatures at the last blank line, and verifies every
 * signature of a known key (name and id both match). Unknown signatures are ignored; a known one
 * that fails rejects the note, and so does a note without any verified signature.
 */
export function openNote(note: string, known: readonly NoteVerifier[]): OpenedNote {
  if (Buffer.byteLength(note, 'utf8') > MAX_NOTE_BYTES) return { ok: false, reason: 'note too large' };
  if (/[\u0000-\u0009\u000b-\u001f]/.test(note)) return { ok: false, reason: 'control character in note' };
  if (!note.endsWith('\n')) return { ok: false, reason: 'note does not end with a newline' };
  const split = note.lastIndexOf('\n\n');
  if (split === -1) return { ok: false, reason: 'note has no signature block' };
  const text = note.slice(0, split + 1);
  const lines = note.slice(split + 2, -1).split('\n');
  if (lines.length > MAX_SIGNATURES) return { ok: false, reason: 'too many signatures' };
  const verifiedBy: NoteVerifier[] = [];
  for (const line of lines) {
    const match = /^— (\S+) ([A-Za-z0-9+/]+={0,2})$/u.exec(line);
    if (!match) return { ok: false, reason: 'malformed signature line' };
    const [, name, encoded] = match as unknown as [string, string, string];
    const bytes = Buffer.from(encoded, 'base64');
    if (bytes.length < 5) return { ok: false, reason: 'malformed signature' };
    const id = bytes.subarray(0, 4);
    const key = known.find((k) => k.name === name && Buffer.from(k.keyId).equals(id));
    if (!key) continue;
    const publicKey = createPublicKey({
      key: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(key.publicKey).toString('base64url') },
      format: 'jwk',
    });
    if (!verify(null, Buffer.from(text, 'utf8'), publicKey, bytes.subarray(4)))
      return { ok: false, reason: `signature of ${name} does not verify` };
    verifiedBy.push(key);
  }
  if (verifiedBy.length === 0) return { ok: false, reason: 'no signature of a known key' };
  return { ok: true, text, verifiedBy };
}
