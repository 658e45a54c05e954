// A certification's entries in the log, each with its inclusion in the latest signed checkpoint
// proved here: the checkpoint is opened with the log's own keys, and every entry's RFC 6962 leaf
// hash is led to its root by a proof read from the stored tiles. What the transparency page's
// "check an entry" shows, so a broken tree says so instead of "included".
import type { Kysely } from 'kysely';
import type { Database } from '../schema/database.ts';
import { parseCheckpoint } from './checkpoint.ts';
import { latestCheckpoint } from './checkpoints.ts';
import { logVerifiers } from './log-key.ts';
import { leafHash } from './merkle.ts';
import { openNote } from './note.ts';
import { verifyInclusion } from './proof-verify.ts';
import { inclusionProof } from './proofs.ts';

export interface SubjectEntry {
  readonly index: number;
  /** The entry's canonical JSON, as logged. */
  readonly entry: string;
  /** `included`: proved against the checkpoint; `pending`: not under a signed checkpoint yet. */
  readonly inclusion: 'included' | 'pending' | 'proof_failed';
}

/** The newest `limit` entries about `subject`, newest first, with `size` the checkpoint they were proved against. */
export async function subjectEntries(
  db: Kysely<Database>,
  subject: string,
  limit = 50,
): Promise<{ size: number | null; entries: SubjectEntry[] }> {
  const rows = await db
    .selectFrom('log_entry')
    .select(['index', 'entry'])
    .where('subject', '=', subject)
    .orderBy('index', 'desc')
    .limit(limit)
    .execute();
  const latest = await latestCheckpoint(db);
  const opened = latest ? openNote(latest.note, await logVerifiers(db)) : null;
  const checkpoint = opened?.ok ? parseCheckpoint(opened.text) : null;
  const entries: SubjectEntry[] = [];
  for (const row of rows) {
    const index = Number(row.index);
    const text = Buffer.from(row.entry).toString('utf8');
    if (!checkpoint || index >= checkpoint.size) {
      entries.push({ index, entry: text, inclusion: latest && !checkpoint ? 'proof_failed' : 'pending' });
      continue;
    }
    const proof = await inclusionProof(db, index, checkpoint.size);
    const ok = verifyInclusion(index, checkpoint.size, leafHash(row.entry), proof, checkpoint.root);
    entries.push({ index, entry: text, inclusion: ok ? 'included' : 'proof_failed' });
  }
  return { size: checkpoint?.size ?? null, entries };
}
