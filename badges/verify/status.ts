import type { VerificationCheck } from './checks.ts';
import { verifyRegistryJws, type VerifyJwsOptions } from './jws-verify.ts';
import { decodeStatusList, isBitSet, STATUS_LIST_SIZE } from '../credentials/status-list.ts';

/** Returns the signed status list credential (compact JWT) published at `url`, or null. */
export type StatusListSource = (url: string) => Promise<string | null>;

export interface StatusCheckOptions extends VerifyJwsOptions {
  statusList: StatusListSource;
}

export interface StatusCheck {
  check: VerificationCheck;
  /** Set only when the list was read: whether the credential's bit is set. */
  bitSet?: boolean;
}

interface VerifiedList {
  bits: Uint8Array;
  publishedAt: string;
}

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

// Verifying and inflating a list costs more than a credential check; the server hands out the
// same JWT string until a certification changes, so a few entries cover every list in use.
const MAX_CACHED_LISTS = 16;
const verifiedLists = new Map<string, VerifiedList>();

function remember(cacheKey: string, list: VerifiedList): void {
  if (verifiedLists.size >= MAX_CACHED_LISTS)
    verifiedLists.delete(verifiedLists.keys().next().value as string);
  verifiedLists.set(cacheKey, list);
}

/**
 * Verifies a Bitstring Status List credential of ours: signed by a registry key, published at
 * `url`, purpose revocation, at least 131,072 entries. Returns the bits or a reason.
 */
export async function verifyStatusListJwt(
  jwt: string,
  url: string,
  options: VerifyJwsOptions,
): Promise<VerifiedList | string> {
  const cacheKey = `${options.publicUrl}\n${url}\n${jwt}`;
  const cached = verifiedLists.get(cacheKey);
  if (cached) return cached;
  const jws = await verifyRegistryJws(jwt, options);
  const failed = jws.checks.find((check) => !check.ok);
  if (failed || !jws.payload) return `The status list ${url} fails its ${failed?.name ?? 'format'} check.`;
  const vc = jws.payload;
  const subject = vc['credentialSubject'];
  const types = vc['type'];
  if (!Array.isArray(types) || !types.includes('BitstringStatusListCredential') || !isObject(subject)) {
    return `${url} is not a Bitstring Status List credential.`;
  }
  if (vc['id'] !== url) return `The status list says it is ${String(vc['id'])}, not ${url}.`;
  if (subject['statusPurpose'] !== 'revocation') return `The status list ${url} is not for revocation.`;
  let bits: Uint8Array;
  try {
    bits = decodeStatusList(subject['encodedList'] as string);
  } catch {
    return `The status list ${url} cannot be decoded.`;
  }
  if (bits.length * 8 < STATUS_LIST_SIZE)
    return `The status list ${url} is shorter than ${STATUS_LIST_SIZE} entries.`;
  const list = { bits, publishedAt: typeof vc['validFrom'] === 'string' ? vc['validFrom'] : 'unknown' };
  remember(cacheKey, list);
  return list;
}

/**
 * The `status_list` check of a verified credential: its single `credentialStatus` entry must point
 * into a status list of this registry, which is obtained from `options.statusList` (never from the
 * URL in the token unless the source decides so), verified, and read at the credential's index.
 */
export async function checkCredentialStatus(
  payload: Json,
  options: StatusCheckOptions,
): Promise<StatusCheck> {
  const fail = (detail: string): StatusCheck => ({ check: { name: 'status_list', ok: false, detail } });
  const entry = payload['credentialStatus'];
  if (!isObject(entry)) return fail('The credential has no single credentialStatus entry.');
  const url = entry['statusListCredential'];
  const rawIndex = entry['statusListIndex'];
  const publicUrl = options.publicUrl.replace(/\/+$/, '');
  if (entry['type'] !== 'BitstringStatusListEntry' || entry['statusPurpose'] !== 'revocation') {
    return fail('The credentialStatus entry is not a revocation BitstringStatusListEntry.');
  }
  const listPath = typeof url === 'string' && url.startsWith(publicUrl) ? url.slice(publicUrl.length) : '';
  if (typeof url !== 'string' || !/^\/status\/[1-9]\d{0,5}$/.test(listPath)) {
    return fail('The credential points at a status list that is not one of this registry.');
  }
  if (typeof rawIndex !== 'string' || !/^(0|[1-9]\d{0,9})$/.test(rawIndex)) {
    return fail('The statusListIndex is not a whole number.');
  }
  const jwt = await options.statusList(url);
  if (jwt === null)
    return fail(`The status list ${url} is not available, so revocation cannot be ruled out.`);
  const list = await verifyStatusListJwt(jwt, url, options);
  if (typeof list === 'string') return fail(list);
  const index = Number(rawIndex);
  if (index >= list.bits.length * 8) return fail(`Index ${index} is outside the status list ${url}.`);
  if (isBitSet(list.bits, index)) {
    return {
      check: {
        name: 'status_list',
        ok: false,
        detail: `Bit ${index} of ${url} is set: the registry has withdrawn this credential (revoked, or its certification suspended).`,
      },
      bitSet: true,
    };
  }
  return {
    check: {
      name: 'status_list',
      ok: true,
      detail: `Not revoked: bit ${index} of ${url} is clear (list published ${list.publishedAt}).`,
    },
    bitSet: false,
  };
}
