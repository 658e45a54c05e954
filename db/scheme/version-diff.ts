import type { SchemeDefinitionDocument } from '../schema/scheme-version.table.ts';

/** What a version changed against the one before it, by criterion code and setting name. */
export interface VersionDiff {
  added: string[];
  removed: string[];
  reworded: string[];
  settings: string[];
}

const SETTINGS = [
  'owner',
  'country',
  'inForceFrom',
  'validityMonths',
  'renewalGraceDays',
  'objectionPeriodDays',
  'assuranceLevels',
  'name',
  'description',
] as const;

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * Compares two definitions; pure. A criterion whose code stays but whose texts change is
 * "reworded": members assessed against the old wording are re-assessed all the same.
 */
export function diffVersions(before: SchemeDefinitionDocument, after: SchemeDefinitionDocument): VersionDiff {
  const old = new Map(before.criteria.map((c) => [c.code, c]));
  const now = new Map(after.criteria.map((c) => [c.code, c]));
  return {
    added: after.criteria.filter((c) => !old.has(c.code)).map((c) => c.code),
    removed: before.criteria.filter((c) => !now.has(c.code)).map((c) => c.code),
    reworded: after.criteria
      .filter((c) => {
        const was = old.get(c.code);
        return was !== undefined && !(same(was.title, c.title) && same(was.description, c.description));
      })
      .map((c) => c.code),
    settings: SETTINGS.filter((key) => !same(before[key], after[key])),
  };
}
