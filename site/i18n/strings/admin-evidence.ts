/** The admin evidence page of a case (Dutch and English, like the rest of the admin area). */
export const evidenceAdminStrings = {
  'evidence.title': { nl: 'Bewijsstukken van dossier {id}', en: 'Evidence files of case {id}' },
  'evidence.intro': {
    nl: 'Alleen voor medewerkers en de leden van de organisatie; nooit openbaar. Bestanden worden altijd als download geopend.',
    en: 'Only for staff and the organisation’s members; never public. Files always open as a download.',
  },
  'evidence.none': { nl: 'Nog geen bestanden.', en: 'No files yet.' },
  'evidence.file': { nl: 'Bestand', en: 'File' },
  'evidence.purpose': { nl: 'Doel', en: 'Purpose' },
  'evidence.criterion': { nl: 'Criterium', en: 'Criterion' },
  'evidence.size': { nl: 'Grootte', en: 'Size' },
  'evidence.by': { nl: 'Door', en: 'By' },
  'evidence.sha256': { nl: 'SHA-256', en: 'SHA-256' },
  'evidence.addReport': { nl: 'Auditrapport toevoegen', en: 'Add an audit report' },
  'evidence.upload': { nl: 'Uploaden', en: 'Upload' },
  'evidence.added': { nl: 'Het bestand is toegevoegd.', en: 'The file has been added.' },
  'evidence.organisation': { nl: 'Organisatie', en: 'Organisation' },
} as const;
