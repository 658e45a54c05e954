import type { Operation } from '../admin/perform.ts';
import { KeurmerkError, ValidationError } from '../../db/errors.ts';
import { updateOrganisation } from '../../db/organisation/edit.ts';
import { validateOrganisation } from '../../db/organisation/organisations.ts';
import {
  organisationRequests,
  requestIdentityChange,
  type RequestView,
} from '../../db/organisation/requests.ts';
import type { Organisation } from '../../db/schema/organisation.table.ts';
import { parseNationalId } from '../../db/values/national-id.ts';
import { optionalText } from '../handlers/admin-input.ts';
import { membershipOf, organisationTarget, requesterOf } from './membership.ts';

export interface MemberDetails {
  organisation: Organisation;
  /** Requests to change the legal name or national id, newest first. */
  requests: RequestView[];
}

async function current(ctx: Parameters<Operation['run']>[0], id: number): Promise<Organisation> {
  return ctx.deps.database.db
    .selectFrom('organisation')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
}

export const memberDetailsOp: Operation<MemberDetails> = {
  name: 'member.details.view',
  permission: 'organisation.view',
  write: false,
  async run(ctx, input) {
    const org = membershipOf(ctx, input);
    const requests = await organisationRequests(ctx.deps.database.db, org.id, { limit: 50 });
    return {
      organisation: await current(ctx, org.id),
      requests: requests.filter((r) => r.kind === 'identity'),
    };
  },
};

/** Lines of a textarea (or a JSON list) as trade names; empty lines dropped. */
function tradeNames(value: unknown): string[] {
  const list = Array.isArray(value) ? value : typeof value === 'string' ? value.split(/\r?\n/) : [];
  const names = list.map((v) => (typeof v === 'string' ? v.trim() : '')).filter(Boolean);
  if (names.length > 20) throw new ValidationError('tradeNames', 'At most 20 trade names.');
  return names;
}

/**
 * Trade names, city, sector and website, which a member keeps without asking; validated as
 * staff's edits are. The legal name and national id stay: they change only by request.
 */
export const updateDetailsOp: Operation<Organisation> = {
  name: 'member.details.update',
  permission: 'organisation.edit',
  write: true,
  target: organisationTarget,
  detail: (input) => ({ organisation: organisationTarget(input) }),
  async run(ctx, input) {
    const org = await current(ctx, membershipOf(ctx, input).id);
    const valid = validateOrganisation({
      legalName: org.legal_name,
      country: org.country,
      registryId: org.registry_id,
      tradeNames: tradeNames(input['tradeNames']),
      city: typeof input['city'] === 'string' ? input['city'] : '',
      website: optionalText(input, 'website', 300),
      sector: optionalText(input, 'sector', 100),
      isOutsourcedContactCentre: org.is_outsourced_contact_centre,
    }).row;
    return updateOrganisation(
      ctx.deps.database.db,
      org.slug,
      { trade_names: valid.trade_names, city: valid.city, website: valid.website, sector: valid.sector },
      ctx.deps.now(),
    );
  },
};

/** Asks staff to change the legal name and/or national id; at least one must differ. */
export const requestIdentityChangeOp: Operation<RequestView> = {
  name: 'member.identity.request',
  permission: 'organisation.edit',
  write: true,
  target: organisationTarget,
  detail: (input) => ({ organisation: organisationTarget(input) }),
  async run(ctx, input) {
    const org = await current(ctx, membershipOf(ctx, input).id);
    const name = optionalText(input, 'legalName', 300);
    const idText = optionalText(input, 'registryId', 40);
    const legalName = name
      ? validateOrganisation({
          legalName: name,
          country: org.country,
          registryId: org.registry_id,
          city: org.city,
        }).row.legal_name
      : undefined;
    let registryId: string | undefined;
    if (idText) {
      const id = parseNationalId(org.country, idText);
      if (!id.ok) throw new ValidationError('registryId', id.reason);
      registryId = id.value;
    }
    const change = {
      ...(legalName && legalName !== org.legal_name ? { legalName } : {}),
      ...(registryId && registryId !== org.registry_id ? { registryId } : {}),
    };
    if (Object.keys(change).length === 0)
      throw new KeurmerkError('nothing_to_change', 'The request changes nothing.');
    const note = optionalText(input, 'note', 1000);
    return requestIdentityChange(
      ctx.deps.database.db,
      org.id,
      { ...change, ...(note ? { note } : {}) },
      requesterOf(ctx),
      ctx.deps.now(),
    );
  },
};
