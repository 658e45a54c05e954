import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import { sql, type Kysely } from 'kysely';
import { runStatements } from './run-statements.ts';

// The transparency log starts complete: an existing installation's public history is appended
// to log_pending, in this order — the public certification events in chain order, then the
// signing-key history in time order, then the expiries the public change log already shows.
// `log_expiry` remembers which validity periods' expiries are logged, so the daily job appends
// each once. The entry shapes are copied here on purpose (a migration is frozen history); they
// are those of db/log/entry-facts.ts when this was written.

const PAGE = 5_000;

const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');
const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

function encode(facts: Record<string, unknown>): Uint8Array {
  const bytes = new TextEncoder().encode(canonicalize(facts)!);
  if (bytes.length > 65_535) throw new RangeError('log entry too large');
  return bytes;
}

async function insertEntries(
  db: Kysely<any>,
  entries: Array<{ facts: Record<string, unknown>; subject: string }>,
) {
  if (entries.length === 0) return;
  await db
    .insertInto('log_pending')
    .values(entries.map((e) => ({ entry: encode(e.facts), subject: e.subject })))
    .execute();
}

interface EventRow {
  id: number;
  kind: string;
  to_status: string;
  reason: string;
  occurred_at: Date;
  public_id: string;
  slug: string;
  scheme_slug: string;
  assurance_level: string;
  valid_from: Date | null;
  valid_until: Date | null;
  standing_known: boolean;
}

async function backfillEvents(db: Kysely<any>): Promise<void> {
  let after = 0;
  for (;;) {
    const { rows } = await sql<EventRow>`
      select e.id, e.kind, e.to_status, e.reason, e.occurred_at, c.public_id, o.slug, s.slug as scheme_slug,
             c.assurance_level, c.valid_from, c.valid_until,
             not exists (select 1 from certification_event l
                         where l.certification_id = e.certification_id and l.id > e.id
                           and l.kind in ('granted', 'renewed')) as standing_known
      from certification_event e
      join certification c on c.id = e.certification_id
      join organisation o on o.id = c.organisation_id
      join scheme s on s.id = c.scheme_id
      where e.id > ${after}
      order by e.id
      limit ${PAGE}`.execute(db);
    const entries = rows
      .filter((r) => r.kind !== 'created')
      .map((r) => {
        const facts: Record<string, unknown> = {
          type: `certification_${r.kind}`,
          at: iso(r.occurred_at),
          public_id: r.public_id,
          organisation: r.slug,
          scheme: r.scheme_slug,
          status: r.to_status,
          reason_sha256: digest(r.reason),
        };
        if (r.standing_known) {
          facts['assurance_level'] = r.assurance_level;
          facts['valid_from'] = iso(r.valid_from);
          facts['valid_until'] = iso(r.valid_until);
        }
        return { facts, subject: r.public_id };
      });
    await insertEntries(db, entries);
    if (rows.length < PAGE) return;
    after = Number(rows.at(-1)!.id);
  }
}

async function backfillKeys(db: Kysely<any>): Promise<void> {
  const { rows } = await sql<{ type: string; at: Date; kid: string; thumbprint: string; alg: string }>`
    select * from (
      select 'signing_key_added' as type, created_at as at, kid, thumbprint, alg, 0 as ord from signing_key
      union all
      select 'signing_key_retired', retired_at, kid, thumbprint, alg, 1 from signing_key where retired_at is not null
    ) k order by at, ord, kid`.execute(db);
  await insertEntries(
    db,
    rows.map((k) => ({
      facts: { type: k.type, at: iso(k.at), kid: k.kid, thumbprint: k.thumbprint, alg: k.alg },
      subject: 'keys',
    })),
  );
}

async function backfillExpiries(db: Kysely<any>): Promise<void> {
  const { rows } = await sql<{
    id: number;
    public_id: string;
    slug: string;
    scheme_slug: string;
    assurance_level: string;
    valid_from: Date | null;
    valid_until: Date;
  }>`
    select c.id, c.public_id, o.slug, s.slug as scheme_slug, c.assurance_level, c.valid_from, c.valid_until
    from certification c
    join organisation o on o.id = c.organisation_id
    join scheme s on s.id = c.scheme_id
    where c.status in ('active', 'suspended') and c.valid_until <= now()
    order by c.valid_until, c.id`.execute(db);
  for (let start = 0; start < rows.length; start += PAGE) {
    const page = rows.slice(start, start + PAGE);
    await insertEntries(
      db,
      page.map((c) => ({
        facts: {
          type: 'certification_expired',
          at: iso(c.valid_until),
          public_id: c.public_id,
          organisation: c.slug,
          scheme: c.scheme_slug,
          status: 'expired',
          assurance_level: c.assurance_level,
          valid_from: iso(c.valid_from),
          valid_until: iso(c.valid_until),
        },
        subject: c.public_id,
      })),
    );
    await db
      .insertInto('log_expiry')
      .values(page.map((c) => ({ certification_id: c.id, valid_until: c.valid_until })))
      .execute();
  }
}

export async function up(db: Kysely<any>): Promise<void> {
  await runStatements(
    db,
    String.raw`
    create table log_expiry (
      certification_id int not null references certification (id),
      valid_until timestamptz not null,
      logged_at timestamptz not null default now(),
      primary key (certification_id, valid_until)
    );
    `,
  );
  await backfillEvents(db);
  await backfillKeys(db);
  await backfillExpiries(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  // The entries stay: the log is append-only, and the sequencer may already have numbered them.
  await runStatements(db, `drop table log_expiry;`);
}
