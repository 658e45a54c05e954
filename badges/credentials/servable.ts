import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema/database.ts';
import { currentCredential } from '../../db/certification/credentials.ts';
import type { CertificationRow } from '../../db/schema/certification.table.ts';
import { matchesPeriod } from './reissue.ts';

/**
 * The JWT a badge of this active certification carries: its live credential, if that states
 * the current validity period. Read only — a badge request never writes (no anonymous request
 * may change the registry or its transparency log). A credential signed with a key rotated out
 * since is still served: that key stays published until it expires, and the background job
 * (reissue.ts) replaces it shortly. Null when there is none yet (see badge-service.ts).
 */
export async function servableCredential(
  db: Kysely<Database>,
  cert: Pick<CertificationRow, 'id' | 'valid_from' | 'valid_until'>,
): Promise<string | null> {
  const credential = await currentCredential(db, cert.id);
  return credential && matchesPeriod(credential, cert) ? credential.jwt : null;
}
