import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema/database.ts';
import { findOrCreateMember } from '../../db/member/users.ts';
import { addMembership } from '../../db/member/memberships.ts';
import { inTransaction } from '../../db/platform/transaction.ts';

export interface DemoMember {
  email: string;
  organisation: string;
  role: 'owner' | 'editor';
}

/**
 * Demo mode only: gives the first three organisations an owner (and the first an editor too),
 * at `.localhost` addresses that can never receive mail, so the demo mail printer shows their
 * sign-in links in the server log. Idempotent: a later start finds them and returns them again.
 */
export async function ensureDemoMembers(db: Kysely<Database>, now = new Date()): Promise<DemoMember[]> {
  const organisations = await db
    .selectFrom('organisation')
    .select(['id', 'slug', 'legal_name'])
    .orderBy('id')
    .limit(3)
    .execute();
  const made: DemoMember[] = [];
  for (const [i, org] of organisations.entries()) {
    const people: DemoMember[] = [
      { email: `eigenaar-${i + 1}@leden.keurmerk.localhost`, organisation: org.legal_name, role: 'owner' },
      ...(i === 0
        ? [
            {
              email: 'redacteur-1@leden.keurmerk.localhost',
              organisation: org.legal_name,
              role: 'editor' as const,
            },
          ]
        : []),
    ];
    for (const person of people) {
      await inTransaction(db, async (trx) => {
        const user = await findOrCreateMember(
          trx,
          { email: person.email, name: person.email.split('@')[0]!, language: 'nl' },
          now,
        );
        const member = await trx
          .selectFrom('organisation_member')
          .select('role')
          .where('organisation_id', '=', org.id)
          .where('member_user_id', '=', user.id)
          .executeTakeFirst();
        if (!member) await addMembership(trx, org.id, user.id, person.role, now);
      });
      made.push(person);
    }
  }
  return made;
}
