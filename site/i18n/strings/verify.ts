import type { Lang } from '../languages.ts';
import { hasKey, lookup } from '../lookup.ts';
import { LANGUAGES } from '../languages.ts';
import { terms, type TermKey } from './terms.ts';

const NOT_CERTIFIED = { nl: 'niet gecertificeerd', en: 'not certified', fr: 'non certifié' } as const;
const NOT_YET_CERTIFIED = {
  nl: 'nog niet gecertificeerd',
  en: 'not yet certified',
  fr: 'pas encore certifié',
} as const;

/** "Geschorst — niet gecertificeerd": the shared term, then what it means for the visitor. */
function withQualifier(term: TermKey, qualifier: Record<Lang, string>): Record<Lang, string> {
  return Object.fromEntries(
    LANGUAGES.map((lang) => [lang, `${terms[term][lang]} — ${qualifier[lang]}`]),
  ) as Record<Lang, string>;
}

/** The verify pages: live certification status, badge and token checks, contact-channel checks. */
export const verify = {
  'verify.title': { nl: 'Een badge controleren', en: 'Verify a badge', fr: 'Vérifier un badge' },
  'verify.intro': {
    nl: 'Upload een badge (SVG of PNG) of plak de code die erin zit. We controleren de handtekening, de geldigheid en de actuele status in het register.',
    en: 'Upload a badge (SVG or PNG) or paste the code it carries. We check its signature, its validity and its current status in the registry.',
    fr: 'Téléversez un badge (SVG ou PNG) ou collez le code qu’il contient. Nous vérifions sa signature, sa validité et son statut actuel dans le registre.',
  },
  'verify.pageTitle': {
    nl: 'Controle: {org}',
    en: 'Verification: {org}',
    fr: 'Vérification : {org}',
  },
  'address.title': {
    nl: 'Alleen echt op {host}',
    en: 'Genuine only at {host}',
    fr: 'Authentique uniquement sur {host}',
  },
  'address.body': {
    nl: 'Kijk in de adresbalk van uw browser: deze pagina is alleen echt als daar {host} staat. Oplichters zetten nagemaakte controlepagina’s op hun eigen website.',
    en: 'Look at your browser’s address bar: this page is only genuine when it shows {host}. Fraudsters put fake verification pages on their own websites.',
    fr: 'Regardez la barre d’adresse de votre navigateur : cette page n’est authentique que si elle affiche {host}. Des fraudeurs publient de fausses pages de vérification sur leurs propres sites.',
  },
  // The status words are the shared terms; a state that is not certified says so in words.
  'status.active': terms['status.active'],
  'status.suspended': withQualifier('status.suspended', NOT_CERTIFIED),
  'status.revoked': withQualifier('status.revoked', NOT_CERTIFIED),
  'status.expired': withQualifier('status.expired', NOT_CERTIFIED),
  'status.pending': withQualifier('status.pending', NOT_YET_CERTIFIED),
  'status.refused': withQualifier('status.refused', NOT_CERTIFIED),
  'verdict.valid': { nl: 'Echt en geldig', en: 'Genuine and valid', fr: 'Authentique et valide' },
  'verdict.invalid': {
    nl: 'Ongeldig — vertrouw deze badge niet',
    en: 'Invalid — do not trust this badge',
    fr: 'Invalide — ne vous fiez pas à ce badge',
  },
  'verdict.revoked': terms['status.revoked'],
  'verdict.suspended': terms['status.suspended'],
  'verdict.expired': terms['status.expired'],
  'verdict.not_yet_valid': { nl: 'Nog niet geldig', en: 'Not yet valid', fr: 'Pas encore valide' },
  'verdict.heading': { nl: 'Uitslag', en: 'Result', fr: 'Résultat' },
  'verdict.holder': {
    nl: 'Badge van {org}',
    en: 'Badge of {org}',
    fr: 'Badge de {org}',
  },
  'verdict.unknownHolder': {
    nl: 'Deze badge is niet uitgegeven door dit register.',
    en: 'This badge was not issued by this registry.',
    fr: 'Ce badge n’a pas été émis par ce registre.',
  },
  'facts.scheme': { nl: 'Keurmerk', en: 'Scheme', fr: 'Label' },
  'facts.schemeVersion': { nl: 'Beoordeeld volgens', en: 'Assessed against', fr: 'Évalué selon' },
  'facts.versionN': { nl: 'versie {n}', en: 'version {n}', fr: 'version {n}' },
  'facts.transition': {
    nl: 'Versie {current} is van kracht; herbeoordeling volgens die versie uiterlijk op {date}.',
    en: 'Version {current} is in force; re-assessment against it is due by {date}.',
    fr: 'La version {current} est en vigueur ; réévaluation selon celle-ci au plus tard le {date}.',
  },
  'facts.status': { nl: 'Status', en: 'Status', fr: 'Statut' },
  'facts.assurance': { nl: 'Zekerheid', en: 'Assurance', fr: 'Niveau d’assurance' },
  'assurance.self_declared': terms['assurance.self_declared'],
  'assurance.reviewed': terms['assurance.reviewed'],
  'assurance.audited': terms['assurance.audited'],
  'facts.validFrom': { nl: 'Geldig vanaf', en: 'Valid from', fr: 'Valide depuis' },
  'facts.validUntil': { nl: 'Geldig tot', en: 'Valid until', fr: 'Valide jusqu’au' },
  'facts.none': { nl: '—', en: '—', fr: '—' },
  'facts.publicId': { nl: 'Kenmerk', en: 'Reference', fr: 'Référence' },
  'facts.checkedAt': { nl: 'Gecontroleerd op', en: 'Checked at', fr: 'Vérifié le' },
  'facts.organisation': { nl: 'Organisatiepagina', en: 'Organisation page', fr: 'Page de l’organisation' },
  'criteria.title': {
    nl: 'Beloften en beoordeling',
    en: 'Promises and assessment',
    fr: 'Engagements et évaluation',
  },
  'criteria.criterion': { nl: 'Belofte', en: 'Promise', fr: 'Engagement' },
  'criteria.result': { nl: 'Resultaat', en: 'Result', fr: 'Résultat' },
  'result.met': { nl: '✓ Voldaan', en: '✓ Met', fr: '✓ Respecté' },
  'result.not_met': { nl: '✕ Niet voldaan', en: '✕ Not met', fr: '✕ Non respecté' },
  'result.not_applicable': { nl: '– Niet van toepassing', en: '– Not applicable', fr: '– Sans objet' },
  'result.none': { nl: '? Niet beoordeeld', en: '? Not assessed', fr: '? Non évalué' },
  'history.title': { nl: 'Geschiedenis', en: 'History', fr: 'Historique' },
  'history.when': { nl: 'Wanneer', en: 'When', fr: 'Quand' },
  'history.what': { nl: 'Wat', en: 'What', fr: 'Quoi' },
  'history.why': { nl: 'Reden', en: 'Reason', fr: 'Motif' },
  'event.created': { nl: 'Aangevraagd', en: 'Applied for', fr: 'Demandé' },
  'event.granted': { nl: 'Toegekend', en: 'Granted', fr: 'Accordé' },
  'event.renewed': { nl: 'Verlengd', en: 'Renewed', fr: 'Renouvelé' },
  'event.suspended': { nl: 'Geschorst', en: 'Suspended', fr: 'Suspendu' },
  'event.reinstated': { nl: 'Hersteld', en: 'Reinstated', fr: 'Rétabli' },
  'event.revoked': { nl: 'Ingetrokken', en: 'Revoked', fr: 'Retiré' },
  'status.remediationUntil': {
    nl: 'Geschorst — herstel tot {date}',
    en: 'Suspended — remediation until {date}',
    fr: 'Suspendu — remédiation jusqu’au {date}',
  },
  'event.renewal_under_review': {
    nl: 'Geldig, verlenging in behandeling',
    en: 'Valid, renewal under review',
    fr: 'Valide, renouvellement en cours d’examen',
  },
  'event.reinstated_after_objection': {
    nl: 'Hersteld na bezwaar',
    en: 'Reinstated after objection',
    fr: 'Rétabli après objection',
  },
  'domains.title': { nl: 'Geregistreerde domeinen', en: 'Registered domains', fr: 'Domaines enregistrés' },
  'domains.help': {
    nl: 'De badge van {org} hoort alleen op deze websites te staan:',
    en: 'The badge of {org} belongs only on these websites:',
    fr: 'Le badge de {org} ne doit figurer que sur ces sites :',
  },
  'domains.none': {
    nl: '{org} heeft geen website geregistreerd; een badge op een website is daarom altijd verdacht.',
    en: '{org} has registered no website, so a badge on any website is suspect.',
    fr: '{org} n’a enregistré aucun site ; un badge sur un site est donc toujours suspect.',
  },
  'referer.registered': {
    nl: 'U kwam van {host}, dat als domein van {org} geregistreerd is.',
    en: 'You came from {host}, which {org} has registered as its domain.',
    fr: 'Vous venez de {host}, que {org} a enregistré comme son domaine.',
  },
  'referer.unregisteredTitle': {
    nl: 'Let op: u kwam van {host}',
    en: 'Warning: you came from {host}',
    fr: 'Attention : vous venez de {host}',
  },
  'referer.unregistered': {
    nl: '{host} is geen domein van {org}: de badge hoort daar niet te staan. Misschien doet iemand zich voor als deze organisatie.',
    en: '{host} is not a domain of {org}: the badge does not belong there. Someone may be passing themselves off as this organisation.',
    fr: '{host} n’est pas un domaine de {org} : le badge n’a rien à y faire. Quelqu’un se fait peut-être passer pour cette organisation.',
  },
  'referer.report': { nl: 'Meld dit misbruik', en: 'Report this misuse', fr: 'Signaler cet abus' },
  'referer.none': {
    nl: 'Staat deze badge op een website die hieronder niet genoemd wordt? Meld het.',
    en: 'Did you see this badge on a website not listed below? Report it.',
    fr: 'Vous avez vu ce badge sur un site qui n’est pas listé ci-dessous ? Signalez-le.',
  },
  'form.file': {
    nl: 'Badgebestand (SVG of PNG)',
    en: 'Badge file (SVG or PNG)',
    fr: 'Fichier du badge (SVG ou PNG)',
  },
  'form.token': { nl: 'Of plak de code (JWT)', en: 'Or paste the code (JWT)', fr: 'Ou collez le code (JWT)' },
  'form.tokenHelp': {
    nl: 'Drie blokken tekens gescheiden door punten, beginnend met eyJ.',
    en: 'Three blocks of characters separated by dots, starting with eyJ.',
    fr: 'Trois blocs de caractères séparés par des points, commençant par eyJ.',
  },
  'form.submit': { nl: 'Controleren', en: 'Verify', fr: 'Vérifier' },
  'form.too_large': {
    nl: 'Het bestand is groter dan 1 MB; een badge is veel kleiner.',
    en: 'The file is larger than 1 MB; a badge is much smaller.',
    fr: 'Le fichier dépasse 1 Mo ; un badge est bien plus petit.',
  },
  'form.empty': {
    nl: 'Kies een badgebestand of plak een code.',
    en: 'Choose a badge file or paste a code.',
    fr: 'Choisissez un fichier de badge ou collez un code.',
  },
  'form.unreadable': {
    nl: 'Het formulier kon niet gelezen worden; probeer het opnieuw.',
    en: 'The form could not be read; please try again.',
    fr: 'Le formulaire n’a pas pu être lu ; veuillez réessayer.',
  },
  'form.rate_limited': {
    nl: 'Er zijn vanaf uw netwerk te veel controles gedaan. Probeer het over een minuut opnieuw.',
    en: 'Too many checks were made from your network. Please try again in a minute.',
    fr: 'Trop de vérifications ont été faites depuis votre réseau. Réessayez dans une minute.',
  },
  'form.busy': {
    nl: 'We controleren nu veel badges tegelijk. Probeer het over enkele seconden opnieuw.',
    en: 'We are checking many badges at once right now. Please try again in a few seconds.',
    fr: 'Nous vérifions beaucoup de badges en ce moment. Réessayez dans quelques secondes.',
  },
  'ourBadge.alt': {
    nl: '{org} — {scheme}: {status} (badge van het register)',
    en: '{org} — {scheme}: {status} (the registry’s badge)',
    fr: '{org} — {scheme} : {status} (badge du registre)',
  },
  'ourBadge.caption': {
    nl: 'Zo ziet de badge van {org} eruit volgens het register. Alleen deze afbeelding, van het register zelf, is gezaghebbend: lijkt de badge die u controleerde er niet op, vertrouw hem dan niet.',
    en: 'This is the badge of {org} as the registry shows it. Only this image, served by the registry itself, is authoritative: if the badge you checked does not look like it, do not trust it.',
    fr: 'Voici le badge de {org} tel que le registre le montre. Seule cette image, servie par le registre lui-même, fait foi : si le badge que vous avez vérifié ne lui ressemble pas, ne vous y fiez pas.',
  },
  'checks.title': { nl: 'Wat we controleerden', en: 'What we checked', fr: 'Ce que nous avons vérifié' },
  'checks.ok': { nl: 'in orde', en: 'passed', fr: 'réussi' },
  'checks.failed': { nl: 'afgekeurd', en: 'failed', fr: 'échoué' },
  'check.format': {
    nl: 'Vorm van badge en code',
    en: 'Badge and code format',
    fr: 'Format du badge et du code',
  },
  'check.algorithm': { nl: 'Ondertekeningsmethode', en: 'Signing method', fr: 'Méthode de signature' },
  'check.key': { nl: 'Sleutel van het register', en: 'Registry key', fr: 'Clé du registre' },
  'check.signature': { nl: 'Handtekening', en: 'Signature', fr: 'Signature' },
  'check.claims': { nl: 'Gegevens in de code', en: 'Data in the code', fr: 'Données du code' },
  'check.schema': {
    nl: 'Open Badges 3.0-formaat',
    en: 'Open Badges 3.0 format',
    fr: 'Format Open Badges 3.0',
  },
  'check.validity_period': { nl: 'Geldigheidsperiode', en: 'Validity period', fr: 'Période de validité' },
  'check.status_list': { nl: 'Intrekkingslijst', en: 'Revocation list', fr: 'Liste de révocation' },
  'check.registry_status': {
    nl: 'Status in het register',
    en: 'Status in the registry',
    fr: 'Statut dans le registre',
  },
  'check.badge_subject': {
    nl: 'Badge past bij houder',
    en: 'Badge matches holder',
    fr: 'Badge conforme au titulaire',
  },
  'check.transparency_log': {
    nl: 'Openbaar transparantielogboek',
    en: 'Public transparency log',
    fr: 'Journal de transparence public',
  },
  'transparency.included': {
    nl: 'De laatste wijziging van deze certificering staat als regel {index} in het openbare transparantielogboek van het register. Een ondertekend controlepunt over de eerste {size} regels bevat haar, en het bewijs daarvan klopt: het register kan deze geschiedenis niet meer stilletjes herschrijven.',
    en: 'The latest change of this certification is entry {index} of the registry’s public transparency log. A signed checkpoint of the first {size} entries includes it, and the proof of that holds: the registry can no longer quietly rewrite this history.',
    fr: 'La dernière modification de cette certification est l’entrée {index} du journal de transparence public du registre. Un point de contrôle signé des {size} premières entrées l’inclut, et la preuve en est valable : le registre ne peut plus réécrire discrètement cet historique.',
  },
  'transparency.pending': {
    nl: 'De laatste wijziging van deze certificering is vastgelegd en wordt binnen enkele seconden opgenomen in het volgende ondertekende controlepunt van het openbare transparantielogboek.',
    en: 'The latest change of this certification is recorded and will be included in the next signed checkpoint of the public transparency log within seconds.',
    fr: 'La dernière modification de cette certification est enregistrée et sera incluse dans quelques secondes dans le prochain point de contrôle signé du journal de transparence public.',
  },
  'transparency.failed': {
    nl: 'Het openbare transparantielogboek bevestigt de laatste wijziging van deze certificering niet. Vertrouw deze pagina niet zonder meer en neem contact op met het register.',
    en: 'The public transparency log does not confirm the latest change of this certification. Do not rely on this page alone, and contact the registry.',
    fr: 'Le journal de transparence public ne confirme pas la dernière modification de cette certification. Ne vous fiez pas à cette seule page et contactez le registre.',
  },
  'transparency.download': {
    nl: 'Bewijs downloaden (c2sp.org/tlog-proof@v1)',
    en: 'Download the proof (c2sp.org/tlog-proof@v1)',
    fr: 'Télécharger la preuve (c2sp.org/tlog-proof@v1)',
  },
  'transparency.downloadEntry': {
    nl: 'Bijbehorende logregel downloaden',
    en: 'Download the log entry it proves',
    fr: 'Télécharger l’entrée du journal qu’elle prouve',
  },
  'channel.title': {
    nl: 'Is dit nummer of adres echt van hen?',
    en: 'Is this number or address really theirs?',
    fr: 'Ce numéro ou cette adresse est-il vraiment le leur ?',
  },
  'channel.intro': {
    nl: 'Controleer of een telefoonnummer, WhatsApp-nummer, e-mailadres of website officieel bij een organisatie in het register hoort.',
    en: 'Check whether a phone number, WhatsApp number, e-mail address or website officially belongs to an organisation in the registry.',
    fr: 'Vérifiez si un numéro de téléphone, un numéro WhatsApp, une adresse électronique ou un site appartient officiellement à une organisation du registre.',
  },
  'channel.kind': {
    nl: 'Wat wilt u controleren?',
    en: 'What do you want to check?',
    fr: 'Que voulez-vous vérifier ?',
  },
  'channel.kind.phone': {
    nl: 'Telefoon- of WhatsApp-nummer',
    en: 'Phone or WhatsApp number',
    fr: 'Numéro de téléphone ou WhatsApp',
  },
  'channel.kind.email': { nl: 'E-mailadres', en: 'E-mail address', fr: 'Adresse électronique' },
  'channel.kind.url': {
    nl: 'Website of chatadres',
    en: 'Website or chat address',
    fr: 'Site ou adresse de chat',
  },
  'channel.value': { nl: 'Nummer of adres', en: 'Number or address', fr: 'Numéro ou adresse' },
  'channel.submit': { nl: 'Opzoeken', en: 'Look up', fr: 'Rechercher' },
  'channel.found': {
    nl: '{org} heeft {value} geregistreerd als officieel kanaal ({kind}).',
    en: '{org} has registered {value} as an official channel ({kind}).',
    fr: '{org} a enregistré {value} comme canal officiel ({kind}).',
  },
  'channel.notFound': {
    nl: '{value} staat niet in het register als officieel kanaal van een organisatie. Wees voorzichtig met het delen van gegevens.',
    en: '{value} is not in the registry as an official channel of any organisation. Be careful about sharing your details.',
    fr: '{value} ne figure pas dans le registre comme canal officiel d’une organisation. Soyez prudent avant de partager vos données.',
  },
  'channel.refused': {
    nl: 'Dit kunnen we niet lezen. Geef een nummer met landcode (+31 20 123 4567), een e-mailadres of een webadres.',
    en: 'We cannot read this. Give a number with its country code (+31 20 123 4567), an e-mail address or a web address.',
    fr: 'Nous ne pouvons pas lire ceci. Indiquez un numéro avec l’indicatif du pays (+32 2 123 45 67), une adresse électronique ou une adresse web.',
  },
  'channel.kindName.phone': { nl: 'telefoon', en: 'phone', fr: 'téléphone' },
  'channel.kindName.whatsapp': { nl: 'WhatsApp', en: 'WhatsApp', fr: 'WhatsApp' },
  'channel.kindName.email_domain': { nl: 'e-maildomein', en: 'e-mail domain', fr: 'domaine de courriel' },
  'channel.kindName.chat_url': { nl: 'chat', en: 'chat', fr: 'chat' },
  'channel.kindName.website_domain': { nl: 'website', en: 'website', fr: 'site web' },
  'notFound.title': {
    nl: 'Niet gevonden in het register',
    en: 'Not found in the registry',
    fr: 'Introuvable dans le registre',
  },
  'notFound.body': {
    nl: 'Er is geen certificering met dit kenmerk. Een badge die hiernaar verwijst is niet echt.',
    en: 'There is no certification with this reference. A badge that links here is not genuine.',
    fr: 'Aucune certification ne porte cette référence. Un badge qui renvoie ici n’est pas authentique.',
  },
  'verify.checkFile': {
    nl: 'Een badgebestand of code controleren',
    en: 'Verify a badge file or code',
    fr: 'Vérifier un fichier de badge ou un code',
  },
} as const satisfies Record<string, Record<Lang, string>>;

export type VerifyStringKey = keyof typeof verify;

/** The verify text for `key` in `lang`, with `{name}` placeholders filled in. */
export function vt(lang: Lang, key: VerifyStringKey, values: Record<string, string | number> = {}): string {
  return lookup(verify, lang, key, values);
}

/** Whether a key built from data (e.g. `check.${name}`) exists. */
export function isVerifyStringKey(key: string): key is VerifyStringKey {
  return hasKey(verify, key);
}

/** A page path in `lang` (Dutch, the default, has no prefix). */
export function verifyPath(lang: Lang, path: string): string {
  return lang === 'nl' ? path : `/${lang}${path}`;
}
