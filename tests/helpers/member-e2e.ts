import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema/database.ts';
import { openDatabase } from '../../db/platform/connection.ts';
import { migrateToLatest } from '../../db/platform/migrate.ts';
import { seedSchemes } from '../../db/seed/scheme-files.ts';
import { findOrCreateMember } from '../../db/member/users.ts';
import { addMembership } from '../../db/member/memberships.ts';
import { insertMemberSession } from '../../db/member/sessions.ts';
import { newSecret, secretHash } from '../../api/auth/secrets.ts';
import { nextKvk } from './fixtures.ts';
import { createCertification } from '../../db/certification/transitions.ts';
import { addEvidence } from '../../db/workflow/evidence.ts';

export type MemberKind = 'ownerA' | 'editorA' | 'ownerB';

export interface MemberFixture {
  slugA: string;
  slugB: string;
  /** Member session cookie values (`km_member=…`) by kind. */
  cookies: Record<MemberKind, string>;
  ids: Record<MemberKind, number>;
  emails: Record<MemberKind, string>;
  /** An application case of A in draft, and one evidence file of it (for the route walk). */
  caseA: number;
  evidenceA: number;
}

async function organisation(db: Kysely<Database>, name: string): Promise<string> {
  const slug = `${name.toLowerCase()}-${nextKvk()}`;
  await db
    .insertInto('organisation')
    .values({ slug, legal_name: name, country: 'NL', registry_id: nextKvk(), city: 'Utrecht' })
    .execute();
  return slug;
}

/** Two organisations: A with an owner and an editor, B with an owner; each signed in once. */
export async function prepareMembers(db: Kysely<Database>): Promise<MemberFixture> {
  const now = new Date();
  const slugA = await organisation(db, 'Alfa');
  const slugB = await organisation(db, 'Bravo');
  const people: Array<[MemberKind, string, string, 'owner' | 'editor']> = [
    ['ownerA', 'eigenaar@alfa.test', slugA, 'owner'],
    ['editorA', 'redacteur@alfa.test', slugA, 'editor'],
    ['ownerB', 'eigenaar@bravo.test', slugB, 'owner'],
  ];
  const cookies = {} as MemberFixture['cookies'];
  const ids = {} as MemberFixture['ids'];
  const emails = {} as MemberFixture['emails'];
  for (const [kind, email, slug, role] of people) {
    const person = await findOrCreateMember(db, { email, name: `Test ${kind}`, language: 'nl' }, now);
    const org = await db
      .selectFrom('organisation')
      .select('id')
      .where('slug', '=', slug)
      .executeTakeFirstOrThrow();
    await addMembership(db, org.id, person.id, role, now);
    const token = newSecret('kmm');
    await insertMemberSession(db, secretHash(token), person.id, 'email_link', now);
    cookies[kind] = `km_member=${token}`;
    ids[kind] = person.id;
    emails[kind] = email;
  }
  const { caseA, evidenceA } = await applicationOf(db, slugA, now);
  return { slugA, slugB, cookies, ids, emails, caseA, evidenceA };
}

/** A pending certification of the organisation with an application case and one evidence file. */
async function applicationOf(db: Kysely<Database>, slug: string, now: Date) {
  const org = await db
    .selectFrom('organisation')
    .select('id')
    .where('slug', '=', slug)
    .executeTakeFirstOrThrow();
  const scheme = await db
    .selectFrom('scheme')
    .select('id')
    .where('slug', '=', 'ksf-service-promises')
    .executeTakeFirstOrThrow();
  const cert = await createCertification(db, {
    organisationId: org.id,
    schemeId: scheme.id,
    assuranceLevel: 'self_declared',
    actor: 'test',
    reason: 'application',
    now,
  });
  const { id: caseA } = await db
    .insertInto('certification_case')
    .values({
      certification_id: cert.id,
      kind: 'application',
      stage: 'draft',
      scheme_version_id: cert.scheme_version_id,
      opened_by: 'test',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const file = await addEvidence(
    db,
    {
      caseId: caseA,
      criterionId: null,
      purpose: 'answer',
      fileName: 'bewijs.pdf',
      bytes: new TextEncoder().encode('%PDF-1.7\n%%EOF\n'),
      uploadedBy: 'test',
      side: 'member',
    },
    now,
  );
  return { caseA, evidenceA: file.id };
}

/** An embedded data directory with schemes and the member fixture (closed before a server opens it). */
export async function prepareMemberDataDir(dataDir: string): Promise<MemberFixture> {
  const handle = await openDatabase({ databaseUrl: null, dataDir, role: 'test fixture' });
  try {
    await migrateToLatest(handle.db);
    await seedSchemes(handle.db);
    return await prepareMembers(handle.db);
  } finally {
    await handle.close();
  }
}
