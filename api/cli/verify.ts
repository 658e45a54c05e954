import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { parseArgsOrHelp, runCli, type OptionSpec, UsageError } from './run-cli.ts';
import { cliMessage } from './cli-message.ts';
import { KeurmerkError } from '../../db/errors.ts';
import { parseDateInput } from '../../db/values/date-input.ts';
import { extractCredential, sniffSource } from '../../badges/verify/input.ts';
import {
  offlineContext,
  parseJwks,
  registryFetcher,
  registryOfJwks,
  VerifierInputError,
} from '../../badges/verify/offline.ts';
import { verifyExtracted } from '../../badges/verify/service.ts';
import { verifyReportJson } from '../../badges/verify/report.ts';
import { formatReport } from '../../badges/verify/text.ts';
import { checkSavedLogProof } from '../../badges/verify/log-proof-offline.ts';

const OPTIONS: OptionSpec = {
  json: 'boolean',
  jwks: 'string',
  registry: 'string',
  at: 'string',
  'log-proof': 'string',
  'log-entry': 'string',
  'log-key': 'string',
};
const HELP = `Usage: npm run verify -- <badge.svg|badge.png|token.jwt|TOKEN|BADGE-URL> [options]
       npm run verify -- --log-proof proof.txt --log-entry entry.json --log-key KEY|FILE [--json]

Verifies a Keurmerk badge (SVG or PNG with a baked Open Badges 3.0 credential) or a bare VC-JWT:
format, pinned algorithm, registry key, signature, claims, Open Badges 3.0 schema, validity
period, the Bitstring Status List bit, and for SVG badges that the badge names the credential's
holder. Exit code 0 valid, 1 not valid (invalid, revoked, suspended, expired, not yet valid),
2 usage or I/O error.

Offline (nothing is fetched):
  npm run verify -- badge.svg --jwks jwks.json --status status-1.jwt
Online, from one registry only (keys, status lists and badge URLs under it, nothing else):
  npm run verify -- badge.png --registry https://keurmerk.example

Options:
  --jwks FILE|URL     the registry's key set (/.well-known/jwks.json); a URL must be under --registry
  --status FILE|URL   a status list credential (/status/N); repeat for several lists
  --registry URL      the registry; without --jwks/--status its keys and lists are fetched from it
  --json              print the verdict as JSON, in the shape of POST /api/v1/verify
  --at TIME           judge validity at this ISO 8601 time instead of now
  --help              this text

Transparency log (offline): a verdict of the registry (POST or GET /api/v1/verify) carries
transparencyLog.proof (a c2sp.org/tlog-proof@v1 proof) and transparencyLog.entry (the entry it
proves); saved to two files, they are checked with the log's verifier key from /log/key:
  --log-proof FILE    the saved proof
  --log-entry FILE    the saved entry, byte for byte
  --log-key KEY|FILE  the log's verifier key (name+hash+key), or a file holding it
Exit code 0 when the entry is included in a checkpoint signed by that key, 1 when not.

The live registry status (a suspension recorded after the status list you hold) is only known
to the registry itself: POST the badge to /api/v1/verify for the live verdict.
`;

const MAX_FILE = 8 * 1024 * 1024;
const COMPACT_JWS = /^[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*$/;
const isUrl = (value: string) => /^https?:\/\//i.test(value);

/** Pulls every `--status` value out (parseArgs keeps only the last one of a repeated flag). */
function takeRepeated(argv: readonly string[], name: string): { values: string[]; rest: string[] } {
  const values: string[] = [];
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === `--${name}`) {
      const value = argv[++i];
      if (value === undefined || value.startsWith('--')) throw new UsageError(`--${name} needs a value`);
      values.push(value);
    } else if (arg.startsWith(`--${name}=`)) values.push(arg.slice(name.length + 3));
    else rest.push(arg);
  }
  return { values, rest };
}

async function readLocal(path: string): Promise<Uint8Array> {
  try {
    const bytes = await readFile(path);
    if (bytes.length > MAX_FILE) throw new VerifierInputError(`${path} is larger than ${MAX_FILE} bytes.`);
    return bytes;
  } catch (error) {
    if (error instanceof VerifierInputError) throw error;
    throw new VerifierInputError(
      `Cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? 'error'}).`,
    );
  }
}

