// The C2SP tlog-policy file (tlog-policy.md): `log`, `witness`, `group` and `quorum` lines, and
// the quorum rule they define. Pure: text in, a frozen policy or a PolicyError naming the line.
import { parseVkey, type NoteVerifier } from '../note.ts';
import { parseCosignerVkey, type CosignerKey } from './cosignature.ts';

/** A log the policy accepts: its checkpoint key (the key name is the log's origin). */
export interface PolicyLog {
  readonly origin: string;
  readonly key: NoteVerifier;
  readonly vkey: string;
  readonly url: string | null;
}

/** A witness of the policy: its policy-local name, cosignature key and submission prefix URL. */
export interface PolicyWitness {
  readonly name: string;
  readonly key: CosignerKey;
  readonly vkey: string;
  readonly url: string | null;
}

/** A group: witnessed when at least `threshold` of its members (witnesses or groups) are. */
export interface PolicyGroup {
  readonly name: string;
  readonly threshold: number;
  readonly members: readonly string[];
}

export interface LogPolicy {
  readonly logs: readonly PolicyLog[];
  readonly witnesses: readonly PolicyWitness[];
  readonly groups: readonly PolicyGroup[];
  /** A witness or group name, or `none` (no cosignature needed). */
  readonly quorum: string;
}

/** A policy file that does not follow tlog-policy; `line` is 1-based (0: the file as a whole). */
export class PolicyError extends Error {
  readonly line: number;
  constructor(line: number, message: string) {
    super(line > 0 ? `line ${line}: ${message}` : message);
    this.name = 'PolicyError';
    this.line = line;
  }
}

/** Recommended minimum support is 32 of each; more is refused rather than slowly evaluated. */
const LIMIT = 256;

function parseUrl(text: string | undefined, line: number): string | null {
  if (text === undefined) return null;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new PolicyError(line, `"${text}" is not a URL`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new PolicyError(line, `"${text}" is not an http(s) URL`);
  return text;
}

function sameKey(a: Uint8Array, b: Uint8Array): boolean {
  return Buffer.from(a).equals(b);
}

/**
 * Parses a tlog-policy file. Throws a PolicyError naming the first offending line: a bad vkey
 * (logs need signed-note Ed25519 type 0x01, witnesses cosignature/v1 type 0x04), a duplicate
 * key or name, a reference to a name not defined above, a bad threshold, or not exactly one quorum.
 */
export function parsePolicy(text: string): LogPolicy {
  // Tab, newline and printable ASCII; octets above 0x7F are opaque (arrive here as non-ASCII).
  const bad = /[\u0000-\u0008\u000b-\u001f\u007f]/.exec(text);
  if (bad) {
    const line = text.slice(0, bad.index).split('\n').length;
    throw new PolicyError(line, 'control characters other than tab and newline are not allowed');
  }
  const logs: PolicyLog[] = [];
  const witnesses: PolicyWitness[] = [];
  const groups: PolicyGroup[] = [];
  const names = new Set<string>();
  let quorum: string | null = null;
  const lines = text.split('\n');
  lines.forEach((raw, i) => {
    const line = i + 1;
    const fields = raw.split(/[ \t]+/).filter((f) => f !== '');
    if (fields.length === 0 || fields[0]!.startsWith('#')) return;
    const [keyword, ...args] = fields as [string, ...string[]];
    if (logs.length + witnesses.length + groups.length >= 3 * LIMIT)
      throw new PolicyError(line, 'too many definitions');
    switch (keyword) {
      case 'log': {
        if (args.length < 1 || args.length > 2) throw new PolicyError(line, 'expected "log <vkey> [<url>]"');
        const key = parseVkey(args[0]!);
        if (!key) throw new PolicyError(line, 'not an Ed25519 checkpoint vkey (signature type 0x01)');
        if (logs.some((l) => sameKey(l.key.publicKey, key.publicKey)))
          throw new PolicyError(line, 'duplicate log key');
        logs.push({ origin: key.name, key, vkey: args[0]!, url: parseUrl(args[1], line) });
        return;
      }
      case 'witness': {
        if (args.length < 2 || args.length > 3)
          throw new PolicyError(line, 'expected "witness <name> <vkey> [<url>]"');
        const name = args[0]!;
        if (name === 'none' || names.has(name))
          throw new PolicyError(line, `name "${name}" is already defined`);
        const key = parseCosignerVkey(args[1]!);
        if (!key) throw new PolicyError(line, 'not an Ed25519 cosigner vkey (signature type 0x04)');
        if (witnesses.some((w) => sameKey(w.key.publicKey, key.publicKey)))
          throw new PolicyError(line, 'duplicate witness key');
        names.add(name);
        witnesses.push({ name, key, vkey: args[1]!, url: parseUrl(args[2], line) });
        return;
      }
      case 'group': {
        if (args.length < 3) throw new PolicyError(line, 'expected "group <name> all|any|<k> <name>..."');
        const [name, k, ...members] = args as [string, string, ...string[]];
        if (name === 'none' || names.has(name))
          throw new PolicyError(line, `name "${name}" is already defined`);
        const seen = new Set<string>();
        for (const member of members) {
          if (!names.has(member)) throw new PolicyError(line, `"${member}" is not defined on a line above`);
          if (seen.has(member)) throw new PolicyError(line, `"${member}" is listed twice`);
          seen.add(member);
        }
        let threshold: number;
        if (k === 'all') threshold = members.length;
        else if (k === 'any') threshold = 1;
        else if (/^[1-9]\d{0,5}$/.test(k) && Number(k) <= members.length) threshold = Number(k);
        else
          throw new PolicyError(
            line,
            `threshold "${k}" must be all, any or a number from 1 to ${members.length}`,
          );
        names.add(name);
        groups.push({ name, threshold, members });
        return;
      }
      case 'quorum': {
        if (args.length !== 1) throw new PolicyError(line, 'expected "quorum <name>"');
        if (quorum !== null) throw new PolicyError(line, 'a policy has exactly one quorum line');
        if (args[0] !== 'none' && !names.has(args[0]!))
          throw new PolicyError(line, `"${args[0]}" is not defined on a line above`);
        quorum = args[0]!;
        return;
      }
      default:
        throw new PolicyError(line, `unknown keyword "${keyword}" (expected log, witness, group or quorum)`);
    }
  });
  if (quorum === null) throw new PolicyError(0, 'the policy has no quorum line (use "quorum none" for none)');
  return Object.freeze({
    logs: Object.freeze(logs),
    witnesses: Object.freeze(witnesses),
    groups: Object.freeze(groups),
    quorum,
  });
}

/**
 * True when the witnesses named in `cosignedBy` (policy names) satisfy the policy's quorum.
 * Groups only refer to names defined before them, so one pass in file order settles each.
 */
export function quorumReached(policy: LogPolicy, cosignedBy: ReadonlySet<string>): boolean {
  if (policy.quorum === 'none') return true;
  const witnessed = new Set<string>(
    policy.witnesses.filter((w) => cosignedBy.has(w.name)).map((w) => w.name),
  );
  for (const group of policy.groups)
    if (group.members.filter((m) => witnessed.has(m)).length >= group.threshold) witnessed.add(group.name);
  return witnessed.has(policy.quorum);
}

/** The checkpoint keys the policy accepts for `origin` (several during a key rotation). */
export function logKeysFor(policy: LogPolicy, origin: string): NoteVerifier[] {
  return policy.logs.filter((l) => l.origin === origin).map((l) => l.key);
}
