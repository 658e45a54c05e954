import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, openTestDatabase, type TestDatabase } from '../../../helpers/databases.ts';
import { SoftAuthenticator } from '../../../helpers/soft-authenticator.ts';
import { createStaffAccount } from '../../../../api/auth/staff-accounts.ts';
import { relyingParty } from '../../../../api/auth/webauthn/relying-party.ts';
import { registrationOptions, verifyRegistration } from '../../../../api/auth/webauthn/registration.ts';
import { authenticationOptions, verifyAuthentication } from '../../../../api/auth/webauthn/authentication.ts';
import { CHALLENGE_TTL_MS } from '../../../../api/auth/webauthn/challenges.ts';
import { createLogger } from '../../../../api/app/log.ts';
import {
  countPasskeys,
  deletePasskey,
  listPasskeys,
  renamePasskey,
  type PasskeyOwner,
} from '../../../../db/webauthn/passkeys.ts';
import { KeurmerkError } from '../../../../db/errors.ts';

const ORIGIN = 'http://localhost:4321';
const rp = relyingParty(ORIGIN);
let counter = 0;

describe.each(DIALECTS)('WebAuthn core on %s', (kind) => {
  let h: TestDatabase;
  let staff: PasskeyOwner;
  let member: PasskeyOwner;
  const lines: Array<Record<string, unknown>> = [];
  const log = createLogger('warn', {}, (line) => lines.push(JSON.parse(line) as Record<string, unknown>));

  beforeAll(async () => {
    h = await openTestDatabase(kind);
    const user = await createStaffAccount(
      h.db,
      {
        email: `passkey-${process.pid}@keurmerk.test`,
        displayName: 'P',
        role: 'viewer',
        password: 'lange zin met fietsbel 42',
      },
      new Date(),
    );
    staff = { kind: 'staff', id: user.id };
    const m = await h.db
      .insertInto('member_user')
      .values({ email: `member-${process.pid}@example.org`, name: 'M' })
      .returning('id')
      .executeTakeFirstOrThrow();
    member = { kind: 'member', id: m.id };
  });
  afterAll(async () => {
    await h?.close();
  });

  const binding = (purpose: string, subject = 'subject-1') => ({ purpose, subject });
  async function enrol(owner: PasskeyOwner, name = `key ${++counter}`, now = new Date()) {
    const device = new SoftAuthenticator(ORIGIN, rp.id);
    const options = await registrationOptions(h.db, rp, {
      owner,
      userName: 'someone@example.org',
      displayName: 'Someone',
      binding: binding('staff.register'),
      userVerification: 'preferred',
      now,
    });
    const result = await verifyRegistration(h.db, rp, {
      owner,
      response: JSON.stringify(device.register(options)),
      name,
      binding: binding('staff.register'),
      userVerification: 'preferred',
      now,
      log,
    });
    return { device, options, result };
  }
  async function signInWith(
    device: SoftAuthenticator,
    owner: PasskeyOwner | null,
    over = {},
    now = new Date(),
  ) {
    const options = await authenticationOptions(h.db, rp, {
      owner,
      binding: binding('staff.authenticate'),
      userVerification: 'preferred',
      now,
    });
    return { options, response: device.authenticate(options, over) };
  }
  const verify = (
    response: unknown,
    owner: PasskeyOwner | null,
    b = binding('staff.authenticate'),
    now = new Date(),
  ) =>
    verifyAuthentication(h.db, rp, { owner, response, binding: b, userVerification: 'preferred', now, log });

  it('registers several named passkeys per person, staff and member alike, and lists them', async () => {
    const a = await enrol(staff, 'Laptop');
    const b = await enrol(staff, 'Security key');
    const c = await enrol(member, 'Phone');
    for (const r of [a, b, c]) expect(r.result.ok).toBe(true);
    expect((await listPasskeys(h.db, staff)).map((p) => p.name)).toEqual(
      expect.arrayContaining(['Laptop', 'Security key']),
    );
    expect((await listPasskeys(h.db, member)).map((p) => p.name)).toEqual(['Phone']);
    // Options for the next registration exclude the ones already there.
    const next = await registrationOptions(h.db, rp, {
      owner: staff,
      userName: 'x',
      displayName: 'x',
      binding: binding('staff.register'),
      userVerification: 'preferred',
      now: new Date(),
    });
    expect(next.excludeCredentials?.map((c) => c.id)).toEqual(
      expect.arrayContaining([a.device.id, b.device.id]),
    );
    expect(next.rp.id).toBe('localhost');
  });

  it('signs in with a passkey and stores the moved counter and last use', async () => {
    const { device } = await enrol(staff);
    const { response } = await signInWith(device, staff);
    const result = await verify(response, staff);
    expect(result).toMatchObject({ ok: true, passkey: { credentialId: device.id, counter: 1 } });
    const stored = (await listPasskeys(h.db, staff)).find((p) => p.credentialId === device.id)!;
    expect(stored.counter).toBe(1);
    expect(stored.lastUsedAt).not.toBeNull();
  });

  it('finds the owner from the credential when no owner is named (usernameless sign-in)', async () => {
    const { device } = await enrol(member);
    const { options, response } = await signInWith(device, null);
    expect(options.allowCredentials ?? []).toEqual([]);
    const result = await verify(response, null);
    expect(result.ok && result.passkey.owner).toEqual(member);
  });

  it('uses a challenge once: the same response again is refused', async () => {
    const { device } = await enrol(staff);
    const { response } = await signInWith(device, staff);
    expect((await verify(response, staff)).ok).toBe(true);
    expect(await verify(response, staff)).toMatchObject({ ok: false, reason: 'challenge_unknown' });
  });

  it('refuses another origin, another RP id, an unknown challenge, and logs why', async () => {
    const { device } = await enrol(staff);
    lines.length = 0;
    const phishing = await signInWith(device, staff, { origin: 'https://keurmerk-login.example' });
    expect(await verify(phishing.response, staff)).toMatchObject({ ok: false, reason: 'origin' });
    const otherRp = await signInWith(device, staff, { rpId: 'evil.example' });
    expect(await verify(otherRp.response, staff)).toMatchObject({ ok: false, reason: 'rp_id' });
    const forged = device.authenticate({ challenge: 'bm90LW91ci1jaGFsbGVuZ2U' });
    expect(await verify(forged, staff)).toMatchObject({ ok: false, reason: 'challenge_unknown' });
    expect(lines.map((l) => [l['msg'], l['reason']])).toEqual([
      ['webauthn response refused', 'origin'],
      ['webauthn response refused', 'rp_id'],
      ['webauthn response refused', 'challenge_unknown'],
    ]);
    // A registration from another origin is refused too, and stores nothing.
    const before = await countPasskeys(h.db, staff);
    const stranger = new SoftAuthenticator('https://evil.example', rp.id);
    const options = await registrationOptions(h.db, rp, {
      owner: staff,
      userName: 'x',
      displayName: 'x',
      binding: binding('staff.register'),
      userVerification: 'preferred',
      now: new Date(),
    });
    const refused = await verifyRegistration(h.db, rp, {
      owner: staff,
      response: stranger.register(options),
      name: 'evil',
      binding: binding('staff.register'),
      userVerification: 'preferred',
      now: new Date(),
    });
    expect(refused).toMatchObject({ ok: false, reason: 'origin' });
    expect(await countPasskeys(h.db, staff)).toBe(before);
  });

  it('binds a challenge to its purpose, subject and five minutes', async () => {
    const { device } = await enrol(staff);
    const a = await signInWith(device, staff);
    expect(await verify(a.response, staff, binding('staff.authenticate', 'another-session'))).toMatchObject({
      ok: false,
      reason: 'challenge_subject',
    });
    const b = await signInWith(device, staff);
    expect(await verify(b.response, staff, binding('member.sign_in'))).toMatchObject({
      ok: false,
      reason: 'challenge_purpose',
    });
    const issued = new Date();
    const c = await signInWith(device, staff, {}, issued);
    const late = new Date(issued.getTime() + CHALLENGE_TTL_MS + 1);
    expect(await verify(c.response, staff, undefined, late)).toMatchObject({
      ok: false,
      reason: 'challenge_expired',
    });
  });

  it("refuses another person's passkey, an unknown one, a counter that went back, and junk", async () => {
    const mine = await enrol(staff);
    const theirs = await enrol(member);
    const a = await signInWith(theirs.device, staff);
    expect(await verify(a.response, staff)).toMatchObject({ ok: false, reason: 'credential_owner' });
    const stranger = new SoftAuthenticator(ORIGIN, rp.id);
    const b = await signInWith(stranger, staff);
    expect(await verify(b.response, staff)).toMatchObject({ ok: false, reason: 'credential_unknown' });
    const c = await signInWith(mine.device, staff, { counter: 5 });
    expect((await verify(c.response, staff)).ok).toBe(true);
    // A clone replaying an older counter value.
    const d = await signInWith(mine.device, staff, { counter: 3 });
    expect(await verify(d.response, staff)).toMatchObject({ ok: false, reason: 'counter' });
    for (const junk of [null, '', '{', '{"id":"x"}', 'x'.repeat(100_000), { id: 1 }, []])
      expect(await verify(junk, staff)).toMatchObject({ ok: false, reason: 'malformed' });
  });

  it("renames and removes only the owner's own passkeys", async () => {
    const { result } = await enrol(staff, 'Old name');
    if (!result.ok) throw new Error('enrol failed');
    const id = result.passkey.id;
    expect((await renamePasskey(h.db, staff, id, '  New name ')).name).toBe('New name');
    await expect(renamePasskey(h.db, staff, id, '')).rejects.toMatchObject({ code: 'validation_failed' });
    await expect(deletePasskey(h.db, member, id)).rejects.toMatchObject({ code: 'passkey_not_found' });
    expect((await deletePasskey(h.db, staff, id)).name).toBe('New name');
    await expect(deletePasskey(h.db, staff, id)).rejects.toBeInstanceOf(KeurmerkError);
  });

  it('refuses registering the same authenticator twice', async () => {
    const { device } = await enrol(staff);
    const options = await registrationOptions(h.db, rp, {
      owner: member,
      userName: 'x',
      displayName: 'x',
      binding: binding('staff.register'),
      userVerification: 'preferred',
      now: new Date(),
    });
    await expect(
      verifyRegistration(h.db, rp, {
        owner: member,
        response: device.register(options),
        name: 'again',
        binding: binding('staff.register'),
        userVerification: 'preferred',
        now: new Date(),
      }),
    ).rejects.toMatchObject({ code: 'passkey_exists' });
  });

  it('keeps at most a few open challenges per subject and purpose', async () => {
    for (let i = 0; i < 12; i++)
      await authenticationOptions(h.db, rp, {
        owner: staff,
        binding: binding('staff.authenticate', 'reloader'),
        userVerification: 'preferred',
        now: new Date(),
      });
    const open = await h.db
      .selectFrom('webauthn_challenge')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('subject', '=', 'reloader')
      .executeTakeFirstOrThrow();
    expect(Number(open.n)).toBe(5);
  });
});
