// A checkpoint judged by a policy: signed by one of the policy's logs, cosigned by which of its
// witnesses, and whether that meets the quorum. What the monitor and the witness client both ask.
import { parseCheckpoint, type Checkpoint } from '../checkpoint.ts';
import { openNote } from '../note.ts';
import { verifyCosignatures, type VerifiedCosignature } from './cosignature.ts';
import { quorumReached, type LogPolicy } from './policy.ts';

export type PolicyCheck =
  | {
      ok: true;
      checkpoint: Checkpoint & { extensions: string[] };
      /** The note text (origin, size, root and extension lines), what cosignatures sign. */
      text: string;
      /** Policy witness names whose cosignature verified, in policy order. */
      cosignedBy: string[];
      cosignatures: VerifiedCosignature[];
      quorum: boolean;
    }
  | { ok: false; reason: string };

/**
 * Checks a signed checkpoint note against a policy: a log key of the policy for its origin must
 * have signed it (a failing known signature rejects it, per signed-note); cosignatures of the
 * policy's witnesses are counted, others ignored; `quorum` says whether they meet the policy.
 */
export function checkWithPolicy(note: string, policy: LogPolicy): PolicyCheck {
  const origin = note.slice(0, note.indexOf('\n'));
  const keys = policy.logs.filter((l) => l.origin === origin).map((l) => l.key);
  if (keys.length === 0) return { ok: false, reason: `the policy has no log "${origin}"` };
  const opened = openNote(note, keys);
  if (!opened.ok) return { ok: false, reason: opened.reason };
  const checkpoint = parseCheckpoint(opened.text);
  if (!checkpoint) return { ok: false, reason: 'the note is not a checkpoint' };
  const cosignatures = verifyCosignatures(
    note,
    policy.witnesses.map((w) => w.key),
  );
  const cosignedBy = policy.witnesses
    .filter((w) => cosignatures.some((c) => c.key === w.key))
    .map((w) => w.name);
  return {
    ok: true,
    checkpoint,
    text: opened.text,
    cosignedBy,
    cosignatures,
    quorum: quorumReached(policy, new Set(cosignedBy)),
  };
}
