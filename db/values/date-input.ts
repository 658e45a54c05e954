/**
 * The one parser for dates people type (API bodies, forms, CSV columns, command-line flags).
 * `new Date('2027-02-30')` is 2 March and `Date.parse` agrees, so a typo silently moved a token's
 * expiry or a certification's start; here each field is checked against the calendar, and a
 * value that is not a real date or time is refused (null), never rolled over.
 */

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:\d{2}))?$/;

export interface DateInputOptions {
  /** Only YYYY-MM-DD (midnight UTC); without it a time with Z or an offset may follow. */
  dateOnly?: boolean;
  /** Inclusive bounds on the resulting UTC year; default 1–9999, what PostgreSQL and JSON agree on. */
  minYear?: number;
  maxYear?: number;
}

function daysIn(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/**
 * Parses `YYYY-MM-DD` or `YYYY-MM-DDTHH:MM[:SS[.fff]](Z|±HH:MM)` into a Date; null when the text
 * is not in that form or names no real moment (2027-02-30, 24:00, +14:60), or falls outside the
 * years allowed once the offset is applied (9999-12-31T23:59-12:00 is in year 10000).
 */
export function parseDateInput(text: string, options: DateInputOptions = {}): Date | null {
  const m = ISO.exec(text);
  if (!m || (options.dateOnly && m[4] !== undefined)) return null;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const [hour, minute, second] = [Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0)];
  if (month < 1 || month > 12 || day < 1 || day > daysIn(year, month)) return null;
  if (hour > 23 || minute > 59 || second > 59) return null;
  let offsetMinutes = 0;
  const zone = m[8];
  if (zone && zone !== 'Z') {
    const [oh, om] = [Number(zone.slice(1, 3)), Number(zone.slice(4, 6))];
    if (oh > 14 || om > 59) return null;
    offsetMinutes = (zone[0] === '-' ? -1 : 1) * (oh * 60 + om);
  }
  const millis = Number(((m[7] ?? '') + '000').slice(0, 3));
  const utc = new Date(0);
  // setUTCFullYear, not Date.UTC: Date.UTC maps years 0–99 to 1900–1999.
  utc.setUTCFullYear(year, month - 1, day);
  utc.setUTCHours(hour, minute - offsetMinutes, second, millis);
  const y = utc.getUTCFullYear();
  if (y < (options.minYear ?? 1) || y > (options.maxYear ?? 9999)) return null;
  return utc;
}