/** `--log-proof`: checks a saved inclusion proof of a log entry, offline. */
async function checkLogProof(flags: Record<string, string | boolean>): Promise<number> {
  const proofFile = flags['log-proof'] as string;
  const entryFile = flags['log-entry'];
  const keyArg = flags['log-key'];
  if (typeof entryFile !== 'string') throw new UsageError('give the saved entry (--log-entry FILE)');
  if (typeof keyArg !== 'string') throw new UsageError("give the log's verifier key (--log-key KEY|FILE)");
  const vkey = existsSync(keyArg) ? Buffer.from(await readLocal(keyArg)).toString('utf8') : keyArg;
  const proof = Buffer.from(await readLocal(proofFile)).toString('utf8');
  const check = checkSavedLogProof(proof, await readLocal(entryFile), vkey);
  if (flags['json'])
    process.stdout.write(
      `${JSON.stringify(check.ok ? { ok: true, index: check.index, treeSize: check.size, signedBy: check.signedBy } : check)}\n`,
    );
  else
    process.stdout.write(
      check.ok
        ? `INCLUDED: entry ${check.index} is in the checkpoint of size ${check.size} signed by ${check.signedBy.join(', ')}\n`
        : `NOT PROVED: ${check.reason}\n`,
    );
  return check.ok ? 0 : 1;
}

async function main(argv: string[]): Promise<number> {
  const { values: statusArgs, rest } = takeRepeated(argv, 'status');
  const { flags, positional, helped } = parseArgsOrHelp(rest, OPTIONS, HELP);
  if (helped) return 0;
  if (typeof flags['log-proof'] === 'string') {
    if (positional.length > 0)
      throw new UsageError('--log-proof checks a proof alone; give no badge with it');
    return checkLogProof(flags);
  }
  if (positional.length !== 1) throw new UsageError('give exactly one badge file, token or badge URL');
  const subject = positional[0]!;
  const jwksArg = flags['jwks'] as string | undefined;
  const registryArg = (flags['registry'] as string | undefined)?.replace(/\/+$/, '');
  const now = flags['at'] === undefined ? new Date() : parseDateInput(String(flags['at']));
  if (!now) throw new UsageError('--at must be an ISO 8601 date or time with a time zone');
  if (!jwksArg && !registryArg)
    throw new UsageError('give the key set (--jwks FILE) or the registry (--registry URL)');
  if (statusArgs.length === 0 && !registryArg)
    throw new UsageError('give the status list (--status FILE) or the registry (--registry URL)');
  if (!registryArg && [subject, jwksArg ?? '', ...statusArgs].some(isUrl)) {
    throw new UsageError('URLs may only be fetched from the registry: add --registry URL');
  }
  const fetchBytes = registryArg ? registryFetcher(registryArg) : null;
  const load = async (where: string) => (isUrl(where) ? fetchBytes!(where) : readLocal(where));
  const text = (bytes: Uint8Array) => Buffer.from(bytes).toString('utf8');

  const jwks = parseJwks(
    text(await load(jwksArg ?? `${registryArg}/.well-known/jwks.json`)),
    jwksArg ?? 'the registry key set',
  );
  const publicUrl = registryArg ?? registryOfJwks(jwks);
  const statusLists = await Promise.all(statusArgs.map(async (where) => text(await load(where))));
  const context = offlineContext({
    publicUrl,
    now,
    jwks,
    statusLists,
    ...(fetchBytes ? { fetchStatusList: async (url: string) => text(await fetchBytes(url)) } : {}),
  });

  // A file of that name wins; otherwise something shaped like a compact JWS is the token itself.
  const isToken = !isUrl(subject) && COMPACT_JWS.test(subject) && !existsSync(subject);
  const bytes = isToken ? Buffer.from(subject) : await load(subject);
  const report = await verifyExtracted(extractCredential(sniffSource(bytes), bytes), context);
  if (flags['json'])
    process.stdout.write(`${JSON.stringify(verifyReportJson(report, publicUrl), null, 2)}\n`);
  else {
    const where =
      fetchBytes && statusArgs.length === 0 ? `status lists from ${registryArg}` : 'the given status list';
    process.stdout.write(
      formatReport(
        report,
        `Checked at ${now.toISOString()} against ${where}; the live registry status was not asked.`,
      ),
    );
  }
  return report.verdict === 'valid' ? 0 : 1;
}

await runCli('verify', async () => {
  try {
    return await main(process.argv.slice(2));
  } catch (error) {
    // Unreadable files, unreachable registries, unusable key sets: no verdict, so exit code 2, never 1.
    if (error instanceof UsageError) throw error;
    const message =
      error instanceof KeurmerkError
        ? cliMessage(error)
        : error instanceof Error
          ? error.message
          : String(error);
    process.stderr.write(`verify: ${message}\n`);
    if (process.env['DEBUG'] && error instanceof Error && !(error instanceof VerifierInputError)) {
      process.stderr.write(`${error.stack}\n`);
    }
    return 2;
  }
});
