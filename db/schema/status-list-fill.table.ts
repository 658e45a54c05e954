import type { Selectable } from 'kysely';

/** How many credentials each status list holds (migration 2026-12-03T1530-status-list-fill). */
export interface StatusListFillTable {
  list: number;
  used: number;
}
export type StatusListFill = Selectable<StatusListFillTable>;
