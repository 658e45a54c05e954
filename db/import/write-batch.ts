import { sql, type Transaction } from 'kysely';
import type { Database } from '../schema/database.ts';
import type { ImportRow } from './columns.ts';
import { newPublicId } from '../certification/transitions.ts';
import { addMonths } from '../certification/lifecycle.ts';
import { linkEvents, lockChainHead, type EventInput } from '../certification/event-chain.ts';
import { appendEventEntries } from '../log/certification-entries.ts';
import { announceCertifications } from '../certification/announce.ts';

export interface SchemeInfo {
  id: number;
  validityMonths: number;
  criteria: Array<{ id: number; code: string }>;
}

export async function loadSchemes(trx: Transaction<Database>): Promise<Map<string, SchemeInfo>> {
  // Only published schemes, and the criteria of their current version: what an import certifies against.
  const schemes = await trx
    .selectFrom('scheme')
    .select(['id', 'slug', 'validity_months'])
    .where('current_version_id', 'is not', null)
    .execute();
  const criteria = await trx
    .selectFrom('criterion')
    .innerJoin('scheme', 'scheme.current_version_id', 'criterion.scheme_version_id')
    .select(['criterion.id', 'criterion.scheme_id', 'criterion.code'])
    .orderBy('criterion.position')
    .execute();
  return new Map(
    schemes.map((s) => [
      s.slug,
      {
        id: s.id,
        validityMonths: s.validity_months,
        criteria: criteria.filter((c) => c.scheme_id === s.id).map((c) => ({ id: c.id, code: c.code })),
      },
    ]),
  );
}

/**
 * Writes new organisations with their domains, channels and certifications, one statement per
 * table through unnest() arrays (fast on both drivers). An active certification gets every
 * criterion recorded as met (or not applicable where the file says so) and a hash-chained
 * `created` and `granted` event; credentials are issued when its badge is first requested.
 */
