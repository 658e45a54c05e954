import type { Generated, Insertable, Selectable } from 'kysely';
import type { GeneratedTimestamp } from './common.ts';
import type { ContactChannelKind } from '../vocabulary.ts';

export type { ContactChannelKind };

export interface ContactChannelTable {
  id: Generated<number>;
  organisation_id: number;
  kind: ContactChannelKind;
  /** Normalised value: E.164 for numbers, lower-case domain for e-mail, canonical URL for chat. */
  value: string;
  label: string | null;
  created_at: GeneratedTimestamp;
}
export type ContactChannel = Selectable<ContactChannelTable>;
export type NewContactChannel = Insertable<ContactChannelTable>;
