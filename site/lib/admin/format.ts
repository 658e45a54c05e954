import type { AdminLang } from '../../i18n/strings/admin.ts';

const LOCALE: Record<AdminLang, string> = { nl: 'nl-NL', en: 'en-GB' };

/** Date and time in Amsterdam time, as staff read it. */
export function dateTime(lang: AdminLang, value: Date | string | null): string {
  if (!value) return '–';
  return new Intl.DateTimeFormat(LOCALE[lang], {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone: 'Europe/Amsterdam',
  }).format(new Date(value));
}

export function date(lang: AdminLang, value: Date | string | null): string {
  if (!value) return '–';
  return new Intl.DateTimeFormat(LOCALE[lang], { dateStyle: 'medium', timeZone: 'Europe/Amsterdam' }).format(
    new Date(value),
  );
}

/** A path back to a local page only: `next` from a query string must not send anyone elsewhere. */
export function safeNext(next: string | null): string {
  return next && /^\/admin(\/[\w\-./?=&%]*)?$/.test(next) && !next.startsWith('//') ? next : '/admin';
}
