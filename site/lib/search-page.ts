import type { Deps } from '../../api/deps.ts';
import { parseSearchParams, type SearchParams } from '../../db/search-params.ts';
import { listSectors, searchOrganisations, type SearchResult } from '../../db/search.ts';
import { listSchemes } from '../../db/schemes.ts';
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

const EMPTY = new URLSearchParams();

/** Everything the search page renders; bad input becomes a message, never a 500. */
export async function loadSearchPage(deps: Deps, query: URLSearchParams): Promise<SearchPageData> {
  const db = deps.database.db;
  const [schemes, sectors] = await Promise.all([listSchemes(db), listSectors(db)]);
  const lists = { schemes: schemes.map((s) => ({ slug: s.slug, name: s.name })), sectors };
  try {
    const params = parseSearchParams(query);
    return { params, result: await searchOrganisations(db, params, deps.now()), error: null, ...lists };
  } catch (error) {
    if (!(error instanceof KeurmerkError) || error.status !== 400) throw error;
    return { params: parseSearchParams(EMPTY), result: null, error: error.code, ...lists };
  }
}
