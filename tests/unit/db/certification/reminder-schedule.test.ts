import { describe, expect, it } from 'vitest';
import { reminderSchedule } from '../../../../db/certification/reminder-schedule.ts';
import { REMINDER_DAYS, dueReminder } from '../../../../db/certification/expiry-reminders.ts';

const DAY = 86_400_000;
const end = new Date('2027-06-30T22:00:00Z');

describe('reminderSchedule', () => {
  it('lists every stage of the job, largest first, from its day on', () => {
    const now = new Date(end.getTime() - 100 * DAY);
    const schedule = reminderSchedule({ status: 'active', validUntil: end }, [], now);
    expect(schedule.map((r) => r.daysBefore)).toEqual([...REMINDER_DAYS].sort((a, b) => b - a));
    expect(schedule.every((r) => r.state === 'due')).toBe(true);
    // The job sends a stage exactly from the moment the schedule names.
    for (const r of schedule) {
      expect(dueReminder(end, new Date(r.from.getTime() - 3_600_000))?.daysBefore).not.toBe(r.daysBefore);
      expect(dueReminder(end, r.from)?.daysBefore).toBe(r.daysBefore);
    }
  });

  it('marks recorded reminders sent and passed unsent ones skipped', () => {
    const now = new Date(end.getTime() - 20 * DAY);
    const states = reminderSchedule({ status: 'active', validUntil: end }, [30], now).map((r) => [
      r.daysBefore,
      r.state,
    ]);
    expect(states).toEqual([
      [60, 'skipped'],
      [30, 'sent'],
      [7, 'due'],
    ]);
  });

  it('has nothing for a certification that is not active or has no end', () => {
    expect(reminderSchedule({ status: 'suspended', validUntil: end }, [], new Date())).toEqual([]);
    expect(reminderSchedule({ status: 'pending', validUntil: null }, [], new Date())).toEqual([]);
  });
});
