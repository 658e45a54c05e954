import type { Job } from './job.ts';
import type { IssuerContext } from '../../badges/credentials/issuance.ts';
import { credentialHook } from '../../badges/credentials/issuance.ts';
import { openKeyStore } from '../../badges/credentials/key-store.ts';
import { openDueRenewals } from '../../db/workflow/renewal-open.ts';
import { startGracePeriods } from '../../db/workflow/renewal-grace.ts';
import { loadConfig } from '../app/config.ts';

/**
 * Opens renewal cases 60 days before valid_until (last period's answers prefilled; the reminders
 * job e-mails the members with a link to the case), and starts the grace period of certifications
 * whose renewal is under review when their period ends, issuing the credential valid to its end.
 */
export function renewalsJob(issuerFor: (db: Parameters<Job['run']>[0]['db']) => Promise<IssuerContext>): Job {
  return {
    name: 'renewals',
    description: 'open renewals 60 days ahead; start grace periods of renewals under review',
    everyMs: 10 * 60_000,
    async run({ db, now, log }) {
      const opened = await openDueRenewals(db, now);
      // The key store is opened only when a grace period starts: most runs need no key.
      const graceHooks = async () => [credentialHook(await issuerFor(db))];
      const started = await startGracePeriods(db, now, graceHooks);
      if (opened.length > 0) log('renewals opened', { opened: opened.length });
      if (started.length > 0) log('grace periods started', { started: started.length });
      return {
        done: opened.length + started.length,
        details: { opened: opened.map((o) => o.publicId), graceStarted: started.map((s) => s.publicId) },
      };
    },
  };
}

/** Outside the server (`npm run jobs`), the signing key comes from the configuration. */
export const renewals = renewalsJob(async (db) => {
  const config = loadConfig();
  const keys = await openKeyStore(db, {
    publicUrl: config.publicUrl,
    alg: config.signingAlg,
    keyFile: config.signingKeyFile,
    dataDir: config.dataDir,
  });
  return { keys, publicUrl: config.publicUrl };
});
