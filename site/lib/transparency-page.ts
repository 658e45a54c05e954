// The transparency page's data: the latest checkpoint and its cosignatures, one certification's
// entries with their inclusion proved (the "check an entry" GET form), and entries per month.
// Pages only read and guard; this module does the reading.
import type { Deps } from '../../api/app/deps.ts';
import { parseCheckpoint } from '../../db/log/checkpoint.ts';
import { latestCheckpoint } from '../../db/log/checkpoints.ts';
import { logKeyRows } from '../../db/log/log-key.ts';
import { entriesPerMonth } from '../../db/log/month-counts.ts';
import { subjectEntries, type SubjectEntry } from '../../db/log/subject-entries.ts';
import { cosignedNote } from '../../db/log/witness/cosignatures.ts';
import { checkWithPolicy } from '../../db/log/witness/check.ts';
import type { LogPolicy } from '../../db/log/witness/policy.ts';
import { PUBLIC_ID_PATTERN } from '../../db/vocabulary.ts';

export type Cosignatures =
  | { configured: false }
  | { configured: true; quorum: boolean; cosigners: Array<{ name: string; at: Date }>; witnesses: string[] };

export interface EntryView {
  readonly index: number;
  readonly type: string;
  readonly at: Date | null;
  readonly status: string | null;
  readonly inclusion: SubjectEntry['inclusion'];
  readonly entry: string;
}

export type Lookup =
  | null
  | { id: string; state: 'invalid' }
  | { id: string; state: 'unknown' }
  | { id: string; state: 'found'; size: number | null; entries: EntryView[] };

export interface TransparencyPageData {
  checkpoint: { size: number; root: string; madeAt: Date; vkey: string; cosignatures: Cosignatures } | null;
  lookup: Lookup;
  months: Array<{ month: string; count: number }>;
  /** HTTP status of the page: 400 for an invalid id, 404 for one without entries. */
  status: number;
}

/** The witnesses' cosignatures of a served checkpoint note, judged by the policy (the one place that shows them). */
export function cosignaturesOf(note: string, policy: LogPolicy | null): Cosignatures {
  if (!policy || policy.witnesses.length === 0) return { configured: false };
  const check = checkWithPolicy(note, policy);
  if (!check.ok)
    return { configured: true, quorum: false, cosigners: [], witnesses: policy.witnesses.map((w) => w.name) };
  return {
    configured: true,
    quorum: check.quorum,
    cosigners: check.cosignatures.map((c) => ({
      name: policy.witnesses.find((w) => w.key === c.key)!.name,
      at: new Date(c.timestamp * 1000),
    })),
    witnesses: policy.witnesses.map((w) => w.name),
  };
}

function entryView(e: SubjectEntry): EntryView {
  let facts: Record<string, unknown> = {};
  try {
    facts = JSON.parse(e.entry) as Record<string, unknown>;
  } catch {
    // Shown as logged; the type stays unknown.
  }
  const at = typeof facts['at'] === 'string' ? new Date(facts['at']) : null;
  return {
    index: e.index,
    type: typeof facts['type'] === 'string' ? facts['type'] : '?',
    at: at && !Number.isNaN(at.getTime()) ? at : null,
    status: typeof facts['status'] === 'string' ? facts['status'] : null,
    inclusion: e.inclusion,
    entry: e.entry,
  };
}

async function lookUp(deps: Deps, raw: string | null): Promise<Lookup> {
  if (raw === null) return null;
  const id = raw.trim().toLowerCase();
  if (id === '') return null;
  if (!PUBLIC_ID_PATTERN.test(id)) return { id: raw.slice(0, 64), state: 'invalid' };
  const found = await subjectEntries(deps.database.db, id);
  if (found.entries.length === 0) return { id, state: 'unknown' };
  return { id, state: 'found', size: found.size, entries: found.entries.map(entryView) };
}

export async function loadTransparencyPage(
  deps: Deps,
  query: URLSearchParams,
): Promise<TransparencyPageData> {
  const db = deps.database.db;
  const latest = await latestCheckpoint(db);
  const lookup = await lookUp(deps, query.get('id'));
  const status = lookup?.state === 'invalid' ? 400 : lookup?.state === 'unknown' ? 404 : 200;
  if (!latest) return { checkpoint: null, lookup, months: [], status };
  const parsed = parseCheckpoint(latest.note.slice(0, latest.note.indexOf('\n\n') + 1));
  const [keys, months, note] = await Promise.all([
    logKeyRows(db),
    entriesPerMonth(db, latest.tree_size),
    cosignedNote(db, latest),
  ]);
  return {
    checkpoint: {
      size: latest.tree_size,
      root: Buffer.from(parsed?.root ?? latest.root_hash).toString('base64'),
      madeAt: new Date(latest.created_at),
      vkey: keys[0]?.vkey ?? '',
      cosignatures: cosignaturesOf(note, deps.config.witness.policy),
    },
    lookup,
    months: [...months].map(([month, count]) => ({ month, count })),
    status,
  };
}
