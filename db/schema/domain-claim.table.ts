import type { Generated, Insertable, Selectable, Updateable } from 'kysely';
import type { GeneratedTimestamp, Timestamp } from './common.ts';

export type DomainClaimState = 'pending' | 'refused';

/**
 * A host an organisation's member asked for and that does not count yet: it moves into
 * organisation_domain once proven (the token file) or approved by staff.
 */
export interface DomainClaimTable {
  id: Generated<number>;
  organisation_id: number;
  /** Lower-case ASCII (punycode) host name, as `normaliseHostname` gives it. */
  hostname: string;
  requested_by: number | null;
  state: Generated<DomainClaimState>;
  /** Set when the member asks staff to check instead of (or besides) the token file. */
  review_requested_at: Timestamp | null;
  /** The last proof attempt: at most one a minute per claim, across instances. */
  last_attempt_at: Timestamp | null;
  /** Why the last attempt failed (a fixed reason code, never the fetched body). */
  last_failure: string | null;
  decided_by: string | null;
  decided_at: Timestamp | null;
  created_at: GeneratedTimestamp;
}
export type DomainClaim = Selectable<DomainClaimTable>;
export type NewDomainClaim = Insertable<DomainClaimTable>;
export type DomainClaimUpdate = Updateable<DomainClaimTable>;
