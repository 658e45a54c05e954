import { randomInt } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';
import { KeurmerkError } from '../../db/errors.ts';
import {
  CREDENTIALS_V2_CONTEXT,
  isoSeconds,
  signJwtPayload,
  wholeSeconds,
  type IssuerProfile,
} from './credential.ts';
import type { SigningKey } from './signing-key.ts';

/** Entries per list: the Bitstring Status List minimum (16 KiB), which gives herd privacy. */
export const STATUS_LIST_SIZE = 131_072;

/** Largest list we agree to inflate: guards against a gzip bomb in a third party's list. */
const MAX_DECODED_BYTES = 16 * 1024 * 1024;
const RANDOM_ATTEMPTS = 64;

/** Error codes `status_list_full` (no free index: 503) and `status_list_invalid` (undecodable list: 422). */
export class StatusListError extends KeurmerkError {
  constructor(code: 'status_list_full' | 'status_list_invalid', message: string) {
    super(code, message);
    this.name = 'StatusListError';
  }
}

function checkSize(size: number): void {
  if (!Number.isSafeInteger(size) || size < 8 || size % 8 !== 0) {
    throw new RangeError(`Status list size must be a positive multiple of 8, got ${size}.`);
  }
}

/**
 * The `encodedList` of a status list: `u` + base64url (no padding) of the GZIP of the bitstring,
 * where index 0 is the most significant bit of byte 0.
 */
export function encodeStatusList(setIndexes: Iterable<number>, size: number = STATUS_LIST_SIZE): string {
  checkSize(size);
  const bits = new Uint8Array(size / 8);
  for (const index of setIndexes) {
    if (!Number.isSafeInteger(index) || index < 0 || index >= size) {
      throw new RangeError(`Status list index ${index} is outside 0..${size - 1}.`);
    }
    bits[index >> 3]! |= 0x80 >> (index & 7);
  }
  return `u${gzipSync(bits).toString('base64url')}`;
}

/** The raw bitstring of an `encodedList`; throws `status_list_invalid` for anything malformed. */
export function decodeStatusList(encoded: string): Uint8Array {
  if (typeof encoded !== 'string' || !/^u[A-Za-z0-9_-]+$/.test(encoded)) {
    throw new StatusListError('status_list_invalid', 'encodedList is not multibase base64url ("u…").');
  }
  try {
    const bytes = gunzipSync(Buffer.from(encoded.slice(1), 'base64url'), {
      maxOutputLength: MAX_DECODED_BYTES,
    });
    return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  } catch {
    throw new StatusListError('status_list_invalid', 'encodedList is not a GZIP-compressed bitstring.');
  }
}

/** Whether the bit at `index` is set (most significant bit first). */
export function isBitSet(bits: Uint8Array, index: number): boolean {
  if (!Number.isSafeInteger(index) || index < 0 || index >= bits.length * 8) {
    throw new RangeError(`Status list index ${index} is outside 0..${bits.length * 8 - 1}.`);
  }
  return (bits[index >> 3]! & (0x80 >> (index & 7))) !== 0;
}

/**
 * A random index not yet `taken`. Random draws first (so indexes say nothing about issue order);
 * after a bounded number of misses, a scan from a random start finds any free index left, so
 * `status_list_full` means the list is really full. `random(n)` returns an integer in [0, n).
 */
export function pickRandomIndex(
  taken: (index: number) => boolean,
  random: (n: number) => number = randomInt,
  size: number = STATUS_LIST_SIZE,
): number {
  checkSize(size);
  for (let attempt = 0; attempt < RANDOM_ATTEMPTS; attempt++) {
    const index = random(size);
    if (!taken(index)) return index;
  }
  const start = random(size);
  for (let offset = 0; offset < size; offset++) {
    const index = (start + offset) % size;
    if (!taken(index)) return index;
  }
  throw new StatusListError('status_list_full', 'The status list has no free index left.');
}

export interface StatusListCredential {
  '@context': [typeof CREDENTIALS_V2_CONTEXT];
  id: string;
  type: ['VerifiableCredential', 'BitstringStatusListCredential'];
  issuer: IssuerProfile | string;
  validFrom: string;
  credentialSubject: {
    id: string;
    type: 'BitstringStatusList';
    statusPurpose: 'revocation';
    encodedList: string;
    /** Milliseconds a verifier may cache the list (Bitstring Status List `ttl`). */
    ttl?: number;
  };
}

/** The `BitstringStatusListCredential` of list `listNumber`, published at `${publicUrl}/status/${n}`. */
export function buildStatusListCredential(input: {
  publicUrl: string;
  listNumber: number;
  encodedList: string;
  issuer: IssuerProfile | string;
  /** When this version of the list was published (the injected clock). */
  validFrom: Date;
  ttlSeconds?: number;
}): StatusListCredential {
  if (!Number.isSafeInteger(input.listNumber) || input.listNumber < 1) {
    throw new RangeError(`Status list number must be a positive integer, got ${input.listNumber}.`);
  }
  const id = `${input.publicUrl.replace(/\/+$/, '')}/status/${input.listNumber}`;
  const subject: StatusListCredential['credentialSubject'] = {
    id: `${id}#list`,
    type: 'BitstringStatusList',
    statusPurpose: 'revocation',
    encodedList: input.encodedList,
  };
  if (input.ttlSeconds !== undefined) {
    if (!Number.isSafeInteger(input.ttlSeconds) || input.ttlSeconds < 0) {
      throw new RangeError(`ttlSeconds must be a non-negative integer, got ${input.ttlSeconds}.`);
    }
    subject.ttl = input.ttlSeconds * 1000;
  }
  return {
    '@context': [CREDENTIALS_V2_CONTEXT],
    id,
    type: ['VerifiableCredential', 'BitstringStatusListCredential'],
    issuer: input.issuer,
    validFrom: isoSeconds(input.validFrom),
    credentialSubject: subject,
  };
}

/** VC-JWT of a status list credential: header `{alg, kid, typ}`, claims `iss jti nbf iat`. */
export function signStatusListCredential(vc: StatusListCredential, key: SigningKey): Promise<string> {
  const issuedAt = wholeSeconds('validFrom', vc.validFrom);
  const iss = typeof vc.issuer === 'string' ? vc.issuer : vc.issuer.id;
  return signJwtPayload({ ...vc, iss, jti: vc.id, nbf: issuedAt, iat: issuedAt }, key);
}
