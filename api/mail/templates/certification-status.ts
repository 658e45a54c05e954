import type { Language } from '../../../db/vocabulary.ts';
import { renderMail } from '../layout.ts';
import type { MailTemplate } from '../template.ts';
import { stringParam } from '../params.ts';

const STATUS: Readonly<Record<Language, Readonly<Record<string, string>>>> = {
  nl: {
    pending: 'in behandeling',
    active: 'gecertificeerd',
    suspended: 'geschorst',
    revoked: 'ingetrokken',
    expired: 'verlopen',
  },
  en: {
    pending: 'pending',
    active: 'certified',
    suspended: 'suspended',
    revoked: 'revoked',
    expired: 'expired',
  },
  fr: {
    pending: 'en cours',
    active: 'certifié',
    suspended: 'suspendu',
    revoked: 'révoqué',
    expired: 'expiré',
  },
};

interface Words {
  subject(organisation: string, status: string): string;
  greeting(name: string): string;
  changed(scheme: string, organisation: string, from: string, to: string): string;
  organisation: string;
  scheme: string;
  status: string;
  link: string;
  reason(organisation: string): string;
}

const WORDS: Readonly<Record<Language, Words>> = {
  nl: {
    subject: (org, status) => `Certificering van ${org}: ${status}`,
    greeting: (name) => `Beste ${name},`,
    changed: (scheme, org, from, to) =>
      `De status van de certificering "${scheme}" van ${org} is gewijzigd van ${from} naar ${to}.`,
    organisation: 'Organisatie',
    scheme: 'Keurmerk',
    status: 'Status',
    link: 'De actuele status in het register',
    reason: (org) =>
      `U ontvangt dit bericht omdat u als lid van ${org} om een bericht bij elke statuswijziging hebt gevraagd. U kunt dat in het ledenportaal uitzetten.`,
  },
  en: {
    subject: (org, status) => `Certification of ${org}: ${status}`,
    greeting: (name) => `Dear ${name},`,
    changed: (scheme, org, from, to) =>
      `The status of the "${scheme}" certification of ${org} changed from ${from} to ${to}.`,
    organisation: 'Organisation',
    scheme: 'Scheme',
    status: 'Status',
    link: 'The current status in the registry',
    reason: (org) =>
      `You receive this message because, as a member of ${org}, you asked for one on every status change. You can turn it off in the member portal.`,
  },
  fr: {
    subject: (org, status) => `Certification de ${org} : ${status}`,
    greeting: (name) => `Bonjour ${name},`,
    changed: (scheme, org, from, to) =>
      `Le statut de la certification « ${scheme} » de ${org} est passé de ${from} à ${to}.`,
    organisation: 'Organisation',
    scheme: 'Label',
    status: 'Statut',
    link: 'L’état actuel dans le registre',
    reason: (org) =>
      `Vous recevez ce message parce que, membre de ${org}, vous avez demandé un message à chaque changement de statut. Vous pouvez le désactiver dans le portail des membres.`,
  },
};

const PREFIX: Readonly<Record<Language, string>> = { nl: '', en: '/en', fr: '/fr' };

/** Sent to the members who asked for it when a certification of their organisation changes status. */
export const certificationStatusMail: MailTemplate = {
  name: 'certification_status',
  render(params, _secrets, context) {
    const words = WORDS[context.language];
    const statusName = (name: string) =>
      STATUS[context.language][stringParam(params, name)] ?? stringParam(params, name);
    const organisation = stringParam(params, 'organisation');
    const scheme = stringParam(params, 'scheme');
    const to = statusName('status');
    return renderMail(
      {
        subject: words.subject(organisation, to),
        greeting: words.greeting(stringParam(params, 'name')),
        blocks: [
          { kind: 'paragraph', text: words.changed(scheme, organisation, statusName('previous'), to) },
          {
            kind: 'facts',
            rows: [
              [words.organisation, organisation],
              [words.scheme, scheme],
              [words.status, to],
            ],
          },
          {
            kind: 'link',
            label: words.link,
            url: `${context.publicUrl}${PREFIX[context.language]}/verify/${encodeURIComponent(stringParam(params, 'publicId'))}`,
          },
        ],
        reason: words.reason(organisation),
      },
      context,
    );
  },
};
