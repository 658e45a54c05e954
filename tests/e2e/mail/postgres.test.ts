import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, runNode, startServerProcess, type ServerProcess } from '../../helpers/server-process.ts';
import { createPgDatabase, dropPgDatabase } from '../../helpers/databases.ts';
import { prepareRegistry, type PreparedRegistry } from '../../helpers/registry-fixture.ts';
import { addMembers, DAY_MS } from '../../helpers/member-fixture.ts';
import { startSmtpSink, type SmtpSink } from '../../helpers/smtp-sink.ts';
import { openDatabase, type DatabaseHandle } from '../../../db/platform/connection.ts';

// Several instances on one PostgreSQL: each reminder leaves once although every instance runs
// the job, and a sender killed with -9 loses nothing; what it had handed to the SMTP server
// before dying is sent again under the same Message-ID.

const LEASE = '10';

describe.runIf(process.env['TEST_DATABASE_URL'])('mail and jobs on PostgreSQL with several instances', () => {
  let url: string;
  let dataDir: string;
  let handle: DatabaseHandle;
  let reg: PreparedRegistry;
  let sink: SmtpSink;
  let env: Record<string, string>;
  let members: Awaited<ReturnType<typeof addMembers>>;
  let end: Date;
  const servers: ServerProcess[] = [];

  beforeAll(async () => {
    url = await createPgDatabase();
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'keurmerk-mail-pg-'));
    handle = await openDatabase({ databaseUrl: url, dataDir });
    reg = await prepareRegistry(handle.db);
    members = await addMembers(handle.db, reg.active, [
      { language: 'nl' },
      { language: 'en' },
      { language: 'fr' },
    ]);
    // 25 days left on the wall clock: the servers' own timers find the 30-day reminder due.
    end = new Date(Date.now() + 25 * DAY_MS);
    await handle.db
      .updateTable('certification')
      .set({ valid_until: end })
      .where('public_id', '=', reg.active)
      .execute();
    sink = await startSmtpSink();
    const port = await freePort();
    env = {
      DATABASE_URL: url,
      DATA_DIR: dataDir,
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      SMTP_URL: sink.url,
      MAIL_FROM: 'registry@keurmerk.example',
      MAIL_LEASE_SECONDS: LEASE,
    };
  });
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.stop('SIGKILL')));
    await sink?.close();
    await handle?.close();
    if (url) await dropPgDatabase(url);
    await fs.rm(dataDir, { recursive: true, force: true });
  });

  const outbox = () => handle.db.selectFrom('mail_message').selectAll().orderBy('id').execute();
  async function until(condition: () => Promise<boolean>, what: string, timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!(await condition())) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  it('two instances and the CLI all run the reminders job; each member gets the reminder once', async () => {
    servers.push(...(await Promise.all([startServerProcess(env), startServerProcess(env)])));
    // The CLI too, while both timers are due to fire (2.5 to 7.5 s after start).
    const cli = await Promise.all([1, 2].map(() => runNode('api/cli/jobs.ts', ['reminders', '--json'], env)));
    for (const run of cli) expect([0, 1], run.stderr).toContain(run.code);
    await sink.waitFor(3, 'received', 60_000);
    await until(async () => (await outbox()).every((m) => m.status === 'sent'), 'every message sent');
    // Wait for the timers to have run (job_run records the last finish) and run once more by hand.
    await until(
      async () =>
        (
          await handle.db
            .selectFrom('job_run')
            .select('last_finished_at')
            .where('name', '=', 'reminders')
            .executeTakeFirst()
        )?.last_finished_at != null,
      'a finished reminders run',
    );
    const again = await runNode('api/cli/jobs.ts', ['reminders', '--json'], env);
    expect(JSON.parse(again.stdout)).toMatchObject({ done: 0, details: { queued: 0, alreadySent: 3 } });
    const rows = await outbox();
    expect(rows).toHaveLength(3);
    expect(sink.received).toHaveLength(3);
    expect(sink.received.map((m) => m.to[0]).sort()).toEqual(members.map((m) => m.email).sort());
    expect(new Set(sink.received.map((m) => m.parsed.messageId))).toEqual(
      new Set(rows.map((r) => r.message_id)),
    );
  }, 180_000);

  it('kill -9 between the change and the send loses no message; the resend carries the same Message-ID', async () => {
    await Promise.all(servers.splice(0).map((s) => s.stop('SIGKILL')));
    const before = sink.received.length;
    // A sender whose SMTP server has the whole message but has not answered yet.
    sink.mode = 'hold';
    const doomed = await startServerProcess({ ...env, JOBS: 'off' });
    servers.push(doomed);
    // The change: the 7-day reminders, queued by the CLI (committed), woken by NOTIFY in `doomed`.
    const run = await runNode(
      'api/cli/jobs.ts',
      ['reminders', '--now', new Date(end.getTime() - 5 * DAY_MS).toISOString(), '--json'],
      env,
    );
    expect(JSON.parse(run.stdout)).toMatchObject({ done: 3 });
    await sink.waitFor(1, 'held', 60_000);
    expect(await doomed.stop('SIGKILL')).toBeNull();
    // The server accepts what it held (its "250" goes to a dead socket): delivered, unbeknown to the registry.
    sink.release();
    await sink.waitFor(before + 1);
    const held = sink.received.at(-1)!.parsed.messageId;
    const sevenDay = (await outbox()).slice(3);
    expect(sevenDay.map((m) => m.status)).toEqual(['pending', 'pending', 'pending']);
    expect(sevenDay.map((m) => m.message_id)).toContain(held);

    sink.mode = 'accept';
    servers.push(await startServerProcess({ ...env, JOBS: 'off' }));
    // After the dead sender's lease (MAIL_LEASE_SECONDS) the new instance sends all three.
    await sink.waitFor(before + 4, 'received', 90_000);
    await until(async () => (await outbox()).every((m) => m.status === 'sent'), 'every message sent', 30_000);
    const resent = sink.received.slice(before);
    const ids = resent.map((m) => m.parsed.messageId);
    expect(ids.filter((id) => id === held)).toHaveLength(2);
    expect(new Set(ids)).toEqual(new Set(sevenDay.map((m) => m.message_id)));
    const rows = await outbox();
    expect(rows).toHaveLength(6);
    // The killed claim counted as an attempt; nothing lost, nothing failed.
    expect(rows.find((m) => m.message_id === held)!.attempts).toBe(2);
    expect(rows.every((m) => m.status === 'sent' && m.last_error === null)).toBe(true);
  }, 240_000);
});
