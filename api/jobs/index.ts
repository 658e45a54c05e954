import type { Job } from './job.ts';
import { schemeTransitionJob } from './scheme-transition.ts';

/** Every scheduled job, by name; the runner and `npm run jobs` read this list. */
export const jobs: Job[] = [schemeTransitionJob];
