// What the log says about each certification, and whether the open data agrees: pure functions.
// A certification's standing is its latest certification entry: the status recorded, the end of
// its validity period, and the entry's index. Its public status is that status, or `expired`
// once `valid_until` has passed (the registry derives expiry on read; the log's own expiry entry
// follows within the hour, and either way the public status is the same).

/** Statuses a certification entry records. */
export const LOGGED_STATUSES = ['active', 'suspended', 'revoked', 'expired'] as const;
export type LoggedStatus = (typeof LOGGED_STATUSES)[number];

/** [status, valid_until (ISO) or null, index of the entry]: compact, since a state file holds one per certification. */
export type Standing = readonly [status: LoggedStatus, validUntil: string | null, index: number];

export function isStanding(value: unknown): value is Standing {
  return (
    Array.isArray(value) &&
    value.length === 3 &&
    (LOGGED_STATUSES as readonly unknown[]).includes(value[0]) &&
    (value[1] === null || (typeof value[1] === 'string' && !Number.isNaN(Date.parse(value[1])))) &&
    Number.isSafeInteger(value[2]) &&
    (value[2] as number) >= 0
  );
}

export type EntryReading =
  | { kind: 'certification'; publicId: string; standing: Standing }
  | { kind: 'other' }
  | { kind: 'malformed'; reason: string };

const decoder = new TextDecoder('utf-8', { fatal: true });

/** Reads one entry: a certification's new standing, another kind of entry, or an unreadable one. */
export function readEntry(bytes: Uint8Array, index: number): EntryReading {
  let facts: unknown;
  try {
    facts = JSON.parse(decoder.decode(bytes));
  } catch {
    return { kind: 'malformed', reason: 'is not UTF-8 JSON' };
  }
  if (typeof facts !== 'object' || facts === null || Array.isArray(facts))
    return { kind: 'malformed', reason: 'is not a JSON object' };
  const f = facts as Record<string, unknown>;
  if (typeof f['type'] !== 'string') return { kind: 'malformed', reason: 'has no type' };
  if (!f['type'].startsWith('certification_')) return { kind: 'other' };
  const { public_id: publicId, status, valid_until: validUntil } = f;
  if (typeof publicId !== 'string' || publicId.length === 0 || publicId.length > 100)
    return { kind: 'malformed', reason: 'names no public_id' };
  if (!(LOGGED_STATUSES as readonly unknown[]).includes(status))
    return { kind: 'malformed', reason: `records status ${JSON.stringify(status)?.slice(0, 40)}` };
  if (
    validUntil !== undefined &&
    validUntil !== null &&
    (typeof validUntil !== 'string' || Number.isNaN(Date.parse(validUntil)))
  )
    return { kind: 'malformed', reason: 'has an unreadable valid_until' };
  return {
    kind: 'certification',
    publicId,
    standing: [status as LoggedStatus, (validUntil as string | null | undefined) ?? null, index],
  };
}

/** The public status a standing means at `now`. */
export function publicStatus(standing: Standing, now: Date): LoggedStatus {
  const [status, validUntil] = standing;
  if (
    (status === 'active' || status === 'suspended') &&
    validUntil !== null &&
    Date.parse(validUntil) <= now.getTime()
  )
    return 'expired';
  return status;
}

/** One certification as the open data publishes it. */
export interface PublishedCertification {
  readonly publicId: string;
  readonly status: string;
}

export interface StatusDisagreement {
  readonly kind: 'status_mismatch' | 'status_not_logged' | 'missing_from_open_data';
  readonly publicId: string;
  readonly published: string | null;
  readonly logged: LoggedStatus | null;
  readonly index: number | null;
}

/**
 * Every certification whose published status differs from the log's. A certification the log
 * never mentions may only be private (an application: pending or refused); one the log holds must
 * be published.
 */
export function compareWithOpenData(
  published: Iterable<PublishedCertification>,
  standings: ReadonlyMap<string, Standing>,
  now: Date,
): StatusDisagreement[] {
  const out: StatusDisagreement[] = [];
  const seen = new Set<string>();
  for (const cert of published) {
    seen.add(cert.publicId);
    const standing = standings.get(cert.publicId);
    if (!standing) {
      if ((LOGGED_STATUSES as readonly string[]).includes(cert.status))
        out.push({
          kind: 'status_not_logged',
          publicId: cert.publicId,
          published: cert.status,
          logged: null,
          index: null,
        });
      continue;
    }
    const logged = publicStatus(standing, now);
    if (cert.status !== logged)
      out.push({
        kind: 'status_mismatch',
        publicId: cert.publicId,
        published: cert.status,
        logged,
        index: standing[2],
      });
  }
  for (const [publicId, standing] of standings)
    if (!seen.has(publicId))
      out.push({
        kind: 'missing_from_open_data',
        publicId,
        published: null,
        logged: publicStatus(standing, now),
        index: standing[2],
      });
  return out;
}

/** The sentence naming a status disagreement. */
export function describeStatus(d: StatusDisagreement): string {
  switch (d.kind) {
    case 'status_not_logged':
      return `Certification ${d.publicId} is ${d.published} in the open data, a status the log never recorded (the log has no entry for it).`;
    case 'missing_from_open_data':
      return `Certification ${d.publicId} is ${d.logged} in the log (entry ${d.index}) but missing from the open data.`;
    default:
      return `Certification ${d.publicId} is ${d.published} in the open data, but the log says ${d.logged} (entry ${d.index}).`;
  }
}
