import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, openTestDatabase, type TestDatabase } from '../../../helpers/databases.ts';
import { nextKvk } from '../../../helpers/fixtures.ts';
import { context, testDeps, tokenPrincipal } from '../../../helpers/admin-integration.ts';
import { SoftAuthenticator } from '../../../helpers/soft-authenticator.ts';
import type { Deps } from '../../../../api/app/deps.ts';
import { perform } from '../../../../api/admin/perform.ts';
import type { MemberPrincipal } from '../../../../api/admin/principal.ts';
import { inviteMemberOp } from '../../../../api/member/staff-ops.ts';
import { useLink } from '../../../../api/member/use-link.ts';
import { authenticateMember } from '../../../../api/member/authenticate.ts';
import { exportDataOp } from '../../../../api/member/account-ops.ts';
import {
  addMemberPasskeyOp,
  listMemberPasskeysOp,
  memberRegistrationOptions,
  removeMemberPasskeyOp,
  renameMemberPasskeyOp,
} from '../../../../api/member/passkey-ops.ts';
import { memberSignInOptions, signInWithPasskey } from '../../../../api/member/passkey-sign-in.ts';
import { memberRegisterBinding } from '../../../../api/member/passkey-binding.ts';
import { createStaffAccount } from '../../../../api/auth/staff-accounts.ts';
import { relyingParty } from '../../../../api/auth/webauthn/relying-party.ts';
import { registrationOptions, verifyRegistration } from '../../../../api/auth/webauthn/registration.ts';
import { secretHash } from '../../../../api/auth/secrets.ts';
import { KeurmerkError } from '../../../../db/errors.ts';
import { verifyAuditChain } from '../../../../db/staff/audit-log.ts';

// Member passkeys through their real doors: registration on the profile (perform, member
// principal), usernameless sign-in from the sign-in page, the data export; on every database.

const PUBLIC_URL = 'http://localhost:4321';
const ORIGIN = { clientAddress: '198.51.100.9', requestId: 'test' };

async function refusal(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof KeurmerkError) return `${error.code}:${String(error.details['reason'] ?? '')}`;
    throw error;
  }
  return 'no refusal';
}

