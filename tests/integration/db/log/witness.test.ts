// The witness side on both databases: a foreign log built here from RFC 6962 (the reference
// tree), its checkpoints signed with a note key, submitted through addCheckpoint.
import { generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, openTestDatabase, type TestDatabase } from '../../../helpers/databases.ts';
import { ReferenceTree } from '../../../helpers/tlog-reference.ts';
import { referenceVerifyCosignature } from '../../../helpers/cosignature-reference.ts';
import { formatVkey, noteSigner, signNote } from '../../../../db/log/note.ts';
import { cosigner, formatCosignerVkey } from '../../../../db/log/witness/cosignature.ts';
import { parsePolicy } from '../../../../db/log/witness/policy.ts';
import { parseAddCheckpoint, formatAddCheckpoint } from '../../../../db/log/witness/request.ts';
import {
  addCheckpoint,
  witnessedCheckpoint,
  type WitnessContext,
} from '../../../../db/log/witness/witness.ts';
import { KeurmerkError } from '../../../../db/errors.ts';

const ORIGIN = 'other-registry.test/log';
const logKey = noteSigner(ORIGIN, generateKeyPairSync('ed25519').privateKey);
const tree = new ReferenceTree(Array.from({ length: 300 }, (_, i) => Buffer.from(`{"n":${i}}`)));
const root = (n: number) => tree.mth(0, n);

function checkpoint(size: number, rootHash = root(size), key = logKey): string {
  return signNote(`${ORIGIN}\n${size}\n${rootHash.toString('base64')}\n`, [key]);
}

function body(old: number, size: number, note = checkpoint(size)): Uint8Array {
  return new TextEncoder().encode(formatAddCheckpoint(old, tree.consistency(old, size), note));
}

async function refusal(promise: Promise<unknown>): Promise<[string, unknown]> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof KeurmerkError) return [error.code, error.details['size']];
    throw error;
  }
  throw new Error('accepted');
}

describe.each(DIALECTS)('witness add-checkpoint (%s)', (kind) => {
  let database: TestDatabase;
  const witnessKey = cosigner('witness.test/log/witness', generateKeyPairSync('ed25519').privateKey);
  const vkey = formatCosignerVkey(witnessKey);
  const context: WitnessContext = {
    policy: parsePolicy(`log ${formatVkey(logKey)}\nquorum none\n`),
    cosigner: witnessKey,
    now: () => new Date('2026-12-03T15:00:00Z'),
  };
  const add = (bytes: Uint8Array) => addCheckpoint(database.db, context, parseAddCheckpoint(bytes));
  beforeAll(async () => {
    database = await openTestDatabase(kind);
  });
  afterAll(() => database?.close());

  it('cosigns the first checkpoint from 0, then follows consistency proofs', async () => {
    const first = await add(body(0, 5));
    const note5 = checkpoint(5) + first.lines;
    expect(referenceVerifyCosignature(note5, vkey)).toBe(Date.parse('2026-12-03T15:00:00Z') / 1000);
    const second = await add(body(5, 257));
    expect(referenceVerifyCosignature(checkpoint(257) + second.lines, vkey)).toBeGreaterThan(0);
    expect(await witnessedCheckpoint(database.db, ORIGIN)).toBe(checkpoint(257) + second.lines);
    // The same checkpoint again, from its own size: consistent with itself.
    await add(body(257, 257));
  });

  it('answers 409 with its size when old does not match, 422 for a bad proof or another root', async () => {
    expect(await refusal(add(body(5, 260)))).toEqual(['witness_size_conflict', 257]);
    expect(await refusal(add(body(0, 260)))).toEqual(['witness_size_conflict', 257]);
    const forged = Buffer.from(root(260));
    forged[0]! ^= 1;
    expect(await refusal(add(body(257, 260, checkpoint(260, forged))))).toEqual([
      'witness_inconsistent',
      undefined,
    ]);
    expect(await refusal(add(body(257, 257, checkpoint(257, forged))))).toEqual([
      'witness_inconsistent',
      undefined,
    ]);
    const wrongProof = new TextEncoder().encode(
      formatAddCheckpoint(257, tree.consistency(250, 260), checkpoint(260)),
    );
    expect(await refusal(add(wrongProof))).toEqual(['witness_inconsistent', undefined]);
    // Nothing of that moved the witness.
    expect(await refusal(add(body(0, 1)))).toEqual(['witness_size_conflict', 257]);
  });

  it('refuses unknown logs (404), bad signatures (403) and malformed requests (400) before any proof', async () => {
    const stranger = noteSigner('stranger.test/log', generateKeyPairSync('ed25519').privateKey);
    const strangerNote = signNote(`stranger.test/log\n1\n${root(1).toString('base64')}\n`, [stranger]);
    expect(await refusal(add(new TextEncoder().encode(`old 0\n\n${strangerNote}`)))).toEqual([
      'witness_unknown_log',
      undefined,
    ]);
    const impostor = noteSigner(ORIGIN, generateKeyPairSync('ed25519').privateKey);
    expect(await refusal(add(body(257, 260, checkpoint(260, root(260), impostor))))).toEqual([
      'witness_bad_signature',
      undefined,
    ]);
    const tampered = checkpoint(260).replace(`\n260\n`, '\n261\n');
    expect(await refusal(add(body(257, 260, tampered)))).toEqual(['witness_bad_signature', undefined]);
    const oldTooLarge = new TextEncoder().encode(formatAddCheckpoint(290, [], checkpoint(260)));
    expect(await refusal(add(oldTooLarge))).toEqual(['witness_bad_request', undefined]);
    for (const text of [
      '',
      'old 01\n\nx',
      'old 0\nnot-base64\n\nx',
      'old 0\n',
      `old 0\n${'AAAA'.repeat(11)}\n`,
    ])
      expect(() => parseAddCheckpoint(new TextEncoder().encode(text)), text).toThrow(/./);
    const tooMany = formatAddCheckpoint(
      1,
      Array.from({ length: 64 }, () => root(1)),
      checkpoint(2),
    );
    expect(() => parseAddCheckpoint(new TextEncoder().encode(tooMany))).toThrow(/63/);
  });

  it('lets only one of two concurrent requests from one old size advance', async () => {
    const results = await Promise.allSettled([add(body(257, 280)), add(body(257, 290))]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const refused = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect((refused.reason as KeurmerkError).code).toBe('witness_size_conflict');
  });
});
