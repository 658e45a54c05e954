import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema/database.ts';
import { badgeOwners } from '../../db/reports/badge-owners.ts';
import { parseBadgeRequest } from '../../badges/serve/badge-request.ts';
import type { MisuseRecorder } from '../../badges/serve/misuse-signals.ts';
import { parseLogLine, type EdgeLogLine } from './access-log.ts';

export const MAX_LOG_LINES = 50_000;
// One lookup per batch; more distinct badges than this in one batch are refused line by line.
const MAX_BADGES_PER_BATCH = 5_000;
// A log shipped late still counts, but a line cannot move a sighting further back than a day
// (the daily cap on new hosts counts by first sighting) nor into the future.
const MAX_LINE_AGE_MS = 24 * 3_600_000;
const MAX_ERRORS_LISTED = 20;

export interface IngestOutcome {
  /** Lines in the batch (blank lines not counted). */
  lines: number;
  /** Badge requests of registry badges handed to the misuse-signal path (with or without Referer). */
  badges: number;
  /** Readable lines that are no badge request of the registry (other paths, unknown ids). */
  ignored: number;
  /** Lines that could not be read; the first ones are listed in `errors` with their numbers. */
  rejected: number;
  errors: Array<{ line: number; reason: string }>;
}

/** The public id a log line's path asks for, or null when it is no badge request. */
function badgeIdOf(path: string): string | null {
  if (!path.startsWith('/badges/')) return null;
  const q = path.indexOf('?');
  const file = path.slice('/badges/'.length, q === -1 ? undefined : q);
  const parsed = parseBadgeRequest(file, '');
  return parsed.ok ? parsed.publicId : null;
}

/**
 * Feeds an edge's log batch into the same misuse-signal path as badge requests the registry
 * answers itself (same buffer, same caps). Every line is accounted for: used, ignored, or
 * rejected with its number and reason; nothing in a batch is silently lost.
 */
export async function ingestEdgeLog(
  text: string,
  db: Kysely<Database>,
  misuse: Pick<MisuseRecorder, 'observe'>,
  now: Date,
): Promise<IngestOutcome> {
  const outcome: IngestOutcome = { lines: 0, badges: 0, ignored: 0, rejected: 0, errors: [] };
  const reject = (line: number, reason: string) => {
    outcome.rejected++;
    if (outcome.errors.length < MAX_ERRORS_LISTED) outcome.errors.push({ line, reason });
  };
  const wanted: Array<{ number: number; id: string; line: EdgeLogLine }> = [];
  const ids = new Set<string>();
  const rows = text.split('\n');
  for (let i = 0; i < rows.length; i++) {
    const raw = rows[i]!.replace(/\r$/, '');
    if (raw.trim() === '') continue;
    outcome.lines++;
    const parsed = parseLogLine(raw);
    if (!parsed.ok) {
      reject(i + 1, parsed.reason);
      continue;
    }
    const id = badgeIdOf(parsed.line.path);
    if (id === null) {
      outcome.ignored++;
      continue;
    }
    if (!ids.has(id) && ids.size >= MAX_BADGES_PER_BATCH) {
      reject(i + 1, `more than ${MAX_BADGES_PER_BATCH} different badges in one batch; send it in parts`);
      continue;
    }
    ids.add(id);
    wanted.push({ number: i + 1, id, line: parsed.line });
  }
  const owners = await badgeOwners(db, [...ids]);
  const nowMs = now.getTime();
  for (const { id, line } of wanted) {
    const owner = owners.get(id);
    if (!owner) {
      outcome.ignored++;
      continue;
    }
    outcome.badges++;
    const at = new Date(Math.min(nowMs, Math.max(nowMs - MAX_LINE_AGE_MS, line.time.getTime())));
    misuse.observe(owner.organisationId, owner.certificationId, owner.domains, line.referer, at);
  }
  return outcome;
}
