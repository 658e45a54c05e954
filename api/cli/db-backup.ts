import { loadConfig } from '../app/config.ts';
import { parseArgsOrHelp, runCli, UsageError } from './run-cli.ts';
import { backupPglite, backupPostgres } from '../../db/platform/backup.ts';

const HELP = `Usage: npm run db:backup -- <file>

Writes a backup of the registry database to <file>:
  with DATABASE_URL   a pg_dump custom-format archive (needs pg_dump, Debian: postgresql-client)
  without             the embedded PGlite data directory (DATA_DIR) as a gzip tarball; the server
                      must be stopped first (the directory is opened by one process at a time)
Restore with npm run db:restore -- <file>.
`;

await runCli('db:backup', async () => {
  const { positional, helped } = parseArgsOrHelp(process.argv.slice(2), {}, HELP);
  if (helped) return 0;
  const file = positional[0];
  if (!file || positional.length > 1) throw new UsageError('give exactly one backup file name');
  const config = loadConfig();
  if (config.databaseUrl) await backupPostgres(config.databaseUrl, file);
  else await backupPglite(config.dataDir, file);
  process.stdout.write(`backup written to ${file} (${config.databaseUrl ? 'postgres' : 'pglite'})\n`);
  return 0;
});
