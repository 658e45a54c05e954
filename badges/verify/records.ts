import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema/database.ts';
import { findCredentialRecord, type CredentialRecord } from '../../db/certification/verify-lookup.ts';
import { CERTIFICATION_CHANNEL } from '../../db/certification/transitions.ts';
import type { Notifier } from '../../db/platform/notifications.ts';

type RecordSource = { readonly db: Kysely<Database>; readonly notifier: Notifier };

// Credential records, dropped when their certification changes (NOTIFY from any instance, as for
// badges). Until the listener is up nothing is cached; a generation guard keeps a record read
// before a change from being stored after it. The age cap bounds what no notification announces
// (organisation names and domains) and the moment an active certification expires.
const MAX_RECORDS = 10_000;
const MAX_RECORD_AGE_MS = 60_000;

interface RecordCache {
  records: Map<string, { record: CredentialRecord; expiresAt: number }>;
  generation: number;
  listening: boolean;
}
const recordCaches = new WeakMap<RecordSource, RecordCache>();

function recordCache(database: RecordSource): RecordCache {
  let cache = recordCaches.get(database);
  if (cache) return cache;
  const fresh: RecordCache = { records: new Map(), generation: 0, listening: false };
  const drop = (publicId?: string) => {
    fresh.generation++;
    if (publicId === undefined) return fresh.records.clear();
    for (const [id, entry] of fresh.records)
      if (entry.record.certification.publicId === publicId) fresh.records.delete(id);
  };
  database.notifier
    .listen(
      CERTIFICATION_CHANNEL,
      (publicId) => drop(publicId),
      () => drop(),
    )
    .then(() => {
      fresh.listening = true;
    })
    .catch(() => undefined); // Without notifications, records are simply never cached.
  recordCaches.set(database, fresh);
  cache = fresh;
  return cache;
}

/** The registry's record of a credential, from memory while no change to its certification was announced. */
export async function cachedRecord(
  database: RecordSource,
  credentialId: string,
  now: Date,
): Promise<CredentialRecord | undefined> {
  const cache = recordCache(database);
  const hit = cache.records.get(credentialId);
  if (hit && hit.expiresAt > now.getTime()) return hit.record;
  const generation = cache.generation;
  const record = await findCredentialRecord(database.db, credentialId, now);
  if (record && cache.listening && cache.generation === generation) {
    if (cache.records.size >= MAX_RECORDS) cache.records.delete(cache.records.keys().next().value as string);
    const until = record.certification.validUntil?.getTime() ?? Infinity;
    cache.records.set(credentialId, {
      record,
      expiresAt: Math.min(now.getTime() + MAX_RECORD_AGE_MS, until),
    });
  }
  return record;
}
