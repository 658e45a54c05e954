import type { MailMessage } from '../../db/schema/mail-message.table.ts';
import type { MailContext, MailTemplate, RenderedMail } from './template.ts';
import { mailTemplates } from './templates/index.ts';
import { withheldSecrets } from './withheld.ts';

/** A template by name; a name that is not registered (or is Object's own) is undefined. */
export function findTemplate(name: string): MailTemplate | undefined {
  return Object.hasOwn(mailTemplates, name) ? mailTemplates[name] : undefined;
}

export function mailContext(message: Pick<MailMessage, 'language'>, publicUrl: string): MailContext {
  return { language: message.language, registryHost: new URL(publicUrl).host, publicUrl };
}

/** The message as it leaves: rendered now, in the recipient's language, with its secrets. */
export function renderForSending(
  message: MailMessage,
  template: MailTemplate,
  publicUrl: string,
): RenderedMail {
  return template.render(message.params, message.secret_params ?? {}, mailContext(message, publicUrl));
}

/** The message as an admin sees it: every secret replaced by the "withheld" marker. */
export function renderPreview(message: MailMessage, publicUrl: string): RenderedMail | { error: string } {
  const template = findTemplate(message.template);
  if (!template) return { error: `unknown template "${message.template}"` };
  return previewWith(template, message, publicUrl);
}

/** {@link renderPreview} with the template given: what a new template's own tests call. */
export function previewWith(
  template: MailTemplate,
  message: Pick<MailMessage, 'params' | 'language'>,
  publicUrl: string,
): RenderedMail | { error: string } {
  try {
    return template.render(
      message.params,
      withheldSecrets(message.language),
      mailContext(message, publicUrl),
    );
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
}
