import type { Operation, Input, RunContext } from '../admin/perform.ts';
import { actorName } from '../admin/principal.ts';
import type { SchemeVersion } from '../../db/schema/scheme-version.table.ts';
import { NotFoundError, ValidationError } from '../../db/errors.ts';
import {
  parseChangeNote,
  parseDefinitionDocument,
  parseSchemeDefinition,
  parseSchemeSlug,
} from '../../db/scheme/definition.ts';
import { allVersions } from '../../db/scheme/schemes.ts';
import { createScheme, publishDraft, saveDraft, startDraft } from '../../db/scheme/versions.ts';
import { optionalDate, positiveInt } from './admin-input.ts';
import { iso } from './public-json.ts';

/** A version as the admin API shows it: drafts included, with their whole definition. */
export function versionJson(v: SchemeVersion) {
  return {
    version: v.version,
    state: v.state,
    definition: v.definition,
    changeNote: v.change_note,
    transitionDate: iso(v.transition_date),
    createdBy: v.created_by,
    createdAt: iso(v.created_at),
    updatedAt: iso(v.updated_at),
    publishedBy: v.published_by,
    publishedAt: iso(v.published_at),
  };
}
export type VersionJson = ReturnType<typeof versionJson>;

export interface AdminScheme {
  slug: string;
  name: Record<string, string>;
  currentVersion: number | null;
  draftVersion: number | null;
  versions: VersionJson[];
}

function slugOf(input: Input): string {
  return parseSchemeSlug(input['slug']);
}

function versionOf(input: Input): number {
  return positiveInt(input, 'version');
}

async function schemeAnswer(ctx: RunContext, slug: string): Promise<AdminScheme> {
  const db = ctx.deps.database.db;
  const scheme = await db
    .selectFrom('scheme')
    .select(['id', 'slug', 'name'])
    .where('slug', '=', slug)
    .executeTakeFirst();
  if (!scheme) throw new NotFoundError('scheme', slug);
  const versions = await allVersions(db, scheme.id);
  return {
    slug: scheme.slug,
    name: scheme.name as unknown as Record<string, string>,
    currentVersion: versions.find((v) => v.state === 'published')?.version ?? null,
    draftVersion: versions.find((v) => v.state === 'draft')?.version ?? null,
    versions: versions.map(versionJson),
  };
}

/** Every scheme, drafts and unpublished ones included, newest version first. */
export const listAdminSchemesOp: Operation<AdminScheme[]> = {
  name: 'scheme.list',
  permission: 'schemes.manage',
  write: false,
  async run(ctx) {
    const slugs = await ctx.deps.database.db.selectFrom('scheme').select('slug').orderBy('slug').execute();
    return Promise.all(slugs.map((s) => schemeAnswer(ctx, s.slug)));
  },
};

export const getAdminSchemeOp: Operation<AdminScheme> = {
  name: 'scheme.get',
  permission: 'schemes.manage',
  write: false,
  run: (ctx, input) => schemeAnswer(ctx, slugOf(input)),
};

/** A new scheme with version 1 as a draft: not public, not certifiable until published. */
export const createSchemeOp: Operation<AdminScheme> = {
  name: 'scheme.create',
  permission: 'schemes.manage',
  write: true,
  async run(ctx, input) {
    const def = parseSchemeDefinition(input);
    await createScheme(ctx.deps.database.db, def, actorName(ctx.principal), ctx.deps.now());
    return schemeAnswer(ctx, def.slug);
  },
  target: (input) => (typeof input['slug'] === 'string' ? input['slug'].slice(0, 60) : null),
};

/** Opens the next version as a draft copied from the current one. */
export const startDraftOp: Operation<AdminScheme> = {
  name: 'scheme.draft',
  permission: 'schemes.manage',
  write: true,
  async run(ctx, input) {
    const slug = slugOf(input);
    await startDraft(ctx.deps.database.db, slug, actorName(ctx.principal), ctx.deps.now());
    return schemeAnswer(ctx, slug);
  },
};

/** Replaces a draft's definition; a published version answers 409 and is left as it was. */
export const saveDraftOp: Operation<AdminScheme> = {
  name: 'scheme.edit',
  permission: 'schemes.manage',
  write: true,
  async run(ctx, input) {
    const slug = slugOf(input);
    const version = versionOf(input);
    const definition = input['definition'];
    if (definition === undefined) throw new ValidationError('definition', 'definition is required.');
    await saveDraft(
      ctx.deps.database.db,
      slug,
      version,
      parseDefinitionDocument(definition),
      parseChangeNote(input['changeNote']),
      ctx.deps.now(),
    );
    return schemeAnswer(ctx, slug);
  },
  detail: (input) => ({ version: input['version'] }),
};

/** Publishes a draft: immutable and current from now on; a transition date when members must move. */
export const publishDraftOp: Operation<AdminScheme & { members: number }> = {
  name: 'scheme.publish',
  permission: 'schemes.manage',
  write: true,
  async run(ctx, input) {
    const slug = slugOf(input);
    const version = versionOf(input);
    const published = await publishDraft(ctx.deps.database.db, slug, version, {
      transitionDate: optionalDate(input, 'transitionDate'),
      actor: actorName(ctx.principal),
      now: ctx.deps.now(),
    });
    // Badges show the scheme's name as it now stands.
    ctx.afterCommit(() => ctx.deps.badges.clear());
    return { ...(await schemeAnswer(ctx, slug)), members: published.members };
  },
  detail: (input) => ({ version: input['version'], transitionDate: input['transitionDate'] }),
};
