import type { Operation } from '../admin/perform.ts';
import { KeurmerkError, ValidationError } from '../../db/errors.ts';
import { normaliseHostname } from '../../db/values/hostname.ts';
import {
  acceptClaim,
  addClaim,
  claimOf,
  claimsOf,
  deleteClaim,
  provenDomains,
  recordProofFailure,
  removeProvenDomain,
  requestReview,
  takeProofAttempt,
} from '../../db/organisation/domain-claims.ts';
import type { DomainClaimState } from '../../db/schema/domain-claim.table.ts';
import { guardedFetch } from '../domains/guarded-fetch.ts';
import { proofKey, proofToken, proofUrl, statesToken } from '../domains/proof-token.ts';
import { memberOf } from './account-ops.ts';
import { idInput, memberOrganisationId } from './organisation-of.ts';

export interface DomainClaimView {
  id: number;
  hostname: string;
  state: DomainClaimState;
  /** The line to serve; shown on every visit, derived, never stored. */
  token: string;
  /** Where the proof is fetched from. */
  url: string;
  reviewRequested: boolean;
  lastAttemptAt: Date | null;
  lastFailure: string | null;
}

export interface DomainsView {
  proven: string[];
  claims: DomainClaimView[];
}

/** A host name from the form, normalised by the registry's one host-name rule. */
export function hostnameInput(value: unknown): string {
  const result = normaliseHostname(typeof value === 'string' ? value : '');
  if (!result.ok) throw new ValidationError('hostname', `Not a host name: ${result.reason}.`);
  return result.hostname;
}

/** The domains page: hosts that count, and requests with their tokens. */
export const listDomainsOp: Operation<DomainsView> = {
  name: 'member.domains.list',
  permission: 'organisation.view',
  write: false,
  async run(ctx, input) {
    const db = ctx.deps.database.db;
    const id = memberOrganisationId(ctx, input);
    const key = await proofKey(ctx.deps);
    const allow = ctx.deps.config.domainProofAllowHosts;
    return {
      proven: await provenDomains(db, id),
      claims: (await claimsOf(db, id)).map((c) => ({
        id: c.id,
        hostname: c.hostname,
        state: c.state,
        token: proofToken(key, c),
        url: proofUrl(c.hostname, allow),
        reviewRequested: c.review_requested_at !== null,
        lastAttemptAt: c.last_attempt_at,
        lastFailure: c.last_failure,
      })),
    };
  },
};

/** Asks for a domain; it counts once proven or approved. */
export const addDomainOp: Operation<{ id: number; hostname: string }> = {
  name: 'member.domain.add',
  permission: 'organisation.manage',
  write: true,
  detail: (input) => ({
    hostname: typeof input['hostname'] === 'string' ? input['hostname'].slice(0, 253) : null,
  }),
  async run(ctx, input) {
    const claim = await addClaim(
      ctx.deps.database.db,
      memberOrganisationId(ctx, input),
      hostnameInput(input['hostname']),
      memberOf(ctx).id,
    );
    return { id: claim.id, hostname: claim.hostname };
  },
};

/**
 * Fetches the token file and, when it states the claim's token, makes the domain count. The fetch
 * happens in `prepare`, outside the transaction (it may take seconds); the attempt is stamped
 * first, committed at once, so a second attempt within the minute is refused on any instance.
 */
export const proveDomainOp: Operation<{ hostname: string }, { claimId: number }> = {
  name: 'member.domain.prove',
  permission: 'organisation.manage',
  write: true,
  detail: (input) => ({ claim: input['claim'] }),
  async prepare(ctx, input) {
    const db = ctx.deps.database.db;
    const claim = await claimOf(db, memberOrganisationId(ctx, input), idInput(input, 'claim'));
    if (claim.state !== 'pending') throw new KeurmerkError('domain_claim_closed');
    if (!(await takeProofAttempt(db, claim.id, ctx.deps.now())))
      throw new KeurmerkError('domain_proof_too_soon');
    const allowHosts = ctx.deps.config.domainProofAllowHosts;
    const fetched = await guardedFetch(proofUrl(claim.hostname, allowHosts), { allowHosts });
    const token = proofToken(await proofKey(ctx.deps), claim);
    const failure = !fetched.ok ? fetched.reason : statesToken(fetched.body, token) ? null : 'token_mismatch';
    if (failure !== null) {
      await recordProofFailure(db, claim.id, failure);
      throw new KeurmerkError('domain_proof_failed', undefined, { reason: failure });
    }
    return { claimId: claim.id };
  },
  async run(ctx, _input, prepared) {
    const claim = await acceptClaim(ctx.deps.database.db, prepared.claimId);
    return { hostname: claim.hostname };
  },
};

/** Asks the association to approve the domain instead. */
export const requestDomainReviewOp: Operation<{ claim: number }> = {
  name: 'member.domain.request_review',
  permission: 'organisation.manage',
  write: true,
  detail: (input) => ({ claim: input['claim'] }),
  async run(ctx, input) {
    const db = ctx.deps.database.db;
    const claim = await claimOf(db, memberOrganisationId(ctx, input), idInput(input, 'claim'));
    await requestReview(db, claim.id, ctx.deps.now());
    return { claim: claim.id };
  },
};

/** Withdraws a request not yet decided (or a refused one). */
export const withdrawClaimOp: Operation<{ claim: number }> = {
  name: 'member.domain.withdraw',
  permission: 'organisation.manage',
  write: true,
  detail: (input) => ({ claim: input['claim'] }),
  async run(ctx, input) {
    const claim = idInput(input, 'claim');
    await deleteClaim(ctx.deps.database.db, memberOrganisationId(ctx, input), claim);
    return { claim };
  },
};

/** Removes a domain that counts, at once: the badge treats the host as foreign from then on. */
export const removeDomainOp: Operation<{ hostname: string }> = {
  name: 'member.domain.remove',
  permission: 'organisation.manage',
  write: true,
  detail: (input) => ({
    hostname: typeof input['hostname'] === 'string' ? input['hostname'].slice(0, 253) : null,
  }),
  async run(ctx, input) {
    const hostname = hostnameInput(input['hostname']);
    await removeProvenDomain(ctx.deps.database.db, memberOrganisationId(ctx, input), hostname);
    return { hostname };
  },
};
