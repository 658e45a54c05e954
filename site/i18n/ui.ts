import { LANGUAGES, LOCALES, type Lang } from './languages.ts';
import { common } from './strings/common.ts';
import { search } from './strings/search.ts';
import { organisation } from './strings/organisation.ts';
import { report } from './strings/report.ts';
import { pages } from './strings/pages.ts';
import type { LocalisedText } from '../../db/schema/common.ts';

export { LANGUAGES, LOCALES, LANGUAGE_NAMES, type Lang } from './languages.ts';

const strings = { ...common, ...search, ...organisation, ...report, ...pages };

export type StringKey = keyof typeof strings;

/** The text for `key` in `lang`, with `{name}` placeholders filled in. */
export function t(lang: Lang, key: StringKey, values: Record<string, string | number> = {}): string {
  const template: string = strings[key][lang];
  return template.replace(/\{(\w+)\}/g, (_, name: string) => String(values[name] ?? `{${name}}`));
}

/** Whether a dynamic key (e.g. `status.${status}`) exists; lets pages build keys from data safely. */
export function isStringKey(key: string): key is StringKey {
  return Object.hasOwn(strings, key);
}

/** Scheme texts are data: French falls back to English only where the scheme has no French text. */
export function localised(lang: Lang, text: LocalisedText): string {
  return text[lang] ?? text.en;
}

/** The language of localised data text, for `lang` attributes when it fell back. */
export function localisedLang(lang: Lang, text: LocalisedText): Lang {
  return text[lang] !== undefined ? lang : 'en';
}

export function isLang(value: string | undefined): value is Lang {
  return (LANGUAGES as readonly string[]).includes(value ?? '');
}

/** Path of the same page in another language (nl has no prefix). */
export function localisedPath(pathname: string, target: Lang): string {
  const rest = pathname.replace(/^\/(en|fr)(?=\/|$)/, '') || '/';
  return target === 'nl' ? rest : `/${target}${rest === '/' ? '/' : rest}`;
}

// Formatters are built once per language: constructing an Intl formatter costs far more than using it
// (it was a tenth of an organisation page's server time).
const numberFormats = new Map<Lang, Intl.NumberFormat>();
const dateFormats = new Map<Lang, Intl.DateTimeFormat>();

export function formatNumber(lang: Lang, n: number): string {
  let format = numberFormats.get(lang);
  if (!format) numberFormats.set(lang, (format = new Intl.NumberFormat(LOCALES[lang])));
  return format.format(n);
}

export function formatDate(lang: Lang, date: Date): string {
  let format = dateFormats.get(lang);
  if (!format) {
    format = new Intl.DateTimeFormat(LOCALES[lang], { dateStyle: 'long', timeZone: 'Europe/Amsterdam' });
    dateFormats.set(lang, format);
  }
  return format.format(date);
}
