import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, openTestDatabase, type TestDatabase } from '../../../helpers/databases.ts';
import { prepareRegistry, type PreparedRegistry } from '../../../helpers/registry-fixture.ts';
import { addMembers, DAY_MS, validUntil } from '../../../helpers/member-fixture.ts';
import { remindersJob } from '../../../../api/jobs/reminders.ts';
import { runJob } from '../../../../api/jobs/run-job.ts';
import { dueReminder } from '../../../../db/certification/expiry-reminders.ts';
import { takeJobLease } from '../../../../db/jobs/job-lock.ts';
import { openDatabase } from '../../../../db/platform/connection.ts';
import { renderPreview } from '../../../../api/mail/compose.ts';
import type { Job } from '../../../../api/jobs/job.ts';

const PUBLIC_URL = 'http://127.0.0.1:4321';

describe('dueReminder', () => {
  const end = new Date('2027-06-30T12:00:00Z');
  const at = (days: number) => new Date(end.getTime() - days * DAY_MS);
  it('picks the smallest reminder day not yet passed, and nothing outside the window', () => {
    expect(dueReminder(end, at(61))).toBeNull();
    expect(dueReminder(end, at(60))).toEqual({ daysBefore: 60, daysLeft: 60 });
    expect(dueReminder(end, at(31))).toEqual({ daysBefore: 60, daysLeft: 31 });
    expect(dueReminder(end, at(20))).toEqual({ daysBefore: 30, daysLeft: 20 });
    expect(dueReminder(end, at(7))).toEqual({ daysBefore: 7, daysLeft: 7 });
    expect(dueReminder(end, at(0.5))).toEqual({ daysBefore: 7, daysLeft: 1 });
    expect(dueReminder(end, end)).toBeNull();
    expect(dueReminder(end, at(-1))).toBeNull();
  });
});

describe.each(DIALECTS)('reminders job on %s', (kind) => {
  let h: TestDatabase;
  let reg: PreparedRegistry;
  let end: Date;
  let members: Awaited<ReturnType<typeof addMembers>>;

  beforeAll(async () => {
    h = await openTestDatabase(kind);
    reg = await prepareRegistry(h.db);
    members = await addMembers(h.db, reg.active, [
      { language: 'nl', role: 'owner' },
      { language: 'en', role: 'editor' },
      { language: 'fr', role: 'editor' },
    ]);
    // Members of certifications that are not granted any more get nothing.
    await addMembers(h.db, reg.suspended, [{ language: 'nl' }]);
    await addMembers(h.db, reg.revoked, [{ language: 'nl' }]);
    await addMembers(h.db, reg.expired, [{ language: 'nl' }]);
    end = await validUntil(h.db, reg.active);
    // The other fixtures share the active one's period; only the active one may be reminded.
    for (const id of [reg.suspended, reg.revoked])
      await h.db.updateTable('certification').set({ valid_until: end }).where('public_id', '=', id).execute();
  });
  afterAll(async () => {
    await h?.close();
  });

  const context = (daysBefore: number) => ({
    db: h.db,
    now: new Date(end.getTime() - daysBefore * DAY_MS),
    publicUrl: PUBLIC_URL,
    log: () => undefined,
  });
  const outbox = () => h.db.selectFrom('mail_message').selectAll().orderBy('id').execute();

  it('first run 20 days before: the 30-day reminder to every member in their language, no late 60-day one', async () => {
    const result = await remindersJob.run(context(20));
    expect(result.done).toBe(3);
    const rows = await outbox();
    expect(rows.map((r) => [r.to_address, r.language])).toEqual(members.map((m) => [m.email, m.language]));
    const reminders = await h.db.selectFrom('certification_reminder').selectAll().execute();
    expect(reminders.map((r) => r.days_before)).toEqual([30, 30, 30]);
    expect(reminders.every((r) => r.mail_message_id !== null)).toBe(true);
    const subjects = rows.map((r) => {
      const preview = renderPreview(r, PUBLIC_URL);
      if ('error' in preview) throw new Error(preview.error);
      return preview.subject;
    });
    expect(subjects).toEqual([
      'Keurmerk van Klantenservice Federatie Testlid B.V. verloopt over 20 dagen',
      'Certification of Klantenservice Federatie Testlid B.V. expires in 20 days',
      'La certification de Klantenservice Federatie Testlid B.V. expire dans 20 jours',
    ]);
  });

  it('runs again inside the same window send nothing; the 7-day one follows once', async () => {
    expect((await remindersJob.run(context(20))).done).toBe(0);
    expect((await remindersJob.run(context(8))).done).toBe(0);
    expect((await remindersJob.run(context(7))).done).toBe(3);
    expect((await remindersJob.run(context(3))).done).toBe(0);
    expect((await remindersJob.run(context(0))).done).toBe(0);
    const reminders = await h.db
      .selectFrom('certification_reminder')
      .select(['days_before', 'member_user_id'])
      .orderBy('days_before')
      .execute();
    expect(reminders.map((r) => r.days_before)).toEqual([7, 7, 7, 30, 30, 30]);
    expect(await outbox()).toHaveLength(6);
  });

  it('a renewed period (a new valid_until) gets reminders of its own', async () => {
    const renewed = new Date(end.getTime() + 365 * DAY_MS);
    await h.db
      .updateTable('certification')
      .set({ valid_until: renewed })
      .where('public_id', '=', reg.active)
      .execute();
    try {
      const result = await remindersJob.run({
        ...context(0),
        now: new Date(renewed.getTime() - 45 * DAY_MS),
      });
      expect(result.done).toBe(3);
    } finally {
      await h.db
        .updateTable('certification')
        .set({ valid_until: end })
        .where('public_id', '=', reg.active)
        .execute();
    }
  });

  it.runIf(kind === 'postgres')('two instances running it at once queue each reminder once', async () => {
    const others = await Promise.all(
      [1, 2, 3].map(() => openDatabase({ databaseUrl: h.url, dataDir: 'memory://' })),
    );
    try {
      const before = (await outbox()).length;
      const period = new Date(end.getTime() + 730 * DAY_MS);
      const now = new Date(period.getTime() - 50 * DAY_MS);
      await h.db
        .updateTable('certification')
        .set({ valid_until: period })
        .where('public_id', '=', reg.active)
        .execute();
      // Bypassing the lock on purpose: the unique reminder key alone must keep them apart.
      const results = await Promise.all(
        [h.db, ...others.map((o) => o.db)].map((db) =>
          remindersJob.run({ db, now, publicUrl: PUBLIC_URL, log: () => undefined }),
        ),
      );
      expect(results.reduce((sum, r) => sum + r.done, 0)).toBe(3);
      expect((await outbox()).length - before).toBe(3);
    } finally {
      await Promise.all(others.map((o) => o.close()));
      await h.db
        .updateTable('certification')
        .set({ valid_until: end })
        .where('public_id', '=', reg.active)
        .execute();
    }
  });
});

