// cosignature/v1 against tlog-cosignature.md, with the expected bytes built here from the spec's
// text (hash, message, layout), not from the module under test.
import { createHash, createPublicKey, generateKeyPairSync, verify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  cosigner,
  cosignerKeyId,
  formatCosignerVkey,
  parseCosignerVkey,
  signCosignature,
  verifyCosignatureLine,
  verifyCosignatures,
} from '../../../../../db/log/witness/cosignature.ts';
import { noteSigner, signNote } from '../../../../../db/log/note.ts';

const TEXT = 'example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n';

function rawPublic(key: ReturnType<typeof generateKeyPairSync>['publicKey']): Buffer {
  return Buffer.from(key.export({ format: 'jwk' }).x!, 'base64url');
}

describe('cosignature/v1', () => {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const witness = cosigner('witness.example.com/w1', privateKey);

  it('derives the key id as SHA-256(name ‖ "\\n" ‖ 0x04 ‖ key)[:4]', () => {
    const expected = createHash('sha256')
      .update(Buffer.concat([Buffer.from('witness.example.com/w1\n'), Buffer.of(4), rawPublic(publicKey)]))
      .digest()
      .subarray(0, 4);
    expect(Buffer.from(cosignerKeyId('witness.example.com/w1', rawPublic(publicKey)))).toEqual(expected);
    expect(Buffer.from(witness.keyId)).toEqual(expected);
  });

  it('signs the spec message: header, time line, note text, with key id ‖ u64 BE time ‖ signature', () => {
    const line = signCosignature(TEXT, witness, 1679315147);
    const match = /^— witness\.example\.com\/w1 ([A-Za-z0-9+/=]+)\n$/u.exec(line);
    expect(match).not.toBeNull();
    const bytes = Buffer.from(match![1]!, 'base64');
    expect(bytes.length).toBe(76);
    expect(bytes.subarray(0, 4)).toEqual(Buffer.from(witness.keyId));
    expect(bytes.readBigUInt64BE(4)).toBe(1679315147n);
    const message = Buffer.from(`cosignature/v1\ntime 1679315147\n${TEXT}`);
    expect(verify(null, message, publicKey, bytes.subarray(12))).toBe(true);
    expect(verifyCosignatureLine(TEXT, line, witness)?.timestamp).toBe(1679315147);
  });

  it('reads the timestamp layout of the spec example (0x641850cb = 1679315147)', () => {
    const example =
      'jWbPPwAAAABkGFDLEZMHwSRaJNiIDoe9DYn/zXcrtPHeolMI5OWXEhZCB9dlrDJsX3b2oyin1nPZqhf5nNo0xUe+mbIUBkBIfZ+qnA==';
    const bytes = Buffer.from(example, 'base64');
    expect(bytes.length).toBe(76);
    expect(bytes.readBigUInt64BE(4)).toBe(1679315147n);
  });

  it('refuses a changed text, another key, a zero time, and a line of another name', () => {
    const line = signCosignature(TEXT, witness, 1700000000);
    expect(verifyCosignatureLine(TEXT.replace('20852163', '20852164'), line, witness)).toBeNull();
    const other = cosigner('witness.example.com/w1', generateKeyPairSync('ed25519').privateKey);
    expect(verifyCosignatureLine(TEXT, line, other)).toBeNull();
    expect(verifyCosignatureLine(TEXT, line.replace('w1', 'w2'), witness)).toBeNull();
    const zero = Buffer.from(line.split(' ')[2]!.trim(), 'base64');
    zero.fill(0, 4, 12);
    expect(
      verifyCosignatureLine(TEXT, `— witness.example.com/w1 ${zero.toString('base64')}\n`, witness),
    ).toBeNull();
    expect(() => signCosignature(TEXT, witness, 0)).toThrow(RangeError);
  });

  it('formats and parses vkeys with type 0x04, and refuses a checkpoint (0x01) vkey', () => {
    const vkey = formatCosignerVkey(witness);
    const material = Buffer.from(vkey.split('+').slice(2).join('+'), 'base64');
    expect(material[0]).toBe(4);
    expect(material.subarray(1)).toEqual(rawPublic(publicKey));
    const parsed = parseCosignerVkey(vkey);
    expect(parsed?.name).toBe('witness.example.com/w1');
    expect(Buffer.from(parsed!.keyId)).toEqual(Buffer.from(witness.keyId));
    expect(
      parseCosignerVkey('example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k'),
    ).toBeNull();
    expect(parseCosignerVkey(vkey.replace(/\+[0-9a-f]{8}\+/, '+00000000+'))).toBeNull();
  });

  it('finds the cosignatures on a signed checkpoint, ignoring the log signature and unknown lines', () => {
    const log = noteSigner('example.com/behind-the-sofa', generateKeyPairSync('ed25519').privateKey);
    const stranger = cosigner('stranger.example/w', generateKeyPairSync('ed25519').privateKey);
    const note =
      signNote(TEXT, [log]) +
      signCosignature(TEXT, stranger, 1700000001) +
      signCosignature(TEXT, witness, 1700000002);
    const found = verifyCosignatures(note, [witness]);
    expect(found.map((c) => [c.key.name, c.timestamp])).toEqual([['witness.example.com/w1', 1700000002]]);
    const pub = createPublicKey(privateKey);
    expect(pub.asymmetricKeyType).toBe('ed25519');
  });
});
