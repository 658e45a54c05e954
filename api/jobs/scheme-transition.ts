import type { Job } from './job.ts';
import { expireUnreassessed } from '../../db/scheme/transition.ts';

/**
 * Publishing a new scheme version sets a transition date; from then on, certifications not
 * re-assessed against it expire (db/scheme/transition.ts). Hourly is enough: the date is at
 * least 30 days after publication, and the change log dates each expiry at the transition date.
 */
export const schemeTransitionJob: Job = {
  name: 'scheme-transition',
  description: 'Expire certifications not re-assessed against a new scheme version by its transition date',
  everyMs: 60 * 60 * 1000,
  async run({ db, now, log }) {
    const result = await expireUnreassessed(db, now);
    if (result.expired.length > 0)
      log('certifications expired at a scheme transition date', { count: result.expired.length });
    return {
      done: result.expired.length,
      details: { expired: result.expired.map((e) => e.publicId), underReview: result.underReview },
    };
  },
};
