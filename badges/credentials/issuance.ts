import { randomInt, randomUUID } from 'node:crypto';
import type { Transaction } from 'kysely';
import type { Database } from '../../db/schema/database.ts';
import type { CertificationRow } from '../../db/schema/certification.table.ts';
import type { Credential } from '../../db/schema/credential.table.ts';
import type { ChangeHook } from '../../db/certification/transitions.ts';
import {
  credentialSubjectData,
  countStatusListEntry,
  indexTaken,
  revokeCredentials,
  statusListFill,
  supersedeCredentials,
} from '../../db/certification/credentials.ts';
import { buildOpenBadgeCredential, signCredential } from './credential.ts';
import { STATUS_LIST_SIZE } from './status-list.ts';
import type { KeyStore } from './key-store.ts';
import { KeurmerkError } from '../../db/errors.ts';

export interface IssuerContext {
  keys: KeyStore;
  publicUrl: string;
}

// A list is left at half full: random indexes stay cheap to find and hard to correlate.
const LIST_CAPACITY = STATUS_LIST_SIZE / 2;

async function freeStatusSlot(trx: Transaction<Database>): Promise<{ list: number; index: number }> {
  const fill = await statusListFill(trx);
  const list = fill.used >= LIST_CAPACITY ? fill.list + 1 : fill.list;
  for (let attempt = 0; attempt < 32; attempt++) {
    const index = randomInt(STATUS_LIST_SIZE);
    if (!(await indexTaken(trx, list, index))) {
      await countStatusListEntry(trx, list);
      return { list, index };
    }
  }
  throw new KeurmerkError('status_list_full', 'No free status-list index was found; try again.');
}

/** Issues, signs and stores a new credential for an active certification. Runs in the caller's transaction. */
export async function issueCredential(
  trx: Transaction<Database>,
  certification: CertificationRow,
  context: IssuerContext,
  now: Date,
): Promise<Credential> {
  if (!certification.valid_from || !certification.valid_until) {
    throw new KeurmerkError('not_issuable', 'A certification without a validity period has no credential.');
  }
  const data = await credentialSubjectData(trx, certification.id);
  const slot = await freeStatusSlot(trx);
  const key = context.keys.current();
  const website =
    data.website ??
    (data.primaryDomain
      ? `https://${data.primaryDomain}`
      : `${context.publicUrl}/verify/${certification.public_id}`);
  const credential = buildOpenBadgeCredential({
    credentialId: randomUUID(),
    organisation: { name: data.organisationName, website },
    scheme: {
      slug: data.schemeSlug,
      version: data.schemeVersion.version,
      name: data.schemeName.en,
      description: data.schemeDescription.en,
      owner: { slug: data.ownerSlug, name: data.ownerName },
    },
    criteriaMet: data.criteriaMet.map((c) => ({ code: c.code, title: c.title.en })),
    validFrom: certification.valid_from,
    validUntil: certification.valid_until,
    statusList: { url: `${context.publicUrl}/status/${slot.list}`, index: slot.index },
    publicUrl: context.publicUrl,
  });
  const jwt = await signCredential(credential, key);
  return trx
    .insertInto('credential')
    .values({
      id: credential.id,
      certification_id: certification.id,
      scheme_version_id: data.schemeVersion.id,
      jwt,
      kid: key.kid,
      status_list: slot.list,
      status_index: slot.index,
      valid_from: credential.validFrom,
      valid_until: credential.validUntil,
      issued_at: now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/**
 * Keeps credentials in step with the lifecycle, inside the transition's transaction: a new
 * validity period, a grace period or a reinstatement (also after an objection) issues a new
 * credential (new id, new status index); a
 * suspension or revocation sets the status-list bit of the live one.
 */
export function credentialHook(context: IssuerContext): ChangeHook {
  return async (trx, change) => {
    const { action, after, now } = change;
    if (
      action === 'grant' ||
      action === 'renew' ||
      action === 'reinstate' ||
      action === 'reinstate_after_objection' ||
      // The grace period moved valid_until: the new credential is valid to its end.
      action === 'grace'
    ) {
      await supersedeCredentials(trx, after.id, now);
      await issueCredential(trx, after, context, now);
    } else if (action === 'suspend' || action === 'revoke') {
      await revokeCredentials(trx, after.id, now);
    }
  };
}
