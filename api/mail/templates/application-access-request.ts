import type { MailTemplate } from '../template.ts';
import { memberMail, param } from './member-mail.ts';

/** Tells an owner that someone applied for their organisation and waits for access. */
export const applicationAccessRequest: MailTemplate = {
  name: 'application_access_request',
  render(params, _secrets, context) {
    const name = param(params, 'name');
    const who = `${param(params, 'applicant')} (${param(params, 'applicantEmail')})`;
    const org = param(params, 'organisation');
    const url = param(params, 'link');
    switch (context.language) {
      case 'nl':
        return memberMail(
          context,
          `Verzoek om toegang tot ${org}`,
          [
            `Beste ${name},`,
            `${who} vroeg certificering aan voor ${org} en wil daarvoor toegang tot uw organisatie in het register. Zonder uw akkoord krijgt deze persoon geen toegang.`,
          ],
          { label: 'Verzoek bekijken', url, after: 'Kent u deze persoon niet? Wijs het verzoek dan af.' },
        );
      case 'en':
        return memberMail(
          context,
          `Request for access to ${org}`,
          [
            `Dear ${name},`,
            `${who} applied for certification of ${org} and asks for access to your organisation in the registry. Without your approval this person gets no access.`,
          ],
          { label: 'See the request', url, after: 'If you do not know this person, decline the request.' },
        );
      case 'fr':
        return memberMail(
          context,
          `Demande d'accès à ${org}`,
          [
            `Bonjour ${name},`,
            `${who} a demandé la certification de ${org} et demande l'accès à votre organisation dans le registre. Sans votre accord, cette personne n'obtient aucun accès.`,
          ],
          {
            label: 'Voir la demande',
            url,
            after: 'Si vous ne connaissez pas cette personne, refusez la demande.',
          },
        );
    }
  },
};
