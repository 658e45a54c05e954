import { LANGUAGES, LOCALES, type Lang } from './languages.ts';
import { common } from './strings/common.ts';
import { search } from './strings/search.ts';
import { organisation } from './strings/organisation.ts';
import { report } from './strings/report.ts';
import { pages } from './strings/pages.ts';
import { member } from './strings/member.ts';
import { memberDomains } from './strings/member-domains.ts';
import { transparency } from './strings/transparency.ts';
import { workflow } from './strings/workflow.ts';
import { portal } from './strings/portal.ts';
import { apply } from './strings/apply.ts';
import { objection } from './strings/objection.ts';
import type { LocalisedText } from '../../db/schema/common.ts';
import { formatRegistryDate } from '../../db/values/registry-date.ts';
import { hasKey, lookup } from './lookup.ts';

export { LANGUAGES, LOCALES, LANGUAGE_NAMES, type Lang } from './languages.ts';

const strings = {
  ...common,
  ...search,
  ...organisation,
  ...report,
  ...pages,
  ...member,
  ...memberDomains,
  ...transparency,
  ...workflow,
  ...portal,
  ...apply,
  ...objection,
};

export type StringKey = keyof typeof strings;

/** The text for `key` in `lang`, with `{name}` placeholders filled in. */
export function t(lang: Lang, key: StringKey, values: Record<string, string | number> = {}): string {
  return lookup(strings, lang, key, values);
}

/** Whether a dynamic key (e.g. `status.${status}`) exists; lets pages build keys from data safely. */
export function isStringKey(key: string): key is StringKey {
  return hasKey(strings, key);
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

// Built once per language: constructing an Intl formatter costs far more than using it.
const numberFormats = new Map<Lang, Intl.NumberFormat>();

export function formatNumber(lang: Lang, n: number): string {
  let format = numberFormats.get(lang);
  if (!format) numberFormats.set(lang, (format = new Intl.NumberFormat(LOCALES[lang])));
  return format.format(n);
}

/** A date as people in `lang` write it (long form, with the time when asked), in the registry's time zone. */
export function formatDate(lang: Lang, date: Date, withTime = false): string {
  return formatRegistryDate(LOCALES[lang], date, withTime ? 'long-time' : 'long');
}
