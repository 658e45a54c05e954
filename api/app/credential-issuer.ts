import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema/database.ts';
import type { Logger } from './log.ts';
import type { IssuerContext } from '../../badges/credentials/issuance.ts';
import { issueMissingCredentials } from '../../badges/credentials/reissue.ts';

export interface CredentialIssuer {
  /** Asks for a run soon (a key rotation, new certifications announced); bursts ask once. */
  kick(): void;
  /** Resolves when no run is in progress or asked for. */
  idle(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Issues missing credentials with this server's own key store: at start and whenever kicked, so
 * badges carry a credential seconds after a seed, an import or a key rotation — badge requests
 * themselves never write. The `credentials` job (api/jobs) is the periodic safety net. Runs never
 * overlap here, and are safe beside other instances' (row locks, re-checked).
 */
export function startCredentialIssuer(options: {
  db: Kysely<Database>;
  issuer: IssuerContext;
  log: Logger;
  now: () => Date;
  kickDelayMs?: number;
}): CredentialIssuer {
  let running: Promise<void> | null = null;
  let again = false;
  let kickTimer: NodeJS.Timeout | null = null;
  let stopped = false;
  const start = (): void => {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = issueMissingCredentials(options.db, options.issuer, options.now())
      .then((issued) => {
        if (issued > 0) options.log.info('credentials issued', { issued });
      })
      .catch((error: unknown) => options.log.error('issuing credentials failed', { error }))
      .finally(() => {
        running = null;
        if (again) {
          again = false;
          start();
        }
      });
  };
  start();
  return {
    kick() {
      if (kickTimer || stopped) return;
      kickTimer = setTimeout(() => {
        kickTimer = null;
        start();
      }, options.kickDelayMs ?? 1_000);
      kickTimer.unref();
    },
    async idle() {
      while (running || kickTimer || again) await (running ?? new Promise((r) => setTimeout(r, 20)));
    },
    async stop() {
      stopped = true;
      if (kickTimer) clearTimeout(kickTimer);
      kickTimer = null;
      again = false;
      await running;
    },
  };
}
