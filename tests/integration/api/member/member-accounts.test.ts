import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, openTestDatabase, type TestDatabase } from '../../../helpers/databases.ts';
import { nextKvk } from '../../../helpers/fixtures.ts';
import { context, testDeps, tokenPrincipal } from '../../../helpers/admin-integration.ts';
import type { Deps } from '../../../../api/app/deps.ts';
import { perform, type Operation } from '../../../../api/admin/perform.ts';
import { inviteMemberOp } from '../../../../api/member/staff-ops.ts';
import { requestSignInLink, SIGN_IN_LINK_LIMITS } from '../../../../api/member/request-sign-in.ts';
import { describeLink, useLink } from '../../../../api/member/use-link.ts';
import { authenticateMember } from '../../../../api/member/authenticate.ts';
import {
  changeColleagueRoleOp,
  handOverOp,
  inviteColleagueOp,
  listColleaguesOp,
  organisationOverviewOp,
  removeColleagueOp,
} from '../../../../api/member/colleague-ops.ts';
import { deleteAccountOp, exportDataOp, requestEmailChangeOp } from '../../../../api/member/account-ops.ts';
import { KeurmerkError } from '../../../../db/errors.ts';
import { verifyAuditChain } from '../../../../db/staff/audit-log.ts';
import type { MemberPrincipal } from '../../../../api/admin/principal.ts';

// Member accounts through their real doors: the staff invitation, the one-time links, the owner
// rule and the organisation scope of `perform`, on every database of the run.

const ORIGIN = { clientAddress: '198.51.100.7', requestId: 'test' };

