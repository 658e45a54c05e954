// What the monitor reports with exit code 1: the first place where the registry's log, its
// signatures or its open data do not tell one consistent story.

export type DisagreementKind =
  | 'bad_signature'
  | 'key_changed'
  | 'wrong_origin'
  | 'split_view'
  | 'rollback'
  | 'missing_tile'
  | 'missing_entry'
  | 'tampered_entry'
  | 'malformed_entry'
  | 'tree_mismatch'
  | 'cosignatures'
  | 'status_mismatch'
  | 'status_not_logged'
  | 'missing_from_open_data';

/** Thrown inside a run, caught by the monitor and turned into its report; never an exit 2. */
export class Disagreement extends Error {
  override name = 'Disagreement';
  readonly kind: DisagreementKind;
  /** Evidence for the report: indexes, paths, and for a split view both signed checkpoints. */
  readonly evidence: Readonly<Record<string, unknown>>;
  constructor(kind: DisagreementKind, message: string, evidence: Readonly<Record<string, unknown>> = {}) {
    super(message);
    this.kind = kind;
    this.evidence = evidence;
  }
}
