import { entry } from './entry.ts';

// Most file errors share one public message: the detail (English, in `detail`) names the defect.
const svg = (title: string) =>
  entry(
    400,
    title,
    'Dit SVG-bestand is geen leesbare badge.',
    'This SVG file is not a readable badge.',
    "Ce fichier SVG n'est pas un badge lisible.",
  );
const png = (title: string) =>
  entry(
    400,
    title,
    'Dit PNG-bestand is geen leesbare badge.',
    'This PNG file is not a readable badge.',
    "Ce fichier PNG n'est pas un badge lisible.",
  );

/** Badge files, credentials, status lists and signing keys. */
export const BADGE_ERRORS = {
  svg_root: svg('Not an SVG badge'),
  svg_already_baked: svg('SVG already baked'),
  svg_doctype: svg('SVG with a DOCTYPE'),
  svg_malformed: svg('Malformed SVG'),
  png_signature: png('Not a PNG'),
  png_truncated: png('Truncated PNG'),
  png_chunk_length: png('Bad PNG chunk length'),
  png_crc: png('Bad PNG checksum'),
  png_structure: png('Bad PNG structure'),
  png_text_chunk: png('Bad PNG text chunk'),
  png_already_baked: png('PNG already baked'),
  verify_busy: entry(
    503,
    'Verification busy',
    'Het register leest op dit moment veel badgebestanden; probeer het zo opnieuw.',
    'The registry is reading many badge files right now; try again in a moment.',
    'Le registre lit en ce moment de nombreux fichiers de badge ; réessayez dans un instant.',
  ),
  badge_jwt_format: entry(
    400,
    'Not a credential',
    'De badge bevat geen leesbaar bewijs (compacte JWS).',
    'The badge holds no readable credential (compact JWS).',
    "Le badge ne contient pas d'attestation lisible (JWS compact).",
  ),
  // The registry's capacity, not the request, is at fault: 503, whoever hits it.
  status_list_full: entry(
    503,
    'Status list full',
    'De statuslijst heeft geen vrije plaats meer; probeer het later opnieuw.',
    'The status list has no free index left; try again later.',
    "La liste de statuts n'a plus d'index libre ; réessayez plus tard.",
  ),
  status_list_invalid: entry(
    422,
    'Invalid status list',
    'Deze statuslijst kan niet worden gelezen.',
    'This status list cannot be decoded.',
    'Cette liste de statuts ne peut pas être décodée.',
  ),
  signing_key_invalid: entry(
    500,
    'Signing key unusable',
    'De sleutel van het register kan geen badges ondertekenen.',
    'The registry’s key cannot sign badges.',
    'La clé du registre ne peut pas signer de badges.',
  ),
} as const;
