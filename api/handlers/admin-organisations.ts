import type { Input, Operation, RunContext } from '../admin/perform.ts';
import { createOrganisation, validateOrganisation } from '../../db/organisation/organisations.ts';
import {
  addChannel,
  addDomain,
  adminOrganisation,
  removeChannel,
  removeDomain,
  updateOrganisation,
  type OrganisationChanges,
} from '../../db/organisation/edit.ts';
import { mergeOrganisations, type MergeResult } from '../../db/organisation/merge.ts';
import { normaliseChannel } from '../../db/organisation/channels.ts';
import { CHANNEL_KINDS, COUNTRIES } from '../../db/vocabulary.ts';
import { normaliseHostname } from '../../db/values/hostname.ts';
import { searchOrganisations, type SearchResult } from '../../db/organisation/search/search.ts';
import { parseSearchParams } from '../../db/organisation/search/params.ts';
import { ValidationError } from '../../db/errors.ts';
import type { Organisation } from '../../db/schema/organisation.table.ts';
import { organisationFields } from '../../db/organisation/public-fields.ts';
import {
  flag,
  oneOf,
  optionalText,
  positiveInt,
  reason,
  stringList,
  targetText,
  text,
} from './admin-input.ts';
import { iso } from './public-json.ts';

/** An organisation as the admin API returns it: the public facts plus when it was made and changed. */
export function organisationJson(o: Organisation) {
  return { ...organisationFields(o), createdAt: iso(o.created_at), updatedAt: iso(o.updated_at) };
}

function slugOf(input: Input, field = 'slug'): string {
  const slug = text(input, field, 200);
  if (!/^[a-z0-9-]+$/.test(slug)) throw new ValidationError(field, 'Not an organisation slug.');
  return slug;
}

function hostname(input: Input, field: string): string {
  const host = normaliseHostname(text(input, field, 300));
  if (!host.ok) throw new ValidationError(field, host.reason);
  return host.hostname;
}

/** Search: the public search (names, KvK/KBO, domains, phones) with its filters, all statuses. */
export const listOrganisationsOp: Operation<SearchResult> = {
  name: 'organisation.list',
  permission: 'admin.read',
  write: false,
  run: async (ctx, input) => {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(input)) if (typeof v === 'string') params.set(k, v);
    return searchOrganisations(ctx.deps.database.db, parseSearchParams(params, 50), ctx.deps.now());
  },
};

export const getOrganisationOp: Operation<Awaited<ReturnType<typeof adminOrganisation>>> = {
  name: 'organisation.get',
  permission: 'admin.read',
  write: false,
  run: (ctx, input) => adminOrganisation(ctx.deps.database.db, slugOf(input), ctx.deps.now()),
};

/** Creates an organisation with its domains and contact channels (validated and normalised). */
export const createOrganisationOp: Operation<ReturnType<typeof organisationJson>> = {
  name: 'organisation.create',
  permission: 'registry.write',
  write: true,
  async run(ctx, input) {
    const country = oneOf(input, 'country', COUNTRIES);
    const rawChannels = input['channels'] ?? [];
    if (!Array.isArray(rawChannels) || rawChannels.length > 50)
      throw new ValidationError('channels', 'channels must be a list of {kind, value, label}.');
    const channels = rawChannels.map((c: unknown, i) => {
      const item = (c && typeof c === 'object' ? c : {}) as Input;
      const kind = oneOf(item, 'kind', CHANNEL_KINDS);
      return {
        kind,
        value: normaliseChannel(kind, text(item, 'value', 2000), country, `channels[${i}].value`),
        label: optionalText(item, 'label', 100),
      };
    });
    const org = await createOrganisation(ctx.deps.database.db, {
      legalName: text(input, 'legalName'),
      tradeNames: stringList(input, 'tradeNames', 20),
      country,
      registryId: text(input, 'registryId', 40),
      city: text(input, 'city', 100),
      website: optionalText(input, 'website', 300),
      sector: optionalText(input, 'sector', 100),
      isOutsourcedContactCentre: flag(input, 'outsourcedContactCentre') ?? false,
      domains: stringList(input, 'domains', 50),
      channels,
    });
    return organisationJson(org);
  },
  target: (input, result) => result?.slug ?? targetText(input['registryId']),
};

