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
import { applicationFor, grantedFor } from './certification-fixture.ts';
import { openCase } from '../../db/workflow/cases.ts';
import { addEvidence } from '../../db/workflow/evidence.ts';

export type MemberKind = 'ownerA' | 'editorA' | 'ownerB';

export interface MemberFixture {
  slugA: string;
  slugB: string;
  /** Member session cookie values (`km_member=…`) by kind. */
  cookies: Record<MemberKind, string>;
  ids: Record<MemberKind, number>;
  emails: Record<MemberKind, string>;
  /** An application case (draft) of organisation A's pending Happy Customer certification; 0 without schemes. */
  caseA: number;
  /** One evidence file of caseA (for the route walk); 0 without schemes. */
  evidenceA: number;
  /** Public id of organisation A's active KSF certification (every criterion assessed). */
  publicIdA: string;
}

/**
 * An application (pending, private) of the organisation for the Happy Customer charter, with its
 * case in draft: KSF is taken by the active certification, and one scheme holds one living one.
 */
async function applicationCase(db: Kysely<Database>, slug: string, now: Date): Promise<number> {
  const application = await applicationFor(db, slug, 'happy-customer', { now });
  const kase = await openCase(db, {
    certificationId: application.id,
    kind: 'application',
    actor: { name: 'test', staffId: null },
    now,
  });
  return kase.id;
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
  // Only when the schemes are seeded (the data-dir fixture seeds them; a bare database may not).
  const seeded = await db
    .selectFrom('scheme')
    .select('id')
    .where('slug', '=', 'ksf-service-promises')
    .executeTakeFirst();
  // An active KSF certification of A, every criterion met but one not applicable.
  const publicIdA = seeded
    ? await grantedFor(db, slugA, 'ksf-service-promises', { level: 'reviewed', notApplicable: 2 })
    : '';
  const caseA = seeded ? await applicationCase(db, slugA, now) : 0;
  const evidenceA = seeded ? await evidenceOf(db, caseA, now) : 0;
  return { slugA, slugB, cookies, ids, emails, caseA, evidenceA, publicIdA };
}

/** One small PDF as evidence of the case. */
async function evidenceOf(db: Kysely<Database>, caseId: number, now: Date): Promise<number> {
  const file = await addEvidence(
    db,
    {
      caseId,
      criterionId: null,
      purpose: 'answer',
      fileName: 'bewijs.pdf',
      bytes: new TextEncoder().encode('%PDF-1.7\n%%EOF\n'),
      uploadedBy: 'test',
      side: 'member',
    },
    now,
  );
  return file.id;
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
