import { createHash } from 'node:crypto';
import type { Country } from '../schema/organisation.table.ts';
import { PUBLIC_ID_ALPHABET, PUBLIC_ID_LENGTH } from '../vocabulary.ts';

/**
 * The demo's workflow cases (issue 18, item 8): one organisation per stage, so a new user finds a
 * living staff queue and member portal. A fixed small set, whatever the number of organisations.
 *
 * National ids are outside what demo-generator.ts makes (KvK numbers below 10,000,000; it starts
 * at 10,000,000), and so are hosts (no `-index` suffix) and phone numbers (050, not 020), so these
 * organisations never clash with the bulk demo, at any size or seed.
 */
export const DEMO_CASE_STAGES = [
  'draft',
  'submitted',
  'in_review',
  'changes_requested',
  'refused',
  'granted',
  'renewal_open',
  'renewal_grace',
  'remediation_overdue',
  'remediation_answered',
  'objection',
] as const;
export type DemoCaseStage = (typeof DEMO_CASE_STAGES)[number];

export interface DemoCaseOrganisation {
  stage: DemoCaseStage;
  legalName: string;
  country: Country;
  registryId: string;
  city: string;
  host: string;
  phone: string;
  sector: string;
  schemeSlug: 'ksf-service-promises' | 'happy-customer';
}

const nl = (
  stage: DemoCaseStage,
  n: number,
  legalName: string,
  city: string,
  host: string,
  sector: string,
): DemoCaseOrganisation => ({
  stage,
  legalName,
  country: 'NL',
  registryId: String(9_000_000 + n).padStart(8, '0'),
  city,
  host,
  phone: `+3150${7_000_000 + n}`,
  sector,
  schemeSlug: 'ksf-service-promises',
});

export const DEMO_CASE_ORGANISATIONS: readonly DemoCaseOrganisation[] = [
  nl('draft', 1, 'Klantcontact Noorderlicht B.V.', 'Groningen', 'www.noorderlicht.nl', 'energy'),
  nl('submitted', 2, 'Servicepunt De Vaart B.V.', 'Zwolle', 'www.devaart.nl', 'utilities'),
  nl('in_review', 3, 'Reisbureau Zonnewijzer B.V.', 'Leiden', 'www.zonnewijzer.nl', 'travel'),
  nl('changes_requested', 4, 'Verzekeringen Duinrand N.V.', 'Haarlem', 'www.duinrand.nl', 'insurance'),
  nl('refused', 5, 'Webwinkel Snelpost B.V.', 'Almere', 'www.snelpost.nl', 'retail'),
  nl('granted', 6, 'Zorglijn Middenland B.V.', 'Amersfoort', 'www.zorglijn.nl', 'healthcare'),
  nl('renewal_open', 7, 'Telecom Polderlink B.V.', 'Utrecht', 'www.polderlink.nl', 'telecom'),
  nl('renewal_grace', 8, 'Hypotheekhuis Grachtzicht B.V.', 'Amsterdam', 'www.grachtzicht.nl', 'banking'),
  nl('remediation_overdue', 9, 'Energie Windkracht B.V.', 'Rotterdam', 'www.windkracht.nl', 'energy'),
  nl('remediation_answered', 10, 'Bezorgdienst Fietsbel B.V.', 'Nijmegen', 'www.fietsbel.nl', 'logistics'),
  nl('objection', 11, 'Waterbedrijf Heuvelrug N.V.', 'Zeist', 'www.heuvelrug.nl', 'utilities'),
];

/**
 * The organisations whose members the demo signs in (api/member/demo-members.ts), in order: one
 * with changes requested, one with an overdue remediation, one with a renewal to fill in.
 */
export const DEMO_MEMBER_STAGES: readonly DemoCaseStage[] = [
  'changes_requested',
  'remediation_overdue',
  'renewal_open',
];

/** The registry ids of the member organisations, in DEMO_MEMBER_STAGES order. */
export function demoMemberRegistryIds(): string[] {
  return DEMO_MEMBER_STAGES.map((s) => DEMO_CASE_ORGANISATIONS.find((o) => o.stage === s)!.registryId);
}

/** A stable public id per seed and stage, so the same seed gives the same badge URLs. */
export function demoCasePublicId(seed: number, stage: DemoCaseStage): string {
  const digest = createHash('sha256').update(`demo-case:${seed}:${stage}`).digest();
  return Array.from(
    digest.subarray(0, PUBLIC_ID_LENGTH),
    (b) => PUBLIC_ID_ALPHABET[b % PUBLIC_ID_ALPHABET.length],
  ).join('');
}
