import type { Kysely } from 'kysely';
import type { Deps } from '../app/deps.ts';
import type { Database } from '../../db/schema/database.ts';
import { KeurmerkError } from '../../db/errors.ts';
import { inTransaction } from '../../db/platform/transaction.ts';
import { consumeApplication } from '../../db/workflow/applications.ts';
import type { ApplicationRequest } from '../../db/schema/application-request.table.ts';
import { createOrganisation } from '../../db/organisation/organisations.ts';
import { addMembership, membersOf } from '../../db/member/memberships.ts';
import { findOrCreateMember } from '../../db/member/users.ts';
import { insertMemberSession } from '../../db/member/sessions.ts';
import { enqueueMail } from '../../db/mail/outbox.ts';
import type { Language } from '../../db/vocabulary.ts';
import { looksLikeSecret, newSecret, secretHash } from '../auth/secrets.ts';
import { audit, type RequestOrigin } from '../admin/audit.ts';
import type { MemberPrincipal } from '../admin/principal.ts';
import { memberPath, registryHost } from '../member/links.ts';
import { openApplication } from './open-application.ts';

export interface ConfirmedApplication {
  /** The new session's token, for the cookie: a confirmed applicant is signed in. */
  sessionToken: string;
  language: Language;
  /**
   * `owner`: the organisation is theirs (new, or they were already a member), with an application
   * case. `waiting`: it was already registered; an owner or staff decide on their access.
   */
  outcome: 'owner' | 'waiting';
  organisation: string | null;
}

const invalid = () => new KeurmerkError('application_link_invalid');

/** The organisation of the application: the one already registered under its national id, or a new one. */
async function organisationFor(trx: Kysely<Database>, row: ApplicationRequest) {
  const known = await trx
    .selectFrom('organisation')
    .select(['id', 'slug'])
    .where('country', '=', row.country)
    .where('registry_id', '=', row.registry_id)
    .forUpdate()
    .executeTakeFirst();
  if (known) return { ...known, isNew: false };
  const input = {
    legalName: row.legal_name,
    country: row.country,
    registryId: row.registry_id,
    city: row.city,
  };
  try {
    const made = await createOrganisation(trx, { ...input, website: row.website });
    return { id: made.id, slug: made.slug, isNew: true };
  } catch (error) {
    // The website's domain belongs to another organisation: the applicant keeps their application,
    // and staff see the website missing when they review it.
    if (!(error instanceof KeurmerkError) || error.code !== 'domain_taken') throw error;
    const made = await createOrganisation(trx, input);
    return { id: made.id, slug: made.slug, isNew: true };
  }
}

/**
 * Confirms an application by its one-time link, in one transaction with everything it does. For
 * an organisation new to the registry: the organisation, a pending certification on the scheme's
 * current version, an application case in draft, and the applicant as its first owner. For one
 * already registered: the applicant waits for access, and its owners are told by e-mail. Either
 * way the applicant ends signed in. Used, expired or unknown links: `application_link_invalid`.
 */
export async function confirmApplication(
  deps: Deps,
  token: string,
  origin: RequestOrigin,
): Promise<ConfirmedApplication> {
  if (!looksLikeSecret(token, 'kma')) throw invalid();
  const now = deps.now();
  return inTransaction(deps.database.db, async (trx) => {
    const row = await consumeApplication(trx, secretHash(token), now);
    if (!row) throw invalid();
    const person = await findOrCreateMember(
      trx,
      { email: row.email, name: row.contact_name, language: row.language },
      now,
    );
    const actor = `member:${person.email}`;
    const org = await organisationFor(trx, row);
    const isMember = await trx
      .selectFrom('organisation_member')
      .select('role')
      .where('organisation_id', '=', org.id)
      .where('member_user_id', '=', person.id)
      .executeTakeFirst();
    // A new organisation is the applicant's; one already registered is not theirs until an owner
    // (or staff, when it has none) says so. A member of it simply applies.
    const outcome: ConfirmedApplication['outcome'] = isMember || org.isNew ? 'owner' : 'waiting';
    if (org.isNew) await addMembership(trx, org.id, person.id, 'owner', now);
    if (outcome === 'owner')
      await openApplication(trx, deps, { organisationId: org.id, schemeId: row.scheme_id, actor, now });
    await trx
      .updateTable('application_request')
      .set({
        member_user_id: person.id,
        organisation_id: org.id,
        access: outcome === 'waiting' ? 'pending' : null,
      })
      .where('id', '=', row.id)
      .execute();
    if (outcome === 'waiting') await tellOwners(trx, deps, org.id, row, now);
    const sessionToken = newSecret('kmm');
    await insertMemberSession(trx, secretHash(sessionToken), person.id, 'email_link', now);
    const principal: MemberPrincipal = {
      kind: 'member',
      id: person.id,
      email: person.email,
      name: person.name,
      language: person.language,
      sessionHash: secretHash(sessionToken),
      memberships: [],
    };
    await audit(trx, origin, {
      principal,
      action: outcome === 'owner' ? 'application.confirm' : 'application.access.request',
      target: org.slug,
      outcome: 'success',
      detail: { application: row.id },
      now,
    });
    return {
      sessionToken,
      language: person.language,
      outcome,
      organisation: outcome === 'owner' ? org.slug : null,
    };
  });
}

/** Mails each owner of the organisation (in their language) that someone asks for access. */
async function tellOwners(
  trx: Kysely<Database>,
  deps: Deps,
  organisationId: number,
  row: ApplicationRequest,
  now: Date,
): Promise<void> {
  const owners = (await membersOf(trx, organisationId)).filter((m) => m.role === 'owner');
  // The organisation as registered, not as the applicant wrote it: the owner must recognise it.
  const org = await trx
    .selectFrom('organisation')
    .select(['slug', 'legal_name'])
    .where('id', '=', organisationId)
    .executeTakeFirstOrThrow();
  const slug = org.slug;
  for (const owner of owners) {
    const person = await trx
      .selectFrom('member_user')
      .select(['email', 'name', 'language'])
      .where('id', '=', owner.id)
      .executeTakeFirstOrThrow();
    await enqueueMail(
      trx,
      {
        to: person.email,
        language: person.language,
        template: 'application_access_request',
        params: {
          name: person.name,
          applicant: row.contact_name,
          applicantEmail: row.email,
          organisation: org.legal_name,
          link: `${deps.config.publicUrl.replace(/\/$/, '')}${memberPath(person.language, `/org/${slug}/colleagues`)}`,
        },
      },
      registryHost(deps.config.publicUrl),
      now,
    );
  }
}
