import type { MailParams } from '../../../db/schema/mail-message.table.ts';
import type { Language } from '../../../db/vocabulary.ts';
import { renderMail, type MailBlock } from '../layout.ts';
import type { MailContext, RenderedMail } from '../template.ts';

/** A parameter as text; a missing one shows as nothing rather than "undefined". */
export const param = (params: MailParams, name: string): string => {
  const value = params[name];
  return value === null || value === undefined ? '' : String(value);
};

export const ROLE_NAMES: Readonly<Record<Language, Record<string, string>>> = {
  nl: { owner: 'eigenaar', editor: 'redacteur' },
  en: { owner: 'owner', editor: 'editor' },
  fr: { owner: 'propriétaire', editor: 'rédacteur' },
};

const REASON: Readonly<Record<Language, string>> = {
  nl: 'U ontvangt dit bericht omdat dit adres in het ledenportaal van het register is opgegeven.',
  en: "You receive this message because this address was given in the registry's member portal.",
  fr: 'Vous recevez ce message parce que cette adresse a été indiquée dans le portail des membres du registre.',
};

/**
 * A member message through the registry's one mail layout (api/mail/layout.ts): the first
 * paragraph is the greeting, then the paragraphs, the one link (a secret, withheld in the admin's
 * preview) and what to know about it.
 */
export function memberMail(
  context: MailContext,
  subject: string,
  paragraphs: readonly [string, ...string[]],
  action?: { label: string; url: string; after?: string },
): RenderedMail {
  const [greeting, ...rest] = paragraphs;
  const blocks: MailBlock[] = rest.map((text) => ({ kind: 'paragraph', text }));
  if (action) {
    blocks.push({ kind: 'link', label: action.label, url: action.url });
    if (action.after) blocks.push({ kind: 'paragraph', text: action.after });
  }
  return renderMail({ subject, greeting, blocks, reason: REASON[context.language] }, context);
}
