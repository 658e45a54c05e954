import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema/database.ts';
import { demoOrganisation, type DemoOrganisation } from './demo-generator.ts';
import { linkEvents, lockChainHead, type EventInput } from '../certification/event-chain.ts';
import { isPublicEvent } from '../log/certification-entries.ts';
import { appendLogEntries } from '../log/append-many.ts';
import { certificationFacts } from '../log/entry-facts.ts';
import { organisationSlug } from '../values/slug.ts';
import { announceCertifications } from '../certification/announce.ts';

export interface DemoSeedOptions {
  organisations: number;
  seed: number;
  /** Reference time for validity periods and history; the same seed and `now` give the same registry. */
  now: Date;
  batchSize?: number;
  /**
   * False to seed a database migrated only up to before 2026-12-03T1510 (assessment.basis), as the
   * tests of older migrations do; the results then carry no basis of their own.
   */
  assessmentBasis?: boolean;
  onProgress?: (done: number, total: number, inserted: number) => void;
}

export interface DemoSeedResult {
  inserted: number;
  skipped: number;
}

/**
 * Writes the demo registry in batches, each one transaction. Organisations already present (same
 * country and national id) are skipped with everything that hangs off them, so a rerun adds nothing.
 * Bulk rows go in as arrays through unnest(): one statement per table per batch on both drivers.
 */
export async function seedDemo(db: Kysely<Database>, options: DemoSeedOptions): Promise<DemoSeedResult> {
  const batchSize = options.batchSize ?? 2_000;
  const schemes = await db.selectFrom('scheme').select(['id', 'slug']).execute();
  const criteria = await db
    .selectFrom('criterion')
    .innerJoin('scheme', 'scheme.current_version_id', 'criterion.scheme_version_id')
    .select(['criterion.id', 'criterion.scheme_id', 'criterion.position'])
    .orderBy('criterion.position')
    .execute();
  const schemeIds = new Map(schemes.map((s) => [s.slug, s.id]));
  const criteriaBySlug: Record<string, number[]> = {};
  for (const s of schemes)
    criteriaBySlug[s.slug] = criteria.filter((c) => c.scheme_id === s.id).map((c) => c.id);
  const counts = Object.fromEntries(Object.entries(criteriaBySlug).map(([k, v]) => [k, v.length]));
  for (const slug of ['ksf-service-promises', 'happy-customer']) {
    if (!schemeIds.has(slug)) throw new Error(`scheme ${slug} is missing; run "npm run db:migrate" first`);
  }
  let inserted = 0;
  for (let start = 0; start < options.organisations; start += batchSize) {
    const end = Math.min(options.organisations, start + batchSize);
    const batch: DemoOrganisation[] = [];
    for (let i = start; i < end; i++) batch.push(demoOrganisation(options.seed, i, options.now, counts));
    inserted += await writeBatch(
      db,
      batch,
      schemeIds,
      criteriaBySlug,
      options.now,
      options.assessmentBasis ?? true,
    );
    options.onProgress?.(end, options.organisations, inserted);
  }
  return { inserted, skipped: options.organisations - inserted };
}

