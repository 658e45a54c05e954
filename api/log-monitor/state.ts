// The monitor's memory between runs: the log it follows (origin, pinned keys), the last signed
// checkpoint it verified (kept whole, so a later split view can be shown with both signatures),
// and each certification's standing as the log told it so far. Written atomically: a run that is
// killed leaves the previous state, never half of one.
import { open, readFile, rename, rm } from 'node:fs/promises';
import { KeurmerkError } from '../../db/errors.ts';
import { parseCheckpoint, type Checkpoint } from '../../db/log/checkpoint.ts';
import { openNote, parseVkey } from '../../db/log/note.ts';
import { isStanding, type Standing } from './standing.ts';

export const STATE_FORMAT = 'keurmerk-log-monitor@v1';

export interface MonitorState {
  readonly registry: string;
  readonly origin: string;
  /** Verifier keys trusted for this log (`name+hash+key`). */
  readonly keys: readonly string[];
  /** The last verified signed checkpoint, verbatim. */
  readonly note: string;
  readonly checkpoint: Checkpoint;
  readonly standings: ReadonlyMap<string, Standing>;
}

const unusable = (file: string, why: string) =>
  new KeurmerkError('monitor_state_unusable', `${file}: ${why}`, { file });

/** Reads a state file; null when it does not exist yet (the first run). */
export async function readState(file: string): Promise<MonitorState | null> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw unusable(file, `cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'}).`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw unusable(file, 'is not JSON.');
  }
  return stateOf(raw, file);
}

function stateOf(raw: unknown, file: string): MonitorState {
  if (typeof raw !== 'object' || raw === null) throw unusable(file, 'is not a JSON object.');
  const r = raw as Record<string, unknown>;
  if (r['format'] !== STATE_FORMAT) throw unusable(file, `is not a ${STATE_FORMAT} state file.`);
  const { registry, origin, keys, checkpoint: note, certifications } = r;
  if (typeof registry !== 'string' || typeof origin !== 'string' || typeof note !== 'string')
    throw unusable(file, 'lacks registry, origin or checkpoint.');
  if (!Array.isArray(keys) || keys.length === 0 || !keys.every((k) => typeof k === 'string'))
    throw unusable(file, 'lacks the pinned log keys.');
  const verifiers = keys.map((k: string) => parseVkey(k));
  if (verifiers.some((v) => v === null)) throw unusable(file, 'holds a log key that is not a verifier key.');
  // The saved checkpoint is evidence only while its signature holds: check it like a fresh one.
  const opened = openNote(note, verifiers as NonNullable<(typeof verifiers)[number]>[]);
  const checkpoint = opened.ok ? parseCheckpoint(opened.text) : null;
  if (!checkpoint) throw unusable(file, `its checkpoint does not verify with its own keys.`);
  if (checkpoint.origin !== origin)
    throw unusable(file, `its checkpoint is of ${checkpoint.origin}, not ${origin}.`);
  if (typeof certifications !== 'object' || certifications === null || Array.isArray(certifications))
    throw unusable(file, 'lacks the certifications.');
  const standings = new Map<string, Standing>();
  for (const [id, value] of Object.entries(certifications)) {
    if (!isStanding(value)) throw unusable(file, `holds an unreadable standing for ${id.slice(0, 40)}.`);
    standings.set(id, value);
  }
  return { registry, origin, keys: keys as string[], note, checkpoint, standings };
}

/** Writes the state to a temporary file beside `file`, flushes it, then renames it over `file`. */
export async function writeState(file: string, state: MonitorState): Promise<void> {
  const body = JSON.stringify({
    format: STATE_FORMAT,
    registry: state.registry,
    origin: state.origin,
    keys: state.keys,
    size: state.checkpoint.size,
    root: Buffer.from(state.checkpoint.root).toString('base64'),
    checkpoint: state.note,
    certifications: Object.fromEntries(state.standings),
  });
  const temporary = `${file}.${process.pid}.tmp`;
  try {
    const handle = await open(temporary, 'w', 0o644);
    try {
      await handle.writeFile(`${body}\n`);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, file);
  } catch (error) {
    await rm(temporary, { force: true });
    throw unusable(file, `cannot be written (${(error as NodeJS.ErrnoException).code ?? 'error'}).`);
  }
}
