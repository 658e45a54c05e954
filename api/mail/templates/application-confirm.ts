import type { MailTemplate } from '../template.ts';
import { memberMail, param } from './member-mail.ts';

/** Confirms an applicant's address (24 hours); the link itself is a secret parameter. */
export const applicationConfirm: MailTemplate = {
  name: 'application_confirm',
  render(params, secrets, context) {
    const name = param(params, 'name');
    const org = param(params, 'organisation');
    const scheme = param(params, 'scheme');
    const url = param(secrets, 'link');
    const host = context.registryHost;
    switch (context.language) {
      case 'nl':
        return memberMail(
          context,
          `Bevestig de aanvraag van ${org}`,
          [
            `Beste ${name},`,
            `U vroeg op ${host} certificering aan voor ${org} (${scheme}). Bevestig uw e-mailadres om verder te gaan.`,
          ],
          {
            label: 'Aanvraag bevestigen',
            url,
            after:
              'De link werkt 24 uur en één keer. Vroeg u niets aan? Dan kunt u dit bericht negeren; er gebeurt niets.',
          },
        );
      case 'en':
        return memberMail(
          context,
          `Confirm the application of ${org}`,
          [
            `Dear ${name},`,
            `You applied at ${host} for certification of ${org} (${scheme}). Confirm your e-mail address to go on.`,
          ],
          {
            label: 'Confirm the application',
            url,
            after:
              'The link works once, for 24 hours. If you did not apply, you can ignore this message; nothing happens.',
          },
        );
      case 'fr':
        return memberMail(
          context,
          `Confirmez la demande de ${org}`,
          [
            `Bonjour ${name},`,
            `Vous avez demandé sur ${host} la certification de ${org} (${scheme}). Confirmez votre adresse électronique pour continuer.`,
          ],
          {
            label: 'Confirmer la demande',
            url,
            after:
              "Le lien fonctionne une fois, pendant 24 heures. Si vous n'avez rien demandé, ignorez ce message ; rien ne se passe.",
          },
        );
    }
  },
};
