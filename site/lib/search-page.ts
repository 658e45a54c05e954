import type { Kysely } from 'kysely';
import type { Deps } from '../../api/app/deps.ts';
import type { Database } from '../../db/schema/database.ts';
import { parseSearchParams, type SearchParams } from '../../db/organisation/search/params.ts';
import { listSectors, searchOrganisations, type SearchResult } from '../../db/organisation/search/search.ts';
import { listSchemes } from '../../db/scheme/schemes.ts';
import { KeurmerkError } from '../../db/errors.ts';
import type { LocalisedText } from '../../db/schema/common.ts';

export interface SearchPageData {
  params: SearchParams;
  result: SearchResult | null;
  /** Set when the input was refused: the page shows it instead of results (status 400). */
  error: string | null;
  schemes: Array<{ slug: string; name: LocalisedText }>;
  sectors: string[];
}

interface FilterLists {
  schemes: Array<{ slug: string; name: LocalisedText }>;
  sectors: string[];
}

/**
 * How long the filter lists are reused. They are the same for every search and change rarely
 * (schemes at start-up, a sector when an organisation brings a new one), so a new sector may take
 * this long to appear in the filter; reading them on every search was two of its four statements.
 */
export const FILTER_LISTS_TTL_MS = 30_000;

const filterLists = new WeakMap<Kysely<Database>, { until: number; lists: Promise<FilterLists> }>();

function loadFilterLists(db: Kysely<Database>): Promise<FilterLists> {
  const cached = filterLists.get(db);
  if (cached && cached.until > performance.now()) return cached.lists;
  const lists = Promise.all([listSchemes(db), listSectors(db)]).then(([schemes, sectors]) => ({
    schemes: schemes.map((s) => ({ slug: s.slug, name: s.name })),
    sectors,
  }));
  filterLists.set(db, { until: performance.now() + FILTER_LISTS_TTL_MS, lists });
  // A failed read is not kept: the next search tries again.
  lists.catch(() => {
    if (filterLists.get(db)?.lists === lists) filterLists.delete(db);
  });
  return lists;
}

const EMPTY = new URLSearchParams();

/**
 * Everything the search page renders; bad input becomes a message, never a 500.
 * `db`: the public reader of the request (a replica or the primary, `publicReader`).
 */
export async function loadSearchPage(
  deps: Deps,
  query: URLSearchParams,
  db: Kysely<Database>,
): Promise<SearchPageData> {
  const lists = await loadFilterLists(db);
  try {
    const params = parseSearchParams(query);
    return { params, result: await searchOrganisations(db, params, deps.now()), error: null, ...lists };
  } catch (error) {
    if (!(error instanceof KeurmerkError) || error.status !== 400) throw error;
    return { params: parseSearchParams(EMPTY), result: null, error: error.code, ...lists };
  }
}
