import type { Generated, Insertable, Selectable } from 'kysely';
import type { Timestamp } from './common.ts';
import type { Country } from './organisation.table.ts';
import type { Language } from '../vocabulary.ts';

export type AccessState = 'pending' | 'granted' | 'declined';

/**
 * An application from the public form (migration 2026-12-03T1430-applications): what the
 * applicant gave, the hash of their confirmation link, and, for an organisation already in the
 * registry, whether an owner or staff gave them access.
 */
export interface ApplicationRequestTable {
  id: Generated<number>;
  token_hash: string;
  scheme_id: number;
  country: Country;
  registry_id: string;
  legal_name: string;
  city: string;
  website: string | null;
  contact_name: string;
  email: string;
  language: Language;
  client_network: string | null;
  created_at: Timestamp;
  expires_at: Timestamp;
  confirmed_at: Timestamp | null;
  member_user_id: number | null;
  organisation_id: number | null;
  access: AccessState | null;
  decided_by: string | null;
  decided_at: Timestamp | null;
}
export type ApplicationRequest = Selectable<ApplicationRequestTable>;
export type NewApplicationRequest = Insertable<ApplicationRequestTable>;
