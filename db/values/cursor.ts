import { ValidationError } from '../errors.ts';
import { unstorableText } from './storable-text.ts';

/**
 * Opaque keyset cursors: base64url JSON of the last row's sort key. A cursor comes back from the
 * client, so it is decoded against the exact shape its query binds (a PostgreSQL int4, a
 * timestamp, text without NUL): a value the database would refuse is a 400 here, never a 500 there.
 */

/** One element of a cursor: a guard from the decoded JSON value to what the query binds. */
export interface CursorPart<T> {
  /** The bound value, or undefined when `value` is not of this part's shape. */
  readonly parse: (value: unknown) => T | undefined;
}

type Parsed<T extends readonly CursorPart<unknown>[]> = {
  [K in keyof T]: T[K] extends CursorPart<infer V> ? V : never;
};

const INT4_MAX = 2_147_483_647;
/** A cursor longer than this was not made by encodeCursor (300 characters of name, JSON-escaped). */
const MAX_CURSOR_LENGTH = 4_000;

const integerIn =
  (min: number, max: number): CursorPart<number>['parse'] =>
  (v) =>
    typeof v === 'number' && Number.isSafeInteger(v) && v >= min && v <= max ? v : undefined;

/** A non-negative `integer` (int4) id. */
export const int4Id: CursorPart<number> = { parse: integerIn(0, INT4_MAX) };

/** A non-negative `bigint` (int8) id, as far as JavaScript numbers hold it exactly. */
export const int8Id: CursorPart<number> = { parse: integerIn(0, Number.MAX_SAFE_INTEGER) };

/** One of a few small integers (a union branch marker). */
export function smallIntOf(...allowed: number[]): CursorPart<number> {
  return { parse: (v) => (typeof v === 'number' && allowed.includes(v) ? v : undefined) };
}

/** A `timestamptz` written by Date#toISOString, years 1–9999, that names a real instant. */
export const isoTimestamp: CursorPart<Date> = {
  parse(v) {
    if (typeof v !== 'string' || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/.test(v)) return undefined;
    const date = new Date(v);
    // The round trip refuses 2026-02-30 and 25:00, which Date would roll over.
    return !Number.isNaN(date.getTime()) && date.toISOString() === v && !v.startsWith('0000')
      ? date
      : undefined;
  },
};

/** Text PostgreSQL can bind (no NUL, no lone surrogate) of at most `max` characters. */
export function boundedText(max: number): CursorPart<string> {
  return {
    parse: (v) => (typeof v === 'string' && v.length <= max && !unstorableText(v) ? v : undefined),
  };
}

/** A finite `numeric` in plain or exponent notation (no NaN or Infinity, which numeric accepts). */
export const decimalText: CursorPart<string> = {
  parse: (v) =>
    typeof v === 'string' && /^-?\d{1,20}(\.\d{1,40})?(e[-+]?\d{1,3})?$/i.test(v) ? v : undefined,
};

/** Encodes the last row's sort key as a cursor. */
export function encodeCursor(key: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

/** Decodes a cursor made by encodeCursor against `shape`, element by element; a ValidationError otherwise. */
export function decodeCursor<const T extends readonly CursorPart<unknown>[]>(
  cursor: string,
  shape: T,
): Parsed<T> {
  let value: unknown = null;
  if (cursor.length <= MAX_CURSOR_LENGTH && /^[A-Za-z0-9_-]*$/.test(cursor)) {
    try {
      value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    } catch {
      value = null;
    }
  }
  const parsed =
    Array.isArray(value) && value.length === shape.length ? value.map((v, i) => shape[i]!.parse(v)) : null;
  if (!parsed || parsed.some((v) => v === undefined))
    throw new ValidationError('cursor', 'The cursor is not valid; start again from the first page.');
  return parsed as Parsed<T>;
}
