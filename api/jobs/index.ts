import type { Job } from './job.ts';
import { remindersJob } from './reminders.ts';

/** Every scheduled job, by name; the runner and `npm run jobs` read this list. */
export const jobs: Job[] = [remindersJob];