describe.each(DIALECTS)('member accounts on %s', (kind) => {
  let h: TestDatabase;
  let deps: Deps;
  const clock = { now: new Date('2026-12-03T10:00:00Z') };
  let slugA = '';
  let slugB = '';

  async function organisation(name: string): Promise<string> {
    const slug = `${name.toLowerCase()}-${nextKvk()}`;
    await h.db
      .insertInto('organisation')
      .values({ slug, legal_name: name, country: 'NL', registry_id: nextKvk(), city: 'Utrecht' })
      .execute();
    return slug;
  }

  /** The secret link of the newest message to `to`, as the sender would put it in the mail. */
  async function linkTo(to: string): Promise<string> {
    const row = await h.db
      .selectFrom('mail_message')
      .select('secret_params')
      .where('to_address', '=', to)
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    const link = new URL(String(row.secret_params!['link']));
    return link.searchParams.get('token')!;
  }

  async function principalOf(sessionToken: string): Promise<MemberPrincipal> {
    const p = await authenticateMember(h.db, sessionToken, clock.now);
    if (!p) throw new Error('no live session');
    return p;
  }

  async function invitedMember(slug: string, email: string, role = 'owner'): Promise<MemberPrincipal> {
    await perform(context(deps, tokenPrincipal('assessor')), inviteMemberOp, { slug, email, role });
    const used = await useLink(
      deps,
      await linkTo(email),
      { name: email.split('@')[0], language: 'nl' },
      ORIGIN,
    );
    return principalOf(used.sessionToken);
  }

  beforeAll(async () => {
    h = await openTestDatabase(kind);
    deps = await testDeps(h, clock);
    slugA = await organisation('Alfa');
    slugB = await organisation('Bravo');
  });
  afterAll(async () => {
    await deps?.close();
    await h?.close();
  });

  it('an invitation is shown by GET without being used, used once, and makes the owner', async () => {
    const invitation = await perform(context(deps, tokenPrincipal('assessor')), inviteMemberOp, {
      slug: slugA,
      email: 'Eigenaar@Alfa.test',
    });
    expect(invitation).toMatchObject({ email: 'eigenaar@alfa.test', role: 'owner', organisation: slugA });
    const message = await h.db
      .selectFrom('mail_message')
      .selectAll()
      .where('to_address', '=', 'eigenaar@alfa.test')
      .executeTakeFirstOrThrow();
    expect(message.template).toBe('member_invitation');
    expect(JSON.stringify(message.params)).not.toContain('kml_');
    const token = await linkTo('eigenaar@alfa.test');
    const stored = await h.db.selectFrom('member_token').select('token_hash').execute();
    expect(stored.map((s) => s.token_hash)).not.toContain(token);

    for (let i = 0; i < 3; i++)
      expect(await describeLink(deps, token)).toMatchObject({
        state: 'usable',
        purpose: 'invitation',
        needsName: true,
      });
    const used = await useLink(deps, token, { name: 'Eva Eigenaar', language: 'en' }, ORIGIN);
    expect(used).toMatchObject({ purpose: 'invitation', organisation: slugA, language: 'en' });
    const me = await principalOf(used.sessionToken);
    expect(me.memberships).toEqual([expect.objectContaining({ slug: slugA, role: 'owner' })]);

    await expect(useLink(deps, token, { name: 'Again', language: 'nl' }, ORIGIN)).rejects.toMatchObject({
      code: 'member_link_invalid',
    });
    expect(await describeLink(deps, token)).toEqual({ state: 'unusable' });
  });

  it('a sign-in link works once and only within 15 minutes; an unknown address gets the same answer and no mail', async () => {
    const before = await h.db.selectFrom('mail_message').select('id').execute();
    await requestSignInLink(deps, {
      email: 'nobody@alfa.test',
      language: 'nl',
      clientAddress: '203.0.113.5',
    });
    expect(await h.db.selectFrom('mail_message').select('id').execute()).toHaveLength(before.length);

    await requestSignInLink(deps, {
      email: 'eigenaar@alfa.test',
      language: 'nl',
      clientAddress: '203.0.113.5',
    });
    const first = await linkTo('eigenaar@alfa.test');
    const used = await useLink(deps, first, { language: 'nl' }, ORIGIN);
    expect(used.purpose).toBe('sign_in');
    await expect(useLink(deps, first, { language: 'nl' }, ORIGIN)).rejects.toMatchObject({
      code: 'member_link_invalid',
    });

    await requestSignInLink(deps, {
      email: 'eigenaar@alfa.test',
      language: 'nl',
      clientAddress: '203.0.113.5',
    });
    const late = await linkTo('eigenaar@alfa.test');
    clock.now = new Date(clock.now.getTime() + 15 * 60_000 + 1000);
    expect(await describeLink(deps, late)).toEqual({ state: 'unusable' });
    await expect(useLink(deps, late, { language: 'nl' }, ORIGIN)).rejects.toMatchObject({
      code: 'member_link_invalid',
    });
  });

  it('sign-in links are limited per address and per client network, known address or not', async () => {
    clock.now = new Date(clock.now.getTime() + 3_600_000);
    const ask = (email: string, clientAddress: string) =>
      requestSignInLink(deps, { email, language: 'nl', clientAddress });
    for (let i = 0; i < SIGN_IN_LINK_LIMITS.perAddress; i++)
      await ask('nobody@bravo.test', `192.0.2.${10 + i}`);
    await expect(ask('nobody@bravo.test', '192.0.2.99')).rejects.toMatchObject({ code: 'rate_limited' });
    // Another network in the same /24 counts as the same client.
    for (let i = 0; i < SIGN_IN_LINK_LIMITS.perNetwork; i++)
      await ask(`spray${i}@bravo.test`, `198.18.7.${i}`);
    await expect(ask('fresh@bravo.test', '198.18.7.200')).rejects.toMatchObject({ code: 'rate_limited' });
    await ask('fresh@bravo.test', '198.18.8.1');
  });

  it('a member of one organisation gets 404 for another, an editor 403 for owner actions', async () => {
    const ownerA = await principalOf(
      (
        await useLink(
          deps,
          await (async () => {
            await requestSignInLink(deps, {
              email: 'eigenaar@alfa.test',
              language: 'nl',
              clientAddress: '100.64.1.1',
            });
            return linkTo('eigenaar@alfa.test');
          })(),
          { language: 'nl' },
          ORIGIN,
        )
      ).sessionToken,
    );
    const ownerB = await invitedMember(slugB, 'baas@bravo.test');
    for (const op of [
      organisationOverviewOp,
      listColleaguesOp,
      inviteColleagueOp,
      removeColleagueOp,
    ] as Operation<unknown>[])
      await expect(
        perform(context(deps, ownerB, 'ui'), op, {
          organisation: slugA,
          email: 'x@y.test',
          role: 'editor',
          member: ownerA.id,
        }),
      ).rejects.toMatchObject({ code: 'not_found', status: 404 });

    await perform(context(deps, ownerA, 'ui'), inviteColleagueOp, {
      organisation: slugA,
      email: 'redacteur@alfa.test',
      role: 'editor',
    });
    const used = await useLink(
      deps,
      await linkTo('redacteur@alfa.test'),
      { name: 'Ruud', language: 'nl' },
      ORIGIN,
    );
    const editor = await principalOf(used.sessionToken);
    expect(
      await perform(context(deps, editor, 'ui'), organisationOverviewOp, { organisation: slugA }),
    ).toMatchObject({ slug: slugA });
    for (const op of [
      inviteColleagueOp,
      changeColleagueRoleOp,
      removeColleagueOp,
      handOverOp,
    ] as Operation<unknown>[])
      await expect(
        perform(context(deps, editor, 'ui'), op, {
          organisation: slugA,
          email: 'z@alfa.test',
          role: 'owner',
          member: ownerA.id,
        }),
      ).rejects.toMatchObject({ code: 'forbidden', status: 403 });
    const denied = await h.db
      .selectFrom('audit_log')
      .select(['actor', 'actor_kind', 'outcome'])
      .where('action', '=', 'member.colleague.invite')
      .where('outcome', '=', 'denied')
      .execute();
    expect(denied).toContainEqual({
      actor: 'member:redacteur@alfa.test',
      actor_kind: 'member',
      outcome: 'denied',
    });
  });

  it('an organisation with members never loses its last owner; hand-over moves it in one step', async () => {
    const owner = await principalOf(
      (
        await useLink(
          deps,
          await (async () => {
            await requestSignInLink(deps, {
              email: 'eigenaar@alfa.test',
              language: 'nl',
              clientAddress: '100.64.2.1',
            });
            return linkTo('eigenaar@alfa.test');
          })(),
          { language: 'nl' },
          ORIGIN,
        )
      ).sessionToken,
    );
    const ctx = context(deps, owner, 'ui');
    const { members } = await perform(ctx, listColleaguesOp, { organisation: slugA });
    const editor = members.find((m) => m.role === 'editor')!;
    await expect(
      perform(ctx, changeColleagueRoleOp, { organisation: slugA, member: owner.id, role: 'editor' }),
    ).rejects.toMatchObject({ code: 'last_owner' });
    await expect(
      perform(ctx, removeColleagueOp, { organisation: slugA, member: owner.id }),
    ).rejects.toMatchObject({ code: 'last_owner' });
    await expect(perform(ctx, deleteAccountOp, { confirm: owner.email })).rejects.toMatchObject({
      code: 'last_owner',
    });

    await perform(ctx, handOverOp, { organisation: slugA, member: editor.id });
    const after = await perform(ctx, listColleaguesOp, { organisation: slugA });
    expect(after.members.map((m) => [m.id, m.role]).sort()).toEqual(
      [
        [owner.id, 'editor'],
        [editor.id, 'owner'],
      ].sort(),
    );
    // The giver is an editor now: owner actions are refused from the next request on.
    const demoted = await principalOf(
      (
        await useLink(
          deps,
          await (async () => {
            await requestSignInLink(deps, {
              email: 'eigenaar@alfa.test',
              language: 'nl',
              clientAddress: '100.64.2.2',
            });
            return linkTo('eigenaar@alfa.test');
          })(),
          { language: 'nl' },
          ORIGIN,
        )
      ).sessionToken,
    );
    await expect(
      perform(context(deps, demoted, 'ui'), removeColleagueOp, { organisation: slugA, member: editor.id }),
    ).rejects.toMatchObject({ code: 'forbidden' });
  });

  it('an e-mail change waits for the link at the new address, tells the old one, and the export holds it all', async () => {
    const owner = await invitedMember(slugB, 'solo@bravo.test', 'editor');
    const ctx = context(deps, owner, 'ui');
    await perform(ctx, requestEmailChangeOp, { email: 'nieuw@bravo.test' });
    expect(
      (
        await principalOf(
          (
            await useLink(
              deps,
              await (async () => {
                await requestSignInLink(deps, {
                  email: 'solo@bravo.test',
                  language: 'nl',
                  clientAddress: '100.64.3.1',
                });
                return linkTo('solo@bravo.test');
              })(),
              { language: 'nl' },
              ORIGIN,
            )
          ).sessionToken,
        )
      ).email,
    ).toBe('solo@bravo.test');
    const used = await useLink(deps, await linkTo('nieuw@bravo.test'), { language: 'nl' }, ORIGIN);
    expect(used.purpose).toBe('email_change');
    const moved = await principalOf(used.sessionToken);
    expect(moved.email).toBe('nieuw@bravo.test');
    const notice = await h.db
      .selectFrom('mail_message')
      .select(['template', 'secret_params'])
      .where('to_address', '=', 'solo@bravo.test')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(notice).toEqual({ template: 'member_email_changed', secret_params: null });

    const data = await perform(context(deps, moved, 'ui'), exportDataOp, {});
    expect(data.profile.email).toBe('nieuw@bravo.test');
    expect(data.memberships).toEqual([expect.objectContaining({ organisation: slugB, role: 'editor' })]);
    expect(data.sessions.length).toBeGreaterThanOrEqual(3);
    expect(data.auditRecords.map((a) => a.action)).toEqual(
      expect.arrayContaining(['member.invitation.accept', 'member.email.request', 'member.email.confirm']),
    );
    expect(JSON.stringify(data)).not.toMatch(/token_hash|kml_|kmm_|[0-9a-f]{64}/);
  });

  it('a sole member may delete their account; the audit chain stays intact', async () => {
    const slugC = await organisation('Charlie');
    const solo = await invitedMember(slugC, 'alleen@charlie.test');
    await expect(
      perform(context(deps, solo, 'ui'), deleteAccountOp, { confirm: 'wrong@charlie.test' }),
    ).rejects.toBeInstanceOf(KeurmerkError);
    await perform(context(deps, solo, 'ui'), deleteAccountOp, { confirm: 'alleen@charlie.test' });
    expect(
      await h.db.selectFrom('member_user').select('id').where('email', '=', 'alleen@charlie.test').execute(),
    ).toEqual([]);
    expect(await authenticateMember(h.db, 'kmm_' + 'x'.repeat(43), clock.now)).toBeNull();
    expect((await verifyAuditChain(h.db)).ok).toBe(true);
  });
});
