import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, openTestDatabase, type TestDatabase } from '../../../helpers/databases.ts';
import { nextKbo, nextKvk } from '../../../helpers/fixtures.ts';
import { context, testDeps, tokenPrincipal } from '../../../helpers/admin-integration.ts';
import type { Deps } from '../../../../api/app/deps.ts';
import { perform } from '../../../../api/admin/perform.ts';
import { APPLY_LIMITS, describeApplication, requestApplication } from '../../../../api/workflow/apply.ts';
import { confirmApplication } from '../../../../api/workflow/confirm-application.ts';
import {
  memberAccessRequestsOp,
  memberDecideAccessOp,
  staffDecideAccessOp,
} from '../../../../api/workflow/access-ops.ts';
import { authenticateMember } from '../../../../api/member/authenticate.ts';
import { KeurmerkError } from '../../../../db/errors.ts';

// The public application through its real doors on every database of the run: the form, the
// confirmation link from the outbox, a new organisation's first owner, and an existing
// organisation's applicant waiting for an owner.

const KSF = 'ksf-service-promises';

describe.each(DIALECTS)('applying on %s', (kind) => {
  let h: TestDatabase;
  let deps: Deps;
  const clock = { now: new Date('2026-12-03T10:00:00Z') };
  let network = 10;

  const origin = () => ({ clientAddress: `198.51.${network}.7`, requestId: 'test' });
  const form = (over: Record<string, unknown> = {}) => ({
    country: 'NL',
    registryId: nextKvk(),
    legalName: 'Klantvriendelijk B.V.',
    city: 'Utrecht',
    website: 'https://www.klantvriendelijk.example',
    contactName: 'An Aanvrager',
    email: `aanvrager-${nextKvk()}@example.test`,
    ...over,
  });
  const apply = (f: Record<string, unknown>, scheme = KSF) =>
    requestApplication(deps, { scheme, form: f as never, language: 'nl', ...origin() });

  async function tokenFor(to: string): Promise<string> {
    const row = await h.db
      .selectFrom('mail_message')
      .select(['secret_params', 'template'])
      .where('to_address', '=', to)
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(row.template).toBe('application_confirm');
    return new URL(String(row.secret_params!['link'])).searchParams.get('token')!;
  }

  async function code(promise: Promise<unknown>): Promise<string> {
    try {
      await promise;
      return 'accepted';
    } catch (error) {
      if (error instanceof KeurmerkError)
        return `${error.code}${error.details['field'] ? `:${String(error.details['field'])}` : ''}`;
      throw error;
    }
  }

  beforeAll(async () => {
    h = await openTestDatabase(kind);
    deps = await testDeps(h, clock);
  });
  afterAll(async () => {
    await deps?.close();
    await h?.close();
  });

  it('a new organisation: confirmed by the link, its applicant owns it, with a pending certification and a draft case', async () => {
    network++;
    const f = form();
    await apply(f);
    expect(
      await h.db
        .selectFrom('organisation')
        .select('id')
        .where('registry_id', '=', String(f.registryId))
        .execute(),
    ).toHaveLength(0);
    const token = await tokenFor(String(f.email));
    expect(await describeApplication(deps, token, KSF)).toMatchObject({
      state: 'usable',
      organisation: 'Klantvriendelijk B.V.',
    });
    expect((await describeApplication(deps, token, 'happy-customer')).state).toBe('unusable');
    const confirmed = await confirmApplication(deps, token, origin());
    expect(confirmed.outcome).toBe('owner');
    const member = await authenticateMember(h.db, confirmed.sessionToken, clock.now);
    expect(member?.memberships).toEqual([
      expect.objectContaining({ slug: confirmed.organisation, role: 'owner' }),
    ]);
    const cases = await h.db
      .selectFrom('certification_case as k')
      .innerJoin('certification as c', 'c.id', 'k.certification_id')
      .innerJoin('scheme as s', 's.id', 'c.scheme_id')
      .select(['k.kind', 'k.stage', 'c.status', 's.slug', 'k.scheme_version_id', 's.current_version_id'])
      .where('c.organisation_id', '=', member!.memberships[0]!.organisationId)
      .execute();
    expect(cases).toEqual([
      expect.objectContaining({ kind: 'application', stage: 'draft', status: 'pending', slug: KSF }),
    ]);
    expect(cases[0]!.scheme_version_id).toBe(cases[0]!.current_version_id);
    // Used once.
    expect(await code(confirmApplication(deps, token, origin()))).toBe('application_link_invalid');
    expect((await describeApplication(deps, token, KSF)).state).toBe('unusable');
  });

  it('bad national ids and fields are refused with the field named, and nothing is stored or sent', async () => {
    network++;
    const before = await h.db
      .selectFrom('application_request')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    expect(await code(apply(form({ registryId: '1234567' })))).toBe('validation_failed:registryId');
    expect(await code(apply(form({ country: 'BE', registryId: '0123.456.789' })))).toBe(
      'validation_failed:registryId',
    );
    expect(await code(apply(form({ country: 'DE' })))).toBe('validation_failed:country');
    expect(await code(apply(form({ email: 'not an address' })))).toBe('validation_failed:email');
    expect(await code(apply(form({ legalName: '' })))).toBe('validation_failed:legalName');
    expect(await code(apply(form(), 'no-such-scheme'))).toBe('scheme_not_open');
    const after = await h.db
      .selectFrom('application_request')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);
    expect(await code(apply(form({ country: 'BE', registryId: nextKbo() })))).toBe('accepted');
  });

  it('limits applications per client network, per national id and per address', async () => {
    network++;
    for (let i = 0; i < APPLY_LIMITS.perNetwork; i++) await apply(form());
    expect(await code(apply(form()))).toBe('rate_limited');
    network++;
    const id = nextKvk();
    for (let i = 0; i < APPLY_LIMITS.perNationalId; i++) {
      network++;
      await apply(form({ registryId: id }));
    }
    network++;
    expect(await code(apply(form({ registryId: id })))).toBe('rate_limited');
    const email = `herhaal-${nextKvk()}@example.test`;
    for (let i = 0; i < APPLY_LIMITS.perAddress; i++) {
      network++;
      await apply(form({ email }));
    }
    network++;
    expect(await code(apply(form({ email })))).toBe('rate_limited');
  });

  it('an organisation already registered: the applicant waits until an owner grants access; owners are mailed', async () => {
    network++;
    const first = form();
    await apply(first);
    const owner = await confirmApplication(deps, await tokenFor(String(first.email)), origin());
    const ownerP = (await authenticateMember(h.db, owner.sessionToken, clock.now))!;
    network++;
    const second = form({
      registryId: first.registryId,
      legalName: 'Andere naam B.V.',
      email: `tweede-${nextKvk()}@example.test`,
    });
    await apply(second);
    const waiting = await confirmApplication(deps, await tokenFor(String(second.email)), origin());
    expect(waiting.outcome).toBe('waiting');
    const waiter = (await authenticateMember(h.db, waiting.sessionToken, clock.now))!;
    expect(waiter.memberships).toEqual([]);
    const mail = await h.db
      .selectFrom('mail_message')
      .select(['template', 'params'])
      .where('to_address', '=', String(first.email))
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(mail.template).toBe('application_access_request');
    expect(mail.params['applicantEmail']).toBe(second.email);
    const slug = owner.organisation!;
    const requests = await perform(context(deps, ownerP, 'ui'), memberAccessRequestsOp, {
      organisation: slug,
    });
    expect(requests.map((r) => r.email)).toEqual([second.email]);
    // A stranger (the waiting applicant) cannot grant themselves: their organisation is hidden.
    expect(
      await code(
        perform(context(deps, waiter, 'ui'), memberDecideAccessOp, {
          organisation: slug,
          request: String(requests[0]!.id),
          decision: 'grant',
        }),
      ),
    ).toBe('not_found');
    const granted = await perform(context(deps, ownerP, 'ui'), memberDecideAccessOp, {
      organisation: slug,
      request: String(requests[0]!.id),
      decision: 'grant',
    });
    expect(granted).toMatchObject({ decision: 'grant', role: 'editor', application: null });
    expect((await authenticateMember(h.db, waiting.sessionToken, clock.now))!.memberships).toEqual([
      expect.objectContaining({ slug, role: 'editor' }),
    ]);
    expect(
      await code(
        perform(context(deps, tokenPrincipal('assessor')), staffDecideAccessOp, {
          slug,
          request: String(requests[0]!.id),
          decision: 'decline',
        }),
      ),
    ).toBe('access_request_closed');
  });
});
