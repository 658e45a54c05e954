import { createHash } from 'node:crypto';
import type { AssuranceLevel, ChangeKind, StoredStatus } from '../vocabulary.ts';

/**
 * The shapes of the transparency log's entries: public facts only, nothing the registry does not
 * already publish (docs/transparency-log.md lists them). Pure: the same facts give the same
 * entry, which is what `log verify` rebuilds from the event table to compare.
 */

/** Entry type of each public change kind: `certification_granted`, …, `certification_expired`. */
export type CertificationEntryType = `certification_${ChangeKind}`;
export type KeyEntryType = 'signing_key_added' | 'signing_key_retired';

export const CERTIFICATION_ENTRY_PREFIX = 'certification_';
/** Entries about keys share this subject; a certification's entries have its public id. */
export const KEYS_SUBJECT = 'keys';

export function certificationEntryType(kind: ChangeKind): CertificationEntryType {
  return `${CERTIFICATION_ENTRY_PREFIX}${kind}`;
}

/**
 * The reason is published beside every change, but free text written by staff: the log commits
 * to it by its SHA-256 (of its UTF-8), so a rewritten reason is caught without the log repeating
 * the text forever.
 */
export function reasonDigest(reason: string): string {
  return createHash('sha256').update(reason, 'utf8').digest('hex');
}

export interface CertificationFactsInput {
  kind: ChangeKind;
  at: Date;
  publicId: string;
  organisationSlug: string;
  schemeSlug: string;
  /** The public status after the change (`expired` for an expiry). */
  status: StoredStatus | 'expired';
  /** Null for expiries, which have no written reason. */
  reason: string | null;
  /**
   * The certification's assurance level and validity right after the change. Null only in
   * entries backfilled for validity periods before the current one: the registry did not keep
   * them, and the log does not guess.
   */
  standing: {
    assuranceLevel: AssuranceLevel;
    validFrom: Date | null;
    validUntil: Date | null;
  } | null;
}

const iso = (d: Date | null) => (d === null ? null : d.toISOString());

/** The facts of one public change of a certification. */
export function certificationFacts(input: CertificationFactsInput): Record<string, unknown> {
  const facts: Record<string, unknown> = {
    type: certificationEntryType(input.kind),
    at: input.at.toISOString(),
    public_id: input.publicId,
    organisation: input.organisationSlug,
    scheme: input.schemeSlug,
    status: input.status,
  };
  if (input.reason !== null) facts['reason_sha256'] = reasonDigest(input.reason);
  if (input.standing) {
    facts['assurance_level'] = input.standing.assuranceLevel;
    facts['valid_from'] = iso(input.standing.validFrom);
    facts['valid_until'] = iso(input.standing.validUntil);
  }
  return facts;
}

export interface KeyFactsInput {
  type: KeyEntryType;
  at: Date;
  kid: string;
  /** RFC 7638 thumbprint of the public JWK (the last segment of the kid URL). */
  thumbprint: string;
  alg: string;
}

/** The facts of a signing key added to or retired from the published key set. */
export function keyFacts(input: KeyFactsInput): Record<string, unknown> {
  return {
    type: input.type,
    at: input.at.toISOString(),
    kid: input.kid,
    thumbprint: input.thumbprint,
    alg: input.alg,
  };
}
