import type { MailParams } from '../../../db/schema/mail-message.table.ts';
import type { Language } from '../../../db/vocabulary.ts';
import type { MailContext, RenderedMail } from '../template.ts';

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

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

const SIGNATURE: Readonly<Record<Language, (host: string) => string>> = {
  nl: (host) =>
    `Dit bericht komt van het Keurmerk-register op ${host}. Antwoorden op dit bericht worden niet gelezen.`,
  en: (host) => `This message comes from the Keurmerk registry at ${host}. Replies to it are not read.`,
  fr: (host) =>
    `Ce message vient du registre Keurmerk sur ${host}. Les réponses à ce message ne sont pas lues.`,
};

/**
 * A member message in text and HTML from the same paragraphs: one optional button-like link, no
 * images, no tracking. Every value is escaped in the HTML.
 */
export function memberMail(
  context: MailContext,
  subject: string,
  paragraphs: readonly string[],
  action?: { label: string; url: string; after?: string },
): RenderedMail {
  const signature = SIGNATURE[context.language](context.registryHost);
  const text = [
    ...paragraphs,
    ...(action ? [`${action.label}:\n${action.url}`, ...(action.after ? [action.after] : [])] : []),
    '-- ',
    signature,
  ].join('\n\n');
  const html = `<!doctype html><html lang="${context.language}"><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head><body>${paragraphs
    .map((p) => `<p>${escapeHtml(p)}</p>`)
    .join('')}${
    action
      ? `<p><a href="${escapeHtml(action.url)}">${escapeHtml(action.label)}</a></p><p>${escapeHtml(action.url)}</p>${action.after ? `<p>${escapeHtml(action.after)}</p>` : ''}`
      : ''
  }<hr><p><small>${escapeHtml(signature)}</small></p></body></html>`;
  return { subject, text, html };
}
