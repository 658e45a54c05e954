import type { Lang } from '../languages.ts';
import { terms } from './terms.ts';

/** Site-wide texts: navigation, footer, kinds of change; statuses, levels and sectors come from terms.ts. */
export const common = {
  ...terms,
  'site.name': { nl: 'Keurmerkregister', en: 'Trust Mark Registry', fr: 'Registre des labels' },
  'site.tagline': {
    nl: 'Controleer of een klantenservice echt gecertificeerd is.',
    en: 'Check whether a customer service is really certified.',
    fr: 'Vérifiez si un service clientèle est vraiment certifié.',
  },
  /** French puts a (narrow) space before a colon. */
  'punct.colon': { nl: ':', en: ':', fr: '\u00a0:' },
  'nav.skip': { nl: 'Naar de inhoud', en: 'Skip to content', fr: 'Aller au contenu' },
  'nav.main': { nl: 'Hoofdmenu', en: 'Main menu', fr: 'Menu principal' },
  'nav.home': { nl: 'Home', en: 'Home', fr: 'Accueil' },
  'nav.search': { nl: 'Zoeken', en: 'Search', fr: 'Rechercher' },
  'nav.schemes': { nl: 'Keurmerken', en: 'Schemes', fr: 'Labels' },
  'nav.changes': { nl: 'Wijzigingen', en: 'Changes', fr: 'Modifications' },
  'nav.data': { nl: 'Open data en API', en: 'Open data and API', fr: 'Données ouvertes et API' },
  'nav.accessibility': { nl: 'Toegankelijkheid', en: 'Accessibility', fr: 'Accessibilité' },
  'nav.language': { nl: 'Taal', en: 'Language', fr: 'Langue' },
  'footer.registry': {
    nl: 'Het register toont de actuele status; een badge op een website is alleen geldig als deze pagina dat bevestigt.',
    en: 'The registry shows the current status; a badge on a website is only valid when this site confirms it.',
    fr: "Le registre affiche le statut actuel ; un badge sur un site n'est valable que si ce site le confirme.",
  },
  'footer.licence': {
    nl: 'Registergegevens: CC BY 4.0.',
    en: 'Registry data: CC BY 4.0.',
    fr: 'Données du registre : CC BY 4.0.',
  },
  'footer.feed': {
    nl: 'Atom-feed van wijzigingen',
    en: 'Atom feed of changes',
    fr: 'Flux Atom des modifications',
  },
  'assurance.label': { nl: 'Zekerheid', en: 'Assurance', fr: 'Niveau de garantie' },
  'event.created': { nl: 'aangevraagd', en: 'applied for', fr: 'demandée' },
  'event.granted': { nl: 'toegekend', en: 'granted', fr: 'accordée' },
  'event.renewed': { nl: 'verlengd', en: 'renewed', fr: 'renouvelée' },
  'event.suspended': { nl: 'geschorst', en: 'suspended', fr: 'suspendue' },
  'event.reinstated': { nl: 'hersteld', en: 'reinstated', fr: 'rétablie' },
  'event.revoked': { nl: 'ingetrokken', en: 'revoked', fr: 'révoquée' },
  'event.expired': { nl: 'verlopen', en: 'expired', fr: 'expirée' },
  'event.scheme_published': {
    nl: 'nieuwe versie gepubliceerd',
    en: 'new version published',
    fr: 'nouvelle version publiée',
  },
  'event.renewal_under_review': {
    nl: 'geldig, verlenging in behandeling',
    en: 'valid, renewal under review',
    fr: 'valide, renouvellement en cours d’examen',
  },
  'event.reinstated_after_objection': {
    nl: 'hersteld na bezwaar',
    en: 'reinstated after objection',
    fr: 'rétablie après objection',
  },
  'country.NL': { nl: 'Nederland', en: 'Netherlands', fr: 'Pays-Bas' },
  'country.BE': { nl: 'België', en: 'Belgium', fr: 'Belgique' },
  'registry.NL': { nl: 'KvK-nummer', en: 'KvK number', fr: 'Numéro KvK' },
  'registry.BE': { nl: 'Ondernemingsnummer', en: 'Enterprise number', fr: "Numéro d'entreprise" },
  'pager.next': { nl: 'Volgende pagina', en: 'Next page', fr: 'Page suivante' },
  'pager.first': { nl: 'Eerste pagina', en: 'First page', fr: 'Première page' },
  'pager.label': { nl: 'Paginering', en: 'Pagination', fr: 'Pagination' },
  'notFound.title': { nl: 'Niet gevonden', en: 'Not found', fr: 'Introuvable' },
  'notFound.body': {
    nl: 'Zoek de organisatie op in het register.',
    en: 'Search for the organisation in the registry.',
    fr: "Recherchez l'organisation dans le registre.",
  },
  'error.title': { nl: 'Er ging iets mis', en: 'Something went wrong', fr: 'Une erreur est survenue' },
  'unavailable.title': {
    nl: 'Even niet bereikbaar',
    en: 'Briefly unavailable',
    fr: 'Momentanément indisponible',
  },
  'error.badInput': {
    nl: 'Deze zoekopdracht kunnen we niet uitvoeren. Maak de zoektekst korter of kies andere filters.',
    en: 'We cannot run this search. Shorten the search text or choose other filters.',
    fr: 'Nous ne pouvons pas effectuer cette recherche. Raccourcissez le texte ou choisissez d’autres filtres.',
  },
} as const satisfies Record<string, Record<Lang, string>>;
