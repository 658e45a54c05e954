import type { Deps } from '../../app/deps.ts';
import { registrySecret } from '../../../db/platform/registry-secret.ts';
import { sealingKey, type SealingKey } from './totp-seal.ts';

/**
 * The key TOTP secrets are sealed with: from REGISTRY_SECRET when the operator gives one (then a
 * copy of the database alone does not open them), else from a secret kept in the database (which
 * still keeps them out of anything that reads only the staff_totp table, such as a log or an
 * export of one table).
 */
export async function totpSealingKey(deps: Pick<Deps, 'config' | 'database'>): Promise<SealingKey> {
  return sealingKey(deps.config.registrySecret ?? (await registrySecret(deps.database.db, 'totp_key')));
}
