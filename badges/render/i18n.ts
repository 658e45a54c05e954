import type { BadgeLang, BadgeState } from './badge-view.ts';
import { formatRegistryDate } from '../../db/values/registry-date.ts';

interface BadgeTexts {
  status: Readonly<Record<BadgeState, string>>;
  /** Second status line of every state that is not `active`: the badge must never read as certified. */
  notCertified: string;
  validUntil: (date: string) => string;
  /** Shorter form for small badges. */
  until: (date: string) => string;
  checkAt: (host: string) => string;
  /** BCP 47 tag for date formatting. */
  locale: string;
}

const TEXTS: Readonly<Record<BadgeLang, BadgeTexts>> = {
  nl: {
    status: {
      active: 'Gecertificeerd',
      pending: 'In behandeling',
      suspended: 'Geschorst',
      revoked: 'Ingetrokken',
      expired: 'Verlopen',
      not_found: 'Niet gevonden in het register',
    },
    notCertified: 'Niet gecertificeerd',
    validUntil: (d) => `geldig tot ${d}`,
    until: (d) => `tot ${d}`,
    checkAt: (h) => `controleer op ${h}`,
    locale: 'nl-NL',
  },
  en: {
    status: {
      active: 'Certified',
      pending: 'Pending',
      suspended: 'Suspended',
      revoked: 'Revoked',
      expired: 'Expired',
      not_found: 'Not found in the registry',
    },
    notCertified: 'Not certified',
    validUntil: (d) => `valid until ${d}`,
    until: (d) => `until ${d}`,
    checkAt: (h) => `check at ${h}`,
    locale: 'en-GB',
  },
  fr: {
    status: {
      active: 'Certifié',
      pending: 'En attente',
      suspended: 'Suspendu',
      revoked: 'Révoqué',
      expired: 'Expiré',
      not_found: 'Introuvable dans le registre',
    },
    notCertified: 'Non certifié',
    validUntil: (d) => `valable jusqu’au ${d}`,
    until: (d) => `jusqu’au ${d}`,
    checkAt: (h) => `vérifier sur ${h}`,
    locale: 'fr-BE',
  },
};

/** Short, unambiguous date in the badge language, e.g. "31 dec 2026", "31 Dec 2026", "31 déc. 2026". */
export function formatBadgeDate(date: Date, lang: BadgeLang): string {
  return formatRegistryDate(TEXTS[lang].locale, date, 'short');
}

/** The localised words of a badge. */
export function badgeTexts(lang: BadgeLang): BadgeTexts {
  return TEXTS[lang];
}
