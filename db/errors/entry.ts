/** The languages every public error message is written in (the site's languages). */
export const ERROR_LANGS = ['nl', 'en', 'fr'] as const;
export type ErrorLang = (typeof ERROR_LANGS)[number];

/**
 * One error of the catalogue: its HTTP status, the short English `title` of problem+json, and the
 * message shown to people in each language. Messages may name parameters as `{name}`; they are
 * filled from the error's details.
 */
export interface CatalogueEntry {
  readonly status: number;
  readonly title: string;
  readonly message: Readonly<Record<ErrorLang, string>>;
}

/** Shorthand for a catalogue entry, so each one reads as a single block. */
export function entry(status: number, title: string, nl: string, en: string, fr: string): CatalogueEntry {
  return { status, title, message: { nl, en, fr } };
}
