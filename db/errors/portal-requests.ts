import { entry } from './entry.ts';

/** The member portal's requests to the association: channels and identity changes. */
export const PORTAL_REQUEST_ERRORS = {
  request_decided: entry(
    409,
    'Request already decided',
    'Over dit verzoek is al beslist.',
    'This request has already been decided.',
    'Cette demande a déjà été tranchée.',
  ),
  channel_requested: entry(
    409,
    'Channel already requested',
    'Voor dit contactkanaal loopt al een verzoek.',
    'A request for this contact channel is already waiting.',
    'Une demande pour ce canal de contact est déjà en attente.',
  ),
  nothing_to_change: entry(
    400,
    'Nothing to change',
    'Dit verzoek verandert niets: geef een andere naam of een ander nummer.',
    'This request changes nothing: give another name or number.',
    'Cette demande ne change rien : indiquez un autre nom ou un autre numéro.',
  ),
} as const;
