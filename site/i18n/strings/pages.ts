import type { Lang } from '../languages.ts';

/** Scheme pages, change log, open data and API, accessibility statement. */
export const pages = {
  'schemes.title': { nl: 'Keurmerken', en: 'Schemes', fr: 'Labels' },
  'schemes.intro': {
    nl: 'Het register bevat certificeringen volgens deze keurmerken. Elk keurmerk heeft een eigenaar en eigen criteria.',
    en: 'The registry holds certifications under these schemes. Each scheme has an owner and its own criteria.',
    fr: 'Le registre contient des certifications selon ces labels. Chaque label a un propriétaire et ses propres critères.',
  },
  'scheme.owner': { nl: 'Eigenaar', en: 'Owner', fr: 'Propriétaire' },
  'scheme.inForce': { nl: 'Van kracht sinds', en: 'In force since', fr: 'En vigueur depuis' },
  'scheme.validity': { nl: 'Geldigheid', en: 'Validity', fr: 'Validité' },
  'scheme.validityMonths': { nl: '{n} maanden', en: '{n} months', fr: '{n} mois' },
  'scheme.criteria': { nl: 'Criteria', en: 'Criteria', fr: 'Critères' },
  'scheme.version': { nl: 'Versie', en: 'Version', fr: 'Version' },
  'scheme.versionN': { nl: 'Versie {n}', en: 'Version {n}', fr: 'Version {n}' },
  'scheme.published': { nl: 'Gepubliceerd op', en: 'Published on', fr: 'Publiée le' },
  'scheme.versions': {
    nl: 'Versies en wijzigingen',
    en: 'Versions and changes',
    fr: 'Versions et modifications',
  },
  'scheme.versionPublished': {
    nl: 'Versie {n}, gepubliceerd op {date}',
    en: 'Version {n}, published on {date}',
    fr: 'Version {n}, publiée le {date}',
  },
  'scheme.firstVersion': {
    nl: 'Eerste versie van dit keurmerk.',
    en: 'First version of this scheme.',
    fr: 'Première version de ce label.',
  },
  'scheme.added': {
    nl: 'Nieuwe criteria: {codes}',
    en: 'New criteria: {codes}',
    fr: 'Nouveaux critères : {codes}',
  },
  'scheme.removed': {
    nl: 'Vervallen criteria: {codes}',
    en: 'Criteria removed: {codes}',
    fr: 'Critères supprimés : {codes}',
  },
  'scheme.reworded': {
    nl: 'Anders geformuleerd: {codes}',
    en: 'Reworded: {codes}',
    fr: 'Reformulés : {codes}',
  },
  'scheme.settingsChanged': {
    nl: 'Ook de algemene gegevens van het keurmerk zijn gewijzigd.',
    en: 'The general terms of the scheme changed as well.',
    fr: 'Les conditions générales du label ont également changé.',
  },
  'scheme.transition': {
    nl: 'Gecertificeerde organisaties worden uiterlijk op {date} opnieuw beoordeeld volgens deze versie; wie dan niet opnieuw beoordeeld is, verliest de certificering.',
    en: 'Certified organisations are re-assessed against this version by {date}; those not re-assessed by then lose their certification.',
    fr: "Les organisations certifiées sont réévaluées selon cette version au plus tard le {date} ; celles qui ne l'ont pas été perdent alors leur certification.",
  },
  'scheme.showVersion': {
    nl: 'Criteria van versie {n}',
    en: 'Criteria of version {n}',
    fr: 'Critères de la version {n}',
  },
  'scheme.olderVersion': {
    nl: 'Dit is versie {n} van dit keurmerk. De huidige versie is versie {current}.',
    en: 'This is version {n} of this scheme. The current version is version {current}.',
    fr: 'Ceci est la version {n} de ce label. La version actuelle est la version {current}.',
  },
  'scheme.currentVersionLink': {
    nl: 'Naar de huidige versie',
    en: 'To the current version',
    fr: 'Vers la version actuelle',
  },
  'scheme.meaning': {
    nl: 'Wat certificering betekent',
    en: 'What certification means',
    fr: 'Ce que signifie la certification',
  },
  'scheme.means': {
    nl: 'Een gecertificeerde organisatie heeft zich verbonden aan alle criteria hieronder. De status in dit register is altijd actueel: een schorsing of intrekking is hier direct zichtbaar.',
    en: 'A certified organisation has committed to all the criteria below. The status in this registry is always current: a suspension or revocation shows here at once.',
    fr: "Une organisation certifiée s'est engagée à respecter tous les critères ci-dessous. Le statut dans ce registre est toujours actuel : une suspension ou une révocation y apparaît immédiatement.",
  },
  'scheme.meansNot': {
    nl: 'Certificering is geen garantie dat elk contact goed verloopt, en zegt niets over producten of prijzen. Het zekerheidsniveau (zelfverklaring, getoetst of audit) staat bij elke certificering: een zelfverklaring is een belofte van de organisatie zelf, geen controle.',
    en: 'Certification does not guarantee that every contact goes well, and says nothing about products or prices. The assurance level (self-declared, reviewed or audited) is shown with every certification: a self-declaration is a promise by the organisation itself, not a check.',
    fr: "La certification ne garantit pas que chaque contact se passe bien et ne dit rien des produits ou des prix. Le niveau de garantie (auto-déclaration, examiné ou audité) figure à chaque certification : une auto-déclaration est une promesse de l'organisation elle-même, pas un contrôle.",
  },
  'scheme.certified': {
    nl: 'Gecertificeerde organisaties',
    en: 'Certified organisations',
    fr: 'Organisations certifiées',
  },
  'scheme.certifiedCount': {
    nl: '{n} organisaties zijn nu gecertificeerd.',
    en: '{n} organisations are certified now.',
    fr: '{n} organisations sont certifiées actuellement.',
  },
  'scheme.showAll': {
    nl: 'Alle gecertificeerde organisaties zoeken',
    en: 'Search all certified organisations',
    fr: 'Rechercher toutes les organisations certifiées',
  },
  'scheme.moreInfo': {
    nl: 'Meer over dit keurmerk',
    en: 'More about this scheme',
    fr: 'En savoir plus sur ce label',
  },
  'changes.title': {
    nl: 'Wijzigingen in het register',
    en: 'Changes to the registry',
    fr: 'Modifications du registre',
  },
  'changes.intro': {
    nl: 'Elke toekenning, verlenging, schorsing, herstel, intrekking en verloop, en elke nieuwe versie van een keurmerk, nieuwste eerst.',
    en: 'Every grant, renewal, suspension, reinstatement, revocation and expiry, and every new version of a scheme, newest first.',
    fr: "Chaque octroi, renouvellement, suspension, rétablissement, révocation et expiration, et chaque nouvelle version d'un label, du plus récent au plus ancien.",
  },
  'changes.kind': { nl: 'Soort wijziging', en: 'Kind of change', fr: 'Type de modification' },
  'changes.filter': { nl: 'Filteren', en: 'Filter', fr: 'Filtrer' },
  'changes.none': {
    nl: 'Geen wijzigingen gevonden.',
    en: 'No changes found.',
    fr: 'Aucune modification trouvée.',
  },
  'changes.feed': { nl: 'Abonneer via Atom', en: 'Subscribe via Atom', fr: "S'abonner via Atom" },
  'changes.entry': {
    nl: '{org}: {scheme} {kind}',
    en: '{org}: {scheme} {kind}',
    fr: '{org} : {scheme} {kind}',
  },
  'changes.versionPublished': {
    nl: 'versie {version} gepubliceerd',
    en: 'version {version} published',
    fr: 'version {version} publiée',
  },
  'changes.schemeEntry': {
    nl: '{scheme}: versie {version} gepubliceerd',
    en: '{scheme}: version {version} published',
    fr: '{scheme} : version {version} publiée',
  },
  'data.title': { nl: 'Open data en API', en: 'Open data and API', fr: 'Données ouvertes et API' },
  'data.intro': {
    nl: 'Alle registergegevens zijn vrij te gebruiken onder de licentie CC BY 4.0 (naamsvermelding: Keurmerkregister). Meldingen van consumenten en gegevens van medewerkers worden nooit gepubliceerd.',
    en: 'All registry data may be reused under the CC BY 4.0 licence (attribution: Keurmerkregister). Consumer reports and staff data are never published.',
    fr: 'Toutes les données du registre sont réutilisables sous licence CC BY 4.0 (attribution : Keurmerkregister). Les signalements des consommateurs et les données du personnel ne sont jamais publiés.',
  },
  'data.downloads': { nl: 'Downloads', en: 'Downloads', fr: 'Téléchargements' },
  'data.json': {
    nl: 'Volledig register als JSON',
    en: 'Full registry as JSON',
    fr: 'Registre complet en JSON',
  },
  'data.csv': {
    nl: 'Volledig register als CSV (één regel per certificering)',
    en: 'Full registry as CSV (one row per certification)',
    fr: 'Registre complet en CSV (une ligne par certification)',
  },
  'data.api': { nl: 'API zonder sleutel', en: 'Keyless API', fr: 'API sans clé' },
  'data.apiIntro': {
    nl: 'Alleen lezen, JSON, CORS open, paginering met een cursor (veld nextCursor). Fouten volgen RFC 9457.',
    en: 'Read-only, JSON, open CORS, cursor pagination (field nextCursor). Errors follow RFC 9457.',
    fr: 'Lecture seule, JSON, CORS ouvert, pagination par curseur (champ nextCursor). Les erreurs suivent la RFC 9457.',
  },
  'data.endpoint': { nl: 'Adres', en: 'Endpoint', fr: 'Adresse' },
  'data.purpose': { nl: 'Geeft', en: 'Returns', fr: 'Renvoie' },
  'data.ep.organisations': {
    nl: 'Organisaties zoeken (q, scheme, status, country, sector, outsourced, sort, cursor, limit)',
    en: 'Search organisations (q, scheme, status, country, sector, outsourced, sort, cursor, limit)',
    fr: 'Rechercher des organisations (q, scheme, status, country, sector, outsourced, sort, cursor, limit)',
  },
  'data.ep.organisation': { nl: 'Eén organisatie', en: 'One organisation', fr: 'Une organisation' },
  'data.ep.certifications': {
    nl: 'Certificeringen (scheme, status, cursor, limit)',
    en: 'Certifications (scheme, status, cursor, limit)',
    fr: 'Certifications (scheme, status, cursor, limit)',
  },
  'data.ep.schemes': { nl: 'Keurmerken en criteria', en: 'Schemes and criteria', fr: 'Labels et critères' },
  'data.ep.changes': {
    nl: 'Wijzigingen (kind, scheme, cursor, limit)',
    en: 'Changes (kind, scheme, cursor, limit)',
    fr: 'Modifications (kind, scheme, cursor, limit)',
  },
  'data.openapi': {
    nl: 'Volledige beschrijving: OpenAPI 3.1-document',
    en: 'Full description: OpenAPI 3.1 document',
    fr: 'Description complète : document OpenAPI 3.1',
  },
  'data.statusNote': {
    nl: 'De status “verlopen” wordt berekend op het moment van de vraag, uit de einddatum van de geldigheid.',
    en: 'The status “expired” is computed at the time of the request, from the end of the validity period.',
    fr: 'Le statut « expiré » est calculé au moment de la requête, à partir de la fin de validité.',
  },
  'a11y.title': {
    nl: 'Toegankelijkheidsverklaring',
    en: 'Accessibility statement',
    fr: "Déclaration d'accessibilité",
  },
  'a11y.body1': {
    nl: 'Dit register streeft naar WCAG 2.1 niveau AA. De pagina’s werken met alleen een toetsenbord, met een schermlezer, op 320 pixels breed en bij 200 % zoom. Status wordt altijd met tekst getoond, niet alleen met kleur.',
    en: 'This registry aims for WCAG 2.1 level AA. The pages work with a keyboard only, with a screen reader, at 320 pixels wide and at 200 % zoom. Status is always shown in text, never by colour alone.',
    fr: "Ce registre vise le niveau AA des WCAG 2.1. Les pages fonctionnent au clavier seul, avec un lecteur d'écran, sur 320 pixels de large et avec un zoom de 200 %. Le statut est toujours indiqué par un texte, jamais par la seule couleur.",
  },
  'a11y.body2': {
    nl: 'Elke pagina wordt automatisch getest met axe-core in Chromium, in het Nederlands, Engels en Frans. De site werkt zonder JavaScript; alleen de kopieerknoppen gebruiken het.',
    en: 'Every page is tested automatically with axe-core in Chromium, in Dutch, English and French. The site works without JavaScript; only the copy buttons use it.',
    fr: 'Chaque page est testée automatiquement avec axe-core dans Chromium, en néerlandais, anglais et français. Le site fonctionne sans JavaScript ; seuls les boutons de copie en utilisent.',
  },
  'a11y.known': { nl: 'Bekende beperkingen', en: 'Known limitations', fr: 'Limites connues' },
  'a11y.knownBody': {
    nl: 'De tekst van de badge-afbeelding volgt de taal die het lid kiest. Namen van organisaties staan zoals ze zijn geregistreerd en worden niet vertaald.',
    en: 'The text in the badge image follows the language the member chooses. Organisation names appear as registered and are not translated.',
    fr: "Le texte de l'image du badge suit la langue choisie par le membre. Les noms des organisations figurent tels qu'enregistrés et ne sont pas traduits.",
  },
  'a11y.contact': {
    nl: 'Loopt u tegen een probleem aan? Meld het via het formulier op een organisatiepagina of schrijf naar de vereniging.',
    en: 'Did you run into a problem? Report it with the form on an organisation page or write to the association.',
    fr: "Vous rencontrez un problème ? Signalez-le via le formulaire d'une page d'organisation ou écrivez à l'association.",
  },
} as const satisfies Record<string, Record<Lang, string>>;
