import { entry } from './entry.ts';

/** Errors of the staff second factor (TOTP app, passkey, recovery codes). */
export const SECOND_FACTOR_ERRORS = {
  second_factor_invalid: entry(
    401,
    'Second factor refused',
    'Die code klopt niet (of is al gebruikt).',
    'That code is not right (or has been used already).',
    "Ce code n'est pas correct (ou a déjà été utilisé).",
  ),
  totp_unreadable: entry(
    409,
    'Authenticator app unreadable',
    'Uw authenticator-app kan niet worden gecontroleerd (de sleutel van het register is gewijzigd). Gebruik een passkey of herstelcode, of vraag een beheerder uw tweede factor te herstellen.',
    "Your authenticator app cannot be checked (the registry's key has changed). Use a passkey or a recovery code, or ask an admin to reset your second factor.",
    "Votre application d'authentification ne peut pas être vérifiée (la clé du registre a changé). Utilisez une clé d'accès ou un code de récupération, ou demandez à un administrateur de réinitialiser votre second facteur.",
  ),
  totp_already_enrolled: entry(
    409,
    'Authenticator app already set up',
    'U heeft al een authenticator-app; verwijder die eerst.',
    'You already have an authenticator app; remove it first.',
    "Vous avez déjà une application d'authentification ; supprimez-la d'abord.",
  ),
  totp_not_pending: entry(
    409,
    'No authenticator app being set up',
    'Er wordt geen authenticator-app ingesteld; begin opnieuw.',
    'No authenticator app is being set up; start again.',
    "Aucune application d'authentification n'est en cours de configuration ; recommencez.",
  ),
  second_factor_last: entry(
    409,
    'Last second factor',
    'Dit is uw laatste tweede factor en een tweede factor is verplicht; voeg eerst een andere toe.',
    'This is your last second factor and a second factor is required; add another one first.',
    "C'est votre dernier second facteur et un second facteur est obligatoire ; ajoutez-en d'abord un autre.",
  ),
} as const;
