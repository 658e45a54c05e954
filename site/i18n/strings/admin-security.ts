/** Admin texts of the second factor: the sign-in's second step and the security page (nl, en). */
export const securityStrings = {
  'nav.security': { nl: 'Beveiliging', en: 'Security' },

  'verify.title': { nl: 'Tweede stap', en: 'Second step' },
  'verify.intro': {
    nl: 'Uw wachtwoord klopt. Bevestig nu dat u het bent met uw authenticator-app of passkey.',
    en: 'Your password is right. Now confirm it is you with your authenticator app or passkey.',
  },
  'verify.totp': { nl: 'Code uit uw authenticator-app', en: 'Code from your authenticator app' },
  'verify.totpHelp': {
    nl: 'Zes cijfers; de code wisselt elke 30 seconden.',
    en: 'Six digits; the code changes every 30 seconds.',
  },
  'verify.submit': { nl: 'Bevestigen', en: 'Confirm' },
  'verify.passkey': { nl: 'Met een passkey', en: 'With a passkey' },
  'verify.passkeyButton': { nl: 'Passkey gebruiken', en: 'Use a passkey' },
  'verify.recovery': { nl: 'Met een herstelcode', en: 'With a recovery code' },
  'verify.recoveryCode': { nl: 'Herstelcode', en: 'Recovery code' },
  'verify.recoveryHelp': {
    nl: 'Elke herstelcode werkt één keer. Maak daarna nieuwe aan op de beveiligingspagina.',
    en: 'Each recovery code works once. Make new ones on the security page afterwards.',
  },
  'verify.invalid': {
    nl: 'Dat klopt niet (of de code is al gebruikt). Probeer het opnieuw.',
    en: 'That is not right (or the code was used already). Please try again.',
  },
  'verify.lost': {
    nl: 'Alles kwijt? Een beheerder kan uw tweede factor herstellen; daarna stelt u bij het aanmelden een nieuwe in.',
    en: 'Lost everything? An admin can reset your second factor; you then set up a new one when you sign in.',
  },

  'passkey.unsupported': {
    nl: 'Deze browser ondersteunt geen passkeys (of JavaScript staat uit).',
    en: 'This browser does not support passkeys (or JavaScript is off).',
  },
  'passkey.waiting': { nl: 'Volg de aanwijzingen van uw browser…', en: 'Follow your browser’s prompts…' },
  'passkey.failed': {
    nl: 'De passkey is niet gebruikt (geannuleerd of mislukt). Probeer het opnieuw.',
    en: 'The passkey was not used (cancelled or failed). Please try again.',
  },

  'security.title': { nl: 'Beveiliging', en: 'Security' },
  'security.mustEnrol': {
    nl: 'Een tweede factor is verplicht. Stel een authenticator-app of passkey in om verder te gaan.',
    en: 'A second factor is required. Set up an authenticator app or a passkey to continue.',
  },
  'security.totp': { nl: 'Authenticator-app (TOTP)', en: 'Authenticator app (TOTP)' },
  'security.totpOn': { nl: 'Ingesteld.', en: 'Set up.' },
  'security.totpOff': { nl: 'Niet ingesteld.', en: 'Not set up.' },
  'security.totpSetUp': { nl: 'Authenticator-app instellen', en: 'Set up an authenticator app' },
  'security.totpRemove': { nl: 'Authenticator-app verwijderen', en: 'Remove the authenticator app' },
  'security.passkeys': { nl: 'Passkeys', en: 'Passkeys' },
  'security.passkeysNone': { nl: 'Nog geen passkeys.', en: 'No passkeys yet.' },
  'security.passkeyName': { nl: 'Naam van de passkey', en: 'Name of the passkey' },
  'security.passkeyNameHelp': {
    nl: 'Bijvoorbeeld “laptop” of “beveiligingssleutel”, zodat u ze uit elkaar houdt.',
    en: 'For example “laptop” or “security key”, so you can tell them apart.',
  },
  'security.passkeyAdd': { nl: 'Passkey toevoegen', en: 'Add a passkey' },
  'security.passkeyCreated': { nl: 'Toegevoegd', en: 'Added' },
  'security.passkeyUsed': { nl: 'Laatst gebruikt', en: 'Last used' },
  'security.passkeyRemove': { nl: 'Verwijderen: {name}', en: 'Remove: {name}' },
  'security.passkeysUnavailable': {
    nl: 'Passkeys werken alleen op een adres met een hostnaam; dit register draait op een IP-adres (PUBLIC_URL).',
    en: 'Passkeys only work on an address with a host name; this registry runs on an IP address (PUBLIC_URL).',
  },
  'security.recovery': { nl: 'Herstelcodes', en: 'Recovery codes' },
  'security.recoveryLeft': {
    nl: 'Nog {count} ongebruikte herstelcode(s).',
    en: '{count} unused recovery code(s) left.',
  },
  'security.recoveryRegenerate': { nl: 'Nieuwe herstelcodes maken', en: 'Make new recovery codes' },
  'security.recoveryRegenerateHelp': {
    nl: 'De oude codes werken daarna niet meer.',
    en: 'The old codes stop working.',
  },
  'security.codesTitle': { nl: 'Uw herstelcodes', en: 'Your recovery codes' },
  'security.codesHelp': {
    nl: 'Bewaar deze codes op een veilige plek. Ze worden maar één keer getoond; elke code werkt één keer als u uw app of passkey kwijt bent.',
    en: 'Keep these codes somewhere safe. They are shown only this once; each code works once if you lose your app or passkey.',
  },
  'security.continue': { nl: 'Verder', en: 'Continue' },
  'security.recoveryUsed': {
    nl: 'U bent aangemeld met een herstelcode. Die code werkt niet meer; maak zo nodig nieuwe.',
    en: 'You signed in with a recovery code. That code no longer works; make new ones if needed.',
  },

  'totp.title': { nl: 'Authenticator-app instellen', en: 'Set up an authenticator app' },
  'totp.step1': {
    nl: 'Scan deze QR-code met uw authenticator-app (bijvoorbeeld FreeOTP, Aegis of die van uw telefoon).',
    en: 'Scan this QR code with your authenticator app (for example FreeOTP, Aegis or your phone’s own).',
  },
  'totp.qrAlt': {
    nl: 'QR-code met de geheime sleutel voor uw authenticator-app',
    en: 'QR code holding the secret key for your authenticator app',
  },
  'totp.manual': { nl: 'Of typ deze sleutel in:', en: 'Or type in this key:' },
  'totp.step2': { nl: 'Typ de code die de app nu toont.', en: 'Type the code the app shows now.' },
  'totp.code': { nl: 'Code', en: 'Code' },
  'totp.confirm': { nl: 'Instellen', en: 'Set up' },
  'totp.done': { nl: 'Uw authenticator-app is ingesteld.', en: 'Your authenticator app is set up.' },

  'staff.resetSecondFactor': { nl: 'Tweede factor herstellen', en: 'Reset second factor' },
  'staff.resetSecondFactorHelp': {
    nl: 'Verwijdert app, passkeys en herstelcodes en meldt de medewerker overal af.',
    en: 'Removes app, passkeys and recovery codes and signs the person out everywhere.',
  },
} as const;
