import { createHash } from 'node:crypto';
import { belgianCheckDigits } from '../values/national-id.ts';
import type { Country } from '../schema/organisation.table.ts';
import type { StoredStatus, AssuranceLevel } from '../schema/certification.table.ts';
import type { AssessmentResult } from '../schema/assessment.table.ts';
import { KNOWN_SECTORS, PUBLIC_ID_ALPHABET, PUBLIC_ID_LENGTH } from '../vocabulary.ts';
import type { EventKind } from '../schema/certification-event.table.ts';

/** A small, fast, seedable PRNG (mulberry32); the same seed always yields the same registry. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function seedFor(seed: number, index: number): number {
  return createHash('sha256').update(`${seed}:${index}`).digest().readUInt32BE(0);
}

const pick = <T>(rand: () => number, list: readonly T[]): T => list[Math.floor(rand() * list.length)]!;

const NL_CITIES = [
  'Amsterdam',
  'Rotterdam',
  'Den Haag',
  'Utrecht',
  'Eindhoven',
  'Groningen',
  'Tilburg',
  'Almere',
  'Breda',
  'Nijmegen',
  'Apeldoorn',
  'Haarlem',
  'Arnhem',
  'Zwolle',
  "'s-Hertogenbosch",
  'Leeuwarden',
  'Maastricht',
  'Leiden',
  'Enschede',
  'Amersfoort',
];
const BE_CITIES = [
  'Brussel',
  'Antwerpen',
  'Gent',
  'Liège',
  'Charleroi',
  'Brugge',
  'Namur',
  'Leuven',
  'Mons',
  'Mechelen',
  'Hasselt',
  'Kortrijk',
  'Wavre',
  'Ottignies-Louvain-la-Neuve',
  'Aalst',
];
const NL_CORE = [
  'Klantenservice',
  'Klantcontact',
  'Energie',
  'Verzekeringen',
  'Zorg',
  'Telecom',
  'Webwinkel',
  'Reizen',
  'Hypotheek',
  'Woning',
  'Bezorg',
  'Fiets',
  'Mobiel',
  'Water',
  'Pensioen',
  'Bank',
  'Parkeer',
  'Studie',
  'Thuiszorg',
  'Dierenzorg',
];
const NL_FLAVOUR = [
  'Noord',
  'Zuid',
  'Holland',
  'Direct',
  'Groep',
  'Partners',
  'Service',
  'Centrale',
  'Plus',
  'Totaal',
  'Lijn',
  'Punt',
  'Huis',
  'Net',
  'Vast',
];
const NL_FORMS = ['B.V.', 'N.V.', 'B.V.', 'B.V.', 'Stichting', 'Coöperatie U.A.'];
const BE_CORE = [
  'Klantendienst',
  'Service Client',
  'Énergie',
  'Assurances',
  'Telecom',
  'Mutualiteit',
  'Banque',
  'Contact',
  'Voyages',
  'Logistiek',
  'Médical',
  'Immo',
  'Mobilité',
  'Électricité',
  'Post',
];
const BE_FLAVOUR = [
  'Vlaanderen',
  'Wallonie',
  'Brabant',
  'Benelux',
  'Plus',
  'Direct',
  'Groupe',
  'Centrum',
  'Express',
  'Réseau',
  'Midi',
  'Kust',
];
const BE_FORMS = ['NV', 'BV', 'SA', 'SRL', 'VZW', 'CV'];
const SECTORS = KNOWN_SECTORS;
/**
 * Reasons as the association would write them: in Dutch, the registry's default language. A reason
 * is part of the hash-chained event and the public log shows it as written (never translated), so
 * demo data in English made every Dutch and French page show English sentences.
 */
const REASONS = {
  created: 'Aanvraag ontvangen',
  granted: 'Alle beloften beoordeeld',
  suspended: 'Klachten in onderzoek',
  revoked: 'Beloften herhaaldelijk niet nagekomen',
} as const;

export interface DemoCertification {
  publicId: string;
  schemeSlug: string;
  status: StoredStatus;
  assurance: AssuranceLevel;
  validFrom: Date | null;
  validUntil: Date | null;
  events: Array<{
    kind: EventKind;
    from: StoredStatus | null;
    to: StoredStatus;
    at: Date;
    reason: string;
    actor: string;
  }>;
  /** Results per criterion position (1-based order); empty while pending. */
  results: AssessmentResult[];
  assessedAt: Date | null;
}

export interface DemoOrganisation {
  index: number;
  country: Country;
  legalName: string;
  tradeName: string;
  registryId: string;
  city: string;
  domain: string;
  sector: string;
  outsourced: boolean;
  phone: string;
  whatsapp: string | null;
  emailDomain: string;
  certification: DemoCertification;
}

const DAY = 86_400_000;

