import type { CaseActor } from './case-actor.ts';

/**
 * Whether `actor` took the decision objected to: by staff id when both are known (names of
 * tokens are not unique), otherwise by the name in the event (a command-line or ownerless-token
 * decision has only a name). Pure.
 */
export function tookObjectedDecision(
  actor: CaseActor,
  objected: { staffId: number | null; eventActor: string | null },
): boolean {
  if (actor.staffId !== null && objected.staffId !== null) return actor.staffId === objected.staffId;
  return objected.eventActor !== null && objected.eventActor.toLowerCase() === actor.name.toLowerCase();
}
