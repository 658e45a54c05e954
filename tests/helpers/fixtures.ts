import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema/database.ts';
import { createOrganisation } from '../../db/organisation/organisations.ts';
import { createCertification, type Certification } from '../../db/certification/transitions.ts';
import { belgianCheckDigits } from '../../db/values/national-id.ts';

let counter = 0;

/** A valid, unique KvK number for this test process. */
export function nextKvk(): string {
  counter++;
  return String(20_000_000 + process.pid * 1000 + counter).slice(-8);
}

export function nextKbo(): string {
  counter++;
  const first = `0${String(3_000_000 + ((process.pid * 1000 + counter) % 6_000_000))}`;
  return first + belgianCheckDigits(first);
}

/** An organisation with a pending KSF certification. */
export async function pendingCertification(
  db: Kysely<Database>,
  options: { now?: Date; name?: string } = {},
): Promise<Certification & { organisationSlug: string }> {
  const id = nextKvk();
  const org = await createOrganisation(db, {
    legalName: options.name ?? `Testbedrijf ${id} B.V.`,
    country: 'NL',
    registryId: id,
    city: 'Utrecht',
    website: `https://www.test-${id}.nl`,
  });
  const scheme = await db
    .selectFrom('scheme')
    .select('id')
    .where('slug', '=', 'ksf-service-promises')
    .executeTakeFirstOrThrow();
  const cert = await createCertification(db, {
    organisationId: org.id,
    schemeId: scheme.id,
    assuranceLevel: 'self_declared',
    actor: 'test',
    reason: 'application',
    ...(options.now ? { now: options.now } : {}),
  });
  return { ...cert, organisationSlug: org.slug };
}
