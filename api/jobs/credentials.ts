import type { Job } from './job.ts';
import type { IssuerContext } from '../../badges/credentials/issuance.ts';
import { issueMissingCredentials } from '../../badges/credentials/reissue.ts';
import { openKeyStore } from '../../badges/credentials/key-store.ts';
import { loadConfig } from '../app/config.ts';

/**
 * Issues the credentials badge requests no longer issue (they never write): for active
 * certifications without one, or with one of a rotated-out key or an older validity period.
 * The server also runs it at start, after a key rotation and on a timer (api/app/background.ts).
 */
export function credentialsJob(
  issuerFor: (db: Parameters<Job['run']>[0]['db']) => Promise<IssuerContext>,
): Job {
  return {
    name: 'credentials',
    description: 'issue credentials missing after a seed, an import or a key rotation',
    everyMs: 10 * 60_000,
    async run({ db, now, log }) {
      const issued = await issueMissingCredentials(db, await issuerFor(db), now);
      if (issued > 0) log('credentials issued', { issued });
      return { done: issued };
    },
  };
}

/** Outside the server (`npm run jobs`), the signing key comes from the configuration. */
export const credentials = credentialsJob(async (db) => {
  const config = loadConfig();
  const keys = await openKeyStore(db, {
    publicUrl: config.publicUrl,
    alg: config.signingAlg,
    keyFile: config.signingKeyFile,
    dataDir: config.dataDir,
  });
  return { keys, publicUrl: config.publicUrl };
});
