import type { Lang } from '../languages.ts';

/** Home page and search. */
export const search = {
  'home.schemes': { nl: 'Keurmerken', en: 'Schemes', fr: 'Labels' },
  'home.activeCount': {
    nl: '{n} actieve certificeringen',
    en: '{n} active certifications',
    fr: '{n} certifications actives',
  },
  'home.criteriaCount': { nl: '{n} criteria', en: '{n} criteria', fr: '{n} critères' },
  'home.ownedBy': { nl: 'Beheerd door {owner}', en: 'Owned by {owner}', fr: 'Géré par {owner}' },
  'home.recent': { nl: 'Recente wijzigingen', en: 'Recent changes', fr: 'Modifications récentes' },
  'home.allChanges': { nl: 'Alle wijzigingen', en: 'All changes', fr: 'Toutes les modifications' },
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
  'search.label': {
    nl: 'Naam, KvK- of ondernemingsnummer, website of telefoonnummer',
    en: 'Name, KvK or enterprise number, website or phone number',
    fr: "Nom, numéro KvK ou d'entreprise, site web ou numéro de téléphone",
  },
  'search.hint': {
    nl: 'Bijvoorbeeld: Klantenservice B.V., 12345678, 0123.456.749, voorbeeld.nl of 020 123 4567',
    en: 'For example: Klantenservice B.V., 12345678, 0123.456.749, example.nl or 020 123 4567',
    fr: 'Par exemple : Klantenservice B.V., 12345678, 0123.456.749, exemple.be ou 02 123 45 67',
  },
  'search.submit': { nl: 'Zoeken', en: 'Search', fr: 'Rechercher' },
  'search.title': {
    nl: 'Zoeken in het register',
    en: 'Search the registry',
    fr: 'Rechercher dans le registre',
  },
  'search.resultsFor': { nl: 'Resultaten voor “{q}”', en: 'Results for “{q}”', fr: 'Résultats pour « {q} »' },
  'search.allOrganisations': {
    nl: 'Alle organisaties',
    en: 'All organisations',
    fr: 'Toutes les organisations',
  },
  'search.none': {
    nl: 'Geen organisaties gevonden. Controleer de spelling of zoek op KvK-nummer, website of telefoonnummer.',
    en: 'No organisations found. Check the spelling or search by KvK number, website or phone number.',
    fr: "Aucune organisation trouvée. Vérifiez l'orthographe ou cherchez par numéro d'entreprise, site web ou téléphone.",
  },
  'search.keepLooking': {
    nl: 'Deze zoekopdracht past bij heel veel organisaties; op dit stuk van het register stond nog niets. Zoek verder met “Volgende pagina”, of maak de zoekopdracht preciezer (een extra woord, een plaats of een filter).',
    en: 'This search matches a great many organisations; this stretch of the registry held none yet. Keep looking with “Next page”, or make the search more precise (another word, a place or a filter).',
    fr: "Cette recherche correspond à un très grand nombre d'organisations ; cette partie du registre n'en contenait pas encore. Continuez avec « Page suivante », ou précisez la recherche (un autre mot, une localité ou un filtre).",
  },
  'search.notListed': {
    nl: 'Staat een organisatie niet in het register, dan is ze niet gecertificeerd, ook al toont ze een badge.',
    en: 'An organisation that is not in the registry is not certified, even if it shows a badge.',
    fr: "Une organisation absente du registre n'est pas certifiée, même si elle affiche un badge.",
  },
  'search.matched.registry_id': {
    nl: 'Gevonden op registratienummer.',
    en: 'Found by registration number.',
    fr: "Trouvé par numéro d'enregistrement.",
  },
  'search.matched.phone': {
    nl: 'Dit telefoonnummer is een officieel nummer van:',
    en: 'This phone number is an official number of:',
    fr: 'Ce numéro de téléphone est un numéro officiel de :',
  },
  'search.matched.domain': {
    nl: 'Dit domein is geregistreerd voor:',
    en: 'This domain is registered to:',
    fr: 'Ce domaine est enregistré pour :',
  },
  'search.matched.name': { nl: 'Gevonden op naam.', en: 'Found by name.', fr: 'Trouvé par nom.' },
  'search.shown': {
    nl: '{n} resultaten op deze pagina.',
    en: '{n} results on this page.',
    fr: '{n} résultats sur cette page.',
  },
  'filter.legend': { nl: 'Filters', en: 'Filters', fr: 'Filtres' },
  'filter.scheme': { nl: 'Keurmerk', en: 'Scheme', fr: 'Label' },
  'filter.status': { nl: 'Status', en: 'Status', fr: 'Statut' },
  'filter.country': { nl: 'Land', en: 'Country', fr: 'Pays' },
  'filter.sector': { nl: 'Sector', en: 'Sector', fr: 'Secteur' },
  'filter.outsourced': {
    nl: 'Uitbesteed contactcenter',
    en: 'Outsourced contact centre',
    fr: 'Centre de contact externalisé',
  },
  'filter.any': { nl: 'Alle', en: 'Any', fr: 'Tous' },
  'filter.yes': { nl: 'Ja', en: 'Yes', fr: 'Oui' },
  'filter.no': { nl: 'Nee', en: 'No', fr: 'Non' },
  'filter.sort': { nl: 'Sorteren', en: 'Sort', fr: 'Trier' },
  'sort.relevance': { nl: 'Beste overeenkomst', en: 'Best match', fr: 'Meilleure correspondance' },
  'sort.name': { nl: 'Naam (A–Z)', en: 'Name (A–Z)', fr: 'Nom (A–Z)' },
  'filter.apply': { nl: 'Filters toepassen', en: 'Apply filters', fr: 'Appliquer les filtres' },
  'filter.reset': { nl: 'Filters wissen', en: 'Clear filters', fr: 'Effacer les filtres' },
  'result.city': { nl: 'Plaats', en: 'City', fr: 'Ville' },
  'result.outsourced': {
    nl: 'Uitbesteed contactcenter',
    en: 'Outsourced contact centre',
    fr: 'Centre de contact externalisé',
  },
} as const satisfies Record<string, Record<Lang, string>>;
