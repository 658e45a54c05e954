import { entry } from './entry.ts';

/** Refusals of the scheme editor: published versions are history, drafts are not public. */
export const SCHEME_ERRORS = {
  scheme_version_published: entry(
    409,
    'Published version cannot change',
    'Versie {version} van deze regeling is gepubliceerd en kan niet meer veranderen; bewerk een nieuw concept.',
    'Version {version} of this scheme is published and cannot change; edit a new draft instead.',
    'La version {version} de ce référentiel est publiée et ne peut plus changer ; modifiez un nouveau brouillon.',
  ),
  scheme_exists: entry(
    409,
    'Scheme exists',
    'Er bestaat al een regeling met de code {slug}.',
    'A scheme with the slug {slug} already exists.',
    'Un référentiel avec le code {slug} existe déjà.',
  ),
  scheme_draft_exists: entry(
    409,
    'Draft exists',
    'Deze regeling heeft al een concept (versie {version}); bewerk of publiceer dat eerst.',
    'This scheme already has a draft (version {version}); edit or publish it first.',
    'Ce référentiel a déjà un brouillon (version {version}) ; modifiez-le ou publiez-le d’abord.',
  ),
  scheme_not_published: entry(
    409,
    'Scheme not published',
    'Deze regeling heeft nog geen gepubliceerde versie; certificeren kan pas na publicatie.',
    'This scheme has no published version yet; certify against it once it is published.',
    "Ce référentiel n'a pas encore de version publiée ; la certification n'est possible qu'après publication.",
  ),
  transition_date_too_soon: entry(
    400,
    'Transition date too soon',
    'Kies een overgangsdatum minstens {days} dagen na vandaag: gecertificeerde leden hebben tijd nodig voor een herbeoordeling.',
    'Choose a transition date at least {days} days from today: certified members need time to be re-assessed.',
    "Choisissez une date de transition au moins {days} jours après aujourd'hui : les membres certifiés ont besoin de temps pour être réévalués.",
  ),
} as const;
