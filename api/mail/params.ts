import type { MailParams } from '../../db/schema/mail-message.table.ts';

// A template reads its parameters through these: a row written by an older version, or by hand,
// that lacks one fails to render with a message naming it, and the sender marks it failed.

export function stringParam(params: MailParams, name: string): string {
  const value = params[name];
  if (typeof value !== 'string') throw new Error(`mail parameter "${name}" is missing or not text`);
  return value;
}

export function numberParam(params: MailParams, name: string): number {
  const value = params[name];
  if (typeof value !== 'number' || !Number.isFinite(value))
    throw new Error(`mail parameter "${name}" is missing or not a number`);
  return value;
}

export function dateParam(params: MailParams, name: string): Date {
  const date = new Date(stringParam(params, name));
  if (Number.isNaN(date.getTime())) throw new Error(`mail parameter "${name}" is not a date`);
  return date;
}