export async function writeBatch(
  trx: Transaction<Database>,
  rows: ImportRow[],
  schemes: Map<string, SchemeInfo>,
  options: { actor: string; reason: string; now: Date },
): Promise<{ organisations: number; certifications: number }> {
  if (rows.length === 0) return { organisations: 0, certifications: 0 };
  const { now } = options;
  const orgs = rows.map((r) => r.organisation.row);
  const inserted = await sql<{ id: number; country: string; registry_id: string }>`
    insert into organisation (slug, legal_name, trade_names, country, registry_id, city, website, sector, is_outsourced_contact_centre, created_at, updated_at)
    select slug, legal_name, array(select jsonb_array_elements_text(trade_names)), country, registry_id, city, website, sector, outsourced, ${now}, ${now}
    from unnest(${orgs.map((o) => o.slug)}::text[], ${orgs.map((o) => o.legal_name)}::text[],
                ${orgs.map((o) => JSON.stringify(o.trade_names))}::jsonb[], ${orgs.map((o) => o.country)}::text[],
                ${orgs.map((o) => o.registry_id)}::text[], ${orgs.map((o) => o.city)}::text[], ${orgs.map((o) => o.website)}::text[],
                ${orgs.map((o) => o.sector)}::text[], ${orgs.map((o) => o.is_outsourced_contact_centre)}::boolean[])
      with ordinality as u(slug, legal_name, trade_names, country, registry_id, city, website, sector, outsourced, ord)
    order by ord
    returning id, country, registry_id`.execute(trx);
  const idOf = new Map(inserted.rows.map((r) => [`${r.country}:${r.registry_id}`, r.id]));
  const orgId = (r: ImportRow) =>
    idOf.get(`${r.organisation.row.country}:${r.organisation.row.registry_id}`)!;

  const domains = rows.flatMap((r) => r.organisation.domains.map((d) => [orgId(r), d] as const));
  if (domains.length > 0)
    await sql`insert into organisation_domain (organisation_id, hostname)
      select * from unnest(${domains.map((d) => d[0])}::int[], ${domains.map((d) => d[1])}::text[])`.execute(
      trx,
    );
  const channels = rows.flatMap((r) => r.organisation.channels.map((c) => ({ ...c, org: orgId(r) })));
  if (channels.length > 0)
    await sql`insert into contact_channel (organisation_id, kind, value, label)
      select * from unnest(${channels.map((c) => c.org)}::int[], ${channels.map((c) => c.kind)}::text[],
                           ${channels.map((c) => c.value)}::text[], ${channels.map((c) => c.label)}::text[])`.execute(
      trx,
    );

  const certs = rows
    .filter((r) => r.certification)
    .map((r) => {
      const c = r.certification!;
      const scheme = schemes.get(c.scheme)!;
      const from = c.status === 'active' ? (c.validFrom ?? now) : null;
      return {
        r,
        c,
        scheme,
        publicId: newPublicId(),
        from,
        until: from ? addMonths(from, scheme.validityMonths) : null,
      };
    });
  if (certs.length === 0) return { organisations: inserted.rows.length, certifications: 0 };
  const certRows = await sql<{ id: number; public_id: string }>`
    insert into certification (public_id, organisation_id, scheme_id, status, assurance_level, valid_from, valid_until, version, created_at, updated_at)
    select * from unnest(${certs.map((c) => c.publicId)}::text[], ${certs.map((c) => orgId(c.r))}::int[],
                         ${certs.map((c) => c.scheme.id)}::int[], ${certs.map((c) => c.c.status)}::text[],
                         ${certs.map((c) => c.c.assuranceLevel)}::text[], ${certs.map((c) => c.from)}::timestamptz[],
                         ${certs.map((c) => c.until)}::timestamptz[], ${certs.map((c) => (c.c.status === 'active' ? 2 : 1))}::int[],
                         ${certs.map(() => now)}::timestamptz[], ${certs.map(() => now)}::timestamptz[])
    returning id, public_id`.execute(trx);
  const certId = new Map(certRows.rows.map((r) => [r.public_id, r.id]));
  await announceCertifications(
    trx,
    certRows.rows.map((r) => r.public_id),
  );

  const assessments = certs
    .filter((c) => c.c.status === 'active')
    .flatMap((c) =>
      c.scheme.criteria.map(
        (k) =>
          [
            certId.get(c.publicId)!,
            k.id,
            c.c.notApplicable.includes(k.code) ? 'not_applicable' : 'met',
            c.c.assuranceLevel,
          ] as const,
      ),
    );
  if (assessments.length > 0)
    // An imported result rests on the level the file names for its certification.
    await sql`insert into assessment (certification_id, criterion_id, result, basis, note, assessor, assessed_at)
      select a, b, c, d, 'CSV import', ${options.actor}, ${now}
      from unnest(${assessments.map((a) => a[0])}::int[], ${assessments.map((a) => a[1])}::int[], ${assessments.map((a) => a[2])}::text[],
                  ${assessments.map((a) => a[3])}::text[]) as u(a, b, c, d)`.execute(trx);

  const events: EventInput[] = certs.flatMap((c) => {
    const id = certId.get(c.publicId)!;
    const base = { certification_id: id, actor: options.actor, reason: options.reason, occurred_at: now };
    const created: EventInput = { ...base, kind: 'created', from_status: null, to_status: 'pending' };
    return c.c.status === 'active'
      ? [created, { ...base, kind: 'granted', from_status: 'pending', to_status: 'active' }]
      : [created];
  });
  const { rows: linked } = linkEvents(await lockChainHead(trx), events);
  const eventRows = await sql<{ id: number }>`
    insert into certification_event (certification_id, kind, from_status, to_status, actor, reason, occurred_at, prev_hash, hash)
    select certification_id, kind, from_status, to_status, actor, reason, occurred_at, prev_hash, hash
    from unnest(${linked.map((r) => r.certification_id)}::int[], ${linked.map((r) => r.kind)}::text[],
                ${linked.map((r) => r.from_status)}::text[], ${linked.map((r) => r.to_status)}::text[],
                ${linked.map((r) => r.actor)}::text[], ${linked.map((r) => r.reason)}::text[],
                ${linked.map((r) => r.occurred_at)}::timestamptz[], ${linked.map((r) => r.prev_hash)}::text[],
                ${linked.map((r) => r.hash)}::text[])
      with ordinality as u(certification_id, kind, from_status, to_status, actor, reason, occurred_at, prev_hash, hash, ord)
    order by ord
      returning id`.execute(trx);
  // The public ones enter the transparency log in the same transaction, in chain order.
  await appendEventEntries(
    trx,
    eventRows.rows.map((r) => Number(r.id)),
  );
  return { organisations: inserted.rows.length, certifications: certs.length };
}
