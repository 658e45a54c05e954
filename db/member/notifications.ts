import type { Kysely } from 'kysely';
import type { Database } from '../schema/database.ts';
import type { Language } from '../vocabulary.ts';

export interface NotificationChoice {
  statusChanges: boolean;
  digest: boolean;
}

/** What one member chose for one organisation; nothing until they choose. */
export async function notificationChoice(
  db: Kysely<Database>,
  organisationId: number,
  memberId: number,
): Promise<NotificationChoice> {
  const row = await db
    .selectFrom('notification_preference')
    .select(['status_changes', 'digest'])
    .where('organisation_id', '=', organisationId)
    .where('member_user_id', '=', memberId)
    .executeTakeFirst();
  return { statusChanges: row?.status_changes ?? false, digest: row?.digest ?? false };
}

/**
 * Stores a member's choice. Turning the digest on starts it from `now`: hosts seen before are
 * on the sightings page already and are not news.
 */
export async function chooseNotifications(
  db: Kysely<Database>,
  organisationId: number,
  memberId: number,
  choice: NotificationChoice,
  now: Date,
): Promise<void> {
  const before = await notificationChoice(db, organisationId, memberId);
  const restart = choice.digest && !before.digest;
  await db
    .insertInto('notification_preference')
    .values({
      organisation_id: organisationId,
      member_user_id: memberId,
      status_changes: choice.statusChanges,
      digest: choice.digest,
      digest_since: now,
    })
    .onConflict((oc) =>
      oc.columns(['organisation_id', 'member_user_id']).doUpdateSet({
        status_changes: choice.statusChanges,
        digest: choice.digest,
        ...(restart ? { digest_since: now } : {}),
      }),
    )
    .execute();
}

export interface Recipient {
  memberId: number;
  email: string;
  name: string;
  language: Language;
}

/** Members of the organisation who asked for a message on every status change. */
export async function statusChangeRecipients(
  db: Kysely<Database>,
  organisationId: number,
): Promise<Recipient[]> {
  const rows = await db
    .selectFrom('notification_preference as p')
    .innerJoin('member_user as u', 'u.id', 'p.member_user_id')
    .select(['u.id', 'u.email', 'u.name', 'u.language'])
    .where('p.organisation_id', '=', organisationId)
    .where('p.status_changes', '=', true)
    .orderBy('u.id')
    .execute();
  return rows.map((r) => ({ memberId: r.id, email: r.email, name: r.name, language: r.language }));
}

export interface DigestSubscription extends Recipient {
  organisationId: number;
  organisation: string;
  slug: string;
  since: Date;
}

/** Every digest subscription, with the point its next digest starts from. */
export async function digestSubscriptions(db: Kysely<Database>): Promise<DigestSubscription[]> {
  const rows = await db
    .selectFrom('notification_preference as p')
    .innerJoin('member_user as u', 'u.id', 'p.member_user_id')
    .innerJoin('organisation as o', 'o.id', 'p.organisation_id')
    .select([
      'u.id',
      'u.email',
      'u.name',
      'u.language',
      'o.id as org_id',
      'o.legal_name',
      'o.slug',
      'p.digest_since',
    ])
    .where('p.digest', '=', true)
    .orderBy('o.id')
    .orderBy('u.id')
    .execute();
  return rows.map((r) => ({
    memberId: r.id,
    email: r.email,
    name: r.name,
    language: r.language,
    organisationId: r.org_id,
    organisation: r.legal_name,
    slug: r.slug,
    since: r.digest_since,
  }));
}

/**
 * Moves a subscription's start on to `until`, only if it still stands at `since`: run in the
 * transaction that queues the digest, a second run at the same moment finds nothing to move and
 * sends nothing twice.
 */
export async function advanceDigest(
  db: Kysely<Database>,
  organisationId: number,
  memberId: number,
  since: Date,
  until: Date,
): Promise<boolean> {
  const moved = await db
    .updateTable('notification_preference')
    .set({ digest_since: until })
    .where('organisation_id', '=', organisationId)
    .where('member_user_id', '=', memberId)
    .where('digest_since', '=', since)
    .executeTakeFirst();
  return Number(moved.numUpdatedRows) === 1;
}
