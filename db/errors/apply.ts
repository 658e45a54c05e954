import { entry } from './entry.ts';

/** The public application form and the requests for access to an organisation already registered. */
export const APPLY_ERRORS = {
  application_link_invalid: entry(
    410,
    'Confirmation link no longer valid',
    'Deze bevestigingslink is verlopen of al gebruikt. Vul het aanvraagformulier opnieuw in.',
    'This confirmation link has expired or has already been used. Fill in the application form again.',
    'Ce lien de confirmation a expiré ou a déjà été utilisé. Remplissez de nouveau le formulaire de demande.',
  ),
  scheme_not_open: entry(
    404,
    'Scheme not open for applications',
    'Voor deze regeling kan nu niet worden aangevraagd.',
    'This scheme does not take applications now.',
    'Ce référentiel n’accepte pas de demandes pour le moment.',
  ),
  access_request_closed: entry(
    409,
    'Request already handled',
    'Dit verzoek om toegang is al behandeld.',
    'This request for access has already been handled.',
    'Cette demande d’accès a déjà été traitée.',
  ),
} as const;
