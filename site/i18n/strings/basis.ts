import type { Lang } from '../languages.ts';
import { lookup } from '../lookup.ts';
import type { AssuranceLevel } from '../../../db/vocabulary.ts';

/**
 * What a criterion's result rests on (issue 18), shown on the organisation page, the verify page
 * and nowhere with its evidence. The words follow the assurance levels of `terms.ts` (the nl
 * "Zelfverklaring" is the same word), shortened to fit a table cell.
 */
export const basis = {
  'basis.column': { nl: 'Berust op', en: 'Rests on', fr: 'Repose sur' },
  'basis.self_declared': { nl: 'Zelfverklaring', en: 'Self-declared', fr: 'Auto-déclaration' },
  'basis.reviewed': { nl: 'Beoordeeld', en: 'Reviewed', fr: 'Examiné' },
  'basis.audited': { nl: 'Geaudit', en: 'Audited', fr: 'Audité' },
  'basis.none': { nl: '—', en: '—', fr: '—' },
  'basis.legend': {
    nl: 'Wat betekent “berust op”?',
    en: 'What does “rests on” mean?',
    fr: 'Que signifie « repose sur » ?',
  },
  'basis.explain.self_declared': {
    nl: 'De organisatie verklaart zelf dat ze aan dit criterium voldoet; de vereniging heeft dat niet gecontroleerd.',
    en: 'The organisation itself states that it meets this criterion; the association has not checked it.',
    fr: 'L’organisation déclare elle-même satisfaire à ce critère ; l’association ne l’a pas vérifié.',
  },
  'basis.explain.reviewed': {
    nl: 'De vereniging heeft de onderbouwing van de organisatie bekeken (bureaustudie), zonder audit ter plaatse.',
    en: 'The association examined the organisation’s evidence (desk review), without an on-site audit.',
    fr: 'L’association a examiné les justificatifs de l’organisation (examen documentaire), sans audit sur place.',
  },
  'basis.explain.audited': {
    nl: 'Een onafhankelijke auditor heeft het criterium gecontroleerd.',
    en: 'An independent auditor checked the criterion.',
    fr: 'Un auditeur indépendant a contrôlé le critère.',
  },
  'basis.private': {
    nl: 'De onderbouwing zelf (documenten en opmerkingen van beoordelaars) is niet openbaar.',
    en: 'The evidence itself (documents and reviewers’ comments) is not public.',
    fr: 'Les justificatifs eux-mêmes (documents et commentaires des examinateurs) ne sont pas publics.',
  },
} as const satisfies Record<string, Record<Lang, string>>;

export type BasisStringKey = keyof typeof basis;

/** A text of the basis column or its legend. */
export function basisText(lang: Lang, key: BasisStringKey): string {
  return lookup(basis, lang, key);
}

/** The table cell: what one criterion's result rests on, or a dash while it is not assessed. */
export function basisLabel(lang: Lang, level: AssuranceLevel | null): string {
  return basisText(lang, level ? `basis.${level}` : 'basis.none');
}
