import { entry } from './entry.ts';

/** Errors of passkeys (WebAuthn), shared by staff and member accounts. */
export const WEBAUTHN_ERRORS = {
  passkeys_unavailable: entry(
    409,
    'Passkeys unavailable',
    'Passkeys werken alleen op een adres met een hostnaam; dit register draait op een IP-adres.',
    'Passkeys only work on an address with a host name; this registry runs on an IP address.',
    "Les clés d'accès ne fonctionnent qu'avec un nom d'hôte ; ce registre tourne sur une adresse IP.",
  ),
  webauthn_refused: entry(
    400,
    'Passkey response refused',
    'De passkey kon niet worden gecontroleerd. Probeer het opnieuw.',
    'The passkey could not be verified. Please try again.',
    "La clé d'accès n'a pas pu être vérifiée. Veuillez réessayer.",
  ),
  passkey_exists: entry(
    409,
    'Passkey already registered',
    'Deze passkey is al geregistreerd.',
    'This passkey is already registered.',
    "Cette clé d'accès est déjà enregistrée.",
  ),
  passkey_not_found: entry(
    404,
    'Passkey not found',
    'Deze passkey bestaat niet (meer).',
    'This passkey does not exist (any more).',
    "Cette clé d'accès n'existe pas (ou plus).",
  ),
} as const;
