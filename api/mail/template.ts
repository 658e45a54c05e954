import type { MailParams } from '../../db/schema/mail-message.table.ts';
import type { Language } from '../../db/vocabulary.ts';

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

export interface MailContext {
  language: Language;
  /** The registry's host (from PUBLIC_URL), named in every message. */
  registryHost: string;
  publicUrl: string;
}

/**
 * One kind of message, in nl/en/fr, plain text and HTML, no tracking. `secrets` holds the values
 * of secret_params; when an admin views the outbox they are replaced by a "withheld" marker.
 */
export interface MailTemplate {
  name: string;
  render(params: MailParams, secrets: MailParams, context: MailContext): RenderedMail;
}
