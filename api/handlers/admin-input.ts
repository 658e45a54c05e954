import { ValidationError } from '../../db/errors.ts';
import { unstorableText } from '../../db/values/storable-text.ts';
import { parseDateInput } from '../../db/values/date-input.ts';
import type { Input } from '../admin/perform.ts';

/**
 * Guards that turn unvalidated admin input (JSON, form fields, query and path parameters) into
 * typed values, or a ValidationError naming the field: bad input is a 400, never a 500.
 */

export function text(input: Input, field: string, max = 300): string {
  const value = input[field];
  const trimmed = typeof value === 'string' ? value.normalize('NFC').trim() : '';
  if (!trimmed) throw new ValidationError(field, `${field} is required.`);
  if (trimmed.length > max) throw new ValidationError(field, `${field} is longer than ${max} characters.`);
  if (unstorableText(trimmed)) throw notText(field);
  return trimmed;
}

function notText(field: string): ValidationError {
  return new ValidationError(field, `${field} contains a NUL character or an unpaired surrogate.`);
}

export function optionalText(input: Input, field: string, max = 300): string | null {
  const value = input[field];
  if (value === undefined || value === null || (typeof value === 'string' && value.trim() === ''))
    return null;
  return text(input, field, max);
}

/** A mandatory reason for a change of state: 1 to 2000 characters. */
export function reason(input: Input): string {
  return text(input, 'reason', 2000);
}

export function oneOf<T extends string>(input: Input, field: string, values: readonly T[]): T {
  const value = input[field];
  if (typeof value !== 'string' || !(values as readonly string[]).includes(value))
    throw new ValidationError(field, `${field} must be one of ${values.join(', ')}.`);
  return value as T;
}

export function optionalOneOf<T extends string>(input: Input, field: string, values: readonly T[]): T | null {
  const value = input[field];
  if (value === undefined || value === null || value === '') return null;
  return oneOf(input, field, values);
}

/** true/false from JSON, or "true"/"on"/"1" and "false"/"0" from forms and queries. */
export function flag(input: Input, field: string): boolean | null {
  const value = input[field];
  if (value === undefined || value === null || value === '') return null;
  if (value === true || value === 'true' || value === 'on' || value === '1') return true;
  if (value === false || value === 'false' || value === '0') return false;
  throw new ValidationError(field, `${field} must be true or false.`);
}

export function positiveInt(input: Input, field: string): number {
  const value = input[field];
  const n =
    typeof value === 'number'
      ? value
      : typeof value === 'string' && /^\d{1,9}$/.test(value)
        ? Number(value)
        : NaN;
  if (!Number.isSafeInteger(n) || n < 1)
    throw new ValidationError(field, `${field} must be a positive whole number.`);
  return n;
}

export function limit(input: Input, fallback = 50, max = 200): number {
  if (input['limit'] === undefined || input['limit'] === '') return fallback;
  const n = positiveInt(input, 'limit');
  if (n > max) throw new ValidationError('limit', `limit must be at most ${max}.`);
  return n;
}

export function optionalCursor(input: Input): string | null {
  const value = optionalText(input, 'cursor', 300);
  if (value !== null && !/^[A-Za-z0-9_-]+$/.test(value))
    throw new ValidationError('cursor', 'The cursor is not valid; start again from the first page.');
  return value;
}

/** A list of strings: a JSON array, or one string with an item per line (a form's textarea). */
export function stringList(input: Input, field: string, maxItems = 50, maxLength = 300): string[] {
  const value = input[field];
  if (value === undefined || value === null || value === '') return [];
  const items = Array.isArray(value) ? value : typeof value === 'string' ? value.split(/\r?\n/) : null;
  if (!items || !items.every((i) => typeof i === 'string'))
    throw new ValidationError(field, `${field} must be a list of texts.`);
  const cleaned = (items as string[]).map((i) => i.trim()).filter((i) => i.length > 0);
  if (cleaned.length > maxItems)
    throw new ValidationError(field, `${field} has more than ${maxItems} items.`);
  if (cleaned.some((i) => i.length > maxLength))
    throw new ValidationError(field, `An item of ${field} is longer than ${maxLength} characters.`);
  if (cleaned.some(unstorableText)) throw notText(field);
  return cleaned;
}

/** A real date or date-time (db/values/date-input.ts: 2027-02-30 is refused, not 2 March); null when absent. */
export function optionalDate(input: Input, field: string): Date | null {
  const value = optionalText(input, field, 40);
  if (value === null) return null;
  const date = parseDateInput(value);
  if (!date)
    throw new ValidationError(
      field,
      `${field} must be a real date (YYYY-MM-DD) or date-time with a time zone.`,
    );
  return date;
}

/** An input value as an audit target: text and numbers only (String() of a deeply nested array overflows the stack). */
export function targetText(value: unknown): string {
  return typeof value === 'string' || typeof value === 'number' ? String(value) : '';
}

/** The input as a plain object: arrays and primitives are refused (a JSON body must be an object). */
export function asInput(value: unknown): Input {
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    throw new ValidationError('body', 'The request body must be a JSON object.');
  return value as Input;
}
