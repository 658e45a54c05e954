import { loadConfig } from '../app/config.ts';
import { migrateDown, migrateToLatest, migrationState } from '../../db/platform/migrate.ts';
import { seedSchemes } from '../../db/seed/scheme-files.ts';
import { parseArgsOrHelp, runCli, type OptionSpec } from './run-cli.ts';
import { withDatabase } from './with-database.ts';

const OPTIONS: OptionSpec = { status: 'boolean', down: 'boolean' };
const HELP = `Usage: npm run db:migrate [-- --status | --down]

Brings the database schema up to date (and loads the scheme definitions from db/seed/schemes/).
  --status   list applied and pending migrations, change nothing
  --down     undo the newest migration
Uses DATABASE_URL, or the embedded database in DATA_DIR (default ./data).
`;

await runCli('db:migrate', async () => {
  const { flags, helped } = parseArgsOrHelp(process.argv.slice(2), OPTIONS, HELP);
  if (helped) return 0;
  const config = loadConfig();
  // Not migrate: true, since --status and --down must see the schema as it is.
  return withDatabase(
    config,
    async (database) => {
      if (flags['status']) {
        const state = await migrationState(database.db);
        for (const name of state.applied) process.stdout.write(`applied  ${name}\n`);
        for (const name of state.pending) process.stdout.write(`pending  ${name}\n`);
        for (const name of state.unknown)
          process.stdout.write(`UNKNOWN  ${name} (written by a newer version)\n`);
        return 0;
      }
      if (flags['down']) {
        const undone = await migrateDown(database.db);
        process.stdout.write(undone.length ? `undone: ${undone.join(', ')}\n` : 'nothing to undo\n');
        return 0;
      }
      const applied = await migrateToLatest(database.db);
      const schemes = await seedSchemes(database.db);
      process.stdout.write(applied.length ? `applied: ${applied.join(', ')}\n` : 'schema is up to date\n');
      process.stdout.write(`schemes: ${schemes.join(', ')}\n`);
      return 0;
    },
    { role: 'migrate' },
  );
});
