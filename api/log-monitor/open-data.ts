// The registry's open data as the monitor reads it: every certification's public id and status,
// and the moment the registry says it was generated (expiry is judged at that moment).
import { KeurmerkError } from '../../db/errors.ts';
import type { RegistryClient } from './registry-client.ts';
import type { PublishedCertification } from './standing.ts';

export const OPEN_DATA_PATH = '/open-data/registry.json';

export interface OpenData {
  readonly generatedAt: Date;
  readonly certifications: PublishedCertification[];
}

const unusable = (client: RegistryClient, why: string) =>
  new KeurmerkError('monitor_registry_unreachable', `${client.base}${OPEN_DATA_PATH} ${why}`);

/** Reads `{ generatedAt, organisations: [{ certifications: [{ publicId, status }] }] }`. */
export async function fetchOpenData(client: RegistryClient, fallbackNow: Date): Promise<OpenData> {
  const text = await client.text(OPEN_DATA_PATH);
  if (text === null) throw unusable(client, 'is missing.');
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    throw unusable(client, 'is not JSON.');
  }
  const organisations = (doc as { organisations?: unknown })?.organisations;
  if (!Array.isArray(organisations)) throw unusable(client, 'has no organisations list.');
  const certifications: PublishedCertification[] = [];
  for (const org of organisations) {
    const certs = (org as { certifications?: unknown })?.certifications;
    if (!Array.isArray(certs)) throw unusable(client, 'lists an organisation without certifications.');
    for (const c of certs) {
      const { publicId, status } = (c ?? {}) as Record<string, unknown>;
      if (typeof publicId !== 'string' || typeof status !== 'string')
        throw unusable(client, 'lists a certification without publicId or status.');
      certifications.push({ publicId, status });
    }
  }
  const stamp = Date.parse(String((doc as { generatedAt?: unknown }).generatedAt));
  return { generatedAt: Number.isNaN(stamp) ? fallbackNow : new Date(stamp), certifications };
}
