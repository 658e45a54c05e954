import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema/database.ts';
import { openDatabase } from '../../db/platform/connection.ts';
import { migrateToLatest } from '../../db/platform/migrate.ts';
import { seedSchemes } from '../../db/seed/scheme-files.ts';
import { createOrganisation } from '../../db/organisation/organisations.ts';
import {
  createCertification,
  grant,
  revoke,
  suspend,
  type ChangeHook,
} from '../../db/certification/transitions.ts';
import { nextKbo, nextKvk } from './fixtures.ts';
import { assessAll } from './certification-fixture.ts';

export interface PreparedRegistry {
  active: string;
  activeBe: string;
  accented: string;
  suspended: string;
  revoked: string;
  pending: string;
  expired: string;
  /** Host names registered for the `active` organisation. */
  activeDomains: string[];
}

const YEAR = 365 * 86_400_000;

async function certify(
  db: Kysely<Database>,
  input: { name: string; country?: 'NL' | 'BE'; domains?: string[]; hooks?: readonly ChangeHook[] },
): Promise<string> {
  const country = input.country ?? 'NL';
  const registryId = country === 'NL' ? nextKvk() : nextKbo();
  const org = await createOrganisation(db, {
    legalName: input.name,
    country,
    registryId,
    city: country === 'NL' ? 'Utrecht' : 'Gent',
    website: `https://www.org-${registryId}.${country.toLowerCase()}`,
    domains: input.domains ?? [],
  });
  const scheme = await db
    .selectFrom('scheme')
    .select('id')
    .where('slug', '=', country === 'NL' ? 'ksf-service-promises' : 'happy-customer')
    .executeTakeFirstOrThrow();
  const cert = await createCertification(db, {
    organisationId: org.id,
    schemeId: scheme.id,
    assuranceLevel: 'reviewed',
    actor: 'fixture',
    reason: 'application',
  });
  await assessAll(db, cert, { notApplicable: 2 });
  return cert.public_id;
}

/** Puts one certification in every state into `db`; credentials are issued by `hooks` when given. */
export async function prepareRegistry(
  db: Kysely<Database>,
  hooks: readonly ChangeHook[] = [],
): Promise<PreparedRegistry> {
  const by = { actor: 'fixture', reason: 'fixture', hooks };
  const active = await certify(db, {
    name: 'Klantenservice Federatie Testlid B.V.',
    domains: ['shop.example.nl', 'localhost'],
  });
  await grant(db, active, by);
  const activeBe = await certify(db, { name: 'Contact Center Gent NV', country: 'BE' });
  await grant(db, activeBe, by);
  const accented = await certify(db, {
    name: 'Société Générale de Crédit Coopératif — Bruxelles-Capitale',
    country: 'BE',
  });
  await grant(db, accented, by);
  const suspended = await certify(db, { name: 'Geschorst Bedrijf B.V.' });
  await grant(db, suspended, by);
  await suspend(db, suspended, { ...by, reason: 'complaints' });
  const revoked = await certify(db, { name: 'Ingetrokken Bedrijf B.V.' });
  await grant(db, revoked, by);
  await revoke(db, revoked, { ...by, reason: 'fraud' });
  const pending = await certify(db, { name: 'Aanvrager B.V.' });
  const expired = await certify(db, { name: 'Verlopen Bedrijf B.V.' });
  await grant(db, expired, { ...by, now: new Date(Date.now() - 2 * YEAR) });
  return {
    active,
    activeBe,
    accented,
    suspended,
    revoked,
    pending,
    expired,
    activeDomains: ['shop.example.nl', 'localhost'],
  };
}

/** Prepares an embedded data directory (closed again before a server opens it). */
export async function prepareDataDir(dataDir: string): Promise<PreparedRegistry> {
  const handle = await openDatabase({ databaseUrl: null, dataDir, role: 'test fixture' });
  try {
    await migrateToLatest(handle.db);
    await seedSchemes(handle.db);
    return await prepareRegistry(handle.db);
  } finally {
    await handle.close();
  }
}
