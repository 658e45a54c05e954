import type { MailTemplate } from '../template.ts';
import { memberMail, param } from './member-mail.ts';

/** To the new address: confirm the change (24 hours); the link itself is a secret parameter. */
export const memberEmailChange: MailTemplate = {
  name: 'member_email_change',
  render(params, secrets, context) {
    const name = param(params, 'name');
    const old = param(params, 'oldEmail');
    const url = param(secrets, 'link');
    const host = context.registryHost;
    switch (context.language) {
      case 'nl':
        return memberMail(
          context,
          `Bevestig uw nieuwe e-mailadres bij ${host}`,
          [`Beste ${name},`, `U wilt uw account bij ${host} verhuizen van ${old} naar dit adres.`],
          {
            label: 'Nieuw adres bevestigen',
            url,
            after: 'De link werkt 24 uur en één keer. Vroeg u er niet om? Dan verandert er niets.',
          },
        );
      case 'en':
        return memberMail(
          context,
          `Confirm your new e-mail address at ${host}`,
          [`Dear ${name},`, `You want to move your account at ${host} from ${old} to this address.`],
          {
            label: 'Confirm the new address',
            url,
            after: 'The link works once, for 24 hours. If you did not ask for it, nothing changes.',
          },
        );
      case 'fr':
        return memberMail(
          context,
          `Confirmez votre nouvelle adresse sur ${host}`,
          [`Bonjour ${name},`, `Vous voulez déplacer votre compte sur ${host} de ${old} vers cette adresse.`],
          {
            label: 'Confirmer la nouvelle adresse',
            url,
            after:
              "Le lien fonctionne une fois, pendant 24 heures. Si vous ne l'avez pas demandé, rien ne change.",
          },
        );
    }
  },
};
