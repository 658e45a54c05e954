// One run of the log monitor: verify the latest checkpoint against the trusted keys (and the
// witness policy when one is given), follow the log from the saved checkpoint, then hold the
// registry's open data against what the log says. Returns the report; the CLI prints it.
import { KeurmerkError } from '../../db/errors.ts';
import { latestSignedCheckpoint, publishedKeys, type SignedCheckpoint } from './checkpoint-check.ts';
import { Disagreement, type DisagreementKind } from './disagreement.ts';
import { follow } from './follow.ts';
import { fetchOpenData } from './open-data.ts';
import { registryClient } from './registry-client.ts';
import { compareWithOpenData, describeStatus, publicStatus, type Standing } from './standing.ts';
import type { MonitorState } from './state.ts';

export interface MonitorOptions {
  readonly registry: string;
  readonly state: MonitorState | null;
  /** Keys given with --log-key: trusted from the start, or an announced rotation accepted. */
  readonly trustKeys: readonly string[];
  readonly now?: () => Date;
  /** How long a status disagreement waits for a newer checkpoint before it counts (a change in flight). */
  readonly settleMs?: number;
  readonly onProgress?: (done: number, total: number) => void;
  /** Checks the cosignatures of a checkpoint; throws a Disagreement when they fall short. */
  readonly checkCosignatures?: (checkpoint: SignedCheckpoint) => readonly string[];
}

export interface MonitorReport {
  readonly ok: boolean;
  readonly registry: string;
  readonly origin: string | null;
  readonly previousSize: number | null;
  readonly treeSize: number | null;
  readonly rootHash: string | null;
  readonly entriesRead: number;
  readonly certifications: number;
  /** True on a first run that took the log key from /log/key (trust on first use). */
  readonly keyPinnedOnFirstUse: boolean;
  readonly cosignedBy: readonly string[];
  readonly requests: number;
  readonly disagreement: {
    kind: DisagreementKind;
    message: string;
    evidence: Record<string, unknown>;
  } | null;
}

const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');

export interface MonitorOutcome {
  readonly report: MonitorReport;
  /** The state to save: present only when everything was consistent. */
  readonly state: MonitorState | null;
}

async function newerCheckpoint(
  client: ReturnType<typeof registryClient>,
  keys: readonly string[],
  current: SignedCheckpoint,
  deadline: number,
): Promise<SignedCheckpoint | null> {
  for (;;) {
    const latest = await latestSignedCheckpoint(client, keys, current.checkpoint.origin);
    if (latest.checkpoint.size !== current.checkpoint.size) return latest;
    if (Date.now() >= deadline) return null;
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Runs the monitor once. Network trouble throws KeurmerkError (exit 2); disagreements are reported. */
export async function runMonitor(options: MonitorOptions): Promise<MonitorOutcome> {
  const client = registryClient(options.registry);
  const now = options.now ?? (() => new Date());
  const { state } = options;
  if (state && state.registry !== options.registry)
    throw new KeurmerkError(
      'monitor_state_unusable',
      `The state file follows ${state.registry}, not ${options.registry}.`,
    );
  let keys = [...new Set([...(state?.keys ?? []), ...options.trustKeys])];
  const pinnedOnFirstUse = keys.length === 0;
  if (pinnedOnFirstUse) keys = await publishedKeys(client);
  const standings = new Map<string, Standing>(state?.standings ?? []);
  let latest: SignedCheckpoint | null = null;
  let entriesRead = 0;
  let cosignedBy: readonly string[] = [];
  const report = (disagreement: Disagreement | null): MonitorReport => ({
    ok: disagreement === null,
    registry: options.registry,
    origin: latest?.checkpoint.origin ?? state?.origin ?? null,
    previousSize: state?.checkpoint.size ?? null,
    treeSize: latest?.checkpoint.size ?? null,
    rootHash: latest ? b64(latest.checkpoint.root) : null,
    entriesRead,
    certifications: standings.size,
    keyPinnedOnFirstUse: pinnedOnFirstUse,
    cosignedBy,
    requests: client.stats.requests,
    disagreement: disagreement && {
      kind: disagreement.kind,
      message: disagreement.message,
      evidence: { ...disagreement.evidence },
    },
  });
  try {
    latest = await latestSignedCheckpoint(client, keys, state?.origin ?? null);
    cosignedBy = options.checkCosignatures?.(latest) ?? [];
    const previous = state
      ? { note: state.note, size: state.checkpoint.size, root: state.checkpoint.root }
      : null;
    // The open data is read while the entries are: it only has to be read after the checkpoint
    // was, and a large registry's file then costs no time of its own. (Handled at once, so a
    // disagreement in the log does not leave its failure unobserved.)
    const openDataRead = fetchOpenData(client, now());
    openDataRead.catch(() => undefined);
    entriesRead = await follow(client, previous, latest, {
      onStanding: (id, s) => standings.set(id, s),
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    });
    const openData = await openDataRead;
    let diffs = compareWithOpenData(openData.certifications, standings, openData.generatedAt);
    // The open data was read after the checkpoint: a change that committed in between shows there
    // first. Follow the log to checkpoints made after the read, and accept a published status the
    // certification held at some point between the first checkpoint and the latest.
    const held = new Map<string, Set<string>>();
    for (const d of diffs) {
      const before = standings.get(d.publicId);
      held.set(d.publicId, new Set(before ? [publicStatus(before, openData.generatedAt)] : []));
    }
    const deadline = Date.now() + (options.settleMs ?? 5_000);
    while (diffs.length > 0) {
      const newer = await newerCheckpoint(client, keys, latest, deadline);
      if (!newer) break;
      const from = { note: latest.note, size: latest.checkpoint.size, root: latest.checkpoint.root };
      entriesRead += await follow(client, from, newer, {
        onStanding: (id, s) => {
          standings.set(id, s);
          held.get(id)?.add(publicStatus(s, openData.generatedAt));
        },
      });
      latest = newer;
      cosignedBy = options.checkCosignatures?.(latest) ?? [];
      diffs = diffs.filter((d) => d.published === null || !held.get(d.publicId)?.has(d.published));
    }
    if (diffs.length > 0) throw new Disagreement(diffs[0]!.kind, describeStatus(diffs[0]!), { ...diffs[0]! });
    const origin = latest.checkpoint.origin;
    return {
      report: report(null),
      state: {
        registry: options.registry,
        origin,
        keys,
        note: latest.note,
        checkpoint: latest.checkpoint,
        standings,
      },
    };
  } catch (error) {
    if (error instanceof Disagreement) return { report: report(error), state: null };
    throw error;
  }
}
