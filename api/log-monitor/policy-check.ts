// --policy: a C2SP tlog-policy file names the log keys to trust and the witnesses whose
// cosignatures must reach its quorum. Parsing and counting are the witness feature's
// (db/log/witness/); this file only turns their answers into the monitor's terms.
import { readFile } from 'node:fs/promises';
import { KeurmerkError } from '../../db/errors.ts';
import { checkWithPolicy } from '../../db/log/witness/check.ts';
import { parsePolicy, PolicyError, type LogPolicy } from '../../db/log/witness/policy.ts';
import type { SignedCheckpoint } from './checkpoint-check.ts';
import { Disagreement } from './disagreement.ts';

/** Reads and parses a policy file; a bad one stops the run before anything is judged (exit 2). */
export async function readPolicy(file: string): Promise<LogPolicy> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new KeurmerkError(
      'monitor_state_unusable',
      `policy ${file} cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'}).`,
    );
  }
  try {
    return parsePolicy(text);
  } catch (error) {
    if (error instanceof PolicyError)
      throw new KeurmerkError('monitor_state_unusable', `policy ${file}: ${error.message}.`);
    throw error;
  }
}

/** The checkpoint keys the policy trusts (its `log` lines). */
export const policyLogKeys = (policy: LogPolicy): string[] => policy.logs.map((l) => l.vkey);

/** The policy's verdict on a checkpoint: the witnesses that cosigned it, or a disagreement. */
export function policyCosigners(policy: LogPolicy, signed: SignedCheckpoint): string[] {
  const check = checkWithPolicy(signed.note, policy);
  if (!check.ok)
    throw new Disagreement('bad_signature', `The checkpoint does not satisfy the policy: ${check.reason}.`, {
      checkpoint: signed.note,
    });
  if (!check.quorum)
    throw new Disagreement(
      'cosignatures',
      `The checkpoint of size ${check.checkpoint.size} is cosigned by ${check.cosignedBy.length > 0 ? check.cosignedBy.join(', ') : 'no witness of the policy'}, short of its quorum "${policy.quorum}".`,
      { checkpoint: signed.note, cosignedBy: check.cosignedBy, quorum: policy.quorum },
    );
  return check.cosignedBy;
}
