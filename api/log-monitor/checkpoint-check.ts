// Fetching and verifying the registry's latest checkpoint against the keys the monitor trusts.
import { KeurmerkError } from '../../db/errors.ts';
import { parseCheckpoint, type Checkpoint } from '../../db/log/checkpoint.ts';
import { openNote, parseVkey, type NoteVerifier } from '../../db/log/note.ts';
import { Disagreement } from './disagreement.ts';
import type { RegistryClient } from './registry-client.ts';

export interface SignedCheckpoint {
  readonly note: string;
  readonly checkpoint: Checkpoint;
  /** Key names (the log's, and any witness whose key was known) whose signatures verified. */
  readonly signedBy: readonly NoteVerifier[];
}

/** The registry's verifier keys as `/log/key` lists them (current first). */
export async function publishedKeys(client: RegistryClient): Promise<string[]> {
  const text = await client.text('/log/key');
  if (text === null)
    throw new KeurmerkError('monitor_registry_unreachable', `${client.base}/log/key is missing.`);
  const keys = text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  if (keys.length === 0 || keys.some((k) => parseVkey(k) === null))
    throw new KeurmerkError(
      'monitor_registry_unreachable',
      `${client.base}/log/key does not list verifier keys.`,
    );
  return keys;
}

/**
 * The latest checkpoint, signed by one of `keys` for `origin`. A checkpoint signed only by a key
 * the monitor does not trust is a changed key: the deployment guide has operators announce a new
 * key out of band, so it is accepted only when given with --log-key, never from /log/key alone.
 */
export async function latestSignedCheckpoint(
  client: RegistryClient,
  keys: readonly string[],
  origin: string | null,
): Promise<SignedCheckpoint> {
  const note = await client.text('/log/checkpoint');
  if (note === null)
    throw new KeurmerkError('monitor_registry_unreachable', `${client.base}/log/checkpoint is missing.`);
  const verifiers = keys.map((k) => parseVkey(k)!);
  const opened = openNote(note, verifiers);
  if (!opened.ok) {
    if (opened.reason === 'no signature of a known key') {
      const listed = await publishedKeys(client).catch(() => [] as string[]);
      const fresh = listed.filter((k) => !keys.includes(k));
      throw new Disagreement(
        'key_changed',
        `The checkpoint is not signed by the log key this monitor trusts (${keys[0]}).` +
          (fresh.length > 0
            ? ` The registry now lists ${fresh[0]}; if its operator announced this rotation, run again with --log-key '${fresh[0]}'.`
            : ''),
        { trusted: keys, listed, checkpoint: note },
      );
    }
    throw new Disagreement('bad_signature', `The checkpoint's signature does not verify: ${opened.reason}.`, {
      checkpoint: note,
    });
  }
  const checkpoint = parseCheckpoint(opened.text);
  if (!checkpoint)
    throw new Disagreement('bad_signature', 'The signed note is not a checkpoint.', { checkpoint: note });
  if (origin !== null && checkpoint.origin !== origin)
    throw new Disagreement(
      'wrong_origin',
      `The checkpoint is of log ${checkpoint.origin}, not of ${origin}.`,
      { checkpoint: note },
    );
  const logKey = opened.verifiedBy.find((k) => k.name === checkpoint.origin);
  if (!logKey)
    throw new Disagreement(
      'bad_signature',
      `The checkpoint of ${checkpoint.origin} is not signed by a key of that name.`,
      {
        checkpoint: note,
      },
    );
  return { note, checkpoint, signedBy: opened.verifiedBy };
}
