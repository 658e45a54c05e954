import { entry } from './entry.ts';

/** Witnessing other logs (C2SP tlog-witness) and being witnessed. */
export const WITNESS_ERRORS = {
  witness_bad_request: entry(
    400,
    'Malformed add-checkpoint request',
    'Dit verzoek volgt de vorm van add-checkpoint niet (oude grootte, bewijsregels, lege regel, controlepunt).',
    'This request does not follow the add-checkpoint format (old size, proof lines, blank line, checkpoint).',
    'Cette requête ne suit pas le format add-checkpoint (ancienne taille, lignes de preuve, ligne vide, point de contrôle).',
  ),
  witness_unknown_log: entry(
    404,
    'Unknown log',
    'Deze getuige kent het logboek van dit controlepunt niet.',
    'This witness does not know the log of this checkpoint.',
    'Ce témoin ne connaît pas le journal de ce point de contrôle.',
  ),
  witness_bad_signature: entry(
    403,
    'Checkpoint not signed by the log',
    'Het controlepunt draagt geen geldige handtekening van een vertrouwde sleutel van het logboek.',
    'The checkpoint carries no valid signature of a trusted key of the log.',
    'Le point de contrôle ne porte aucune signature valide d’une clé de confiance du journal.',
  ),
  witness_size_conflict: entry(
    409,
    'Old size does not match',
    'De oude grootte is niet de grootte die deze getuige het laatst medeondertekende.',
    'The old size is not the size this witness last cosigned.',
    'L’ancienne taille n’est pas celle que ce témoin a cosignée en dernier.',
  ),
  witness_inconsistent: entry(
    422,
    'Checkpoint not consistent',
    'Het controlepunt is niet consistent met wat deze getuige eerder medeondertekende.',
    'The checkpoint is not consistent with what this witness cosigned before.',
    'Le point de contrôle n’est pas cohérent avec ce que ce témoin a cosigné auparavant.',
  ),
  witness_key_unusable: entry(
    500,
    'Witness key unusable',
    'De sleutel van de getuige is niet bruikbaar.',
    'The witness key cannot be used.',
    'La clé du témoin n’est pas utilisable.',
  ),
} as const;
