import type { Country } from '../../schema/organisation.table.ts';
import type { Status } from '../../certification/lifecycle.ts';
import { PUBLIC_STATUSES } from '../../vocabulary.ts';
import { ValidationError } from '../../errors.ts';

export type SearchSort = 'relevance' | 'name';

/** A validated search request; built from untrusted query strings by parseSearchParams. */
export interface SearchParams {
  q: string;
  scheme: string | null;
  status: Status | null;
  country: Country | null;
  sector: string | null;
  outsourced: boolean | null;
  sort: SearchSort;
  cursor: string | null;
  limit: number;
}

export const MAX_QUERY_LENGTH = 200;
export const MAX_LIMIT = 100;

function one(params: URLSearchParams, name: string): string | null {
  const value = params.get(name);
  return value === null || value.trim() === '' ? null : value.trim();
}

/**
 * Proves the shape of search parameters (page form or API). Unknown values of a filter are a
 * ValidationError naming the field, never a 500; empty fields mean "no filter".
 */
export function parseSearchParams(params: URLSearchParams, defaultLimit = 20): SearchParams {
  const q = (params.get('q') ?? '').normalize('NFC').replace(/\s+/g, ' ').trim();
  if (q.length > MAX_QUERY_LENGTH)
    throw new ValidationError('q', `The search text is longer than ${MAX_QUERY_LENGTH} characters.`);
  const scheme = one(params, 'scheme');
  if (scheme !== null && !/^[a-z0-9-]{1,60}$/.test(scheme))
    throw new ValidationError('scheme', 'Unknown scheme.');
  const status = one(params, 'status');
  if (status !== null && !(PUBLIC_STATUSES as readonly string[]).includes(status))
    throw new ValidationError('status', `status must be one of ${PUBLIC_STATUSES.join(', ')}.`);
  const country = one(params, 'country');
  if (country !== null && country !== 'NL' && country !== 'BE')
    throw new ValidationError('country', 'country must be NL or BE.');
  const sector = one(params, 'sector');
  if (sector !== null && sector.length > 100) throw new ValidationError('sector', 'Unknown sector.');
  const outsourced = one(params, 'outsourced');
  if (outsourced !== null && outsourced !== 'true' && outsourced !== 'false')
    throw new ValidationError('outsourced', 'outsourced must be true or false.');
  const sort = one(params, 'sort') ?? (q ? 'relevance' : 'name');
  if (sort !== 'relevance' && sort !== 'name')
    throw new ValidationError('sort', 'sort must be relevance or name.');
  const limitText = one(params, 'limit');
  const limit = limitText === null ? defaultLimit : Number(limitText);
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT)
    throw new ValidationError('limit', `limit must be a whole number from 1 to ${MAX_LIMIT}.`);
  const cursor = one(params, 'cursor');
  if (cursor !== null && (cursor.length > 500 || !/^[A-Za-z0-9_-]+$/.test(cursor)))
    throw new ValidationError('cursor', 'The cursor is not valid; start again from the first page.');
  return {
    q,
    scheme,
    status: status as Status | null,
    country: country as Country | null,
    sector,
    outsourced: outsourced === null ? null : outsourced === 'true',
    sort: q ? sort : 'name',
    cursor,
    limit,
  };
}

/** The query string for a params object, without the cursor unless given; for links and next pages. */
export function searchQueryString(p: SearchParams, overrides: Partial<SearchParams> = {}): string {
  const merged = { ...p, ...overrides };
  const out = new URLSearchParams();
  if (merged.q) out.set('q', merged.q);
  for (const key of ['scheme', 'status', 'country', 'sector'] as const) {
    const value = merged[key];
    if (value) out.set(key, value);
  }
  if (merged.outsourced !== null) out.set('outsourced', String(merged.outsourced));
  if (merged.q && merged.sort !== 'relevance') out.set('sort', merged.sort);
  if (merged.cursor) out.set('cursor', merged.cursor);
  return out.toString();
}
