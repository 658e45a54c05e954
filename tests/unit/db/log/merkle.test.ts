import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  EMPTY_ROOT,
  consistencyRanges,
  inclusionRanges,
  leafHash,
  rangeHash,
  treeRoot,
  type SubtreeHash,
} from '../../../../db/log/merkle.ts';
import { verifyConsistency, verifyInclusion } from '../../../../db/log/proof-verify.ts';
import { TileEdge, subtreeReader, tileKey } from '../../../../db/log/tiles.ts';
import { encodeTileIndex, parseTilePath, tilePath } from '../../../../db/log/tile-path.ts';
import { formatVkey, noteSigner, openNote, parseVkey, signNote } from '../../../../db/log/note.ts';
import { formatCheckpoint, parseCheckpoint } from '../../../../db/log/checkpoint.ts';
import { formatTlogProof, parseTlogProof, verifyTlogProof } from '../../../../db/log/tlog-proof.ts';
import {
  ReferenceTree,
  referenceOpenCheckpoint,
  referenceTileIndex,
  referenceVerifyConsistency,
  referenceVerifyInclusion,
} from '../../../helpers/tlog-reference.ts';

const entries = (n: number) => Array.from({ length: n }, (_, i) => new TextEncoder().encode(`{"n":${i}}`));

/** Builds the tiles of a tree of `n` entries the way the sequencer does, in uneven batches. */
function tiled(n: number, batch = 37): { tiles: Map<string, Uint8Array>; edge: TileEdge } {
  const tiles = new Map<string, Uint8Array>();
  let edge = new TileEdge(0, []);
  const all = entries(n);
  for (let at = 0; at < n; at += batch) {
    // Restart from the stored edge every batch, as a new transaction would.
    const stored = TileEdge.coordinates(edge.size).map(([level, index]) => ({
      level,
      index,
      hashes: tiles.get(tileKey(level, index))!,
    }));
    edge = new TileEdge(edge.size, stored);
    for (const e of all.slice(at, at + batch)) edge.append(leafHash(e));
    for (const t of edge.takeChanged()) tiles.set(tileKey(t.level, t.index), t.hashes);
  }
  return { tiles, edge };
}

const SIZES = [1, 2, 3, 4, 5, 7, 8, 9, 255, 256, 257, 511, 513, 1000];

