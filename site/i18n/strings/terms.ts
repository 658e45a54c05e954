import type { Lang } from '../languages.ts';
import type { AssuranceLevel, KnownSector, Status } from '../../../db/vocabulary.ts';

/**
 * The registry's domain terms: statuses, assurance levels and known sectors, each with exactly one
 * text per language. Public pages, the verify page and the admin all take their words from here,
 * so one status or level can no longer be called two things on two pages.
 */
export const terms = {
  'status.pending': { nl: 'In behandeling', en: 'Pending', fr: 'En cours' },
  'status.active': { nl: 'Gecertificeerd', en: 'Certified', fr: 'Certifié' },
  'status.suspended': { nl: 'Geschorst', en: 'Suspended', fr: 'Suspendu' },
  'status.revoked': { nl: 'Ingetrokken', en: 'Revoked', fr: 'Révoqué' },
  'status.expired': { nl: 'Verlopen', en: 'Expired', fr: 'Expiré' },
  'status.refused': { nl: 'Afgewezen', en: 'Refused', fr: 'Refusé' },
  'status.none': { nl: 'Geen certificering', en: 'No certification', fr: 'Aucune certification' },
  'assurance.self_declared': { nl: 'Zelfverklaring', en: 'Self-declared', fr: 'Auto-déclaration' },
  'assurance.reviewed': {
    nl: 'Beoordeeld door de vereniging',
    en: 'Reviewed by the association',
    fr: 'Examiné par l’association',
  },
  'assurance.audited': { nl: 'Onafhankelijke audit', en: 'Independent audit', fr: 'Audit indépendant' },
  'sector.energy': { nl: 'Energie', en: 'Energy', fr: 'Énergie' },
  'sector.telecom': { nl: 'Telecom', en: 'Telecoms', fr: 'Télécommunications' },
  'sector.insurance': { nl: 'Verzekeringen', en: 'Insurance', fr: 'Assurances' },
  'sector.banking': { nl: 'Bankwezen', en: 'Banking', fr: 'Banque' },
  'sector.retail': { nl: 'Detailhandel', en: 'Retail', fr: 'Commerce de détail' },
  'sector.travel': { nl: 'Reizen', en: 'Travel', fr: 'Voyages' },
  'sector.healthcare': { nl: 'Zorg', en: 'Healthcare', fr: 'Soins de santé' },
  'sector.public': { nl: 'Overheid', en: 'Public sector', fr: 'Secteur public' },
  'sector.utilities': { nl: 'Nutsbedrijven', en: 'Utilities', fr: 'Services d’utilité publique' },
  'sector.logistics': { nl: 'Logistiek', en: 'Logistics', fr: 'Logistique' },
} as const satisfies Record<
  `status.${Status | 'none'}` | `assurance.${AssuranceLevel}` | `sector.${KnownSector}`,
  Record<Lang, string>
>;

export type TermKey = keyof typeof terms;

/** The label of a certification status. */
export function statusLabel(lang: Lang, status: Status | 'none'): string {
  return terms[`status.${status}`][lang];
}

/** The label of an assurance level. */
export function assuranceLabel(lang: Lang, level: AssuranceLevel): string {
  return terms[`assurance.${level}`][lang];
}

/** A sector in `lang` when it is one we know; free text typed by the association is shown as written. */
export function sectorLabel(lang: Lang, sector: string): string {
  const key = `sector.${sector}`;
  return Object.hasOwn(terms, key) ? terms[key as TermKey][lang] : sector;
}