async function writeBatch(
  db: Kysely<Database>,
  batch: DemoOrganisation[],
  schemeIds: Map<string, number>,
  criteriaBySlug: Record<string, number[]>,
  now: Date,
  withBasis: boolean,
): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const orgRows = await sql<{ id: number; registry_id: string; country: string }>`
      insert into organisation (slug, legal_name, trade_names, country, registry_id, city, website, sector, is_outsourced_contact_centre, created_at, updated_at)
      select slug, legal_name, array[trade_name], country, registry_id, city, website, sector, outsourced, ${now}, ${now}
      from unnest(${batch.map((o) => organisationSlug(o.legalName, o.registryId))}::text[],
                  ${batch.map((o) => o.legalName)}::text[], ${batch.map((o) => o.tradeName)}::text[],
                  ${batch.map((o) => o.country)}::text[], ${batch.map((o) => o.registryId)}::text[],
                  ${batch.map((o) => o.city)}::text[], ${batch.map((o) => `https://${o.domain}`)}::text[],
                  ${batch.map((o) => o.sector)}::text[], ${batch.map((o) => o.outsourced)}::boolean[])
        with ordinality as u(slug, legal_name, trade_name, country, registry_id, city, website, sector, outsourced, ord)
      order by ord
      on conflict (country, registry_id) do nothing
      returning id, registry_id, country`.execute(trx);
    if (orgRows.rows.length === 0) return 0;
    const idByKey = new Map(orgRows.rows.map((r) => [`${r.country}:${r.registry_id}`, r.id]));
    const fresh = batch.filter((o) => idByKey.has(`${o.country}:${o.registryId}`));
    const orgId = (o: DemoOrganisation) => idByKey.get(`${o.country}:${o.registryId}`)!;

    await sql`
      insert into organisation_domain (organisation_id, hostname)
      select * from unnest(${fresh.map(orgId)}::int[], ${fresh.map((o) => o.domain)}::text[])
      on conflict (hostname) do nothing`.execute(trx);

    const channels: Array<[number, string, string, string]> = [];
    for (const o of fresh) {
      channels.push([orgId(o), 'phone', o.phone, 'Klantenservice']);
      channels.push([orgId(o), 'email_domain', o.emailDomain, 'E-mail']);
      if (o.whatsapp) channels.push([orgId(o), 'whatsapp', o.whatsapp, 'WhatsApp']);
    }
    await sql`
      insert into contact_channel (organisation_id, kind, value, label)
      select * from unnest(${channels.map((c) => c[0])}::int[], ${channels.map((c) => c[1])}::text[],
                           ${channels.map((c) => c[2])}::text[], ${channels.map((c) => c[3])}::text[])
      on conflict (kind, value) do nothing`.execute(trx);

    const certs = fresh.map((o) => o.certification);
    const certRows = await sql<{ id: number; public_id: string }>`
      insert into certification (public_id, organisation_id, scheme_id, status, assurance_level, valid_from, valid_until, version, created_at, updated_at)
      select public_id, organisation_id, scheme_id, status, assurance_level, valid_from, valid_until, version, created_at, updated_at
      from unnest(${certs.map((c) => c.publicId)}::text[], ${fresh.map(orgId)}::int[],
                  ${certs.map((c) => schemeIds.get(c.schemeSlug)!)}::int[], ${certs.map((c) => c.status)}::text[],
                  ${certs.map((c) => c.assurance)}::text[], ${certs.map((c) => c.validFrom)}::timestamptz[],
                  ${certs.map((c) => c.validUntil)}::timestamptz[], ${certs.map((c) => c.events.length)}::int[],
                  ${certs.map((c) => c.events[0]!.at)}::timestamptz[], ${certs.map((c) => c.events.at(-1)!.at)}::timestamptz[])
        with ordinality as u(public_id, organisation_id, scheme_id, status, assurance_level, valid_from, valid_until, version, created_at, updated_at, ord)
      order by ord
      returning id, public_id`.execute(trx);
    const certId = new Map(certRows.rows.map((r) => [r.public_id, r.id]));
    await announceCertifications(
      trx,
      certRows.rows.map((r) => r.public_id),
    );

    // Each result rests on its certification's level, named here so no row needs the default trigger.
    const assessments: Array<[number, number, string, Date, string]> = [];
    for (const c of certs) {
      const ids = criteriaBySlug[c.schemeSlug] ?? [];
      c.results.forEach((result, i) => {
        if (ids[i] !== undefined)
          assessments.push([certId.get(c.publicId)!, ids[i]!, result, c.assessedAt!, c.assurance]);
      });
    }
    if (assessments.length > 0 && !withBasis) {
      await sql`
        insert into assessment (certification_id, criterion_id, result, assessor, assessed_at)
        select certification_id, criterion_id, result, 'demo-seed', assessed_at
        from unnest(${assessments.map((a) => a[0])}::int[], ${assessments.map((a) => a[1])}::int[],
                    ${assessments.map((a) => a[2])}::text[], ${assessments.map((a) => a[3])}::timestamptz[])
          as u(certification_id, criterion_id, result, assessed_at)`.execute(trx);
    } else if (assessments.length > 0) {
      await sql`
        insert into assessment (certification_id, criterion_id, result, basis, assessor, assessed_at)
        select certification_id, criterion_id, result, basis, 'demo-seed', assessed_at
        from unnest(${assessments.map((a) => a[0])}::int[], ${assessments.map((a) => a[1])}::int[],
                    ${assessments.map((a) => a[2])}::text[], ${assessments.map((a) => a[3])}::timestamptz[],
                    ${assessments.map((a) => a[4])}::text[])
          as u(certification_id, criterion_id, result, assessed_at, basis)`.execute(trx);
    }

    const events: EventInput[] = certs.flatMap((c) =>
      c.events.map((e) => ({
        certification_id: certId.get(c.publicId)!,
        kind: e.kind,
        from_status: e.from,
        to_status: e.to,
        actor: e.actor,
        reason: e.reason,
        occurred_at: e.at,
      })),
    );
    const { rows } = linkEvents(await lockChainHead(trx), events);
    await sql`
      insert into certification_event (certification_id, kind, from_status, to_status, actor, reason, occurred_at, prev_hash, hash)
      select certification_id, kind, from_status, to_status, actor, reason, occurred_at, prev_hash, hash
      from unnest(${rows.map((r) => r.certification_id)}::int[], ${rows.map((r) => r.kind)}::text[],
                  ${rows.map((r) => r.from_status)}::text[], ${rows.map((r) => r.to_status)}::text[],
                  ${rows.map((r) => r.actor)}::text[], ${rows.map((r) => r.reason)}::text[],
                  ${rows.map((r) => r.occurred_at)}::timestamptz[], ${rows.map((r) => r.prev_hash)}::text[],
                  ${rows.map((r) => r.hash)}::text[])
        with ordinality as u(certification_id, kind, from_status, to_status, actor, reason, occurred_at, prev_hash, hash, ord)
      order by ord`.execute(trx);
    // The public ones enter the transparency log in the same transaction, in chain order.
    await appendLogEntries(trx, logEntriesOf(fresh));
    return fresh.length;
  });
}

/**
 * The log entries of the batch's public events in chain order, from the facts at hand: what
 * eventFacts would read back from the rows just written (tests/integration/db/log/
 * chain-agreement.test.ts rebuilds them from the event table and compares), without that query,
 * which took a quarter of the seeding time.
 */
function logEntriesOf(fresh: readonly DemoOrganisation[]) {
  const entries: Array<{ facts: Record<string, unknown>; subject: string }> = [];
  for (const o of fresh) {
    const c = o.certification;
    const organisation = organisationSlug(o.legalName, o.registryId);
    c.events.forEach((e, i) => {
      if (!isPublicEvent(e.kind)) return;
      // A later grant or renewal started another period: the standing before it is not known.
      const superseded = c.events.slice(i + 1).some((l) => l.kind === 'granted' || l.kind === 'renewed');
      entries.push({
        subject: c.publicId,
        facts: certificationFacts({
          kind: e.kind,
          at: e.at,
          publicId: c.publicId,
          organisationSlug: organisation,
          schemeSlug: c.schemeSlug,
          status: e.to,
          reason: e.reason,
          standing: superseded
            ? null
            : { assuranceLevel: c.assurance, validFrom: c.validFrom, validUntil: c.validUntil },
        }),
      });
    });
  }
  return entries;
}
