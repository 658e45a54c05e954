import type { Language } from '../../../db/vocabulary.ts';
import { renderMail } from '../layout.ts';
import type { MailTemplate } from '../template.ts';
import { stringParam } from '../params.ts';

interface Words {
  subject(organisation: string, count: number): string;
  greeting(name: string): string;
  seen(organisation: string, count: number): string;
  what: string;
  host: string;
  link: string;
  reason(organisation: string): string;
}

const WORDS: Readonly<Record<Language, Words>> = {
  nl: {
    subject: (org, n) => `Badge van ${org} gezien op ${n} nieuwe ${n === 1 ? 'website' : 'websites'}`,
    greeting: (name) => `Beste ${name},`,
    seen: (org, n) =>
      `De badge van ${org} is sinds het vorige overzicht op ${n} ${n === 1 ? 'website' : 'websites'} gezien die niet als domein van de organisatie geregistreerd ${n === 1 ? 'is' : 'zijn'}.`,
    what: 'Is een website van u? Registreer het domein. Zo niet, meld misbruik. Beide kan in het ledenportaal.',
    host: 'Website (weergaven)',
    link: 'Waar uw badge verschijnt',
    reason: (org) =>
      `U ontvangt dit dagelijkse overzicht omdat u er als lid van ${org} om hebt gevraagd. U kunt het in het ledenportaal uitzetten.`,
  },
  en: {
    subject: (org, n) => `Badge of ${org} seen on ${n} new ${n === 1 ? 'website' : 'websites'}`,
    greeting: (name) => `Dear ${name},`,
    seen: (org, n) =>
      `Since the last digest, the badge of ${org} was seen on ${n} ${n === 1 ? 'website' : 'websites'} not registered as the organisation's domains.`,
    what: 'Is a website yours? Register the domain. If not, report misuse. Both are in the member portal.',
    host: 'Website (views)',
    link: 'Where your badge appears',
    reason: (org) =>
      `You receive this daily digest because you asked for it as a member of ${org}. You can turn it off in the member portal.`,
  },
  fr: {
    subject: (org, n) => `Badge de ${org} vu sur ${n} ${n === 1 ? 'nouveau site' : 'nouveaux sites'}`,
    greeting: (name) => `Bonjour ${name},`,
    seen: (org, n) =>
      `Depuis le dernier résumé, le badge de ${org} a été vu sur ${n} ${n === 1 ? 'site qui n’est pas enregistré' : 'sites qui ne sont pas enregistrés'} comme domaine de l’organisation.`,
    what: 'Un site vous appartient ? Enregistrez le domaine. Sinon, signalez un abus. Les deux se font dans le portail des membres.',
    host: 'Site (affichages)',
    link: 'Où votre badge apparaît',
    reason: (org) =>
      `Vous recevez ce résumé quotidien parce que vous l’avez demandé en tant que membre de ${org}. Vous pouvez le désactiver dans le portail des membres.`,
  },
};

const PREFIX: Readonly<Record<Language, string>> = { nl: '', en: '/en', fr: '/fr' };

/** `sightings` is a JSON array of [host, hits]: mail parameters are flat values. */
function sightingsParam(raw: string): Array<[string, number]> {
  const value: unknown = JSON.parse(raw);
  if (!Array.isArray(value)) throw new Error('mail parameter "sightings" is not a list');
  return value.map((item: unknown) => {
    if (!Array.isArray(item) || typeof item[0] !== 'string' || typeof item[1] !== 'number')
      throw new Error('mail parameter "sightings" holds an entry that is not [host, hits]');
    return [item[0], item[1]];
  });
}

/** The daily digest of foreign hosts newly seen showing the organisation's badge. */
export const sightingDigest: MailTemplate = {
  name: 'sighting_digest',
  render(params, _secrets, context) {
    const words = WORDS[context.language];
    const organisation = stringParam(params, 'organisation');
    const sightings = sightingsParam(stringParam(params, 'sightings'));
    return renderMail(
      {
        subject: words.subject(organisation, sightings.length),
        greeting: words.greeting(stringParam(params, 'name')),
        blocks: [
          { kind: 'paragraph', text: words.seen(organisation, sightings.length) },
          {
            kind: 'facts',
            rows: sightings.map(([host, hits]) => [words.host, `${host} (${hits})`] as const),
          },
          { kind: 'paragraph', text: words.what },
          {
            kind: 'link',
            label: words.link,
            url: `${context.publicUrl}${PREFIX[context.language]}/member/org/${encodeURIComponent(stringParam(params, 'slug'))}/sightings`,
          },
        ],
        reason: words.reason(organisation),
      },
      context,
    );
  },
};
