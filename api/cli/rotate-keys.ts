import { loadConfig } from '../app/config.ts';
import { rotateKey } from '../../badges/credentials/key-store.ts';
import { parseArgsOrHelp, runCli } from './run-cli.ts';
import { withDatabase } from './with-database.ts';

const HELP = `Usage: npm run keys:rotate

Adds a new current signing key and retires the previous one, without downtime: running servers
on the same PostgreSQL switch to it through a notification, badges signed before keep verifying
(the retired key stays in /.well-known/jwks.json until every credential it signed has expired),
and badges are re-issued with the new key as they are next requested.

The private key is written to DATA_DIR/keys (mode 0600). With SIGNING_KEY_FILE set, rotate by
pointing it at a new key file instead. On the embedded database the server must be stopped first.
`;

await runCli('keys:rotate', async () => {
  if (parseArgsOrHelp(process.argv.slice(2), {}, HELP).helped) return 0;
  const config = loadConfig();
  return withDatabase(
    config,
    async (database) => {
      const key = await rotateKey(database.db, {
        publicUrl: config.publicUrl,
        alg: config.signingAlg,
        keyFile: config.signingKeyFile,
        dataDir: config.dataDir,
      });
      process.stdout.write(`new current key: ${key.kid} (${key.alg})\n`);
      return 0;
    },
    { role: 'key rotation', migrate: true },
  );
});
