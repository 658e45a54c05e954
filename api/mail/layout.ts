import type { Language } from '../../db/vocabulary.ts';
import { xmlSafe, xmlText } from '../../db/values/xml-text.ts';
import type { MailContext, RenderedMail } from './template.ts';
import { isWithheld } from './withheld.ts';

/** What a message says, as data: the layout alone turns it into text and HTML, escaping every value. */
export type MailBlock =
  | { kind: 'paragraph'; text: string }
  /** A link to a page of this registry (any other URL is refused: no redirects, no tracking). */
  | { kind: 'link'; label: string; url: string }
  | { kind: 'facts'; rows: ReadonlyArray<readonly [label: string, value: string]> };

export interface MailContent {
  subject: string;
  greeting: string;
  blocks: readonly MailBlock[];
  /** Why the reader receives this message (their membership, their request). */
  reason: string;
}

export const MAIL_LOCALES: Readonly<Record<Language, string>> = { nl: 'nl-NL', en: 'en-GB', fr: 'fr-BE' };

const FOOTER: Readonly<Record<Language, (host: string) => string>> = {
  nl: (host) =>
    `Dit bericht komt van het keurmerkregister op ${host}. Het bevat geen afbeeldingen en geen volglinks.`,
  en: (host) =>
    `This message comes from the certification registry at ${host}. It contains no images and no tracking links.`,
  fr: (host) =>
    `Ce message provient du registre des labels sur ${host}. Il ne contient ni images ni liens de suivi.`,
};

/** Refuses any link that is not a page of this registry: a message never points elsewhere. */
function ownLink(url: string, context: MailContext): string {
  const base = `${context.publicUrl}/`;
  if (!url.startsWith(base) || /[\s<>"]/.test(url)) {
    throw new Error(`a mail link must be a page of ${context.publicUrl}, got "${url.slice(0, 100)}"`);
  }
  return url;
}

function textBlock(block: MailBlock, context: MailContext): string {
  switch (block.kind) {
    case 'paragraph':
      return block.text;
    case 'link':
      return `${block.label}:\n${isWithheld(block.url) ? block.url : ownLink(block.url, context)}`;
    case 'facts':
      return block.rows.map(([label, value]) => `${label}: ${value}`).join('\n');
  }
}

function htmlBlock(block: MailBlock, context: MailContext): string {
  switch (block.kind) {
    case 'paragraph':
      return `<p>${xmlText(block.text)}</p>`;
    case 'link':
      // A withheld link (the admin's preview) is shown as the marker, not as an anchor.
      return isWithheld(block.url)
        ? `<p>${xmlText(block.label)}: <em>${xmlText(block.url)}</em></p>`
        : `<p><a href="${xmlText(ownLink(block.url, context))}">${xmlText(block.label)}</a></p>`;
    case 'facts':
      return `<table role="presentation">${block.rows
        .map(
          ([label, value]) =>
            `<tr><th scope="row" align="left">${xmlText(label)}</th><td>${xmlText(value)}</td></tr>`,
        )
        .join('')}</table>`;
  }
}

/**
 * The one layout of every message: plain text and HTML saying the same, in the recipient's
 * language, naming the registry's host at the foot. No remote images, no styles from elsewhere,
 * no links but to the registry's own pages.
 */
export function renderMail(content: MailContent, context: MailContext): RenderedMail {
  const footer = FOOTER[context.language](context.registryHost);
  // Header fields cannot hold line breaks; a subject made of parameters must not smuggle one in.
  const subject = xmlSafe(content.subject)
    .replace(/[\r\n]+/g, ' ')
    .trim();
  const text = [
    content.greeting,
    ...content.blocks.map((block) => textBlock(block, context)),
    '-- ',
    content.reason,
    footer,
  ].join('\n\n');
  const html = [
    '<!doctype html>',
    `<html lang="${context.language}">`,
    '<head><meta charset="utf-8">',
    `<title>${xmlText(subject)}</title></head>`,
    '<body style="font-family: sans-serif; line-height: 1.5; max-width: 40em">',
    `<p>${xmlText(content.greeting)}</p>`,
    ...content.blocks.map((block) => htmlBlock(block, context)),
    '<hr>',
    `<p><small>${xmlText(content.reason)}</small></p>`,
    `<p><small>${xmlText(footer)}</small></p>`,
    '</body></html>',
  ].join('\n');
  return { subject, text: `${text}\n`, html: `${html}\n` };
}
