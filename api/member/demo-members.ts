import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema/database.ts';
import { findOrCreateMember } from '../../db/member/users.ts';
import { addMembership } from '../../db/member/memberships.ts';
import { inTransaction } from '../../db/platform/transaction.ts';
import { demoMemberRegistryIds } from '../../db/seed/demo-case-plan.ts';

export interface DemoMember {
  email: string;
  organisation: string;
  role: 'owner' | 'editor';
}

/**
 * The three organisations that get demo members: those of the seeded workflow cases (changes
 * requested, overdue remediation, renewal to fill in), so signing in shows cases; on a database
 * without them (a bare `npm start` with DEMO=1), the first three organisations.
 */
async function demoMemberOrganisations(db: Kysely<Database>) {
  const ids = demoMemberRegistryIds();
  const withCases = await db
    .selectFrom('organisation')
    .select(['id', 'slug', 'legal_name', 'registry_id'])
    .where('country', '=', 'NL')
    .where('registry_id', 'in', ids)
    .execute();
  if (withCases.length === ids.length) return ids.map((id) => withCases.find((o) => o.registry_id === id)!);
  return db.selectFrom('organisation').select(['id', 'slug', 'legal_name']).orderBy('id').limit(3).execute();
}

/**
 * Demo mode only: gives three organisations an owner (and the first an editor too), at
 * `.localhost` addresses that can never receive mail, so the demo mail printer shows their
 * sign-in links in the server log. Idempotent: a later start finds them and returns them again.
 */
export async function ensureDemoMembers(db: Kysely<Database>, now = new Date()): Promise<DemoMember[]> {
  const organisations = await demoMemberOrganisations(db);
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
