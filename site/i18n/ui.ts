export const LANGUAGES = ['nl', 'en', 'fr'] as const;
export type Lang = (typeof LANGUAGES)[number];

export const LOCALES: Record<Lang, string> = { nl: 'nl-NL', en: 'en-GB', fr: 'fr-BE' };

const strings = {
  'site.name': { nl: 'Keurmerkregister', en: 'Trust Mark Registry', fr: 'Registre des labels' },
  'site.tagline': {
    nl: 'Controleer of een klantenservice echt gecertificeerd is.',
    en: 'Check whether a customer service is really certified.',
    fr: 'Vérifiez si un service clientèle est vraiment certifié.',
  },
  'nav.skip': { nl: 'Naar de inhoud', en: 'Skip to content', fr: 'Aller au contenu' },
  'nav.home': { nl: 'Home', en: 'Home', fr: 'Accueil' },
  'nav.language': { nl: 'Taal', en: 'Language', fr: 'Langue' },
  'home.schemes': { nl: 'Keurmerken', en: 'Schemes', fr: 'Labels' },
  'home.activeCount': {
    nl: '{n} actieve certificeringen',
    en: '{n} active certifications',
    fr: '{n} certifications actives',
  },
  'home.criteriaCount': { nl: '{n} criteria', en: '{n} criteria', fr: '{n} critères' },
  'home.ownedBy': { nl: 'Beheerd door {owner}', en: 'Owned by {owner}', fr: 'Géré par {owner}' },
  'home.recent': { nl: 'Recente wijzigingen', en: 'Recent changes', fr: 'Modifications récentes' },
  'home.counts': {
    nl: '{orgs} organisaties, {certs} certificeringen in het register.',
    en: '{orgs} organisations, {certs} certifications in the registry.',
    fr: '{orgs} organisations, {certs} certifications dans le registre.',
  },
  'home.empty': {
    nl: 'Nog geen wijzigingen.',
    en: 'No changes yet.',
    fr: 'Aucune modification pour le moment.',
  },
  'event.granted': { nl: 'toegekend', en: 'granted', fr: 'accordée' },
  'event.renewed': { nl: 'verlengd', en: 'renewed', fr: 'renouvelée' },
  'event.suspended': { nl: 'geschorst', en: 'suspended', fr: 'suspendue' },
  'event.reinstated': { nl: 'hersteld', en: 'reinstated', fr: 'rétablie' },
  'event.revoked': { nl: 'ingetrokken', en: 'revoked', fr: 'révoquée' },
  'event.created': { nl: 'aangevraagd', en: 'applied for', fr: 'demandée' },
  'footer.registry': {
    nl: 'Het register toont de actuele status; een badge op een website is alleen geldig als deze pagina dat bevestigt.',
    en: 'The registry shows the current status; a badge on a website is only valid when this site confirms it.',
    fr: "Le registre affiche le statut actuel ; un badge sur un site n'est valable que si ce site le confirme.",
  },
} as const satisfies Record<string, Record<Lang, string>>;

export type StringKey = keyof typeof strings;

/** The text for `key` in `lang`, with `{name}` placeholders filled in. */
export function t(lang: Lang, key: StringKey, values: Record<string, string | number> = {}): string {
  const template: string = strings[key][lang];
  return template.replace(/\{(\w+)\}/g, (_, name: string) => String(values[name] ?? `{${name}}`));
}

export function isLang(value: string | undefined): value is Lang {
  return (LANGUAGES as readonly string[]).includes(value ?? '');
}

/** Path of the same page in another language (nl has no prefix). */
export function localisedPath(pathname: string, target: Lang): string {
  const rest = pathname.replace(/^\/(en|fr)(?=\/|$)/, '') || '/';
  return target === 'nl' ? rest : `/${target}${rest === '/' ? '/' : rest}`;
}

export function formatNumber(lang: Lang, n: number): string {
  return new Intl.NumberFormat(LOCALES[lang]).format(n);
}

export function formatDate(lang: Lang, date: Date): string {
  return new Intl.DateTimeFormat(LOCALES[lang], { dateStyle: 'long', timeZone: 'Europe/Amsterdam' }).format(
    date,
  );
}
