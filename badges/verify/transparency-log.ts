// The verdict's transparency-log part as a type of its own, so the report (service.ts) can name
// it without importing the check that fills it in.
/** What a verdict says about the transparency log, beside its check: the proof to download. */
export interface TransparencyLog {
  state: 'included' | 'pending' | 'missing' | 'proof_failed';
  /** The entry's index, once numbered. */
  index: number | null;
  /** The size of the signed checkpoint that includes it. */
  treeSize: number | null;
  /** The c2sp.org/tlog-proof@v1 text, when included. */
  proof: string | null;
  /** The entry itself (its exact bytes as UTF-8 JSON), which the proof proves: save both. */
  entry: string | null;
}
