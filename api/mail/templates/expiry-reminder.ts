import type { Language } from '../../../db/vocabulary.ts';
import { formatRegistryDate } from '../../../db/values/registry-date.ts';
import { MAIL_LOCALES, renderMail } from '../layout.ts';
import type { MailTemplate } from '../template.ts';
import { dateParam, numberParam, stringParam } from '../params.ts';

interface Words {
  subject(organisation: string, days: number): string;
  greeting(name: string): string;
  expires(scheme: string, organisation: string, date: string, days: number): string;
  renew: string;
  organisation: string;
  scheme: string;
  validUntil: string;
  link: string;
  /** The renewal case in the member portal (issue 18), when one is open. */
  renewal: string;
  reason(organisation: string): string;
}

const WORDS: Readonly<Record<Language, Words>> = {
  nl: {
    subject: (org, days) => `Keurmerk van ${org} verloopt over ${days} dagen`,
    greeting: (name) => `Beste ${name},`,
    expires: (scheme, org, date, days) =>
      `De certificering "${scheme}" van ${org} is geldig tot ${date}: nog ${days} dagen.`,
    renew:
      'Vraag op tijd verlenging aan, zodat het keurmerk zonder onderbreking zichtbaar blijft. Na die datum toont het register de certificering als verlopen.',
    organisation: 'Organisatie',
    scheme: 'Keurmerk',
    validUntil: 'Geldig tot',
    link: 'De actuele status in het register',
    renewal: 'Uw verlenging in het ledenportaal',
    reason: (org) => `U ontvangt dit bericht omdat u lid bent van ${org} in het keurmerkregister.`,
  },
  en: {
    subject: (org, days) => `Certification of ${org} expires in ${days} days`,
    greeting: (name) => `Dear ${name},`,
    expires: (scheme, org, date, days) =>
      `The "${scheme}" certification of ${org} is valid until ${date}: ${days} days from now.`,
    renew:
      'Apply for renewal in good time so the certification stays visible without a break. After that date the registry shows it as expired.',
    organisation: 'Organisation',
    scheme: 'Scheme',
    validUntil: 'Valid until',
    link: 'The current status in the registry',
    renewal: 'Your renewal in the member portal',
    reason: (org) =>
      `You receive this message because you are a member of ${org} in the certification registry.`,
  },
  fr: {
    subject: (org, days) => `La certification de ${org} expire dans ${days} jours`,
    greeting: (name) => `Bonjour ${name},`,
    expires: (scheme, org, date, days) =>
      `La certification « ${scheme} » de ${org} est valable jusqu'au ${date} : encore ${days} jours.`,
    renew:
      "Demandez le renouvellement à temps pour que le label reste visible sans interruption. Après cette date, le registre l'affiche comme expiré.",
    organisation: 'Organisation',
    scheme: 'Label',
    validUntil: "Valable jusqu'au",
    link: "L'état actuel dans le registre",
    renewal: 'Votre renouvellement dans le portail des membres',
    reason: (org) =>
      `Vous recevez ce message parce que vous êtes membre de ${org} dans le registre des labels.`,
  },
};

const PREFIX: Readonly<Record<Language, string>> = { nl: '', en: '/en', fr: '/fr' };

/** A link to the open renewal case, when the job named one (older queued messages name none). */
function renewalLink(params: Parameters<MailTemplate['render']>[0], words: Words, base: string) {
  const caseId = params['renewalCaseId'];
  const slug = params['organisationSlug'];
  if (typeof caseId !== 'number' || typeof slug !== 'string') return [];
  const url = `${base}/member/org/${encodeURIComponent(slug)}/cases/${caseId}`;
  return [{ kind: 'link' as const, label: words.renewal, url }];
}

/**
 * Sent by the reminders job 60, 30 and 7 days before a certification's valid_until. `days` is the
 * number of whole days left when the reminder was queued; the date is shown in the registry's time zone.
 */
export const expiryReminder: MailTemplate = {
  name: 'expiry_reminder',
  render(params, _secrets, context) {
    const words = WORDS[context.language];
    const organisation = stringParam(params, 'organisation');
    const scheme = stringParam(params, 'scheme');
    const days = numberParam(params, 'days');
    const date = formatRegistryDate(MAIL_LOCALES[context.language], dateParam(params, 'validUntil'), 'long');
    const publicId = stringParam(params, 'publicId');
    return renderMail(
      {
        subject: words.subject(organisation, days),
        greeting: words.greeting(stringParam(params, 'name')),
        blocks: [
          { kind: 'paragraph', text: words.expires(scheme, organisation, date, days) },
          { kind: 'paragraph', text: words.renew },
          {
            kind: 'facts',
            rows: [
              [words.organisation, organisation],
              [words.scheme, scheme],
              [words.validUntil, date],
            ],
          },
          ...renewalLink(params, words, context.publicUrl + PREFIX[context.language]),
          {
            kind: 'link',
            label: words.link,
            url: `${context.publicUrl}${PREFIX[context.language]}/verify/${encodeURIComponent(publicId)}`,
          },
        ],
        reason: words.reason(organisation),
      },
      context,
    );
  },
};