/**
 * A registry write on one organisation, handed the organisation as it stands before the change
 * (a missing one is a NotFoundError before anything is written).
 */
function organisationChange<R>(
  name: string,
  change: (ctx: RunContext, input: Input, slug: string, current: Organisation) => Promise<R>,
  audit: Pick<Operation<R>, 'detail'> = {},
): Operation<R> {
  return {
    name,
    permission: 'registry.write',
    write: true,
    async run(ctx, input) {
      const slug = slugOf(input);
      const current = (await adminOrganisation(ctx.deps.database.db, slug, ctx.deps.now())).organisation;
      return change(ctx, input, slug, current);
    },
    ...audit,
  };
}

/** Edits name, trade names, city, website, sector and the contact-centre flag. */
export const updateOrganisationOp = organisationChange(
  'organisation.update',
  async (ctx, input, slug, current) => {
    const has = (field: string) => input[field] !== undefined;
    // Validated like a new organisation, so edits obey the same rules.
    const valid = validateOrganisation({
      legalName: has('legalName') ? text(input, 'legalName') : current.legal_name,
      tradeNames: has('tradeNames') ? stringList(input, 'tradeNames', 20) : current.trade_names,
      country: current.country,
      registryId: current.registry_id,
      city: has('city') ? text(input, 'city', 100) : current.city,
      website: has('website') ? optionalText(input, 'website', 300) : current.website,
      sector: has('sector') ? optionalText(input, 'sector', 100) : current.sector,
      isOutsourcedContactCentre: has('outsourcedContactCentre')
        ? (flag(input, 'outsourcedContactCentre') ?? false)
        : current.is_outsourced_contact_centre,
    }).row;
    const changes: OrganisationChanges = {
      legal_name: valid.legal_name,
      trade_names: valid.trade_names,
      city: valid.city,
      website: valid.website,
      sector: valid.sector,
      is_outsourced_contact_centre: valid.is_outsourced_contact_centre,
    };
    return organisationJson(await updateOrganisation(ctx.deps.database.db, slug, changes, ctx.deps.now()));
  },
);

/** Adds or removes one of an organisation's domains; the audit log names the host either way. */
function domainOp<R>(name: string, change: typeof addDomain, answer: (host: string) => R): Operation<R> {
  return {
    name,
    permission: 'registry.write',
    write: true,
    async run(ctx, input) {
      const host = hostname(input, 'hostname');
      await change(ctx.deps.database.db, slugOf(input), host);
      return answer(host);
    },
    detail: (input) => ({ hostname: input['hostname'] }),
  };
}

export const addDomainOp = domainOp('organisation.domain_add', addDomain, (host) => ({ hostname: host }));
export const removeDomainOp = domainOp('organisation.domain_remove', removeDomain, (host) => ({
  removed: host,
}));

export const addChannelOp = organisationChange(
  'organisation.channel_add',
  async (ctx, input, slug, org) => {
    const kind = oneOf(input, 'kind', CHANNEL_KINDS);
    const value = normaliseChannel(kind, text(input, 'value', 2000), org.country);
    const id = await addChannel(ctx.deps.database.db, slug, {
      kind,
      value,
      label: optionalText(input, 'label', 100),
    });
    return { id, kind, value };
  },
  { detail: (input) => ({ kind: input['kind'] }) },
);

export const removeChannelOp: Operation<{ removed: number }> = {
  name: 'organisation.channel_remove',
  permission: 'registry.write',
  write: true,
  async run(ctx, input) {
    const id = positiveInt(input, 'id');
    await removeChannel(ctx.deps.database.db, slugOf(input), id);
    return { removed: id };
  },
};

/** Merges a duplicate into another organisation; needs a reason like every other drastic change. */
export const mergeOrganisationOp: Operation<MergeResult> = {
  name: 'organisation.merge',
  permission: 'registry.write',
  write: true,
  async run(ctx, input) {
    reason(input);
    const result = await mergeOrganisations(ctx.deps.database.db, slugOf(input), slugOf(input, 'into'));
    ctx.afterCommit(() => {
      for (const publicId of result.movedCertifications) ctx.deps.badges.invalidate(publicId);
    });
    return result;
  },
  detail: (input) => ({ into: input['into'], reason: input['reason'] }),
};
