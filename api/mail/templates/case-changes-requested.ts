import type { Language } from '../../../db/vocabulary.ts';
import { formatRegistryDate } from '../../../db/values/registry-date.ts';
import { MAIL_LOCALES, renderMail } from '../layout.ts';
import type { MailTemplate } from '../template.ts';
import { dateParam, numberParam, stringParam } from '../params.ts';

interface Words {
  subject(organisation: string): string;
  greeting(name: string): string;
  body(scheme: string, organisation: string, date: string): string;
  findings: string;
  link: string;
  reason(organisation: string): string;
}

const WORDS: Readonly<Record<Language, Words>> = {
  nl: {
    subject: (org) => `Aanvulling gevraagd op de zelfbeoordeling van ${org}`,
    greeting: (name) => `Beste ${name},`,
    body: (scheme, org, date) =>
      `De beoordelaar vraagt ${org} de zelfbeoordeling voor "${scheme}" aan te vullen, uiterlijk op ${date}.`,
    findings: 'Bij elk criterium staat in het ledenportaal wat er nodig is.',
    link: 'Naar het dossier',
    reason: (org) => `U ontvangt dit bericht omdat u lid bent van ${org} in het keurmerkregister.`,
  },
  en: {
    subject: (org) => `Changes requested to the self-assessment of ${org}`,
    greeting: (name) => `Dear ${name},`,
    body: (scheme, org, date) =>
      `The assessor asks ${org} to complete the self-assessment for "${scheme}" by ${date}.`,
    findings: 'The member portal shows what is needed for each criterion.',
    link: 'Open the case',
    reason: (org) =>
      `You receive this message because you are a member of ${org} in the certification registry.`,
  },
  fr: {
    subject: (org) => `Compléments demandés à l’auto-évaluation de ${org}`,
    greeting: (name) => `Bonjour ${name},`,
    body: (scheme, org, date) =>
      `L’évaluateur demande à ${org} de compléter l’auto-évaluation pour « ${scheme} » au plus tard le ${date}.`,
    findings: 'Le portail des membres indique pour chaque critère ce qui est nécessaire.',
    link: 'Ouvrir le dossier',
    reason: (org) =>
      `Vous recevez ce message parce que vous êtes membre de ${org} dans le registre des labels.`,
  },
};

const PREFIX: Readonly<Record<Language, string>> = { nl: '', en: '/en', fr: '/fr' };

/** Sent to every member of the organisation when staff return a case with a deadline. */
export const caseChangesRequested: MailTemplate = {
  name: 'case_changes_requested',
  render(params, _secrets, context) {
    const words = WORDS[context.language];
    const organisation = stringParam(params, 'organisation');
    const date = formatRegistryDate(MAIL_LOCALES[context.language], dateParam(params, 'dueAt'), 'long');
    const path = `/member/org/${encodeURIComponent(stringParam(params, 'slug'))}/cases/${numberParam(params, 'caseId')}`;
    return renderMail(
      {
        subject: words.subject(organisation),
        greeting: words.greeting(stringParam(params, 'name')),
        blocks: [
          { kind: 'paragraph', text: words.body(stringParam(params, 'scheme'), organisation, date) },
          { kind: 'paragraph', text: words.findings },
          { kind: 'link', label: words.link, url: `${context.publicUrl}${PREFIX[context.language]}${path}` },
        ],
        reason: words.reason(organisation),
      },
      context,
    );
  },
};
