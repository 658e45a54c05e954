import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema/database.ts';
import type { Language } from '../../db/vocabulary.ts';

let members = 0;

/**
 * Members of the organisation behind certification `publicId`, inserted straight into
 * member_user and organisation_member (the invitation flow is the members feature's business).
 */
export async function addMembers(
  db: Kysely<Database>,
  publicId: string,
  people: ReadonlyArray<{ language: Language; role?: 'owner' | 'editor'; name?: string }>,
): Promise<Array<{ id: number; email: string; language: Language }>> {
  const { organisation_id } = await db
    .selectFrom('certification')
    .select('organisation_id')
    .where('public_id', '=', publicId)
    .executeTakeFirstOrThrow();
  const out = [];
  for (const person of people) {
    members++;
    const email = `member-${process.pid}-${members}-${person.language}@org.example.test`;
    const user = await db
      .insertInto('member_user')
      .values({ email, name: person.name ?? `Member ${members}`, language: person.language })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db
      .insertInto('organisation_member')
      .values({ organisation_id, member_user_id: user.id, role: person.role ?? 'owner' })
      .execute();
    out.push({ id: user.id, email, language: person.language });
  }
  return out;
}

/** The valid_until of a certification, to run jobs at moments relative to it. */
export async function validUntil(db: Kysely<Database>, publicId: string): Promise<Date> {
  const row = await db
    .selectFrom('certification')
    .select('valid_until')
    .where('public_id', '=', publicId)
    .executeTakeFirstOrThrow();
  return row.valid_until!;
}

export const DAY_MS = 86_400_000;
