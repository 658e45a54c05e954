/**
 * Which version of its scheme a certification rests on, and — while it rests on an older one
 * than the current — the date by which it must be re-assessed.
 */
export interface SchemeBasis {
  version: number;
  currentVersion: number;
  /** Set only while the certification rests on an older version than the current one. */
  transitionDate: Date | null;
}

/** Pure: the basis from the columns of BASIS_COLUMNS. */
export function schemeBasis(row: {
  basis_version: number;
  current_version: number;
  transition_date: Date | null;
}): SchemeBasis {
  const behind = row.basis_version < row.current_version;
  return {
    version: row.basis_version,
    currentVersion: row.current_version,
    transitionDate: behind ? row.transition_date : null,
  };
}
