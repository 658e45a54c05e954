import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { formatVkey, noteSigner } from '../../../../../db/log/note.ts';
import { cosigner, formatCosignerVkey, signCosignature } from '../../../../../db/log/witness/cosignature.ts';
import { checkWithPolicy } from '../../../../../db/log/witness/check.ts';
import { signNote } from '../../../../../db/log/note.ts';
import { parsePolicy, PolicyError, quorumReached } from '../../../../../db/log/witness/policy.ts';

const key = () => generateKeyPairSync('ed25519').privateKey;
const log = noteSigner('registry.example/log', key());
const w = Object.fromEntries(
  ['X1', 'X2', 'X3', 'Y1', 'Y2', 'Y3'].map((n) => [n, cosigner(`witness.example/${n}`, key())]),
);
const wv = (n: string) => formatCosignerVkey(w[n]!);

// The two-level example of tlog-policy.md, with real keys.
const EXAMPLE = `log ${formatVkey(log)} https://registry.example/log

witness X1 ${wv('X1')}
witness X2 ${wv('X2')}
witness X3 ${wv('X3')}
group X-witnesses 2 X1 X2 X3

# the second organisation
witness Y1 ${wv('Y1')}
witness Y2 ${wv('Y2')}   https://y2.example/witness
\twitness Y3 ${wv('Y3')}
group Y-witnesses any Y1 Y2 Y3

group X-and-Y all X-witnesses Y-witnesses
quorum X-and-Y
`;

function errorOf(text: string): PolicyError {
  try {
    parsePolicy(text);
  } catch (error) {
    if (error instanceof PolicyError) return error;
    throw error;
  }
  throw new Error('parsed');
}

describe('parsePolicy', () => {
  it('reads the spec example: logs, witnesses with URLs, groups and quorum', () => {
    const policy = parsePolicy(EXAMPLE);
    expect(policy.logs.map((l) => [l.origin, l.url])).toEqual([
      ['registry.example/log', 'https://registry.example/log'],
    ]);
    expect(policy.witnesses.map((x) => x.name)).toEqual(['X1', 'X2', 'X3', 'Y1', 'Y2', 'Y3']);
    expect(policy.witnesses[4]!.url).toBe('https://y2.example/witness');
    expect(policy.groups.map((g) => [g.name, g.threshold])).toEqual([
      ['X-witnesses', 2],
      ['Y-witnesses', 1],
      ['X-and-Y', 2],
    ]);
    expect(policy.quorum).toBe('X-and-Y');
  });

  it('evaluates the quorum: two X and one Y', () => {
    const policy = parsePolicy(EXAMPLE);
    expect(quorumReached(policy, new Set(['X1', 'X3', 'Y2']))).toBe(true);
    expect(quorumReached(policy, new Set(['X1', 'Y1', 'Y2', 'Y3']))).toBe(false);
    expect(quorumReached(policy, new Set(['X1', 'X2', 'X3']))).toBe(false);
    expect(quorumReached(parsePolicy('quorum none\n'), new Set())).toBe(true);
    expect(quorumReached(parsePolicy(`witness A ${wv('X1')}\nquorum A\n`), new Set(['A']))).toBe(true);
  });

  it('names the line of each mistake', () => {
    const cases: [string, number, RegExp][] = [
      [`log ${wv('X1')}\nquorum none\n`, 1, /0x01/],
      [`witness A ${formatVkey(log)}\nquorum none\n`, 1, /0x04/],
      [`\nwitness A ${wv('X1')}\nwitness A ${wv('X2')}\nquorum none\n`, 3, /already defined/],
      [`witness A ${wv('X1')}\nwitness B ${wv('X1')}\nquorum none\n`, 2, /duplicate witness key/],
      [`log ${formatVkey(log)}\nlog ${formatVkey(log)}\nquorum none\n`, 2, /duplicate log key/],
      [`group G any A\nwitness A ${wv('X1')}\nquorum G\n`, 1, /not defined/],
      [`witness A ${wv('X1')}\ngroup G 2 A\nquorum G\n`, 2, /threshold/],
      [`witness A ${wv('X1')}\ngroup G 0 A\nquorum G\n`, 2, /threshold/],
      [`witness A ${wv('X1')}\ngroup G any A A\nquorum G\n`, 2, /twice/],
      [`witness A ${wv('X1')}\nquorum A\nquorum none\n`, 3, /exactly one/],
      [`quorum B\n`, 1, /not defined/],
      [`witnes A ${wv('X1')}\n`, 1, /unknown keyword/],
      [`witness none ${wv('X1')}\nquorum none\n`, 1, /already defined/],
      [`witness A ${wv('X1')} ftp://x\nquorum none\n`, 1, /http/],
      [`quorum none\n# ok\nlog a\u0001\n`, 3, /control/],
      [`witness A ${wv('X1')}\n`, 0, /no quorum/],
    ];
    for (const [text, line, message] of cases) {
      const error = errorOf(text);
      expect([error.line, error.message]).toEqual([line, expect.stringMatching(message)]);
    }
  });
});

describe('checkWithPolicy', () => {
  const text = 'registry.example/log\n5\n' + Buffer.alloc(32, 7).toString('base64') + '\n';
  const policy = parsePolicy(EXAMPLE);

  it('accepts the log signature and counts the quorum from verified cosignatures only', () => {
    const note =
      signNote(text, [log]) +
      signCosignature(text, w.X1!, 1700000000) +
      signCosignature(text, w.X2!, 1700000000) +
      signCosignature(text, w.Y3!, 1700000000);
    const result = checkWithPolicy(note, policy);
    expect(result.ok && [result.checkpoint.size, result.cosignedBy, result.quorum]).toEqual([
      5,
      ['X1', 'X2', 'Y3'],
      true,
    ]);
    const forged =
      signNote(text, [log]) +
      signCosignature(text.replace('\n5\n', '\n6\n'), w.X1!, 1) +
      signCosignature(text, w.X2!, 1) +
      signCosignature(text, w.Y3!, 1);
    const partial = checkWithPolicy(forged, policy);
    expect(partial.ok && [partial.cosignedBy, partial.quorum]).toEqual([['X2', 'Y3'], false]);
  });

  it('refuses an unknown origin and a checkpoint without the log signature', () => {
    const stranger = noteSigner('other.example/log', key());
    expect(checkWithPolicy(signNote(text.replace('registry', 'other'), [stranger]), policy)).toMatchObject({
      ok: false,
    });
    const wrongKey = noteSigner('registry.example/log', key());
    expect(checkWithPolicy(signNote(text, [wrongKey]), policy)).toMatchObject({ ok: false });
  });
});
