import type { Operation } from '../admin/perform.ts';
import { NotFoundError } from '../../db/errors.ts';
import { sightingOf, sightingsOf, type Sighting } from '../../db/reports/sightings.ts';
import { storeConsumerReport } from '../../db/reports/consumer-reports.ts';
import { addClaim, claimsOf, provenDomains } from '../../db/organisation/domain-claims.ts';
import { isSameOrSubdomain } from '../../db/values/hostname.ts';
import { memberOf } from './account-ops.ts';
import { idInput, memberOrganisationId } from './organisation-of.ts';

export interface SightingLine extends Sighting {
  /** The host counts as the organisation's now (proven since it was seen). */
  ours: boolean;
  /** A domain request for the host is open. */
  claimed: boolean;
}

export const listSightingsOp: Operation<SightingLine[]> = {
  name: 'member.sightings.list',
  permission: 'organisation.view',
  write: false,
  async run(ctx, input) {
    const db = ctx.deps.database.db;
    const id = memberOrganisationId(ctx, input);
    const [sightings, domains, claims] = await Promise.all([
      sightingsOf(db, id),
      provenDomains(db, id),
      claimsOf(db, id),
    ]);
    const claimed = new Set(claims.map((c) => c.hostname));
    return sightings.map((s) => ({
      ...s,
      ours: domains.some((d) => isSameOrSubdomain(s.host, d)),
      claimed: claimed.has(s.host),
    }));
  },
};

async function sightingInput(ctx: Parameters<Operation['run']>[0], input: Parameters<Operation['run']>[1]) {
  const organisationId = memberOrganisationId(ctx, input);
  const id = idInput(input, 'sighting');
  const sighting = await sightingOf(ctx.deps.database.db, organisationId, id);
  if (!sighting) throw new NotFoundError('sighting', String(id));
  return { organisationId, sighting };
}

/** "This is ours": asks for the host as a domain; the member then proves it on the domains page. */
export const claimSightingOp: Operation<{ claim: number; hostname: string }> = {
  name: 'member.sighting.claim',
  permission: 'organisation.manage',
  write: true,
  detail: (input) => ({ sighting: input['sighting'] }),
  async run(ctx, input) {
    const { organisationId, sighting } = await sightingInput(ctx, input);
    const claim = await addClaim(ctx.deps.database.db, organisationId, sighting.host, memberOf(ctx).id);
    return { claim: claim.id, hostname: claim.hostname };
  },
};

/**
 * "Report as misuse": a report in the association's queue naming the host, with the member's
 * note and address. Counted like consumer reports (5 an hour), per member instead of per network.
 */
export const reportSightingOp: Operation<{ host: string }> = {
  name: 'member.sighting.report',
  permission: 'organisation.manage',
  write: true,
  detail: (input) => ({ sighting: input['sighting'] }),
  async run(ctx, input) {
    const me = memberOf(ctx);
    const { organisationId, sighting } = await sightingInput(ctx, input);
    const note = typeof input['note'] === 'string' ? input['note'] : null;
    await storeConsumerReport(
      ctx.deps.database.db,
      organisationId,
      { kind: 'foreign_domain', url: `https://${sighting.host}/`, message: note, contactEmail: me.email },
      `member:${me.id}`,
      ctx.deps.now(),
    );
    return { host: sighting.host };
  },
};
