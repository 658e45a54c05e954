import type { MailTemplate } from '../template.ts';
import { memberMail, param } from './member-mail.ts';

/** To the old address, once a change is confirmed: so a takeover does not go unnoticed. */
export const memberEmailChanged: MailTemplate = {
  name: 'member_email_changed',
  render(params, _secrets, context) {
    const name = param(params, 'name');
    const next = param(params, 'newEmail');
    const host = context.registryHost;
    switch (context.language) {
      case 'nl':
        return memberMail(context, `Uw e-mailadres bij ${host} is gewijzigd`, [
          `Beste ${name},`,
          `Uw account bij ${host} gebruikt voortaan ${next}. Deed u dit niet zelf? Neem dan direct contact op met de vereniging.`,
        ]);
      case 'en':
        return memberMail(context, `Your e-mail address at ${host} has changed`, [
          `Dear ${name},`,
          `Your account at ${host} now uses ${next}. If you did not do this, contact the association at once.`,
        ]);
      case 'fr':
        return memberMail(context, `Votre adresse sur ${host} a changé`, [
          `Bonjour ${name},`,
          `Votre compte sur ${host} utilise désormais ${next}. Si ce n'est pas vous, contactez immédiatement l'association.`,
        ]);
    }
  },
};
