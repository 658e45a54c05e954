import type { MailTemplate } from '../template.ts';
import { expiryReminder } from './expiry-reminder.ts';

/** Every message the registry sends, by name; one file per template beside this one. */
export const mailTemplates: Record<string, MailTemplate> = {
  [expiryReminder.name]: expiryReminder,
};
