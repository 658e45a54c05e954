import type { MailParams } from '../../db/schema/mail-message.table.ts';
import type { Language } from '../../db/vocabulary.ts';

const MARKERS: Readonly<Record<Language, string>> = {
  nl: '[achtergehouden]',
  en: '[withheld]',
  fr: '[masqué]',
};
const ALL = new Set(Object.values(MARKERS));

/**
 * The secrets an admin's preview renders with: every name answers the "withheld" marker, so a
 * sign-in or invitation link is never shown, whatever the template asks for and even after the
 * secrets were cleared on sending.
 */
export function withheldSecrets(language: Language): MailParams {
  return new Proxy({} as MailParams, {
    get: (_target, name) => (typeof name === 'string' ? MARKERS[language] : undefined),
    has: () => true,
  });
}

/** Whether a value is the withheld marker (the layout shows it as text, not as a link). */
export function isWithheld(value: string): boolean {
  return ALL.has(value);
}
