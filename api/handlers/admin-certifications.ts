import type { Input, Operation } from '../admin/perform.ts';
import { actorName } from '../admin/principal.ts';
import { createCertification } from '../../db/certification/transitions.ts';
import { openCertificationOf } from '../../db/certification/one-open.ts';
import { ASSURANCE_LEVELS, CERTIFICATION_STATUSES, PUBLIC_ID_PATTERN } from '../../db/vocabulary.ts';
import {
  adminCertification,
  listAdminCertifications,
  type AdminCertificationDetail,
  type AdminCertificationRow,
} from '../../db/certification/admin-list.ts';
import { organisationOrThrow } from '../../db/organisation/edit.ts';
import { KeurmerkError, NotFoundError, ValidationError } from '../../db/errors.ts';
import {
  limit,
  oneOf,
  optionalCursor,
  optionalOneOf,
  optionalText,
  reason,
  targetText,
  text,
} from './admin-input.ts';
import { iso } from './public-json.ts';

export function certificationRowJson(c: AdminCertificationRow) {
  return {
    publicId: c.publicId,
    organisation: { slug: c.organisationSlug, legalName: c.organisationName },
    scheme: c.scheme,
    status: c.status,
    assuranceLevel: c.assuranceLevel,
    validFrom: iso(c.validFrom),
    validUntil: iso(c.validUntil),
    updatedAt: iso(c.updatedAt),
  };
}

export function certificationJson(c: AdminCertificationDetail) {
  return {
    ...certificationRowJson(c),
    version: c.version,
    criteria: c.criteria.map((k) => ({ ...k, assessedAt: iso(k.assessedAt) })),
    events: c.events.map((e) => ({
      id: e.id,
      kind: e.kind,
      fromStatus: e.from_status,
      toStatus: e.to_status,
      actor: e.actor,
      reason: e.reason,
      occurredAt: iso(e.occurred_at),
      hash: e.hash,
    })),
    credential: c.credential
      ? { ...c.credential, issuedAt: iso(c.credential.issuedAt), validUntil: iso(c.credential.validUntil) }
      : null,
  };
}

export function publicIdOf(input: Input): string {
  const id = text(input, 'publicId', 40);
  if (!PUBLIC_ID_PATTERN.test(id)) throw new NotFoundError('certification', id);
  return id;
}

export const listCertificationsOp: Operation<{
  data: ReturnType<typeof certificationRowJson>[];
  nextCursor: string | null;
}> = {
  name: 'certification.list',
  permission: 'admin.read',
  write: false,
  async run(ctx, input) {
    const scheme = optionalText(input, 'scheme', 60);
    const organisation = optionalText(input, 'organisation', 200);
    const result = await listAdminCertifications(
      ctx.deps.database.db,
      {
        status: optionalOneOf(input, 'status', CERTIFICATION_STATUSES),
        scheme,
        organisation,
        cursor: optionalCursor(input),
        limit: limit(input),
      },
      ctx.deps.now(),
    );
    return { data: result.rows.map(certificationRowJson), nextCursor: result.nextCursor };
  },
};

export const getCertificationOp: Operation<ReturnType<typeof certificationJson>> = {
  name: 'certification.get',
  permission: 'admin.read',
  write: false,
  run: async (ctx, input) =>
    certificationJson(await adminCertification(ctx.deps.database.db, publicIdOf(input), ctx.deps.now())),
};

/** Opens an application (status pending) for an organisation and scheme. */
export const createCertificationOp: Operation<ReturnType<typeof certificationJson>> = {
  name: 'certification.create',
  permission: 'lifecycle',
  write: true,
  async run(ctx, input) {
    const db = ctx.deps.database.db;
    const org = await organisationOrThrow(db, text(input, 'organisation', 200));
    const schemeSlug = text(input, 'scheme', 60);
    const scheme = await db
      .selectFrom('scheme')
      .select('id')
      .where('slug', '=', schemeSlug)
      .executeTakeFirst();
    if (!scheme) throw new ValidationError('scheme', `Unknown scheme "${schemeSlug.slice(0, 60)}".`);
    const open = await openCertificationOf(db, org.id, scheme.id);
    if (open)
      throw new KeurmerkError(
        'certification_exists',
        `This organisation already holds a certification of this scheme (${open.public_id}).`,
        {
          publicId: open.public_id,
        },
      );
    const cert = await createCertification(db, {
      organisationId: org.id,
      schemeId: scheme.id,
      assuranceLevel: oneOf(input, 'assuranceLevel', ASSURANCE_LEVELS),
      actor: actorName(ctx.principal),
      reason: reason(input),
      now: ctx.deps.now(),
      hooks: ctx.deps.lifecycleHooks,
    });
    return certificationJson(await adminCertification(db, cert.public_id, ctx.deps.now()));
  },
  target: (input, result) => result?.publicId ?? targetText(input['organisation']),
  detail: (input) => ({ scheme: input['scheme'], reason: input['reason'] }),
};

/** The schemes to choose from, with their criteria and validity. */
export const listSchemesOp: Operation<
  Array<{ slug: string; name: Record<string, string>; validityMonths: number }>
> = {
  name: 'scheme.list',
  permission: 'admin.read',
  write: false,
  async run(ctx) {
    const rows = await ctx.deps.database.db
      .selectFrom('scheme')
      .select(['slug', 'name', 'validity_months'])
      // A scheme with only a draft cannot be certified against yet.
      .where('current_version_id', 'is not', null)
      .orderBy('slug')
      .execute();
    return rows.map((s) => ({
      slug: s.slug,
      name: s.name as unknown as Record<string, string>,
      validityMonths: s.validity_months,
    }));
  },
};
