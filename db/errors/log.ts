import { entry } from './entry.ts';

/** The transparency log: its tiles, proofs and checkpoint key. */
export const LOG_ERRORS = {
  invalid_log_path: entry(
    400,
    'Invalid log path',
    'Dit pad volgt de tegelindeling van het transparantielogboek niet.',
    'This path does not follow the tile layout of the transparency log.',
    'Ce chemin ne suit pas le découpage en tuiles du journal de transparence.',
  ),
  log_tile_not_found: entry(
    404,
    'Log tile not found',
    'Deze tegel bestaat (nog) niet in het transparantielogboek.',
    'This tile does not exist (yet) in the transparency log.',
    "Cette tuile n'existe pas (encore) dans le journal de transparence.",
  ),
  invalid_log_parameter: entry(
    400,
    'Invalid log parameter',
    'Een index of boomgrootte is een geheel getal vanaf 0.',
    'An index or tree size is a whole number from 0.',
    'Un index ou une taille d’arbre est un entier à partir de 0.',
  ),
  log_entry_not_found: entry(
    404,
    'Log entry not in a checkpoint',
    'Dit item staat (nog) niet in een ondertekend controlepunt van het logboek.',
    'This entry is not (yet) in a signed checkpoint of the log.',
    'Cette entrée ne figure pas (encore) dans un point de contrôle signé du journal.',
  ),
  log_tree_not_found: entry(
    404,
    'Log tree size not reached',
    'Het logboek heeft deze grootte nog niet bereikt in een ondertekend controlepunt.',
    'The log has not reached this size in a signed checkpoint.',
    "Le journal n'a pas encore atteint cette taille dans un point de contrôle signé.",
  ),
  log_not_ready: entry(
    503,
    'Log not ready',
    'Het transparantielogboek heeft nog geen ondertekend controlepunt.',
    'The transparency log has no signed checkpoint yet.',
    "Le journal de transparence n'a pas encore de point de contrôle signé.",
  ),
  log_key_unusable: entry(
    500,
    'Log key unusable',
    'De sleutel van het transparantielogboek is niet bruikbaar.',
    'The transparency log key cannot be used.',
    "La clé du journal de transparence n'est pas utilisable.",
  ),
} as const;
