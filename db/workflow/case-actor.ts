/**
 * Who makes a workflow move, as the case tables record them: the name written in events and the
 * audit log, and the staff id the four-eyes rules compare (null for a member, the command line,
 * or a token without an owner).
 */
export interface CaseActor {
  readonly name: string;
  readonly staffId: number | null;
}
