import { entry } from './entry.ts';

/** Evidence files of a certification case: type by content, size, and when they may change. */
export const EVIDENCE_ERRORS = {
  evidence_type_refused: entry(
    415,
    'File type not accepted',
    'Alleen PDF-, PNG- en JPEG-bestanden worden aanvaard; dit bestand is geen van die drie.',
    'Only PDF, PNG and JPEG files are accepted; this file is none of those.',
    'Seuls les fichiers PDF, PNG et JPEG sont acceptés ; ce fichier n’en est aucun.',
  ),
  evidence_polyglot: entry(
    415,
    'File refused',
    'Dit bestand bevat naast de PDF ook webpagina- of scriptcode en wordt daarom geweigerd. Sla het opnieuw op als gewone PDF.',
    'This file holds web-page or script code beside the PDF and is refused. Save it again as a plain PDF.',
    'Ce fichier contient du code de page web ou de script en plus du PDF et est refusé. Enregistrez-le de nouveau comme PDF simple.',
  ),
  evidence_too_large: entry(
    413,
    'File too large',
    'Een bestand mag hoogstens 10 MB groot zijn.',
    'A file may be at most 10 MB.',
    'Un fichier peut faire au plus 10 Mo.',
  ),
  evidence_case_full: entry(
    413,
    'Case full',
    'Alle bestanden van één dossier samen mogen hoogstens 50 MB zijn; verwijder eerst een bestand.',
    'All files of one case together may be at most 50 MB; remove a file first.',
    'Tous les fichiers d’un dossier ensemble peuvent faire au plus 50 Mo ; supprimez d’abord un fichier.',
  ),
  evidence_empty: entry(
    400,
    'No file',
    'Kies een bestand om te uploaden.',
    'Choose a file to upload.',
    'Choisissez un fichier à envoyer.',
  ),
  case_not_editable: entry(
    409,
    'Case cannot change now',
    'Dit dossier kan nu niet worden gewijzigd: het is ingediend of afgerond.',
    'This case cannot be changed now: it has been submitted or closed.',
    'Ce dossier ne peut pas être modifié maintenant : il a été soumis ou clôturé.',
  ),
} as const;
