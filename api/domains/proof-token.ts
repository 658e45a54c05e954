import { createHmac, hkdfSync } from 'node:crypto';
import type { Deps } from '../app/deps.ts';
import { registrySecret } from '../../db/platform/registry-secret.ts';

/** Where the member serves the token, on the host being proven. */
export const PROOF_PATH = '/.well-known/keurmerk-verification.txt';

/**
 * The key proof tokens are derived from: REGISTRY_SECRET when the operator sets one, else a
 * secret kept in the database (as for the other registry keys).
 *
 * Derived, not stored: the portal can show a claim's token on every visit (the member may need a
 * few tries to serve it), yet the table holds nothing that proves anything, and a token is bound
 * to its claim, organisation and host, so one served for another organisation or an earlier claim
 * proves nothing here.
 */
export async function proofKey(deps: Pick<Deps, 'config' | 'database'>): Promise<Buffer> {
  const secret = deps.config.registrySecret ?? (await registrySecret(deps.database.db, 'domain_proof_key'));
  return Buffer.from(hkdfSync('sha256', secret, 'keurmerk', 'keurmerk domain proof v1', 32));
}

/** The token of one claim: `keurmerk-verification=` and 43 base64url characters. */
export function proofToken(
  key: Buffer,
  claim: { id: number; organisation_id: number; hostname: string },
): string {
  const mac = createHmac('sha256', key)
    .update(`${claim.id}\n${claim.organisation_id}\n${claim.hostname}`)
    .digest('base64url');
  return `keurmerk-verification=${mac}`;
}

/**
 * Where the proof is fetched. https on the default port, except for hosts of the test allow-list
 * (DOMAIN_PROOF_ALLOW_HOSTS), which are fetched over http, at the port the entry names, if any.
 */
export function proofUrl(hostname: string, allowHosts: readonly string[]): string {
  const entry = allowHosts.find((h) => h === hostname || h.startsWith(`${hostname}:`));
  return entry ? `http://${entry}${PROOF_PATH}` : `https://${hostname}${PROOF_PATH}`;
}

/** True when the fetched file states the token (its first non-empty line, spaces trimmed). */
export function statesToken(body: string, token: string): boolean {
  const first = body.split(/\r?\n/).find((line) => line.trim() !== '');
  return first?.trim() === token;
}
