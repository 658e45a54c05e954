import { sql } from 'kysely';
import { loadConfig } from '../app/config.ts';
import { seedDemo } from '../../db/seed/demo-writer.ts';
import { seedDemoCases } from '../../db/seed/demo-cases.ts';
import { parseArgsOrHelp, runCli, type OptionSpec, UsageError } from './run-cli.ts';
import { parseDateInput } from '../../db/values/date-input.ts';
import { createProgress } from './progress.ts';
import { withDatabase } from './with-database.ts';
import { openKeyStore } from '../../badges/credentials/key-store.ts';
import { issueMissingCredentials } from '../../badges/credentials/reissue.ts';

const OPTIONS: OptionSpec = {
  orgs: 'string',
  seed: 'string',
  now: 'string',
  cases: 'boolean',
  quiet: 'boolean',
};
const HELP = `Usage: npm run db:seed-demo -- [--orgs N] [--seed S] [--now YYYY-MM-DD] [--cases] [--quiet]

Fills the registry with realistic demo organisations (Dutch and Belgian names, valid KvK and
enterprise numbers, domains, phone numbers) and a spread of pending, active, suspended, revoked
and expired certifications with assessments and a hash-chained event history, and issues
the active ones their credentials when PUBLIC_URL is set or a signing key for it exists (else
the server issues them at its first start, under the origin it serves).

  --orgs N    how many organisations (default 1000, at most 5,000,000)
  --seed S    random seed (default 1); the same seed and --now give the same registry
  --now D     reference date for validity periods (default: today, UTC)
  --cases     also a fixed set of workflow cases in every stage (applications, renewals,
              remediation, an objection), on eleven organisations of their own (npm run demo)
  --quiet     no progress output

Idempotent: organisations that already exist (same national id) are left as they are.
Uses DATABASE_URL, or the embedded database in DATA_DIR (default ./data).
`;

function wholeNumber(
  value: string | boolean | undefined,
  name: string,
  fallback: number,
  max: number,
): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'string' || !/^\d+$/.test(value) || Number(value) > max) {
    throw new UsageError(`--${name} must be a whole number from 0 to ${max.toLocaleString('en')}`);
  }
  return Number(value);
}

await runCli('db:seed-demo', async () => {
  const { flags, positional, helped } = parseArgsOrHelp(process.argv.slice(2), OPTIONS, HELP);
  if (helped) return 0;
  if (positional.length > 0) throw new UsageError(`unexpected argument "${positional[0]}"`);
  const organisations = wholeNumber(flags['orgs'], 'orgs', 1000, 5_000_000);
  const seed = wholeNumber(flags['seed'], 'seed', 1, 2 ** 31);
  let now = new Date(new Date().toISOString().slice(0, 10) + 'T00:00:00Z');
  if (flags['now'] !== undefined) {
    const raw = String(flags['now']);
    const date = parseDateInput(raw, { dateOnly: true });
    if (!date) throw new UsageError('--now must be a date, YYYY-MM-DD');
    now = date;
  }
  const config = loadConfig();
  return withDatabase(
    config,
    async (database) => {
      const progress = flags['quiet'] ? null : createProgress('seeding');
      const started = performance.now();
      const result = await seedDemo(database.db, {
        organisations,
        seed,
        now,
        onProgress: (done, total, inserted) =>
          progress?.update(done, total, `(${inserted.toLocaleString('en')} new)`),
      });
      // The cases are a fixed set, not per organisation: the same eleven at any --orgs.
      const cases = flags['cases'] ? await seedDemoCases(database.db, { seed, now }) : 0;
      // Fresh statistics for what was just loaded: until autovacuum gets to it, the planner takes
      // the tables for their old size and chose, at 100,000 organisations, a 466 ms bitmap scan for
      // a certification list that takes 0.3 ms in id order. PGlite is left alone: it never
      // analyses, and its search functions are planned for that.
      if (database.kind === 'postgres' && result.inserted > 0) await sql`analyze`.execute(database.db);
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      process.stdout.write(
        `demo data: ${result.inserted.toLocaleString('en')} organisations added, ${result.skipped.toLocaleString('en')} already present, ${cases} with workflow cases added (${seconds}s, ${database.kind})\n`,
      );
      // The seeder issues the credentials itself: badge requests never write. A signing key is
      // bound to PUBLIC_URL, so the seeder makes one only when PUBLIC_URL was given or a key for it
      // exists; otherwise the server issues them at its first start, under its own origin.
      const current = await database.db
        .selectFrom('signing_key')
        .select('kid')
        .where('retired_at', 'is', null)
        .execute();
      const origin = `${config.publicUrl}/keys/`;
      if (process.env['PUBLIC_URL'] === undefined && !current.some((k) => k.kid.startsWith(origin))) {
        process.stdout.write('credentials: issued by the server at its first start (no signing key yet)\n');
        return 0;
      }
      const keys = await openKeyStore(database.db, {
        publicUrl: config.publicUrl,
        alg: config.signingAlg,
        keyFile: config.signingKeyFile,
        dataDir: config.dataDir,
      });
      const issuing = flags['quiet'] ? null : createProgress('credentials');
      const issued = await issueMissingCredentials(
        database.db,
        { keys, publicUrl: config.publicUrl },
        new Date(),
        {
          onProgress: (n, total) => issuing?.update(n, total),
        },
      );
      process.stdout.write(`credentials: ${issued.toLocaleString('en')} issued\n`);
      return 0;
    },
    { role: 'seeder', migrate: true, seedSchemes: true },
  );
});
