// An independent check of C2SP cosignatures, written from tlog-cosignature.md and signed-note.md
// (not from db/log/witness/): parse the witness vkey, find its line, rebuild the signed message.
import { createHash, createPublicKey, verify } from 'node:crypto';

const sha = (...parts: Buffer[]) => createHash('sha256').update(Buffer.concat(parts)).digest();

/** A cosignature/v1 vkey: name, id = SHA-256(name ‖ 0x0A ‖ 0x04 ‖ key)[:4], 32-byte key. */
export function referenceCosignerVkey(vkey: string): { name: string; id: Buffer; key: Buffer } {
  const [name, idHex, ...rest] = vkey.trim().split('+');
  const bytes = Buffer.from(rest.join('+'), 'base64');
  if (!name || !idHex || bytes.length !== 33 || bytes[0] !== 0x04)
    throw new Error(`not a cosigner vkey: ${vkey}`);
  const key = bytes.subarray(1);
  const id = sha(Buffer.from(name), Buffer.of(0x0a, 0x04), key).subarray(0, 4);
  if (id.toString('hex') !== idHex) throw new Error('vkey id does not match its key');
  return { name, id, key };
}

/**
 * The timestamp of the cosignature of `vkey` on a cosigned checkpoint note; throws when there is
 * none or it does not verify over "cosignature/v1\ntime T\n" ‖ the note text.
 */
export function referenceVerifyCosignature(note: string, vkey: string): number {
  const { name, id, key } = referenceCosignerVkey(vkey);
  const split = note.lastIndexOf('\n\n');
  const text = note.slice(0, split + 1);
  const line = note
    .slice(split + 2)
    .split('\n')
    .map((l) => /^— (\S+) (\S+)$/u.exec(l))
    .map((m) => (m ? { name: m[1]!, sig: Buffer.from(m[2]!, 'base64') } : null))
    .find((s) => s && s.name === name && s.sig.subarray(0, 4).equals(id));
  if (!line) throw new Error(`no cosignature of ${name}`);
  if (line.sig.length !== 4 + 8 + 64) throw new Error('a cosignature is key id, u64 time and 64 bytes');
  const time = line.sig.readBigUInt64BE(4);
  const message = Buffer.from(`cosignature/v1\ntime ${time}\n${text}`);
  const publicKey = createPublicKey({
    key: { kty: 'OKP', crv: 'Ed25519', x: key.toString('base64url') },
    format: 'jwk',
  });
  if (!verify(null, message, publicKey, line.sig.subarray(12)))
    throw new Error(`cosignature of ${name} does not verify`);
  return Number(time);
}
