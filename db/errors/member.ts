import { entry } from './entry.ts';

/** Member accounts: one-time links, the owner rule, memberships. */
export const MEMBER_ERRORS = {
  member_link_invalid: entry(
    410,
    'Link no longer valid',
    'Deze link is verlopen of al gebruikt. Vraag een nieuwe aan.',
    'This link has expired or has already been used. Ask for a new one.',
    'Ce lien a expiré ou a déjà été utilisé. Demandez-en un nouveau.',
  ),
  last_owner: entry(
    409,
    'Last owner',
    'Een organisatie met leden houdt altijd een eigenaar: draag het eigenaarschap eerst over.',
    'An organisation with members always keeps an owner: hand over ownership first.',
    "Une organisation avec des membres garde toujours un propriétaire : transférez d'abord la propriété.",
  ),
  already_member: entry(
    409,
    'Already a member',
    'Deze persoon hoort al bij de organisatie.',
    'This person already belongs to the organisation.',
    "Cette personne fait déjà partie de l'organisation.",
  ),
  email_taken: entry(
    409,
    'Address in use',
    'Dit e-mailadres hoort al bij een ander account.',
    'This e-mail address already belongs to another account.',
    'Cette adresse électronique appartient déjà à un autre compte.',
  ),
} as const;
