import { entry } from './entry.ts';

/** The member portal: domains with proof of control, badge sightings. */
export const PORTAL_ERRORS = {
  domain_proof_failed: entry(
    422,
    'Domain not proven',
    'Het bewijs voor dit domein is niet gevonden of klopt niet. De reden staat bij het domein.',
    'The proof for this domain was not found or does not match. The reason is shown with the domain.',
    'La preuve pour ce domaine est introuvable ou ne correspond pas. La raison est indiquée à côté du domaine.',
  ),
  domain_proof_too_soon: entry(
    429,
    'Proof tried too recently',
    'Dit domein is minder dan een minuut geleden al gecontroleerd. Probeer het over een minuut opnieuw.',
    'This domain was checked less than a minute ago. Try again in a minute.',
    'Ce domaine a été vérifié il y a moins d’une minute. Réessayez dans une minute.',
  ),
  domain_already_registered: entry(
    409,
    'Domain already registered',
    'Dit domein staat al bij uw organisatie.',
    'This domain is already registered for your organisation.',
    'Ce domaine est déjà enregistré pour votre organisation.',
  ),
  domain_claim_closed: entry(
    409,
    'Request already decided',
    'Over dit verzoek is al beslist.',
    'This request has already been decided.',
    'Cette demande a déjà fait l’objet d’une décision.',
  ),
} as const;
