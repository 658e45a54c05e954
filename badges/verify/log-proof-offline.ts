import { parseVkey } from '../../db/log/note.ts';
import { verifyTlogProof, type TlogProofCheck } from '../../db/log/tlog-proof.ts';
import { VerifierInputError } from './offline.ts';

/**
 * Checks a saved transparency-log proof offline: `proof` (c2sp.org/tlog-proof@v1 text) proves
 * that `entry` (its exact bytes) is in a checkpoint signed by `vkey`, the log's verifier key
 * (`/log/key`). A checkpoint's origin is the key's name, so nothing else needs trusting.
 */
export function checkSavedLogProof(proof: string, entry: Uint8Array, vkey: string): TlogProofCheck {
  const key = parseVkey(vkey.trim());
  if (!key) throw new VerifierInputError('The log key is not a signed-note verifier key (name+hash+key).');
  return verifyTlogProof(proof, entry, { origin: key.name, keys: [key] });
}