describe.each(DIALECTS)('member passkeys on %s', (kind) => {
  let h: TestDatabase;
  let deps: Deps;
  const clock = { now: new Date('2026-12-03T10:00:00Z') };
  let slug = '';

  async function principalOf(sessionToken: string): Promise<MemberPrincipal> {
    const p = await authenticateMember(h.db, sessionToken, clock.now);
    if (!p) throw new Error('no live session');
    return p;
  }

  async function invitedMember(email: string): Promise<MemberPrincipal> {
    await perform(context(deps, tokenPrincipal('assessor')), inviteMemberOp, { slug, email, role: 'owner' });
    const row = await h.db
      .selectFrom('mail_message')
      .select('secret_params')
      .where('to_address', '=', email)
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    const token = new URL(String(row.secret_params!['link'])).searchParams.get('token')!;
    const used = await useLink(deps, token, { name: 'Passkey Persoon', language: 'en' }, ORIGIN);
    return principalOf(used.sessionToken);
  }

  const as = (me: MemberPrincipal) => context(deps, me, 'ui');

  async function register(me: MemberPrincipal, name: string) {
    const device = new SoftAuthenticator(PUBLIC_URL, 'localhost');
    const options = await memberRegistrationOptions(deps, me);
    const passkey = await perform(as(me), addMemberPasskeyOp, {
      name,
      response: JSON.stringify(device.register(options!)),
    });
    return { device, passkey };
  }

  beforeAll(async () => {
    h = await openTestDatabase(kind);
    const base = await testDeps(h, clock);
    deps = { ...base, config: Object.freeze({ ...base.config, publicUrl: PUBLIC_URL }) };
    slug = `pasfoto-${nextKvk()}`;
    await h.db
      .insertInto('organisation')
      .values({ slug, legal_name: 'Pasfoto BV', country: 'NL', registry_id: nextKvk(), city: 'Delft' })
      .execute();
  });
  afterAll(async () => {
    await h?.close();
  });

  it('a member registers named passkeys, renames and removes one; each step is audited as theirs', async () => {
    const me = await invitedMember('sleutel@pasfoto.test');
    const options = await memberRegistrationOptions(deps, me);
    expect(options?.authenticatorSelection).toMatchObject({ userVerification: 'required' });
    const first = await register(me, 'Laptop');
    const second = await register(me, 'Telefoon');
    expect(first.passkey.name).toBe('Laptop');
    const listed = await perform(as(me), listMemberPasskeysOp, {});
    expect(listed.map((p) => p.name)).toEqual(['Laptop', 'Telefoon']);
    expect(JSON.stringify(listed)).not.toContain(first.device.id);

    const renamed = await perform(as(me), renameMemberPasskeyOp, {
      id: String(second.passkey.id),
      name: ' Werktelefoon ',
    });
    expect(renamed.name).toBe('Werktelefoon');
    expect(
      await refusal(perform(as(me), renameMemberPasskeyOp, { id: String(second.passkey.id), name: ' ' })),
    ).toMatch(/^validation_failed/);
    await perform(as(me), removeMemberPasskeyOp, { id: String(first.passkey.id) });
    expect((await perform(as(me), listMemberPasskeysOp, {})).map((p) => p.name)).toEqual(['Werktelefoon']);

    // Another member cannot touch them: not found, as if they did not exist.
    const other = await invitedMember('ander@pasfoto.test');
    expect(
      await refusal(perform(as(other), removeMemberPasskeyOp, { id: String(second.passkey.id) })),
    ).toMatch(/^passkey_not_found/);
    expect(await refusal(perform(as(other), renameMemberPasskeyOp, { id: 'x', name: 'y' }))).toMatch(
      /^passkey_not_found/,
    );

    const actions = await h.db
      .selectFrom('audit_log')
      .select(['action', 'actor', 'outcome'])
      .where('action', 'like', 'member.passkey.%')
      .where('actor', '=', 'member:sleutel@pasfoto.test')
      .orderBy('id')
      .execute();
    expect(actions.map((a) => `${a.action}:${a.outcome}`)).toEqual([
      'member.passkey.add:success',
      'member.passkey.add:success',
      'member.passkey.rename:success',
      'member.passkey.rename:failed',
      'member.passkey.remove:success',
    ]);
    expect((await verifyAuditChain(h.db)).ok).toBe(true);
  });

  it('a registration answer for another session, origin or relying party is refused', async () => {
    const me = await invitedMember('weiger@pasfoto.test');
    const other = await invitedMember('sessie@pasfoto.test');
    const device = new SoftAuthenticator(PUBLIC_URL, 'localhost');
    const mine = await memberRegistrationOptions(deps, me);
    // Answered in another member's session: the challenge was bound to this one.
    expect(
      await refusal(
        perform(as(other), addMemberPasskeyOp, {
          name: 'x',
          response: JSON.stringify(device.register(mine!)),
        }),
      ),
    ).toBe('webauthn_refused:challenge_subject');
    const phished = await memberRegistrationOptions(deps, me);
    expect(
      await refusal(
        perform(as(me), addMemberPasskeyOp, {
          name: 'x',
          response: JSON.stringify(device.register(phished!, { origin: 'https://keurmerk.example.net' })),
        }),
      ),
    ).toBe('webauthn_refused:origin');
    const elsewhere = await memberRegistrationOptions(deps, me);
    expect(
      await refusal(
        perform(as(me), addMemberPasskeyOp, {
          name: 'x',
          response: JSON.stringify(device.register(elsewhere!, { rpId: 'example.net' })),
        }),
      ),
    ).toBe('webauthn_refused:rp_id');
    expect(await perform(as(me), listMemberPasskeysOp, {})).toEqual([]);
  });

  it('signs in with a passkey alone, once per challenge and only in the browser it was shown to', async () => {
    const me = await invitedMember('aanmelden@pasfoto.test');
    const { device } = await register(me, 'Sleutelhanger');
    const options = await memberSignInOptions(deps, 'browser-one');
    expect(options?.allowCredentials ?? []).toEqual([]);
    expect(options?.userVerification).toBe('required');
    const answer = JSON.stringify(device.authenticate(options!));
    expect(
      await refusal(signInWithPasskey(deps, { response: answer, browserToken: 'browser-two' }, ORIGIN)),
    ).toBe('webauthn_refused:challenge_subject');

    const again = await memberSignInOptions(deps, 'browser-one');
    const response = JSON.stringify(device.authenticate(again!));
    const signedIn = await signInWithPasskey(deps, { response, browserToken: 'browser-one' }, ORIGIN);
    const p = await principalOf(signedIn.sessionToken);
    expect(p).toMatchObject({ id: me.id, email: 'aanmelden@pasfoto.test' });
    expect(p.memberships.map((m) => m.slug)).toEqual([slug]);
    const session = await h.db
      .selectFrom('member_session')
      .select('method')
      .where('token_hash', '=', secretHash(signedIn.sessionToken))
      .executeTakeFirstOrThrow();
    expect(session.method).toBe('passkey');
    // The same answer again: its challenge is used up.
    expect(await refusal(signInWithPasskey(deps, { response, browserToken: 'browser-one' }, ORIGIN))).toBe(
      'webauthn_refused:challenge_unknown',
    );
    const records = await h.db
      .selectFrom('audit_log')
      .select(['actor', 'outcome', 'detail'])
      .where('action', '=', 'member.sign_in')
      .orderBy('id')
      .execute()
      .then((rows) => rows.filter((r) => (r.detail as Record<string, unknown>)['method'] === 'passkey'));
    expect(records.map((r) => `${r.actor}:${r.outcome}`)).toContain('member:aanmelden@pasfoto.test:success');
    expect(records.filter((r) => r.outcome === 'failed').length).toBeGreaterThanOrEqual(2);
  });

  it('a staff passkey opens no member session, and the export lists the passkeys by name and date', async () => {
    const staff = await createStaffAccount(
      h.db,
      {
        email: `pk-${process.pid}@keurmerk.test`,
        displayName: 'S',
        role: 'viewer',
        password: 'lange zin met fietsbel 42',
      },
      clock.now,
    );
    const rp = relyingParty(PUBLIC_URL);
    const device = new SoftAuthenticator(PUBLIC_URL, 'localhost');
    const binding = { purpose: 'staff.register', subject: 's' };
    const owner = { kind: 'staff', id: staff.id } as const;
    const options = await registrationOptions(h.db, rp, {
      owner,
      userName: 'x',
      displayName: 'x',
      binding,
      userVerification: 'preferred',
      now: clock.now,
    });
    const reg = await verifyRegistration(h.db, rp, {
      owner,
      response: device.register(options),
      name: 'staff key',
      binding,
      userVerification: 'preferred',
      now: clock.now,
    });
    expect(reg.ok).toBe(true);
    const signIn = await memberSignInOptions(deps, 'browser-staff');
    expect(
      await refusal(
        signInWithPasskey(
          deps,
          { response: device.authenticate(signIn!), browserToken: 'browser-staff' },
          ORIGIN,
        ),
      ),
    ).toBe('webauthn_refused:credential_owner');

    const me = await invitedMember('export@pasfoto.test');
    await register(me, 'Yubikey blauw');
    const data = await perform(as(me), exportDataOp, {});
    expect(data.passkeys).toEqual([
      { name: 'Yubikey blauw', createdAt: clock.now.toISOString(), lastUsedAt: null },
    ]);
    expect(JSON.stringify(data)).not.toMatch(/publicKey|credentialId/);
    // The binding helper names the session it belongs to, not the member.
    expect(memberRegisterBinding(me.sessionHash).subject).toContain(me.sessionHash);
  });
});
