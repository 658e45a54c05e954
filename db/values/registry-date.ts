/** The registry is Dutch/Belgian: a date is the one on the wall clock in Amsterdam and Brussels. */
export const REGISTRY_TIME_ZONE = 'Europe/Amsterdam';

/** How a date is written: badges in short form, pages in long form, the admin area in medium form. */
export type DateStyle = 'short' | 'long' | 'long-time' | 'medium' | 'medium-time';

const OPTIONS: Readonly<Record<DateStyle, Intl.DateTimeFormatOptions>> = {
  // "31 dec 2026": fits a badge and cannot be read as a US date.
  short: { day: 'numeric', month: 'short', year: 'numeric' },
  long: { dateStyle: 'long' },
  'long-time': { dateStyle: 'long', timeStyle: 'short' },
  medium: { dateStyle: 'medium' },
  'medium-time': { dateStyle: 'medium', timeStyle: 'short' },
};

// Built once per locale and style: constructing an Intl formatter costs far more than using it
// (it was a tenth of an organisation page's server time).
const formats = new Map<string, Intl.DateTimeFormat>();

/**
 * A date in the registry's time zone as people using `locale` (a BCP 47 tag) write it. The one
 * date formatter of badges, public pages and the admin area, so they never disagree on a day.
 */
export function formatRegistryDate(locale: string, date: Date, style: DateStyle): string {
  const id = `${locale} ${style}`;
  let format = formats.get(id);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, { ...OPTIONS[style], timeZone: REGISTRY_TIME_ZONE });
    formats.set(id, format);
  }
  return format.format(date);
}