describe('RFC 6962 tree over tiles', () => {
  it('has the empty root for size 0', () => {
    expect(Buffer.from(EMPTY_ROOT).toString('hex')).toBe(
      'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    );
  });

  for (const n of SIZES) {
    it(`gives the reference root, tiles, inclusion and consistency proofs at size ${n}`, () => {
      const ref = new ReferenceTree(entries(n));
      const { tiles } = tiled(n);
      const hashAt: SubtreeHash = subtreeReader(tiles);
      expect(Buffer.from(treeRoot(n, hashAt)).equals(ref.mth(0, n))).toBe(true);
      for (const [key, hashes] of tiles) {
        const [level, index] = key.split('/').map(Number) as [number, number];
        expect(Buffer.from(hashes).equals(ref.tile(level, index, hashes.length / 32)), key).toBe(true);
      }
      const root = ref.mth(0, n);
      for (const m of new Set([0, 1, Math.floor(n / 2), n - 2, n - 1].filter((m) => m >= 0 && m < n))) {
        const proof = inclusionRanges(m, n).map((r) => rangeHash(r, hashAt));
        expect(proof.map((p) => Buffer.from(p).toString('hex'))).toEqual(
          ref.path(m).map((p) => p.toString('hex')),
        );
        expect(referenceVerifyInclusion(m, n, ref.leaves[m]!, proof, root)).toBe(true);
        expect(verifyInclusion(m, n, ref.leaves[m]!, proof, root)).toBe(true);
        expect(verifyInclusion(m, n, ref.leaves[(m + 1) % n]!, proof, root)).toBe(n === 1);
      }
      for (const m of new Set([1, 2, 3, Math.floor(n / 2), n - 1].filter((m) => m >= 1 && m < n))) {
        const proof = consistencyRanges(m, n).map((r) => rangeHash(r, hashAt));
        expect(proof.map((p) => Buffer.from(p).toString('hex'))).toEqual(
          ref.consistency(m, n).map((p) => p.toString('hex')),
        );
        expect(referenceVerifyConsistency(m, n, ref.mth(0, m), root, proof)).toBe(true);
        expect(verifyConsistency(m, n, ref.mth(0, m), root, proof)).toBe(true);
        expect(verifyConsistency(m, n, ref.mth(0, m), ref.mth(0, n - 1), proof)).toBe(false);
      }
    });
  }

  it('rejects a tampered inclusion proof and one of the wrong length', () => {
    const ref = new ReferenceTree(entries(300));
    const proof = ref.path(77);
    const bad = proof.map((p, i) => (i === 2 ? Buffer.from(p).fill(0) : p));
    expect(verifyInclusion(77, 300, ref.leaves[77]!, bad, ref.mth(0, 300))).toBe(false);
    expect(verifyInclusion(77, 300, ref.leaves[77]!, proof.slice(1), ref.mth(0, 300))).toBe(false);
    expect(verifyInclusion(300, 300, ref.leaves[77]!, proof, ref.mth(0, 300))).toBe(false);
  });
});

describe('tile paths', () => {
  it('encodes indexes as the spec does and reads back only the canonical form', () => {
    for (const n of [0, 5, 999, 1000, 1234067, 10 ** 9 + 7])
      expect(encodeTileIndex(n)).toBe(referenceTileIndex(n));
    expect(tilePath({ level: 0, index: 1234067, width: 256 })).toBe('tile/0/x001/x234/067');
    expect(parseTilePath('0/x001/x234/067')).toEqual({ level: 0, index: 1234067, width: 256 });
    expect(parseTilePath('2/001.p/17')).toEqual({ level: 2, index: 1, width: 17 });
    expect(parseTilePath('entries/000.p/1')).toEqual({ level: 'entries', index: 0, width: 1 });
    for (const bad of [
      '0/1',
      '00/000',
      '64/000',
      '0/x000/005',
      '0/000.p/0',
      '0/000.p/256',
      '0/000.p/01',
      '0/x1/000',
      '0/000/',
      'x/000',
      '0/000.p',
    ]) {
      expect(parseTilePath(bad), bad).toBeNull();
    }
  });
});

describe('signed notes and checkpoints', () => {
  it('verifies the example note of signed-note.md with its vkey', () => {
    const vkey = parseVkey('example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k');
    expect(vkey).not.toBeNull();
    const note =
      'This is an example message.\n\n— example.com/foo Uw2QOkn8srV1yJGh2VYRlL1Tnagv1YEq6TfXppzi2ONncAlTgK7Ztg1ERYNZXsYjOBH3mFXmRKuwHjG1Yu72IneyaQM=\n';
    const opened = openNote(note, [vkey!]);
    expect(opened).toMatchObject({ ok: true, text: 'This is an example message.\n' });
    expect(openNote(note.replace('example message', 'exemplary message'), [vkey!])).toMatchObject({
      ok: false,
    });
  });

  it('signs checkpoints an outside verifier opens, and refuses unknown keys', () => {
    const signer = noteSigner('keurmerk.example/log', generateKeyPairSync('ed25519').privateKey);
    const other = noteSigner('keurmerk.example/log', generateKeyPairSync('ed25519').privateKey);
    const root = new ReferenceTree(entries(3)).mth(0, 3);
    const note = signNote(formatCheckpoint({ origin: signer.name, size: 3, root }), [signer]);
    const opened = referenceOpenCheckpoint(note, formatVkey(signer));
    expect(opened).toMatchObject({ origin: 'keurmerk.example/log', size: 3 });
    expect(opened.root.equals(root)).toBe(true);
    expect(parseCheckpoint(opened.text)).toMatchObject({ origin: 'keurmerk.example/log', size: 3 });
    expect(openNote(note, [other])).toEqual({ ok: false, reason: 'no signature of a known key' });
    expect(parseVkey(formatVkey(signer).replace(/\+[0-9a-f]{8}\+/, '+00000000+'))).toBeNull();
  });

  it('round-trips a tlog-proof and checks it offline', () => {
    const signer = noteSigner('keurmerk.example/log', generateKeyPairSync('ed25519').privateKey);
    const all = entries(10);
    const ref = new ReferenceTree(all);
    const checkpoint = signNote(formatCheckpoint({ origin: signer.name, size: 10, root: ref.mth(0, 10) }), [
      signer,
    ]);
    const text = formatTlogProof({ index: 6, hashes: ref.path(6), checkpoint });
    expect(text.startsWith(`c2sp.org/tlog-proof@v1\nindex 6\n${ref.path(6)[0]!.toString('base64')}\n`)).toBe(
      true,
    );
    expect(text.endsWith(`\n\n${checkpoint}`)).toBe(true);
    expect(parseTlogProof(text)).toMatchObject({ index: 6, checkpoint });
    const trust = { origin: signer.name, keys: [signer] };
    expect(verifyTlogProof(text, all[6]!, trust)).toMatchObject({ ok: true, index: 6, size: 10 });
    expect(verifyTlogProof(text, all[5]!, trust)).toMatchObject({ ok: false });
    expect(verifyTlogProof(text, all[6]!, { ...trust, origin: 'elsewhere/log' })).toMatchObject({
      ok: false,
    });
    const single = signNote(
      formatCheckpoint({ origin: signer.name, size: 1, root: new ReferenceTree(all.slice(0, 1)).mth(0, 1) }),
      [signer],
    );
    expect(
      verifyTlogProof(formatTlogProof({ index: 0, hashes: [], checkpoint: single }), all[0]!, trust),
    ).toMatchObject({ ok: true });
  });
});
