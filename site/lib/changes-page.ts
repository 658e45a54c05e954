import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema/database.ts';
import type { Deps } from '../../api/app/deps.ts';
import {
  listChanges,
  parseChangeFilter,
  type ChangeFilter,
  type PublicChange,
} from '../../db/certification/changes.ts';
import { listSchemes } from '../../db/scheme/schemes.ts';
import { KeurmerkError } from '../../db/errors.ts';
import type { LocalisedText } from '../../db/schema/common.ts';

export interface ChangesPageData {
  filter: ChangeFilter;
  changes: PublicChange[];
  nextCursor: string | null;
  error: boolean;
  schemes: Array<{ slug: string; name: LocalisedText }>;
}

/**
 * The change log page; bad filters become a message and an empty list, never a 500.
 * `db`: the public reader of the request (a replica or the primary, `publicReader`).
 */
export async function loadChangesPage(
  deps: Deps,
  query: URLSearchParams,
  db: Kysely<Database>,
): Promise<ChangesPageData> {
  const schemes = (await listSchemes(db)).map((s) => ({ slug: s.slug, name: s.name }));
  try {
    const filter = parseChangeFilter(query);
    return { filter, ...(await listChanges(db, filter, deps.now())), error: false, schemes };
  } catch (error) {
    if (!(error instanceof KeurmerkError) || error.status !== 400) throw error;
    const filter = parseChangeFilter(new URLSearchParams());
    return { filter, changes: [], nextCursor: null, error: true, schemes };
  }
}

/** Query string for a page of the log with the same filters. */
export function changesQuery(filter: ChangeFilter, cursor: string | null): string {
  const q = new URLSearchParams();
  if (filter.kind) q.set('kind', filter.kind);
  if (filter.scheme) q.set('scheme', filter.scheme);
  if (cursor) q.set('cursor', cursor);
  const text = q.toString();
  return text ? `?${text}` : '';
}
