// The C2SP checkpoint body (tlog-checkpoint.md): origin, tree size, base64 root hash, each on
// its own line. Signing and opening are the signed note's (note.ts).
import { HASH_BYTES } from './merkle.ts';

export interface Checkpoint {
  readonly origin: string;
  readonly size: number;
  readonly root: Uint8Array;
}

/** The note text of a checkpoint: three lines, each ending with a newline; no extension lines. */
export function formatCheckpoint(checkpoint: Checkpoint): string {
  return `${checkpoint.origin}\n${checkpoint.size}\n${Buffer.from(checkpoint.root).toString('base64')}\n`;
}

/** Reads a checkpoint note text (already verified); null when it is not a checkpoint. */
export function parseCheckpoint(text: string): (Checkpoint & { extensions: string[] }) | null {
  if (!text.endsWith('\n')) return null;
  const lines = text.slice(0, -1).split('\n');
  if (lines.length < 3 || lines.some((line) => line === '')) return null;
  const [origin, sizeText, rootText, ...extensions] = lines as [string, string, string, ...string[]];
  if (!/^(?:0|[1-9]\d{0,15})$/.test(sizeText) || !Number.isSafeInteger(Number(sizeText))) return null;
  if (!/^[A-Za-z0-9+/]{43}=$/.test(rootText)) return null;
  const root = new Uint8Array(Buffer.from(rootText, 'base64'));
  if (root.length !== HASH_BYTES) return null;
  return { origin, size: Number(sizeText), root, extensions };
}

/** The checkpoint origin of a registry: its host (with a non-default port) followed by `/log`. */
export function logOrigin(publicUrl: string): string {
  return `${new URL(publicUrl).host}/log`;
}
