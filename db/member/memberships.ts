import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema/database.ts';
import type { MemberRole } from '../schema/organisation-member.table.ts';
import { KeurmerkError, NotFoundError } from '../errors.ts';
import { inTransaction } from '../platform/transaction.ts';

export const MEMBER_ROLES: readonly MemberRole[] = ['owner', 'editor'];

export interface Membership {
  organisationId: number;
  slug: string;
  legalName: string;
  role: MemberRole;
  since: Date;
}

/** The organisations a person belongs to, by name. */
export async function membershipsOf(db: Kysely<Database>, memberUserId: number): Promise<Membership[]> {
  const rows = await db
    .selectFrom('organisation_member as m')
    .innerJoin('organisation as o', 'o.id', 'm.organisation_id')
    .select(['o.id', 'o.slug', 'o.legal_name', 'm.role', 'm.created_at'])
    .where('m.member_user_id', '=', memberUserId)
    .orderBy('o.legal_name')
    .execute();
  return rows.map((r) => ({
    organisationId: r.id,
    slug: r.slug,
    legalName: r.legal_name,
    role: r.role,
    since: r.created_at,
  }));
}

/** The people of an organisation, owners first. */
export async function membersOf(db: Kysely<Database>, organisationId: number) {
  return db
    .selectFrom('organisation_member as m')
    .innerJoin('member_user as u', 'u.id', 'm.member_user_id')
    .select(['u.id', 'u.email', 'u.name', 'm.role', 'm.created_at'])
    .where('m.organisation_id', '=', organisationId)
    .orderBy('m.role', 'desc')
    .orderBy('u.name')
    .execute();
}

/**
 * Changes an organisation's memberships under the rule "an organisation with members always has
 * an owner": the organisation row is locked (so two owners stepping down at once cannot both
 * succeed), the change is made, and the rule is checked before the transaction may commit.
 */
async function underOwnerRule<T>(
  db: Kysely<Database>,
  organisationId: number,
  change: (trx: Kysely<Database>) => Promise<T>,
): Promise<T> {
  return inTransaction(db, async (trx) => {
    const org = await trx
      .selectFrom('organisation')
      .select('id')
      .where('id', '=', organisationId)
      .forUpdate()
      .executeTakeFirst();
    if (!org) throw new NotFoundError('organisation', String(organisationId));
    const result = await change(trx);
    const counts = await trx
      .selectFrom('organisation_member')
      .select([
        (eb) => eb.fn.countAll<string>().as('members'),
        sql<string>`count(*) filter (where role = 'owner')`.as('owners'),
      ])
      .where('organisation_id', '=', organisationId)
      .executeTakeFirstOrThrow();
    if (Number(counts.members) > 0 && Number(counts.owners) === 0) throw new KeurmerkError('last_owner');
    return result;
  });
}

async function currentRole(
  db: Kysely<Database>,
  organisationId: number,
  memberUserId: number,
): Promise<MemberRole> {
  const row = await db
    .selectFrom('organisation_member')
    .select('role')
    .where('organisation_id', '=', organisationId)
    .where('member_user_id', '=', memberUserId)
    .executeTakeFirst();
  if (!row) throw new NotFoundError('member', String(memberUserId));
  return row.role;
}

/** Adds a person to an organisation; the first person of an organisation must be its owner. */
export async function addMembership(
  db: Kysely<Database>,
  organisationId: number,
  memberUserId: number,
  role: MemberRole,
  now: Date,
): Promise<void> {
  await underOwnerRule(db, organisationId, async (trx) => {
    const existing = await trx
      .selectFrom('organisation_member')
      .select('role')
      .where('organisation_id', '=', organisationId)
      .where('member_user_id', '=', memberUserId)
      .executeTakeFirst();
    if (existing) throw new KeurmerkError('already_member');
    await trx
      .insertInto('organisation_member')
      .values({ organisation_id: organisationId, member_user_id: memberUserId, role, created_at: now })
      .execute();
  });
}

/** Gives a colleague another role; refused when it would leave the organisation without an owner. */
export async function setMemberRole(
  db: Kysely<Database>,
  organisationId: number,
  memberUserId: number,
  role: MemberRole,
): Promise<void> {
  await underOwnerRule(db, organisationId, async (trx) => {
    await currentRole(trx, organisationId, memberUserId);
    await trx
      .updateTable('organisation_member')
      .set({ role })
      .where('organisation_id', '=', organisationId)
      .where('member_user_id', '=', memberUserId)
      .execute();
  });
}

/** Removes a person from an organisation; the last owner of colleagues cannot be removed. */
export async function removeMembership(
  db: Kysely<Database>,
  organisationId: number,
  memberUserId: number,
): Promise<void> {
  await underOwnerRule(db, organisationId, async (trx) => {
    await currentRole(trx, organisationId, memberUserId);
    await trx
      .deleteFrom('organisation_member')
      .where('organisation_id', '=', organisationId)
      .where('member_user_id', '=', memberUserId)
      .execute();
  });
}

/** Hands ownership from one owner to a colleague: the colleague becomes owner, the giver editor. */
export async function handOverOwnership(
  db: Kysely<Database>,
  organisationId: number,
  fromUserId: number,
  toUserId: number,
): Promise<void> {
  await underOwnerRule(db, organisationId, async (trx) => {
    if ((await currentRole(trx, organisationId, fromUserId)) !== 'owner')
      throw new KeurmerkError('forbidden', 'Only an owner can hand over ownership.');
    await currentRole(trx, organisationId, toUserId);
    if (fromUserId === toUserId) return;
    await trx
      .updateTable('organisation_member')
      .set({ role: 'owner' })
      .where('organisation_id', '=', organisationId)
      .where('member_user_id', '=', toUserId)
      .execute();
    await trx
      .updateTable('organisation_member')
      .set({ role: 'editor' })
      .where('organisation_id', '=', organisationId)
      .where('member_user_id', '=', fromUserId)
      .execute();
  });
}

/**
 * Deletes a person and their memberships, under the owner rule for each organisation: the last
 * owner of an organisation with other members is refused; a sole member may leave.
 */
export async function deleteMember(db: Kysely<Database>, memberUserId: number): Promise<void> {
  await inTransaction(db, async (trx) => {
    const organisations = await trx
      .selectFrom('organisation_member')
      .select('organisation_id')
      .where('member_user_id', '=', memberUserId)
      .orderBy('organisation_id')
      .execute();
    for (const { organisation_id } of organisations)
      await removeMembership(trx, organisation_id, memberUserId);
    await trx.deleteFrom('member_user').where('id', '=', memberUserId).execute();
  });
}
