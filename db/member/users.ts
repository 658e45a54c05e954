import type { Kysely } from 'kysely';
import type { Database } from '../schema/database.ts';
import type { MemberUser } from '../schema/member-user.table.ts';
import { KeurmerkError, ValidationError } from '../errors.ts';
import { normaliseEmail } from '../staff/users.ts';
import { unstorableText } from '../values/storable-text.ts';
import { LANGUAGES, type Language } from '../vocabulary.ts';

/** A member's e-mail address: lower-case, trimmed, at most 254 characters (what SMTP carries). */
export function memberEmail(value: unknown): string {
  const email = normaliseEmail(value);
  if (email.length > 254) throw new ValidationError('email', 'Give a valid e-mail address.');
  return email;
}

/** A person's name as they want it shown: 1 to 200 characters, no control characters. */
export function memberName(value: unknown): string {
  const name = typeof value === 'string' ? value.trim().replace(/\s+/g, ' ') : '';
  if (name.length < 1 || name.length > 200 || unstorableText(name))
    throw new ValidationError('name', 'Give a name of 1 to 200 characters.');
  return name;
}

export function memberLanguage(value: unknown): Language {
  if (typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value)) return value as Language;
  throw new ValidationError('language', 'Choose nl, en or fr.');
}

export async function memberByEmail(db: Kysely<Database>, email: string): Promise<MemberUser | undefined> {
  return db.selectFrom('member_user').selectAll().where('email', '=', email).executeTakeFirst();
}

export async function memberById(db: Kysely<Database>, id: number): Promise<MemberUser | undefined> {
  return db.selectFrom('member_user').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The person with this address, made now if new (an accepted invitation). */
export async function findOrCreateMember(
  db: Kysely<Database>,
  person: { email: string; name: string; language: Language },
  now: Date,
): Promise<MemberUser> {
  const found = await memberByEmail(db, person.email);
  if (found) return found;
  return db
    .insertInto('member_user')
    .values({ email: person.email, name: person.name, language: person.language, created_at: now })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function updateMemberProfile(
  db: Kysely<Database>,
  id: number,
  profile: { name: string; language: Language },
): Promise<void> {
  await db.updateTable('member_user').set(profile).where('id', '=', id).execute();
}

/** Moves a person to a new address; refused when another account already has it. */
export async function changeMemberEmail(db: Kysely<Database>, id: number, email: string): Promise<void> {
  const other = await memberByEmail(db, email);
  if (other && other.id !== id) throw new KeurmerkError('email_taken');
  await db.updateTable('member_user').set({ email }).where('id', '=', id).execute();
}
