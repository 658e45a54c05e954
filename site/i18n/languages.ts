import { LANGUAGES } from '../../db/vocabulary.ts';

export { LANGUAGES };
export type Lang = (typeof LANGUAGES)[number];
export const LOCALES: Record<Lang, string> = { nl: 'nl-NL', en: 'en-GB', fr: 'fr-BE' };
export const LANGUAGE_NAMES: Record<Lang, string> = { nl: 'Nederlands', en: 'English', fr: 'Français' };