function slug(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

/**
 * Registry ids are a bijection of the index (multiplying by a prime coprime with the range), so
 * they never collide for up to nine million organisations and stay the same for a seed.
 */
function registryIdFor(country: Country, index: number, seed: number): string {
  if (country === 'NL') return String(10_000_000 + ((index * 7919 + seed * 104_729) % 90_000_000));
  const first = `0${String(1_000_000 + ((index * 7919 + seed * 104_729) % 9_000_000))}`;
  return `${first}${belgianCheckDigits(first)}`;
}

/**
 * The public id comes straight from a hash of seed and index (60 bits), not from the PRNG stream:
 * streams start from a 32-bit seed, so among 100,000 organisations two would share one.
 */
function publicIdFor(seed: number, index: number): string {
  const digest = createHash('sha256').update(`public-id:${seed}:${index}`).digest();
  return Array.from(
    digest.subarray(0, PUBLIC_ID_LENGTH),
    (b) => PUBLIC_ID_ALPHABET[b % PUBLIC_ID_ALPHABET.length],
  ).join('');
}

function certificationFor(
  rand: () => number,
  country: Country,
  now: Date,
  criteria: number,
  publicId: string,
): DemoCertification {
  const schemeSlug = country === 'NL' ? 'ksf-service-promises' : 'happy-customer';
  const roll = rand();
  const outcome =
    roll < 0.62
      ? 'active'
      : roll < 0.72
        ? 'pending'
        : roll < 0.8
          ? 'suspended'
          : roll < 0.9
            ? 'revoked'
            : 'expired';
  const assurance: AssuranceLevel =
    country === 'NL' ? (rand() < 0.8 ? 'self_declared' : 'reviewed') : rand() < 0.5 ? 'reviewed' : 'audited';
  const actor = 'demo-seed';
  // Whole seconds, so the dates survive any round trip through JSON, the chain and the database.
  const at = (daysAgo: number) => new Date(Math.floor((now.getTime() - daysAgo * DAY) / 1000) * 1000);
  const applied = outcome === 'expired' ? 400 + Math.floor(rand() * 200) : 20 + Math.floor(rand() * 300);
  const events: DemoCertification['events'] = [
    { kind: 'created', from: null, to: 'pending', at: at(applied), reason: REASONS.created, actor },
  ];
  if (outcome === 'pending') {
    return {
      publicId,
      schemeSlug,
      status: 'pending',
      assurance,
      validFrom: null,
      validUntil: null,
      events,
      results: [],
      assessedAt: null,
    };
  }
  const grantedDaysAgo = applied - 1 - Math.floor(rand() * 14);
  const validFrom = at(grantedDaysAgo);
  const validUntil = new Date(validFrom.getTime() + 365 * DAY);
  events.push({
    kind: 'granted',
    from: 'pending',
    to: 'active',
    at: validFrom,
    reason: REASONS.granted,
    actor,
  });
  let status: StoredStatus = 'active';
  if (outcome === 'suspended' || outcome === 'revoked') {
    const suspendedAt = at(
      Math.max(1, grantedDaysAgo - 5 - Math.floor(rand() * Math.max(1, grantedDaysAgo - 10))),
    );
    events.push({
      kind: 'suspended',
      from: 'active',
      to: 'suspended',
      at: suspendedAt,
      reason: REASONS.suspended,
      actor,
    });
    status = 'suspended';
    if (outcome === 'revoked') {
      const revokedAt = new Date(
        Math.min(now.getTime() - 1000, suspendedAt.getTime() + (1 + Math.floor(rand() * 20)) * DAY),
      );
      events.push({
        kind: 'revoked',
        from: 'suspended',
        to: 'revoked',
        at: new Date(Math.floor(revokedAt.getTime() / 1000) * 1000),
        reason: REASONS.revoked,
        actor,
      });
      status = 'revoked';
    }
  }
  const results: AssessmentResult[] = Array.from({ length: criteria }, () => {
    const r = rand();
    return r < 0.9 ? 'met' : r < 0.97 ? 'not_applicable' : 'not_met';
  });
  return {
    publicId,
    schemeSlug,
    status,
    assurance,
    validFrom,
    validUntil,
    events,
    results,
    assessedAt: validFrom,
  };
}

/** The demo organisation at `index` for `seed`; pure and deterministic for a given `now`. */
export function demoOrganisation(
  seed: number,
  index: number,
  now: Date,
  criteriaPerScheme: Record<string, number>,
): DemoOrganisation {
  const rand = prng(seedFor(seed, index));
  const country: Country = rand() < 0.7 ? 'NL' : 'BE';
  const core = pick(rand, country === 'NL' ? NL_CORE : BE_CORE);
  const flavour = pick(rand, country === 'NL' ? NL_FLAVOUR : BE_FLAVOUR);
  const form = pick(rand, country === 'NL' ? NL_FORMS : BE_FORMS);
  const tradeName = `${core} ${flavour}`;
  const legalName = form === 'Stichting' ? `Stichting ${tradeName}` : `${tradeName} ${form}`;
  const registryId = registryIdFor(country, index, seed);
  const tld = country === 'NL' ? 'nl' : 'be';
  const domain = `www.${slug(tradeName)}-${index.toString(36)}.${tld}`;
  // Unique per index: +31 20 / +32 2 followed by seven digits.
  const local = String(1_000_000 + (index % 9_000_000));
  const phone = country === 'NL' ? `+3120${local}` : `+322${local}`;
  const whatsapp =
    rand() < 0.3 ? (country === 'NL' ? `+316${String(10_000_000 + (index % 89_999_999))}` : null) : null;
  const schemeSlug = country === 'NL' ? 'ksf-service-promises' : 'happy-customer';
  return {
    index,
    country,
    legalName,
    tradeName,
    registryId,
    city: pick(rand, country === 'NL' ? NL_CITIES : BE_CITIES),
    domain,
    sector: pick(rand, SECTORS),
    outsourced: rand() < 0.15,
    phone,
    whatsapp,
    emailDomain: domain.replace(/^www\./, ''),
    certification: certificationFor(
      rand,
      country,
      now,
      criteriaPerScheme[schemeSlug] ?? 7,
      publicIdFor(seed, index),
    ),
  };
}
