// One tlog-witness add-checkpoint call: POST the old size, proof and checkpoint to a witness and
// read its answer. A cosignature is only believed after it verifies with the policy's key.
import {
  splitSignedNote,
  verifyCosignatureLine,
  type CosignerKey,
  type VerifiedCosignature,
} from '../../db/log/witness/cosignature.ts';
import { formatAddCheckpoint } from '../../db/log/witness/request.ts';

export type SubmitResult =
  | { kind: 'cosigned'; cosignature: VerifiedCosignature }
  | { kind: 'conflict'; size: number }
  | { kind: 'failed'; detail: string };

const MAX_ANSWER = 64 * 1024;

/** The add-checkpoint URL of a witness whose policy URL is its submission prefix. */
export function addCheckpointUrl(prefix: string): string {
  return `${prefix.replace(/\/+$/, '')}/add-checkpoint`;
}

/** Asks one witness to cosign `note` (our signed checkpoint) from `oldSize` with `proof`. */
export async function submitCheckpoint(options: {
  prefix: string;
  key: CosignerKey;
  oldSize: number;
  proof: readonly Uint8Array[];
  note: string;
  timeoutMs: number;
}): Promise<SubmitResult> {
  const parts = splitSignedNote(options.note);
  if (!parts) return { kind: 'failed', detail: 'our checkpoint is not a signed note' };
  let response: Response;
  try {
    response = await fetch(addCheckpointUrl(options.prefix), {
      method: 'POST',
      body: formatAddCheckpoint(options.oldSize, options.proof, options.note),
      headers: { 'content-type': 'text/plain; charset=utf-8' },
      signal: AbortSignal.timeout(options.timeoutMs),
      redirect: 'error',
    });
  } catch (error) {
    return { kind: 'failed', detail: `request failed: ${(error as Error).message}` };
  }
  const body = await response.text().catch(() => '');
  if (body.length > MAX_ANSWER) return { kind: 'failed', detail: 'answer too large' };
  if (response.status === 409) {
    const size = /^(0|[1-9]\d{0,15})\n$/.exec(body);
    if (!size || response.headers.get('content-type')?.split(';')[0]?.trim() !== 'text/x.tlog.size')
      return { kind: 'failed', detail: 'a 409 without a text/x.tlog.size body' };
    return { kind: 'conflict', size: Number(size[1]) };
  }
  if (response.status !== 200)
    return { kind: 'failed', detail: `HTTP ${response.status}: ${body.slice(0, 200)}` };
  // Lines of other keys are ignored, as the spec asks; one of the policy's key must verify.
  for (const line of body.split('\n').filter((l) => l !== '')) {
    const verified = verifyCosignatureLine(parts.text, line, options.key);
    if (verified) return { kind: 'cosigned', cosignature: verified };
  }
  return { kind: 'failed', detail: 'no cosignature of the policy key in the answer' };
}
