import type { Deps } from '../app/deps.ts';
import { KeurmerkError } from '../../db/errors.ts';
import { inTransaction } from '../../db/platform/transaction.ts';
import { clientNetwork } from '../../db/values/client-network.ts';
import { validateOrganisation } from '../../db/organisation/organisations.ts';
import { memberEmail, memberName } from '../../db/member/users.ts';
import { enqueueMail } from '../../db/mail/outbox.ts';
import type { Country } from '../../db/schema/organisation.table.ts';
import type { Language } from '../../db/vocabulary.ts';
import {
  pruneApplications,
  recentApplicationCounts,
  storeApplication,
  usableApplication,
} from '../../db/workflow/applications.ts';
import { looksLikeSecret, newSecret, secretHash } from '../auth/secrets.ts';
import { audit, type RequestOrigin } from '../admin/audit.ts';
import { registryHost } from '../member/links.ts';

/**
 * Applications from one client network and for one national id, and confirmation mails to one
 * address, per window. Counted from stored rows, so every instance agrees and a restart forgets
 * nothing.
 */
export const APPLY_LIMITS = {
  perNetwork: 5,
  perNationalId: 3,
  perAddress: 3,
  windowMs: 60 * 60_000,
} as const;

/** A new application-confirmation secret (`kma_…`, 256 random bits); only its hash is kept. */
const newApplicationToken = (): string => newSecret('kma');

/** The scheme's apply page, where the confirmation link lands (Dutch has no prefix). */
export function applyPath(language: Language, schemeSlug: string, rest = ''): string {
  return `${language === 'nl' ? '' : `/${language}`}/schemes/${encodeURIComponent(schemeSlug)}/apply${rest}`;
}

export interface ApplicationForm {
  country?: unknown;
  registryId?: unknown;
  legalName?: unknown;
  city?: unknown;
  website?: unknown;
  contactName?: unknown;
  email?: unknown;
}

/** A scheme that takes applications: it exists and has a published version. */
export async function openScheme(deps: Deps, slug: string) {
  const scheme = await deps.database.db
    .selectFrom('scheme')
    .select(['id', 'slug', 'name', 'current_version_id'])
    .where('slug', '=', slug)
    .executeTakeFirst();
  if (!scheme || scheme.current_version_id === null) throw new KeurmerkError('scheme_not_open');
  return scheme;
}

/**
 * Takes an application from the public form and mails its contact person a confirmation link.
 * The answer is the same whether or not the national id is already in the registry (nothing is
 * looked up here), so the form tells no one who is registered. Refused with `rate_limited` beyond
 * the limits, per client network, per national id and per address; bad input with
 * `validation_failed` naming the field, and nothing stored.
 */
export async function requestApplication(
  deps: Deps,
  request: { scheme: string; form: ApplicationForm; language: Language } & RequestOrigin,
): Promise<void> {
  const scheme = await openScheme(deps, request.scheme);
  const f = request.form;
  const country = f.country === 'BE' ? 'BE' : f.country === 'NL' ? 'NL' : (f.country as Country);
  // The organisation rules of the registry itself: what the form accepts, an import accepts too.
  const valid = validateOrganisation({
    country,
    registryId: typeof f.registryId === 'string' ? f.registryId : '',
    legalName: typeof f.legalName === 'string' ? f.legalName : '',
    city: typeof f.city === 'string' ? f.city : '',
    website: typeof f.website === 'string' && f.website.trim() ? f.website.trim() : null,
  });
  const contactName = memberName(f.contactName);
  const email = memberEmail(f.email);
  const network = clientNetwork(request.clientAddress ?? 'unknown');
  const now = deps.now();
  await inTransaction(deps.database.db, async (trx) => {
    const counts = await recentApplicationCounts(
      trx,
      { clientNetwork: network, country: valid.row.country, registryId: valid.row.registry_id, email },
      new Date(now.getTime() - APPLY_LIMITS.windowMs),
    );
    if (
      counts.network >= APPLY_LIMITS.perNetwork ||
      counts.nationalId >= APPLY_LIMITS.perNationalId ||
      counts.email >= APPLY_LIMITS.perAddress
    )
      throw new KeurmerkError('rate_limited', 'Too many applications; try again in an hour.', {
        retryAfter: Math.ceil(APPLY_LIMITS.windowMs / 1000),
      });
    await pruneApplications(trx, now);
    const token = newApplicationToken();
    await storeApplication(
      trx,
      {
        token_hash: secretHash(token),
        scheme_id: scheme.id,
        country: valid.row.country,
        registry_id: valid.row.registry_id,
        legal_name: valid.row.legal_name,
        city: valid.row.city,
        website: valid.row.website,
        contact_name: contactName,
        email,
        language: request.language,
        client_network: network,
      },
      now,
    );
    const base = deps.config.publicUrl.replace(/\/$/, '');
    await enqueueMail(
      trx,
      {
        to: email,
        language: request.language,
        template: 'application_confirm',
        params: {
          name: contactName,
          organisation: valid.row.legal_name,
          scheme: scheme.name[request.language] ?? scheme.name.nl,
        },
        secretParams: {
          link: `${base}${applyPath(request.language, scheme.slug, '/confirm')}?token=${encodeURIComponent(token)}`,
        },
      },
      registryHost(deps.config.publicUrl),
      now,
    );
    await audit(trx, request, {
      principal: null,
      action: 'application.request',
      target: `${valid.row.country}:${valid.row.registry_id}`,
      outcome: 'success',
      detail: { scheme: scheme.slug },
      now,
    });
  });
}

export type ApplicationView =
  { state: 'unusable' } | { state: 'usable'; email: string; organisation: string; scheme: string };

/** What a confirmation link would do, for its page; reading changes nothing. */
export async function describeApplication(
  deps: Deps,
  token: string,
  schemeSlug: string,
): Promise<ApplicationView> {
  if (!looksLikeSecret(token, 'kma')) return { state: 'unusable' };
  const row = await usableApplication(deps.database.db, secretHash(token), deps.now());
  if (!row) return { state: 'unusable' };
  const scheme = await deps.database.db
    .selectFrom('scheme')
    .select('slug')
    .where('id', '=', row.scheme_id)
    .executeTakeFirst();
  if (scheme?.slug !== schemeSlug) return { state: 'unusable' };
  return { state: 'usable', email: row.email, organisation: row.legal_name, scheme: scheme.slug };
}
