import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, openTestDatabase, type TestDatabase } from '../../../helpers/databases.ts';
import { nextKvk } from '../../../helpers/fixtures.ts';
import {
  addMembership,
  membersOf,
  removeMembership,
  setMemberRole,
} from '../../../../db/member/memberships.ts';
import { findOrCreateMember } from '../../../../db/member/users.ts';

// The owner rule under concurrency: two owners stepping down at the same moment, each on its own
// connection (PostgreSQL), must not both succeed and leave the organisation without an owner.

describe.each(DIALECTS)('the owner rule holds under racing changes on %s', (kind) => {
  let h: TestDatabase;
  beforeAll(async () => {
    h = await openTestDatabase(kind);
  });
  afterAll(async () => {
    await h?.close();
  });

  async function organisationWithOwners(n: number): Promise<{ id: number; owners: number[] }> {
    const now = new Date();
    const org = await h.db
      .insertInto('organisation')
      .values({
        slug: `race-${nextKvk()}`,
        legal_name: 'Race',
        country: 'NL',
        registry_id: nextKvk(),
        city: 'Delft',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const owners: number[] = [];
    for (let i = 0; i < n; i++) {
      const person = await findOrCreateMember(
        h.db,
        { email: `o${i}-${org.id}@race.test`, name: `O${i}`, language: 'nl' },
        now,
      );
      await addMembership(h.db, org.id, person.id, 'owner', now);
      owners.push(person.id);
    }
    return { id: org.id, owners };
  }

  it('two owners demoting themselves at once: exactly one succeeds', async () => {
    for (let round = 0; round < 5; round++) {
      const org = await organisationWithOwners(2);
      const results = await Promise.allSettled(
        org.owners.map((id) => setMemberRole(h.db, org.id, id, 'editor')),
      );
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      expect(results.find((r) => r.status === 'rejected')).toMatchObject({ reason: { code: 'last_owner' } });
      const members = await membersOf(h.db, org.id);
      expect(members.filter((m) => m.role === 'owner')).toHaveLength(1);
    }
  });

  it('two owners leaving a colleague at once: one owner stays; the last member may leave', async () => {
    const org = await organisationWithOwners(2);
    const editor = await findOrCreateMember(
      h.db,
      { email: `ed-${org.id}@race.test`, name: 'Ed', language: 'nl' },
      new Date(),
    );
    await addMembership(h.db, org.id, editor.id, 'editor', new Date());
    const results = await Promise.allSettled(org.owners.map((id) => removeMembership(h.db, org.id, id)));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const owner = (await membersOf(h.db, org.id)).find((m) => m.role === 'owner')!;
    await expect(removeMembership(h.db, org.id, owner.id)).rejects.toMatchObject({ code: 'last_owner' });
    await removeMembership(h.db, org.id, editor.id);
    await removeMembership(h.db, org.id, owner.id);
    expect(await membersOf(h.db, org.id)).toEqual([]);
  });

  it('an organisation cannot start with an editor', async () => {
    const org = await organisationWithOwners(0);
    const person = await findOrCreateMember(
      h.db,
      { email: `e-${org.id}@race.test`, name: 'E', language: 'nl' },
      new Date(),
    );
    await expect(addMembership(h.db, org.id, person.id, 'editor', new Date())).rejects.toMatchObject({
      code: 'last_owner',
    });
  });
});
