import type { Job } from './job.ts';
import { recordExpiries } from '../../db/log/expiry-entries.ts';

/**
 * Writes each expiry into the transparency log once (`certification_expired`). Expiry itself is
 * derived on read; hourly, so the log trails the change log by at most an hour.
 */
export const logExpiries: Job = {
  name: 'log-expiries',
  description: 'record passed validity periods in the transparency log, once each',
  everyMs: 60 * 60_000,
  async run({ db, now, log }) {
    const recorded = await recordExpiries(db, now);
    if (recorded > 0) log('expiries recorded in the transparency log', { recorded });
    return { done: recorded };
  },
};
