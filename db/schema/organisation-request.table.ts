import type { Generated, Insertable, Selectable } from 'kysely';
import type { GeneratedTimestamp, Json, Timestamp } from './common.ts';
import type { ContactChannelKind } from '../vocabulary.ts';

export type OrganisationRequestKind = 'channel' | 'identity';
export type OrganisationRequestState = 'pending' | 'approved' | 'refused';

/** A new contact channel, normalised as `contact_channel` stores it. */
export interface ChannelRequestPayload {
  kind: ContactChannelKind;
  value: string;
  label: string | null;
}

/** A new legal name and/or national id (normalised); a field left out stays as it is. */
export interface IdentityRequestPayload {
  legalName?: string;
  registryId?: string;
  /** Why the member asks (shown to staff). */
  note?: string;
}

export type OrganisationRequestPayload = ChannelRequestPayload | IdentityRequestPayload;

/**
 * A change a member asked for that staff approve or refuse: a new contact channel (public only
 * once approved) or a new legal name / national id. Decided rows stay as the record.
 */
export interface OrganisationRequestTable {
  id: Generated<number>;
  organisation_id: number;
  kind: OrganisationRequestKind;
  payload: Json<OrganisationRequestPayload>;
  state: Generated<OrganisationRequestState>;
  /** The actor as in the audit log (`member:a@b.example`). */
  requested_by: string;
  member_user_id: number | null;
  created_at: GeneratedTimestamp;
  decided_at: Timestamp | null;
  decided_by: string | null;
  /** Staff's reason: required when refusing. */
  reason: string | null;
}
export type OrganisationRequest = Selectable<OrganisationRequestTable>;
export type NewOrganisationRequest = Insertable<OrganisationRequestTable>;
