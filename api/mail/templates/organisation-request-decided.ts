import type { Language } from '../../../db/vocabulary.ts';
import type { MailTemplate } from '../template.ts';
import { memberMail, param } from './member-mail.ts';

const PREFIX: Readonly<Record<Language, string>> = { nl: '', en: '/en', fr: '/fr' };

/** What was asked, in words: a channel (with its value) or the legal name / national id. */
function subjectOf(language: Language, kind: string, value: string): string {
  const channel = {
    nl: `het contactkanaal ${value}`,
    en: `the contact channel ${value}`,
    fr: `le canal de contact ${value}`,
  };
  const identity = {
    nl: 'de wijziging van naam of registratienummer',
    en: 'the change of name or registration number',
    fr: "le changement de nom ou de numéro d'enregistrement",
  };
  return (kind === 'channel' ? channel : identity)[language];
}

/**
 * To the member who asked, when staff approved or refused a request (a new contact channel, a
 * new legal name or national id); a refusal carries staff's reason.
 */
export const organisationRequestDecided: MailTemplate = {
  name: 'organisation_request_decided',
  render(params, _secrets, context) {
    const name = param(params, 'name');
    const organisation = param(params, 'organisation');
    const what = subjectOf(context.language, param(params, 'kind'), param(params, 'value'));
    const approved = param(params, 'outcome') === 'approved';
    const reason = param(params, 'reason');
    const page = param(params, 'kind') === 'channel' ? 'channels' : 'details';
    const url = `${context.publicUrl}${PREFIX[context.language]}/member/org/${encodeURIComponent(param(params, 'slug'))}/${page}`;
    switch (context.language) {
      case 'nl':
        return memberMail(
          context,
          approved ? `Verzoek goedgekeurd: ${organisation}` : `Verzoek afgewezen: ${organisation}`,
          [
            `Beste ${name},`,
            approved
              ? `De vereniging heeft uw verzoek voor ${what} van ${organisation} goedgekeurd.`
              : `De vereniging heeft uw verzoek voor ${what} van ${organisation} afgewezen.`,
            ...(reason ? [`Toelichting: ${reason}`] : []),
          ],
          { label: 'Naar het ledenportaal', url },
        );
      case 'en':
        return memberMail(
          context,
          approved ? `Request approved: ${organisation}` : `Request refused: ${organisation}`,
          [
            `Dear ${name},`,
            approved
              ? `The association approved your request for ${what} of ${organisation}.`
              : `The association refused your request for ${what} of ${organisation}.`,
            ...(reason ? [`Reason: ${reason}`] : []),
          ],
          { label: 'To the member portal', url },
        );
      case 'fr':
        return memberMail(
          context,
          approved ? `Demande approuvée : ${organisation}` : `Demande refusée : ${organisation}`,
          [
            `Bonjour ${name},`,
            approved
              ? `L'association a approuvé votre demande concernant ${what} de ${organisation}.`
              : `L'association a refusé votre demande concernant ${what} de ${organisation}.`,
            ...(reason ? [`Motif : ${reason}`] : []),
          ],
          { label: 'Vers le portail des membres', url },
        );
    }
  },
};
