import { entry } from './entry.ts';

/** The log monitor (`npm run log:monitor`) and the transparency page: what stops a check. */
export const MONITOR_ERRORS = {
  monitor_registry_unreachable: entry(
    502,
    'Registry unreachable',
    'Het register kon niet worden bereikt of gaf een onbruikbaar antwoord.',
    'The registry could not be reached or gave an unusable answer.',
    "Le registre n'a pas pu être joint ou a donné une réponse inutilisable.",
  ),
  monitor_state_unusable: entry(
    400,
    'Monitor state unusable',
    'Het statusbestand van de monitor is niet leesbaar of hoort bij een ander logboek.',
    'The monitor state file cannot be read or belongs to another log.',
    "Le fichier d'état du moniteur est illisible ou appartient à un autre journal.",
  ),
} as const;
