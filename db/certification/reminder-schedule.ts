import { REMINDER_DAYS } from './expiry-reminders.ts';

const DAY_MS = 86_400_000;

export interface ScheduledReminder {
  daysBefore: number;
  /** From when the reminders job (hourly) sends it: `daysBefore` whole days before valid_until. */
  from: Date;
  state: 'sent' | 'due' | 'skipped';
}

/**
 * When the expiry reminders of a validity period come, from the same stages the reminders job
 * uses (`REMINDER_DAYS`): sent ones (recorded), ones still to come, and ones whose moment passed
 * unsent — the job sends only the nearest stage, never a late earlier one. Only an active
 * certification with an end date is reminded of; anything else has no schedule.
 */
export function reminderSchedule(
  certification: { status: string; validUntil: Date | null },
  sent: readonly number[],
  now: Date,
): ScheduledReminder[] {
  const end = certification.validUntil;
  if (certification.status !== 'active' || !end) return [];
  return [...REMINDER_DAYS]
    .sort((a, b) => b - a)
    .map((daysBefore) => {
      const from = new Date(end.getTime() - daysBefore * DAY_MS);
      const state = sent.includes(daysBefore) ? 'sent' : from.getTime() > now.getTime() ? 'due' : 'skipped';
      return { daysBefore, from, state };
    });
}