describe.each(DIALECTS)('job lease on %s', (kind) => {
  let h: TestDatabase;
  beforeAll(async () => {
    h = await openTestDatabase(kind);
  });
  afterAll(async () => {
    await h?.close();
  });

  it('one holder at a time; a lease that runs out passes on; the outcome is recorded', async () => {
    expect(await takeJobLease(h.db, { name: 'lease-test', holder: 'a', leaseMs: 60_000 })).toBe(true);
    expect(await takeJobLease(h.db, { name: 'lease-test', holder: 'b', leaseMs: 60_000 })).toBe(false);
    // A crashed holder's short lease: wait for the database clock to pass it, then b may take it.
    expect(await takeJobLease(h.db, { name: 'lease-short', holder: 'a', leaseMs: 200 })).toBe(true);
    const deadline = Date.now() + 10_000;
    let taken = false;
    while (!taken && Date.now() < deadline) {
      taken = await takeJobLease(h.db, { name: 'lease-short', holder: 'b', leaseMs: 60_000 });
      if (!taken) await new Promise((r) => setTimeout(r, 50));
    }
    expect(taken).toBe(true);
  });

  it('runJob records success and failure, and refuses to run beside a holder', async () => {
    let runs = 0;
    const job: Job = {
      name: 'counting',
      description: 'counts',
      everyMs: 60_000,
      run: async ({ now }) => ({ done: ++runs, details: { at: now.toISOString() } }),
    };
    const now = new Date('2027-01-01T00:00:00Z');
    const ctx = { db: h.db, now, publicUrl: PUBLIC_URL, log: () => undefined };
    const first = await runJob(job, ctx, { holder: 'x' });
    expect(first).toMatchObject({ ran: true, result: { done: 1 } });
    let row = await h.db
      .selectFrom('job_run')
      .selectAll()
      .where('name', '=', 'counting')
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      locked_by: null,
      last_outcome: 'ok',
      last_done: 1,
      last_details: { at: now.toISOString() },
    });
    expect(row.last_clock?.toISOString()).toBe(now.toISOString());
    // The timer asks with the period: a run within it by anyone is enough.
    expect(await runJob(job, ctx, { holder: 'y', minIntervalMs: 60_000 })).toEqual({
      ran: false,
      reason: 'recent',
    });
    // While another holds the lease, a manual run is refused.
    expect(await takeJobLease(h.db, { name: 'counting', holder: 'other', leaseMs: 60_000 })).toBe(true);
    expect(await runJob(job, ctx, { holder: 'x' })).toEqual({ ran: false, reason: 'locked' });
    await h.db
      .updateTable('job_run')
      .set({ locked_by: null, locked_until: null })
      .where('name', '=', 'counting')
      .execute();
    const failing: Job = { ...job, run: async () => Promise.reject(new Error('boom')) };
    await expect(runJob(failing, ctx, { holder: 'x' })).rejects.toThrow('boom');
    row = await h.db
      .selectFrom('job_run')
      .selectAll()
      .where('name', '=', 'counting')
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      locked_by: null,
      last_outcome: 'error',
      last_error: 'boom',
      last_done: null,
    });
    expect(runs).toBe(1);
  });
});
