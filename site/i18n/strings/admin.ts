import { hasKey, lookup } from '../lookup.ts';
import { terms } from './terms.ts';
import { securityStrings } from './admin-security.ts';

/** The admin area's texts, Dutch (default) and English; self-contained so the public strings stay small. */
export type AdminLang = 'nl' | 'en';

const strings = {
  'admin.title': { nl: 'Beheer', en: 'Administration' },
  'admin.skip': { nl: 'Naar de inhoud', en: 'Skip to content' },
  'admin.nav': { nl: 'Beheermenu', en: 'Admin menu' },
  'admin.language': { nl: 'Taal', en: 'Language' },
  'nav.dashboard': { nl: 'Overzicht', en: 'Overview' },
  'nav.organisations': { nl: 'Organisaties', en: 'Organisations' },
  'nav.certifications': { nl: 'Certificeringen', en: 'Certifications' },
  'nav.events': { nl: 'Gebeurtenissen', en: 'Event log' },
  'nav.reports': { nl: 'Meldingen', en: 'Reports' },
  'nav.keys': { nl: 'Sleutels', en: 'Keys' },
  'nav.staff': { nl: 'Medewerkers', en: 'Staff' },
  'nav.tokens': { nl: 'API-tokens', en: 'API tokens' },
  'nav.import': { nl: 'CSV-import', en: 'CSV import' },
  'nav.audit': { nl: 'Auditlog', en: 'Audit log' },
  'nav.account': { nl: 'Mijn account', en: 'My account' },
  'nav.signOut': { nl: 'Afmelden', en: 'Sign out' },
  'nav.signedInAs': { nl: 'Aangemeld als {name} ({role})', en: 'Signed in as {name} ({role})' },
  'role.admin': { nl: 'beheerder', en: 'admin' },
  'role.assessor': { nl: 'beoordelaar', en: 'assessor' },
  'role.viewer': { nl: 'lezer', en: 'viewer' },

  'signIn.title': { nl: 'Aanmelden', en: 'Sign in' },
  'signIn.email': { nl: 'E-mailadres', en: 'E-mail address' },
  'signIn.password': { nl: 'Wachtwoord', en: 'Password' },
  'signIn.submit': { nl: 'Aanmelden', en: 'Sign in' },
  'signIn.invalid': {
    nl: 'E-mailadres of wachtwoord klopt niet.',
    en: 'E-mail address or password is wrong.',
  },
  'signIn.throttled': {
    nl: 'Te veel pogingen. Probeer het over {minutes} minuut/minuten opnieuw.',
    en: 'Too many attempts. Try again in {minutes} minute(s).',
  },
  'signIn.signedOut': { nl: 'U bent afgemeld.', en: 'You have signed out.' },
  'signIn.expired': { nl: 'Meld u opnieuw aan.', en: 'Please sign in again.' },

  'common.save': { nl: 'Opslaan', en: 'Save' },
  'common.add': { nl: 'Toevoegen', en: 'Add' },
  'common.remove': { nl: 'Verwijderen', en: 'Remove' },
  'common.search': { nl: 'Zoeken', en: 'Search' },
  'common.filter': { nl: 'Filteren', en: 'Filter' },
  'common.all': { nl: 'Alle', en: 'All' },
  'common.next': { nl: 'Volgende pagina', en: 'Next page' },
  'common.none': { nl: 'Niets gevonden.', en: 'Nothing found.' },
  'common.reason': { nl: 'Reden (verplicht)', en: 'Reason (required)' },
  'common.reasonHelp': {
    nl: 'Wordt vastgelegd in de hash-keten; bij statuswijzigingen ook openbaar getoond.',
    en: 'Recorded in the hash chain; for status changes also shown publicly.',
  },
  'common.reasonColumn': { nl: 'Reden', en: 'Reason' },
  'common.confirm': { nl: 'Ik begrijp de gevolgen', en: 'I understand the consequences' },
  'common.cancel': { nl: 'Annuleren', en: 'Cancel' },
  'common.done': { nl: 'Gedaan.', en: 'Done.' },
  'common.error': { nl: 'Dat is niet gelukt: {message}', en: 'That did not work: {message}' },
  'common.alreadyDone': { nl: 'Dit formulier is al verwerkt.', en: 'This form has already been processed.' },
  'common.yes': { nl: 'ja', en: 'yes' },
  'common.no': { nl: 'nee', en: 'no' },
  'common.never': { nl: 'nooit', en: 'never' },
  'common.actions': { nl: 'Acties', en: 'Actions' },
  'common.when': { nl: 'Wanneer', en: 'When' },
  'common.who': { nl: 'Wie', en: 'Who' },
  'common.what': { nl: 'Wat', en: 'What' },

  'dash.title': { nl: 'Overzicht', en: 'Overview' },
  'dash.certifications': { nl: 'Certificeringen per status', en: 'Certifications by status' },
  'dash.openReports': { nl: 'Open meldingen', en: 'Open reports' },
  'dash.consumer': { nl: 'van consumenten', en: 'from consumers' },
  'dash.signals': { nl: 'badge op vreemde sites', en: 'badge on foreign sites' },
  'dash.recent': { nl: 'Laatste wijzigingen', en: 'Latest changes' },

  // Statuses and assurance levels: the same words as the public pages (terms.ts).
  'status.pending': terms['status.pending'],
  'status.active': terms['status.active'],
  'status.suspended': terms['status.suspended'],
  'status.revoked': terms['status.revoked'],
  'status.expired': terms['status.expired'],
  'level.self_declared': terms['assurance.self_declared'],
  'level.reviewed': terms['assurance.reviewed'],
  'level.audited': terms['assurance.audited'],
  'result.met': { nl: 'voldaan', en: 'met' },
  'result.not_met': { nl: 'niet voldaan', en: 'not met' },
  'result.not_applicable': { nl: 'niet van toepassing', en: 'not applicable' },
  'result.none': { nl: 'niet beoordeeld', en: 'not assessed' },

  'org.title': { nl: 'Organisaties', en: 'Organisations' },
  'org.search': {
    nl: 'Naam, KvK/KBO-nummer, domein of telefoonnummer',
    en: 'Name, KvK/KBO number, domain or phone',
  },
  'org.new': { nl: 'Nieuwe organisatie', en: 'New organisation' },
  'org.legalName': { nl: 'Statutaire naam', en: 'Legal name' },
  'org.tradeNames': { nl: 'Handelsnamen (één per regel)', en: 'Trade names (one per line)' },
  'org.country': { nl: 'Land', en: 'Country' },
  'org.registryId': { nl: 'KvK-nummer of ondernemingsnummer', en: 'KvK number or enterprise number' },
  'org.city': { nl: 'Plaats', en: 'City' },
  'org.website': { nl: 'Website', en: 'Website' },
  'org.sector': { nl: 'Sector', en: 'Sector' },
  'org.outsourced': { nl: 'Uitbesteed klantcontactcentrum (BPO)', en: 'Outsourced contact centre (BPO)' },
  'org.domains': { nl: 'Domeinen waarop de badge mag staan', en: 'Domains where the badge may appear' },
  'org.domainsHelp': { nl: 'Eén per regel.', en: 'One per line.' },
  'org.hostname': { nl: 'Domein', en: 'Domain' },
  'org.channels': { nl: 'Officiële contactkanalen', en: 'Official contact channels' },
  'org.channelKind': { nl: 'Soort', en: 'Kind' },
  'org.channelValue': { nl: 'Nummer, domein of adres', en: 'Number, domain or address' },
  'org.channelLabel': { nl: 'Omschrijving', en: 'Label' },
  'channel.phone': { nl: 'telefoon', en: 'phone' },
  'channel.email_domain': { nl: 'e-maildomein', en: 'e-mail domain' },
  'channel.whatsapp': { nl: 'WhatsApp', en: 'WhatsApp' },
  'channel.chat_url': { nl: 'chat', en: 'chat' },
  'org.edit': { nl: 'Gegevens wijzigen', en: 'Edit details' },
  'org.certifications': { nl: 'Certificeringen', en: 'Certifications' },
  'org.apply': { nl: 'Aanvraag openen', en: 'Open an application' },
  'org.scheme': { nl: 'Keurmerk', en: 'Scheme' },
  'org.assurance': { nl: 'Zekerheidsniveau', en: 'Assurance level' },
  'org.merge': { nl: 'Dubbele samenvoegen', en: 'Merge a duplicate' },
  'org.mergeHelp': {
    nl: 'Deze organisatie gaat op in de organisatie hieronder: domeinen, kanalen, certificeringen en meldingen verhuizen mee, daarna wordt deze organisatie verwijderd.',
    en: 'This organisation is merged into the one below: domains, channels, certifications and reports move over, then this organisation is deleted.',
  },
  'org.mergeInto': { nl: 'Samenvoegen met (slug)', en: 'Merge into (slug)' },
  'org.public': { nl: 'Openbare pagina', en: 'Public page' },

  'cert.title': { nl: 'Certificeringen', en: 'Certifications' },
  'cert.organisation': { nl: 'Organisatie', en: 'Organisation' },
  'cert.status': { nl: 'Status', en: 'Status' },
  'cert.validity': { nl: 'Geldig', en: 'Valid' },
  'cert.criteria': { nl: 'Criteria en beoordeling', en: 'Criteria and assessment' },
  'cert.assess': { nl: 'Beoordeling vastleggen', en: 'Record assessment' },
  'cert.assessOnlyPending': {
    nl: 'Na toekenning verandert de beoordeling alleen bij verlenging.',
    en: 'Once granted, the assessment changes only with a renewal.',
  },
  'cert.note': { nl: 'Toelichting', en: 'Note' },
  'cert.history': { nl: 'Geschiedenis (hash-keten)', en: 'History (hash chain)' },
  'cert.credential': { nl: 'Uitgegeven credential', en: 'Issued credential' },
  'cert.noCredential': { nl: 'Geen geldige credential.', en: 'No live credential.' },
  'cert.actions': { nl: 'Status wijzigen', en: 'Change status' },
  'cert.noActions': {
    nl: 'Geen wijziging mogelijk in deze status.',
    en: 'No change is possible in this status.',
  },
  'cert.badge': { nl: 'Badge', en: 'Badge' },
  'action.grant': { nl: 'Toekennen', en: 'Grant' },
  'action.renew': { nl: 'Verlengen', en: 'Renew' },
  'action.suspend': { nl: 'Schorsen', en: 'Suspend' },
  'action.reinstate': { nl: 'Herstellen', en: 'Reinstate' },
  'action.revoke': { nl: 'Intrekken', en: 'Revoke' },
  'confirm.title': { nl: '{action}: {name}', en: '{action}: {name}' },
  'confirm.grant': {
    nl: 'De certificering wordt actief met een nieuwe geldigheidsperiode van {months} maanden. Er wordt een ondertekende Open Badges-credential uitgegeven; de badge toont direct "gecertificeerd" en de toekenning verschijnt met de reden in het openbare wijzigingslog.',
    en: 'The certification becomes active with a new validity period of {months} months. A signed Open Badges credential is issued; the badge shows "certified" at once and the grant appears with its reason in the public change log.',
  },
  'confirm.renew': {
    nl: 'Een nieuwe geldigheidsperiode van {months} maanden begint vandaag, op hetzelfde publieke id. Er wordt een nieuwe credential uitgegeven; de oude blijft geldig tot haar einddatum.',
    en: 'A new validity period of {months} months starts today, on the same public id. A new credential is issued; the old one stays valid until its end date.',
  },
  'confirm.suspend': {
    nl: 'De badge toont direct "niet gecertificeerd", de credential wordt in de statuslijst als ingetrokken gemarkeerd en de schorsing verschijnt met de reden in het openbare wijzigingslog. Herstellen blijft mogelijk.',
    en: 'The badge shows "not certified" at once, the credential is marked revoked in the status list and the suspension appears with its reason in the public change log. It can be reinstated.',
  },
  'confirm.reinstate': {
    nl: 'De certificering wordt weer actief binnen de lopende geldigheidsperiode. Er wordt een nieuwe credential uitgegeven (nieuw id, nieuwe plek in de statuslijst).',
    en: 'The certification becomes active again within its current validity period. A new credential is issued (new id, new status-list entry).',
  },
  'confirm.revoke': {
    nl: 'Intrekken is definitief. De badge toont direct "ingetrokken", de credential wordt in de statuslijst ingetrokken, verificatie geeft "ingetrokken" en de reden verschijnt in het openbare wijzigingslog. Voor een nieuwe certificering is een nieuwe aanvraag nodig.',
    en: 'Revocation is final. The badge shows "revoked" at once, the credential is revoked in the status list, verification answers "revoked" and the reason appears in the public change log. A new certification needs a new application.',
  },
  'confirm.submit': { nl: 'Bevestigen: {action}', en: 'Confirm: {action}' },
  'confirm.notAllowed': {
    nl: 'Dit kan niet in de huidige status ({status}).',
    en: 'This is not possible in the current status ({status}).',
  },
  'confirm.assessments': { nl: 'Beoordeling per criterium', en: 'Assessment per criterion' },

  'events.title': { nl: 'Gebeurtenissen', en: 'Event log' },
  'events.chainOk': {
    nl: 'Hash-keten intact: {count} gebeurtenissen gecontroleerd.',
    en: 'Hash chain intact: {count} events checked.',
  },
  'events.chainBroken': {
    nl: 'Hash-keten GEBROKEN bij gebeurtenis {id} ({reason}). De geschiedenis is gewijzigd.',
    en: 'Hash chain BROKEN at event {id} ({reason}). History has been altered.',
  },
  'events.kind': { nl: 'Soort', en: 'Kind' },

  'reports.title': { nl: 'Meldingen en signalen', en: 'Reports and signals' },
  'reports.state': { nl: 'Status', en: 'State' },
  'reports.source': { nl: 'Bron', en: 'Source' },
  'reports.consumer': { nl: 'consument', en: 'consumer' },
  'reports.badge_referer': { nl: 'badge op vreemde site', en: 'badge on foreign site' },
  'reports.open': { nl: 'open', en: 'open' },
  'reports.handled': { nl: 'afgehandeld', en: 'handled' },
  'reports.dismissed': { nl: 'afgewezen', en: 'dismissed' },
  'reports.markHandled': { nl: 'Afgehandeld', en: 'Handled' },
  'reports.dismiss': { nl: 'Afwijzen', en: 'Dismiss' },
  'reports.reopen': { nl: 'Heropenen', en: 'Reopen' },
  'reports.hits': { nl: '{hits} keer gezien', en: 'seen {hits} times' },
  'reports.hosts': { nl: '{count} sites', en: '{count} sites' },
  'reports.seenBetween': { nl: 'gezien van {first} tot {last}', en: 'seen from {first} to {last}' },

  'keys.title': { nl: 'Ondertekeningssleutels', en: 'Signing keys' },
  'keys.current': { nl: 'huidig', en: 'current' },
  'keys.retired': { nl: 'uit gebruik sinds {date}', en: 'retired {date}' },
  'keys.rotate': { nl: 'Sleutel vervangen', en: 'Rotate key' },
  'keys.rotateHelp': {
    nl: 'Er komt een nieuwe huidige sleutel; de oude blijft gepubliceerd zolang credentials die zij ondertekende geldig zijn. Badges krijgen bij hun volgende opvraging een credential met de nieuwe sleutel. Geen onderbreking.',
    en: 'A new current key is created; the old one stays published while credentials it signed are valid. Badges get a credential signed with the new key when next requested. No downtime.',
  },

  'staff.title': { nl: 'Medewerkers', en: 'Staff' },
  'staff.new': { nl: 'Medewerker toevoegen', en: 'Add staff member' },
  'staff.name': { nl: 'Naam', en: 'Name' },
  'staff.role': { nl: 'Rol', en: 'Role' },
  'staff.state': { nl: 'Status', en: 'State' },
  'staff.active': { nl: 'actief', en: 'active' },
  'staff.disabled': { nl: 'uitgeschakeld', en: 'disabled' },
  'staff.locked': { nl: 'geblokkeerd tot {date}', en: 'locked until {date}' },
  'staff.lastLogin': { nl: 'Laatst aangemeld', en: 'Last sign-in' },
  'staff.setRole': { nl: 'Rol wijzigen', en: 'Change role' },
  'staff.disable': { nl: 'Uitschakelen', en: 'Disable' },
  'staff.enable': { nl: 'Inschakelen', en: 'Enable' },
  'staff.unlock': { nl: 'Deblokkeren', en: 'Unlock' },
  'staff.resetPassword': { nl: 'Nieuw wachtwoord instellen', en: 'Set a new password' },
  'staff.signOut': { nl: 'Overal afmelden', en: 'Sign out everywhere' },
  'staff.passwordHelp': {
    nl: 'Minstens 12 tekens; geen veelgebruikt wachtwoord. Een zin van losse woorden werkt goed.',
    en: 'At least 12 characters; not a common password. A phrase of unrelated words works well.',
  },

  'tokens.title': { nl: 'API-tokens', en: 'API tokens' },
  'tokens.new': { nl: 'Token aanmaken', en: 'Create token' },
  'tokens.name': { nl: 'Naam', en: 'Name' },
  'tokens.expires': { nl: 'Verloopt op (leeg: nooit)', en: 'Expires on (empty: never)' },
  'tokens.created': {
    nl: 'Het token staat hieronder. Het wordt maar één keer getoond; bewaar het nu veilig.',
    en: 'The token is below. It is shown only once; store it safely now.',
  },
  'tokens.lastUsed': { nl: 'Laatst gebruikt', en: 'Last used' },
  'tokens.revoke': { nl: 'Intrekken', en: 'Revoke' },
  'tokens.revoked': { nl: 'ingetrokken', en: 'revoked' },
  'tokens.owner': { nl: 'Eigenaar', en: 'Owner' },
  'tokens.noOwner': { nl: 'geen eigenaar', en: 'no owner' },
  'tokens.cappedFrom': { nl: 'begrensd door de eigenaar; gemaakt als', en: 'capped by its owner; made as' },

  'import.title': { nl: 'CSV-import', en: 'CSV import' },
  'import.file': {
    nl: 'CSV-bestand (UTF-8, komma of puntkomma)',
    en: 'CSV file (UTF-8, comma or semicolon)',
  },
  'import.dryRun': { nl: 'Alleen controleren (niets opslaan)', en: 'Check only (write nothing)' },
  'import.submit': { nl: 'Importeren', en: 'Import' },
  'import.columns': { nl: 'Kolommen', en: 'Columns' },
  'import.help': {
    nl: 'Alles of niets: één fout regel en er wordt niets opgeslagen. Organisaties die er al zijn (zelfde land en nummer) blijven ongewijzigd, dus opnieuw importeren verandert niets. Lijsten scheidt u met |.',
    en: 'All or nothing: one bad row and nothing is stored. Organisations already present (same country and number) stay unchanged, so importing again changes nothing. Separate list items with |.',
  },
  'import.summary': {
    nl: '{rows} regels: {orgs} organisaties en {certs} certificeringen toegevoegd; {unchanged} waren er al.',
    en: '{rows} rows: added {orgs} organisations and {certs} certifications; {unchanged} already present.',
  },
  'import.drySummary': {
    nl: 'Controle geslaagd voor {rows} regels: zou {orgs} organisaties en {certs} certificeringen toevoegen; {unchanged} zijn er al. Er is niets opgeslagen.',
    en: 'Check passed for {rows} rows: would add {orgs} organisations and {certs} certifications; {unchanged} already present. Nothing was stored.',
  },
  'import.failed': {
    nl: '{count} fout(en); er is niets geïmporteerd.',
    en: '{count} error(s); nothing was imported.',
  },
  'import.line': { nl: 'Regel', en: 'Line' },
  'import.field': { nl: 'Kolom', en: 'Column' },

  'audit.title': { nl: 'Auditlog', en: 'Audit log' },
  'audit.chainOk': {
    nl: 'Auditketen intact: {count} regels gecontroleerd.',
    en: 'Audit chain intact: {count} entries checked.',
  },
  'audit.chainBroken': {
    nl: 'Auditketen GEBROKEN bij regel {id} ({reason}).',
    en: 'Audit chain BROKEN at entry {id} ({reason}).',
  },
  'audit.outcome': { nl: 'Uitkomst', en: 'Outcome' },
  'audit.client': { nl: 'Adres', en: 'Address' },
  'audit.target': { nl: 'Onderwerp', en: 'Target' },
  'audit.action': {
    nl: 'Filter op actie (bv. certification.)',
    en: 'Filter by action (e.g. certification.)',
  },

  'account.title': { nl: 'Mijn account', en: 'My account' },
  'account.password': { nl: 'Wachtwoord wijzigen', en: 'Change password' },
  'account.current': { nl: 'Huidig wachtwoord', en: 'Current password' },
  'account.new': { nl: 'Nieuw wachtwoord', en: 'New password' },
  'account.passwordChanged': {
    nl: 'Uw wachtwoord is gewijzigd; al uw sessies zijn beëindigd. Meld u opnieuw aan.',
    en: 'Your password has changed; all your sessions have ended. Please sign in again.',
  },
  'account.everywhere': { nl: 'Overal afmelden', en: 'Sign out everywhere' },
  'account.everywhereHelp': {
    nl: 'Beëindigt al uw sessies, ook deze (bijvoorbeeld na verlies van een laptop).',
    en: 'Ends all your sessions, this one included (for example after losing a laptop).',
  },
  ...securityStrings,
} as const satisfies Record<string, Record<AdminLang, string>>;

export type AdminKey = keyof typeof strings;

/** The admin text for `key`, with `{name}` placeholders filled in. */
export function at(lang: AdminLang, key: AdminKey, values: Record<string, string | number> = {}): string {
  return lookup(strings, lang, key, values);
}

/** For keys built from data (`status.${status}`): falls back to the raw value when there is no text. */
export function atDynamic(lang: AdminLang, key: string, fallback: string): string {
  return hasKey(strings, key) ? strings[key][lang] : fallback;
}
