import canonicalize from 'canonicalize';
import type { Kysely } from 'kysely';
import type { Database } from '../schema/database.ts';

/** The tile format stores each entry's length in 16 bits. */
export const MAX_ENTRY_BYTES = 65_535;

/** RFC 8785 (JSON Canonicalization Scheme) bytes of an entry: the same facts give the same bytes. */
export function encodeLogEntry(facts: Record<string, unknown>): Uint8Array {
  const text = canonicalize(facts);
  if (text === undefined) throw new TypeError('log entry is not JSON');
  const bytes = new TextEncoder().encode(text);
  if (bytes.length > MAX_ENTRY_BYTES) {
    // A programming error: entries hold public facts of bounded size.
    throw new RangeError(`log entry of ${bytes.length} bytes exceeds ${MAX_ENTRY_BYTES}`);
  }
  return bytes;
}

/**
 * Queues one public fact for the transparency log. Pass the transaction of the change it
 * records, so the entry commits exactly when the change does; the sequencer gives it its index.
 */
export async function appendLogEntry(
  db: Kysely<Database>,
  facts: Record<string, unknown>,
  subject: string | null,
): Promise<void> {
  await db
    .insertInto('log_pending')
    .values({ entry: encodeLogEntry(facts), subject })
    .execute();
}
