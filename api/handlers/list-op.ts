import type { Kysely } from 'kysely';
import type { Input, Operation } from '../admin/perform.ts';
import type { Permission } from '../admin/policy.ts';
import type { Database } from '../../db/schema/database.ts';
import { limit, optionalCursor } from './admin-input.ts';

/** Where a page starts and how long it is, read from `cursor` and `limit`. */
export interface Page {
  cursor: string | null;
  limit: number;
}

/** One page of a list, as every admin list answers it. */
export interface PageAnswer<J> {
  data: J[];
  nextCursor: string | null;
}

/**
 * A read-only operation answering one page of a list: the filter is read from the input first,
 * then the page, and every row is turned into its JSON.
 */
export function listOp<F, Row, J>(
  name: string,
  permission: Permission,
  filter: (input: Input) => F,
  list: (db: Kysely<Database>, f: F & Page) => Promise<{ rows: Row[]; nextCursor: string | null }>,
  json: (row: Row) => J,
): Operation<PageAnswer<J>> {
  return {
    name,
    permission,
    write: false,
    async run(ctx, input) {
      const result = await list(ctx.deps.database.db, {
        ...filter(input),
        cursor: optionalCursor(input),
        limit: limit(input),
      });
      return { data: result.rows.map((row) => json(row)), nextCursor: result.nextCursor };
    },
  };
}
