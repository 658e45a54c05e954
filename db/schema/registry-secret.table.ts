import type { Selectable } from 'kysely';
import type { GeneratedTimestamp } from './common.ts';

/** A secret every instance of the registry shares, generated once by whichever needs it first. */
export interface RegistrySecretTable {
  name: string;
  value: string;
  created_at: GeneratedTimestamp;
}
export type RegistrySecret = Selectable<RegistrySecretTable>;
