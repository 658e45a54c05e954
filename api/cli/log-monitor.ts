// npm run log:monitor -- --registry URL [--state FILE] [--policy FILE] [--log-key KEY|FILE] [--json]
import { existsSync, readFileSync } from 'node:fs';
import { KeurmerkError } from '../../db/errors.ts';
import { parseVkey } from '../../db/log/note.ts';
import { cliMessage } from './cli-message.ts';
import { createProgress } from './progress.ts';
import { parseArgsOrHelp, runCli, UsageError, type OptionSpec } from './run-cli.ts';
import { runMonitor, type MonitorReport } from '../log-monitor/monitor.ts';
import { registryBase } from '../log-monitor/registry-client.ts';
import { readState, writeState } from '../log-monitor/state.ts';
import { policyCosigners, policyLogKeys, readPolicy } from '../log-monitor/policy-check.ts';

const OPTIONS: OptionSpec = {
  registry: 'string',
  state: 'string',
  policy: 'string',
  'log-key': 'string',
  json: 'boolean',
};

const HELP = `Usage: npm run log:monitor -- --registry URL [--state FILE] [--policy FILE] [--log-key KEY|FILE] [--json]

Follows a Keurmerk registry's public transparency log from the checkpoint it saw last, using only
public URLs (/log/checkpoint, /log/key, /log/tile/…, /open-data/registry.json), and checks that:
  - the checkpoint is signed by the log key it trusts (and cosigned as --policy requires);
  - the new tree extends the saved one (an RFC 9162 consistency proof computed from the tiles);
  - every new entry's leaf hash fits the signed tree;
  - every certification's status in the open data is what its log entries say (a passed
    valid_until counting as expired), and nothing the log records is missing from it.
Exit code 0 when all is consistent (the state file then moves to the new checkpoint), 1 naming
the first disagreement (a split view, a changed key, a missing or tampered entry, a status the log
never recorded), 2 on usage, state-file or network errors. Progress goes to stderr.

Options:
  --registry URL      the registry, e.g. https://keurmerk.example
  --state FILE        where to keep what was verified (origin, trusted keys, last checkpoint and
                      each certification's logged standing); default: nothing is kept, every run
                      starts from entry 0. Written atomically, only after a consistent run.
  --log-key KEY|FILE  a log verifier key (name+hash+key) published by the registry's operator.
                      Without it the first run trusts the key /log/key lists and pins it; a later
                      checkpoint signed by another key is a disagreement until its rotation is
                      accepted by giving the new key here.
  --policy FILE       a C2SP tlog-policy file (log, witness, group and quorum lines): its log
                      keys are trusted like --log-key, and every checkpoint must carry
                      cosignatures of its witnesses that reach its quorum
  --json              print the result as one JSON object on stdout
  --help              this text
`;

function readKeyArg(value: string): string {
  const text = existsSync(value) ? readFileSync(value, 'utf8').trim().split('\n')[0]!.trim() : value.trim();
  if (!parseVkey(text))
    throw new UsageError(`--log-key: "${text.slice(0, 80)}" is not a verifier key (name+hash+key)`);
  return text;
}

function summary(r: MonitorReport): string {
  if (r.disagreement) return `DISAGREEMENT (${r.disagreement.kind}): ${r.disagreement.message}\n`;
  const from = r.previousSize === null ? 'from the start' : `from size ${r.previousSize}`;
  const witnesses = r.cosignedBy.length > 0 ? `, cosigned by ${r.cosignedBy.join(', ')}` : '';
  return (
    `CONSISTENT: ${r.origin} at size ${r.treeSize} (root ${r.rootHash}), ${r.entriesRead} new entries read ${from}` +
    `${witnesses}; ${r.certifications} certifications agree with the open data.` +
    (r.keyPinnedOnFirstUse
      ? '\nThe log key was taken from /log/key on first use; compare it with the one its operator publishes.'
      : '') +
    '\n'
  );
}

async function main(argv: string[]): Promise<number> {
  const { flags, positional, helped } = parseArgsOrHelp(argv, OPTIONS, HELP);
  if (helped) return 0;
  if (positional.length > 0) throw new UsageError(`unexpected argument "${positional[0]!.slice(0, 80)}"`);
  if (typeof flags['registry'] !== 'string') throw new UsageError('give the registry (--registry URL)');
  const registry = registryBase(flags['registry']);
  if (!registry)
    throw new UsageError(`--registry: "${flags['registry'].slice(0, 80)}" is not an http(s) URL`);
  const trustKeys = typeof flags['log-key'] === 'string' ? [readKeyArg(flags['log-key'])] : [];
  const stateFile = typeof flags['state'] === 'string' ? flags['state'] : null;
  const json = flags['json'] === true;
  try {
    const state = stateFile ? await readState(stateFile) : null;
    const policy = typeof flags['policy'] === 'string' ? await readPolicy(flags['policy']) : null;
    const progress = createProgress('log:monitor');
    const { report, state: next } = await runMonitor({
      registry,
      state,
      trustKeys: [...trustKeys, ...(policy ? policyLogKeys(policy) : [])],
      ...(policy ? { checkCosignatures: (signed) => policyCosigners(policy, signed) } : {}),
      onProgress: (done, total) => progress.update(done, total),
    });
    if (next && stateFile) await writeState(stateFile, next);
    process.stdout.write(json ? `${JSON.stringify(report)}\n` : summary(report));
    return report.ok ? 0 : 1;
  } catch (error) {
    // Exit 2, not 1: the registry was not judged, so nothing may read as a disagreement.
    const known = error instanceof KeurmerkError;
    const message = known ? cliMessage(error) : String((error as Error)?.message ?? error);
    const code = known ? error.code : 'internal';
    if (json) process.stdout.write(`${JSON.stringify({ ok: false, error: { code, message } })}\n`);
    if (!known && process.env['DEBUG']) process.stderr.write(`${(error as Error).stack}\n`);
    process.stderr.write(`log:monitor: ${message}\n`);
    return 2;
  }
}

await runCli('log:monitor', () => main(process.argv.slice(2)));
