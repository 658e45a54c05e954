import { loadConfig } from '../app/config.ts';
import { parseArgsOrHelp, runCli, UsageError } from './run-cli.ts';
import { withDatabase } from './with-database.ts';
import { backupKindOf, restorePglite, restorePostgres, summarise } from '../../db/platform/backup.ts';

const HELP = `Usage: npm run db:restore -- <file>

Restores a backup made by npm run db:backup into an EMPTY database: the PostgreSQL database of
DATABASE_URL, or, without it, a new or empty DATA_DIR. It never overwrites data. Afterwards it
prints the counts and checks the hash chain of certification events.
`;

await runCli('db:restore', async () => {
  const { positional, helped } = parseArgsOrHelp(process.argv.slice(2), {}, HELP);
  if (helped) return 0;
  const file = positional[0];
  if (!file || positional.length > 1) throw new UsageError('give exactly one backup file');
  const config = loadConfig();
  const kind = await backupKindOf(file);
  const target = config.databaseUrl ? 'postgres' : 'pglite';
  if (kind !== target) {
    throw new UsageError(
      `${file} is a ${kind} backup, but the target is ${target}${target === 'postgres' ? ' (DATABASE_URL is set)' : ''}`,
    );
  }
  if (config.databaseUrl) await restorePostgres(file, config.databaseUrl);
  else await restorePglite(file, config.dataDir);
  return withDatabase(
    config,
    async (handle) => {
      const s = await summarise(handle.db);
      process.stdout.write(
        `restored: ${s.organisations} organisations, ${s.certifications} certifications, ${s.events} events, ${s.credentials} credentials; ` +
          `event chain ${s.chain.ok ? 'intact' : `BROKEN at event ${s.chain.brokenAt}`}\n`,
      );
      return s.chain.ok ? 0 : 1;
    },
    { role: 'restore check' },
  );
});
