import type { Lang } from '../i18n/languages.ts';

/**
 * The language of a page from its optional `[...lang]` prefix: none is Dutch (the default has no
 * prefix), `en` and `fr` are themselves; anything else (including `/nl/...`) is not a page of ours.
 */
export function pageLang(param: string | undefined): Lang | null {
  if (param === undefined || param === '') return 'nl';
  return param === 'en' || param === 'fr' ? param : null;
}

/** The language of any path on the site, for pages that have no `[...lang]` param (errors): Dutch unless it is /en or /fr. */
export function pathLang(pathname: string): Lang {
  return pageLang(pathname.split('/')[1]) ?? 'nl';
}
