import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema/database.ts';
import { statusListsOf } from '../../db/certification/credentials.ts';
import { canonicalBadgePaths } from '../../badges/serve/badge-request.ts';
import { edgeTag } from '../http/cache-policy.ts';

/**
 * What to purge at the edges after a change: tags for edges that purge by tag (Varnish xkey,
 * Fastly, Cloudflare) and the exact paths for those that purge by key (nginx).
 */
export interface EdgeChange {
  readonly tags: readonly string[];
  readonly paths: readonly string[];
}

/**
 * A certification changed (status, credential, organisation name or domains): every variant of
 * its badge, and the status lists that hold its credentials (a revocation or suspension sets a bit).
 */
export async function certificationChange(db: Kysely<Database>, publicId: string): Promise<EdgeChange> {
  const lists = await statusListsOf(db, publicId);
  const badge = badgeChange(publicId);
  return {
    tags: [...badge.tags, ...lists.map(edgeTag.statusList)],
    paths: [...badge.paths, ...lists.map((n) => `/status/${n}`)],
  };
}

/** The badge alone, when its status lists cannot be read. */
export function badgeChange(publicId: string): EdgeChange {
  return { tags: [edgeTag.cert(publicId)], paths: canonicalBadgePaths(publicId) };
}

/** The signing keys changed (rotation): the key set and each published key's own URL. */
export function keysChange(publishedKids: readonly string[], publicUrl: string): EdgeChange {
  const prefix = `${publicUrl}/keys/`;
  return {
    tags: [edgeTag.keys],
    paths: [
      '/.well-known/jwks.json',
      ...publishedKids
        .filter((kid) => kid.startsWith(prefix))
        .map((kid) => `/keys/${kid.slice(prefix.length)}`),
    ],
  };
}
