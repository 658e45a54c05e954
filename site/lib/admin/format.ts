import type { AdminLang } from '../../i18n/strings/admin.ts';
import { LOCALES } from '../../i18n/languages.ts';
import { formatRegistryDate } from '../../../db/values/registry-date.ts';

/** Date and time in Amsterdam time, as staff read it. */
export function dateTime(lang: AdminLang, value: Date | string | null): string {
  return value ? formatRegistryDate(LOCALES[lang], new Date(value), 'medium-time') : '–';
}

/** A date in Amsterdam time, as staff read it. */
export function date(lang: AdminLang, value: Date | string | null): string {
  return value ? formatRegistryDate(LOCALES[lang], new Date(value), 'medium') : '–';
}

/** A path back to a local page only: `next` from a query string must not send anyone elsewhere. */
export function safeNext(next: string | null): string {
  return next && /^\/admin(\/[\w\-./?=&%]*)?$/.test(next) && !next.startsWith('//') ? next : '/admin';
}
