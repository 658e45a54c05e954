import path from 'node:path';
import { loadConfig } from '../app/config.ts';
import { createLogger } from '../app/log.ts';
import { createDeps } from '../app/bootstrap.ts';
import { startServer } from '../server.ts';
import { parseArgsOrHelp, runCli } from './run-cli.ts';
import { readDemoMode } from '../app/demo-mode.ts';
import { demoBanner, demoMembersBanner } from './demo-banner.ts';
import { startBackground } from '../app/background.ts';

const HELP = `Usage: npm start [-- --help]

Starts the Keurmerk server: the public site, badges, keys, status lists and the API.
Configuration comes from environment variables (see README.md, "Configuration"):
  DATABASE_URL   PostgreSQL URL; unset = embedded PGlite database in DATA_DIR
  DATA_DIR       embedded database and local keys (default ./data)
  HOST, PORT     where to listen (default 127.0.0.1:4321)
  PUBLIC_URL     the public origin used in badges and credentials
  SMTP_URL, MAIL_FROM   where e-mail leaves; unset = it waits in the outbox (/admin/outbox)
  JOBS=off       do not run the scheduled jobs here (run them with npm run jobs instead)
  DEMO=1         demo mode (set by npm run demo): without staff, create a demo admin and print its sign-in once
  KEURMERK_TUNING=off   run without the memory settings of api/cli/runtime-tuning.ts
`;

await runCli('keurmerk', async () => {
  if (parseArgsOrHelp(process.argv.slice(2), {}, HELP).helped) return 0;
  const config = loadConfig();
  const demo = readDemoMode();
  const log = createLogger(config.logLevel, { service: 'keurmerk' });
  const deps = await createDeps(config, log, 'server', { demo });
  const running = await startServer(deps, { distDir: path.resolve('dist') }).catch(async (error: unknown) => {
    await deps.close().catch(() => undefined);
    throw error;
  });
  const background = await startBackground(deps, { demo }).catch(async (error: unknown) => {
    await running.close().catch(() => undefined);
    throw error;
  });
  log.info('listening', { url: running.url, database: deps.database.kind, publicUrl: config.publicUrl });
  // Before the "running" line, which is what people (and the tests) wait for.
  if (deps.demoAdmin) process.stdout.write(demoBanner(config.publicUrl, deps.demoAdmin));
  if (demo) process.stdout.write(demoMembersBanner(config.publicUrl, deps.demoMembers));
  process.stderr.write(`Keurmerk is running at ${running.url} (database: ${deps.database.kind})\n`);
  await new Promise<void>((resolve) => {
    const stop = (signal: string) => {
      log.info('shutting down', { signal });
      // Background work first: a job or a message in hand still has its database.
      background
        .stop()
        .then(() => running.close())
        .then(resolve, (error: unknown) => {
          log.error('shutdown failed', { error });
          resolve();
        });
    };
    process.once('SIGTERM', () => stop('SIGTERM'));
    process.once('SIGINT', () => stop('SIGINT'));
  });
  return 0;
});
