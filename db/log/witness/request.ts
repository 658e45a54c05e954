// The body of a tlog-witness add-checkpoint request: `old <size>`, up to 63 base64 proof hashes,
// a blank line, then the signed checkpoint. Pure: bytes are checked, nothing is verified here.
import { KeurmerkError } from '../../errors.ts';
import { HASH_BYTES } from '../merkle.ts';
import { MAX_NOTE_BYTES } from '../note.ts';

/** The client MUST NOT send more than 63 consistency proof lines. */
export const MAX_PROOF_LINES = 63;
/** The largest body worth reading: the note limit plus a full proof and the old size line. */
export const MAX_ADD_CHECKPOINT_BYTES = MAX_NOTE_BYTES + 4096;

export interface AddCheckpointRequest {
  readonly oldSize: number;
  readonly proof: readonly Uint8Array[];
  /** The signed checkpoint note, signature lines included. */
  readonly note: string;
}

const bad = (message: string) => new KeurmerkError('witness_bad_request', message);

/** Parses an add-checkpoint body; throws `witness_bad_request` naming what is wrong. */
export function parseAddCheckpoint(body: Uint8Array): AddCheckpointRequest {
  if (body.length > MAX_ADD_CHECKPOINT_BYTES) throw bad('The request body is too large.');
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(body);
  } catch {
    throw bad('The request body is not UTF-8.');
  }
  const first = text.indexOf('\n');
  if (first === -1) throw bad('The request has no old size line.');
  const old = /^old (0|[1-9]\d{0,15})$/.exec(text.slice(0, first));
  if (!old || !Number.isSafeInteger(Number(old[1]))) throw bad('The first line must be "old <size>".');
  const blank = text.indexOf('\n\n', first);
  if (blank === -1) throw bad('The proof lines must end with an empty line.');
  const proofText = text.slice(first + 1, blank + 1);
  const lines = proofText === '' ? [] : proofText.slice(0, -1).split('\n');
  if (lines.length > MAX_PROOF_LINES) throw bad(`At most ${MAX_PROOF_LINES} proof lines are allowed.`);
  const proof = lines.map((line, i) => {
    if (!/^[A-Za-z0-9+/]{43}=$/.test(line)) throw bad(`Proof line ${i + 1} is not a base64 SHA-256 hash.`);
    const hash = new Uint8Array(Buffer.from(line, 'base64'));
    if (hash.length !== HASH_BYTES) throw bad(`Proof line ${i + 1} is not a base64 SHA-256 hash.`);
    return hash;
  });
  const note = text.slice(blank + 2);
  if (note === '') throw bad('The request has no checkpoint.');
  return { oldSize: Number(old[1]), proof, note };
}

/** The body of an add-checkpoint request (what the registry sends its witnesses). */
export function formatAddCheckpoint(oldSize: number, proof: readonly Uint8Array[], note: string): string {
  return `old ${oldSize}\n${proof.map((h) => `${Buffer.from(h).toString('base64')}\n`).join('')}\n${note}`;
}
