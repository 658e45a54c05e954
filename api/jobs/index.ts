import type { Job } from './job.ts';
import { remindersJob } from './reminders.ts';
import { credentials } from './credentials.ts';
import { logExpiries } from './log-expiries.ts';
import { schemeTransitionJob } from './scheme-transition.ts';
import { sightingDigestJob } from './sighting-digest.ts';
import { renewals } from './renewals.ts';

/** Every scheduled job, by name; the runner and `npm run jobs` read this list. */
export const jobs: Job[] = [
  remindersJob,
  credentials,
  logExpiries,
  schemeTransitionJob,
  sightingDigestJob,
  renewals,
];
