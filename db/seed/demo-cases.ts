import type { Kysely } from 'kysely';
import type { Database } from '../schema/database.ts';
import { createOrganisation } from '../organisation/organisations.ts';
import { DEMO_CASE_ORGANISATIONS, demoCasePublicId } from './demo-case-plan.ts';
import { DEMO_CASE_STEPS } from './demo-case-steps.ts';

const DAY = 86_400_000;

export interface DemoCaseOptions {
  seed: number;
  /** The same reference date as the bulk demo: every case's dates count back from it. */
  now: Date;
}

/**
 * Adds the demo's workflow cases, one organisation per stage, through the workflow's own steps
 * (so events, the hash chain and the transparency log are as a real registry's). Idempotent: an
 * organisation already present is left alone with its cases. Returns how many were added.
 */
export async function seedDemoCases(db: Kysely<Database>, options: DemoCaseOptions): Promise<number> {
  const present = new Set(
    (
      await db
        .selectFrom('organisation')
        .select('registry_id')
        .where('country', '=', 'NL')
        .where(
          'registry_id',
          'in',
          DEMO_CASE_ORGANISATIONS.map((o) => o.registryId),
        )
        .execute()
    ).map((r) => r.registry_id),
  );
  const day0 = Math.floor(options.now.getTime() / 1000) * 1000;
  let added = 0;
  for (const org of DEMO_CASE_ORGANISATIONS) {
    if (present.has(org.registryId)) continue;
    const scheme = await db
      .selectFrom('scheme')
      .select(['id', 'current_version_id'])
      .where('slug', '=', org.schemeSlug)
      .executeTakeFirstOrThrow();
    const codes = (
      await db
        .selectFrom('criterion')
        .select('code')
        .where('scheme_version_id', '=', scheme.current_version_id!)
        .orderBy('position')
        .execute()
    ).map((c) => c.code);
    const created = await createOrganisation(db, {
      legalName: org.legalName,
      tradeNames: [org.legalName.replace(/ (B\.V\.|N\.V\.)$/, '')],
      country: org.country,
      registryId: org.registryId,
      city: org.city,
      website: org.host,
      sector: org.sector,
      channels: [{ kind: 'phone', value: org.phone, label: 'Klantenservice' }],
    });
    await DEMO_CASE_STEPS[org.stage]({
      db,
      org,
      orgId: created.id,
      schemeId: scheme.id,
      codes,
      publicId: demoCasePublicId(options.seed, org.stage),
      at: (days) => new Date(day0 - days * DAY),
    });
    added++;
  }
  return added;
}
