import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, startServerProcess, type ServerProcess } from '../../helpers/server-process.ts';
import { createPgDatabase, dropPgDatabase } from '../../helpers/databases.ts';
import { pendingCertification } from '../../helpers/fixtures.ts';
import { prepareRegistry } from '../../helpers/registry-fixture.ts';
import { prepareAdmin } from '../../helpers/admin-e2e.ts';
import { decodeJwt, svgCredentials, webCryptoVerify } from '../../helpers/badge-reading.ts';
import { bitAt, setIndexes, statusListBits } from '../../helpers/status-list-decoder.ts';
import { openDatabase, type DatabaseHandle } from '../../../db/platform/connection.ts';
import { openKeyStore } from '../../../badges/credentials/key-store.ts';
import { credentialHook } from '../../../badges/credentials/issuance.ts';
import { CERTIFICATION_CHANNEL, grant, type ChangeHook } from '../../../db/certification/transitions.ts';
import { effectiveStatus, type Action, type Status } from '../../../db/certification/lifecycle.ts';
import { verifyChain } from '../../../db/certification/event-chain.ts';
import { verifyAuditChain } from '../../../db/staff/audit-log.ts';
import type { StoredStatus } from '../../../db/schema/certification.table.ts';
import type { EventKind } from '../../../db/schema/certification-event.table.ts';
import { prng } from '../../../db/seed/demo-generator.ts';

// kill -9 of a real server process in the middle of a burst of lifecycle changes made through the
// admin API, on a real PostgreSQL; a new process on the same database must then show a registry in
// which state, event chain, credentials, the served status list and the served badges all agree,
// every change has its one success audit record (and no record is without its change), and every
// request lost at the kill can be retried with its Idempotency-Key: it is replayed when its change
// committed and runs now when it did not, never "still in progress".

const TEST_DATABASE_URL = process.env['TEST_DATABASE_URL'];
if (!TEST_DATABASE_URL) {
  console.warn('faults-kill.test.ts skipped: set TEST_DATABASE_URL to a PostgreSQL server to run it');
}

const CLIENTS = 16;
const EXTRA_CERTIFICATIONS = 48;
/** Kill, restart and carry on this many times. */
const ROUNDS = 3;
/** Each kill comes once this many transitions of its round were acknowledged (and it ran this long). */
const KILL_AFTER_ACKS = 80;
const KILL_AFTER_MS = 300;
/** ... and at the next commit of a request not yet answered, or after this long. */
const KILL_WAIT_MS = 2_000;
const SEED = 0x6b696c6c;

const EVENT_OF: Readonly<Record<Action, EventKind>> = {
  grant: 'granted',
  renew: 'renewed',
  suspend: 'suspended',
  reinstate: 'reinstated',
  revoke: 'revoked',
  refuse: 'refused',
};
const TARGET_OF: Readonly<Record<Action, StoredStatus>> = {
  grant: 'active',
  renew: 'active',
  suspend: 'suspended',
  reinstate: 'active',
  revoke: 'revoked',
  refuse: 'refused',
};
/** The word each state shows on the default (Dutch) badge. */
const BADGE_WORD: Readonly<Record<Status, string>> = {
  active: 'Gecertificeerd',
  pending: 'In behandeling',
  suspended: 'Geschorst',
  revoked: 'Ingetrokken',
  expired: 'Verlopen',
  refused: 'Niet gevonden',
};
const VERDICT_OF: Readonly<Record<Exclude<Status, 'pending'>, string>> = {
  active: 'valid',
  suspended: 'suspended',
  revoked: 'revoked',
  expired: 'expired',
  refused: 'invalid',
};

/** A valid next action for a certification in `state`, or null when none is left (revoked). */
function nextAction(state: Status, random: () => number): Action | null {
  const r = random();
  switch (state) {
    case 'pending':
      return 'grant';
    case 'expired':
      return 'renew';
    case 'active':
      return r < 0.7 ? 'suspend' : r < 0.97 ? 'renew' : 'revoke';
    case 'suspended':
      return r < 0.95 ? 'reinstate' : 'revoke';
    case 'revoked':
    case 'refused':
      return null;
  }
}

interface Attempt {
  readonly n: number;
  readonly round: number;
  readonly publicId: string;
  readonly action: Action;
  readonly reason: string;
  /**
   * ack: answered 2xx (at once, or when retried after the kill); refused: answered otherwise;
   * lost: no answer (the server died), until retried; retry_refused: lost, and refused when retried.
   */
  outcome: 'in_flight' | 'ack' | 'refused' | 'lost' | 'retry_refused';
  status?: number;
  answered?: Status;
  detail?: string;
  /** A lost request retried with its Idempotency-Key: answered from the store, or run then. */
  retried?: 'replayed' | 'ran';
}

/** The Idempotency-Key each request of the burst carries, and its retry after the kill. */
const keyOf = (a: Attempt) => `burst-${a.n}`;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

type Snapshot = Awaited<ReturnType<typeof snapshotOf>>;

/** The certifications of `publicIds` with their events (oldest first) and credentials (oldest first). */
async function snapshotOf(db: DatabaseHandle['db'], publicIds: string[]) {
  const certs = await db
    .selectFrom('certification')
    .select(['id', 'public_id', 'status', 'valid_until'])
    .where('public_id', 'in', publicIds)
    .execute();
  const ids = certs.map((c) => c.id);
  const events = await db
    .selectFrom('certification_event')
    .selectAll()
    .where('certification_id', 'in', ids)
    .orderBy('id')
    .execute();
  const credentials = await db
    .selectFrom('credential')
    .selectAll()
    .where('certification_id', 'in', ids)
    .orderBy('issued_at')
    .orderBy('id')
    .execute();
  const now = new Date();
  return {
    now,
    certs: certs.map((c) => ({
      ...c,
      effective: effectiveStatus(c, now),
      events: events.filter((e) => e.certification_id === c.id),
      credentials: credentials.filter((k) => k.certification_id === c.id),
    })),
    events,
  };
}

/** The credential a certification's status is about: the newest one not replaced by a newer one. */
function currentCredentialOf(cert: Snapshot['certs'][number]) {
  return cert.credentials.filter((c) => c.superseded_at === null).at(-1);
}

describe.runIf(TEST_DATABASE_URL)('kill -9 during a burst of lifecycle changes (PostgreSQL)', () => {
  let url: string;
  let dataDir: string;
  let handle: DatabaseHandle;
  let token: string;
  let publicUrl: string;
  let port: number;
  /** The instance that is killed, and restarted on the same port. */
  let victim: ServerProcess | undefined;
  /** A second instance on the same database that is never killed (serving badges throughout). */
  let survivor: ServerProcess | undefined;
  let publicIds: string[];
  /** Called with the public id of every committed status change (NOTIFY), while a kill is armed. */
  let onCommit: ((publicId: string) => void) | null = null;
  /**
   * Per certification: status changes heard (NOTIFY, in commit order) and changes known to have
   * committed (acknowledged, found after a restart, retried). A notification is of the request
   * still in flight only when the heard outnumber the known: the one of an acknowledged change can
   * arrive after its answer, when the next request for the same certification is already out.
   */
  const heardCount = new Map<string, number>();
  const committedCount = new Map<string, number>();
  const countOne = (counts: Map<string, number>, publicId: string) =>
    counts.set(publicId, (counts.get(publicId) ?? 0) + 1);

  beforeAll(async () => {
    url = await createPgDatabase();
    // Shared key directory: this test and both instances use one signing key.
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'keurmerk-faults-kill-'));
    port = await freePort();
    publicUrl = `http://127.0.0.1:${port}`;
    handle = await openDatabase({ databaseUrl: url, dataDir });
    const keys = await openKeyStore(handle.db, { publicUrl, alg: 'RS256', keyFile: null, dataDir });
    const hooks: ChangeHook[] = [credentialHook({ keys, publicUrl })];
    // One certification in every state (pending, suspended, revoked, expired, active) ...
    const reg = await prepareRegistry(handle.db, hooks);
    // ... and many active ones, with complete assessments so every action is allowed.
    const extra: string[] = [];
    for (let i = 0; i < EXTRA_CERTIFICATIONS; i++) {
      const cert = await pendingCertification(handle.db, { name: `Burst Testbedrijf ${i} B.V.` });
      const criteria = await handle.db
        .selectFrom('criterion')
        .select('id')
        .where('scheme_version_id', '=', cert.scheme_version_id)
        .execute();
      await handle.db
        .insertInto('assessment')
        .values(
          criteria.map((c) => ({
            certification_id: cert.id,
            criterion_id: c.id,
            result: 'met' as const,
            assessor: 'fixture',
            assessed_at: new Date(),
          })),
        )
        .execute();
      await grant(handle.db, cert.public_id, { actor: 'fixture', reason: 'fixture', hooks });
      extra.push(cert.public_id);
    }
    publicIds = [
      reg.active,
      reg.activeBe,
      reg.accented,
      reg.suspended,
      reg.revoked,
      reg.pending,
      reg.expired,
    ];
    publicIds.push(...extra);
    token = (await prepareAdmin(handle.db)).tokens.admin;
    // Listening starts after the fixtures' changes: their notifications are never heard.
    await handle.notifier.listen(CERTIFICATION_CHANNEL, (publicId) => {
      countOne(heardCount, publicId);
      onCommit?.(publicId);
    });
  });

  afterAll(async () => {
    await Promise.all([victim?.stop('SIGKILL'), survivor?.stop('SIGKILL')]);
    await handle?.close();
    if (url) await dropPgDatabase(url);
    if (dataDir) await fs.rm(dataDir, { recursive: true, force: true });
  });

  const env = (p: number) => ({
    DATABASE_URL: url,
    DATA_DIR: dataDir,
    PUBLIC_URL: publicUrl,
    PORT: String(p),
  });

  it(
    'leaves state, event chain, credentials, status list and badges in agreement after each restart',
    { timeout: 120_000 },
    async () => {
      const started = performance.now();
      let survivorPort = await freePort();
      while (survivorPort === port) survivorPort = await freePort();
      [victim, survivor] = await Promise.all([
        startServerProcess(env(port)),
        startServerProcess(env(survivorPort)),
      ]);

      const initial = await snapshotOf(handle.db, publicIds);
      /** The state each certification is in by the answers received (and, after a kill, the database). */
      const known = new Map(initial.certs.map((c) => [c.public_id, c.effective]));
      /** Certifications a client is working on; one request per certification at a time. */
      const busy = new Set<string>();
      const attempts: Attempt[] = [];
      const random = prng(SEED);

      // Read traffic on the survivor during every burst and kill: it must never fail.
      let reading = true;
      const readFailures: string[] = [];
      let reads = 0;
      const readers = [1, 2].map(async (k) => {
        const pick = prng(SEED + k);
        while (reading) {
          const target =
            pick() < 0.3 ? '/status/1' : `/badges/${publicIds[Math.floor(pick() * publicIds.length)]}.svg`;
          try {
            const response = await fetch(`${survivor!.url}${target}`);
            await response.arrayBuffer();
            reads++;
            if (response.status !== 200) readFailures.push(`${target}: ${response.status}`);
          } catch (error) {
            readFailures.push(`${target}: ${String(error)}`);
          }
        }
      });

      /** One lifecycle request of the burst, with its own Idempotency-Key (the same when retried). */
      function send(server: ServerProcess, a: Attempt): Promise<Response> {
        return fetch(`${server.url}/api/v1/admin/certifications/${a.publicId}/${a.action}`, {
          method: 'POST',
          headers: {
            authorization: `Bearer ${token}`,
            'content-type': 'application/json',
            'idempotency-key': keyOf(a),
          },
          body: JSON.stringify({ reason: a.reason }),
        });
      }

      /** Runs CLIENTS clients against `server` until the round's acknowledgements are in, then kill -9. */
      async function burstAndKill(server: ServerProcess, round: number) {
        let acks = 0;
        let killed = false;
        async function client(): Promise<void> {
          while (!killed) {
            const idle = publicIds.filter((id) => !busy.has(id) && known.get(id) !== 'revoked');
            if (idle.length === 0) {
              await sleep(2);
              continue;
            }
            const publicId = idle[Math.floor(random() * idle.length)]!;
            const action = nextAction(known.get(publicId)!, random)!;
            const n = attempts.length;
            const attempt: Attempt = {
              n,
              round,
              publicId,
              action,
              reason: `burst #${n}`,
              outcome: 'in_flight',
            };
            attempts.push(attempt);
            busy.add(publicId);
            try {
              const response = await send(server, attempt);
              const text = await response.text();
              if (killed) {
                // Answered only after the kill: this client gave up on it (as a client does when
                // its request times out), and learns the outcome by retrying with its key.
                attempt.outcome = 'lost';
                attempt.detail = `answered ${response.status} after the kill; not waited for`;
                continue;
              }
              attempt.status = response.status;
              if (response.ok) {
                attempt.outcome = 'ack';
                attempt.answered = (JSON.parse(text) as { status: Status }).status;
                known.set(publicId, attempt.answered);
                countOne(committedCount, publicId);
                acks++;
              } else {
                attempt.outcome = 'refused';
                attempt.detail = text.slice(0, 300);
              }
            } catch (error) {
              // No answer: the server died with this request in flight. Its certification stays
              // busy until the database has been read after the restart.
              attempt.outcome = 'lost';
              attempt.detail = String((error as Error).cause ?? error);
              continue;
            }
            busy.delete(publicId);
          }
        }
        const t0 = performance.now();
        const clients = Array.from({ length: CLIENTS }, () => client());
        while (acks < KILL_AFTER_ACKS || performance.now() - t0 < KILL_AFTER_MS) {
          if (attempts.some((a) => a.outcome === 'refused')) break; // reported by the caller
          await sleep(5);
        }
        // Then kill at the next commit (heard by NOTIFY) of a change whose answer is still on its
        // way, so that some lost requests are changes that did commit; or after KILL_WAIT_MS.
        const inFlight = (publicId: string) =>
          attempts.some((a) => a.round === round && a.outcome === 'in_flight' && a.publicId === publicId);
        let onCommitKill = false;
        let inFlightAtKill = 0;
        let killAfterMs = 0;
        const stopped = new Promise<number | null>((resolve) => {
          const kill = () => {
            onCommit = null;
            clearTimeout(timer);
            killed = true;
            resolve(server.stop('SIGKILL'));
            killAfterMs = Math.round(performance.now() - t0);
            inFlightAtKill = attempts.filter((a) => a.round === round && a.outcome === 'in_flight').length;
          };
          const timer = setTimeout(kill, KILL_WAIT_MS);
          onCommit = (publicId) => {
            if (!inFlight(publicId)) return;
            // Not more heard than known: a late notification of a change already answered.
            if ((heardCount.get(publicId) ?? 0) <= (committedCount.get(publicId) ?? 0)) return;
            onCommitKill = true;
            kill();
          };
        });
        expect(await stopped).toBe(null); // ended by the signal, no exit code
        const figures = {
          round,
          killAfterMs,
          onCommitKill,
          acknowledgedAtKill: acks,
          inFlightAtKill,
        };
        await Promise.all(clients);
        return { ...figures, acknowledged: acks };
      }

      /**
       * The database after a restart: the chain verifies; every acknowledged transition is there
       * once; a request lost at the kill happened once or not at all; each certification's state
       * is its latest event's and the one expected; its credentials moved with its events.
       */
      async function checkDatabase(round: number): Promise<{ snap: Snapshot; committedInFlight: number }> {
        const chain = await verifyChain(handle.db);
        expect(chain).toMatchObject({ ok: true });
        const snap = await snapshotOf(handle.db, publicIds);
        const byReason = new Map<string, Snapshot['events']>();
        for (const e of snap.events.filter((e) => e.reason.startsWith('burst #'))) {
          byReason.set(e.reason, [...(byReason.get(e.reason) ?? []), e]);
        }
        const attemptByReason = new Map(attempts.map((a) => [a.reason, a]));
        for (const reason of byReason.keys()) {
          expect(['ack', 'lost'], `event ${reason}`).toContain(attemptByReason.get(reason)?.outcome);
        }
        for (const a of attempts.filter((a) => a.outcome === 'retry_refused')) {
          expect(byReason.get(a.reason), `refused retry ${a.reason}`).toBeUndefined();
        }

        // The audit log: one success record per change of the burst, none without its change.
        expect(await verifyAuditChain(handle.db)).toMatchObject({ ok: true });
        const records = await handle.db
          .selectFrom('audit_log')
          .select(['action', 'target', 'detail'])
          .where('outcome', '=', 'success')
          .where('action', 'like', 'certification.%')
          .execute();
        const recordsByReason = new Map<string, typeof records>();
        for (const r of records) {
          const reason = (r.detail as { reason?: unknown }).reason;
          if (typeof reason !== 'string' || !reason.startsWith('burst #')) continue;
          recordsByReason.set(reason, [...(recordsByReason.get(reason) ?? []), r]);
        }
        for (const [reason, events] of byReason) {
          const a = attemptByReason.get(reason)!;
          expect(recordsByReason.get(reason) ?? [], `audit of ${a.action} ${a.publicId} (${reason})`).toEqual(
            events.map(() => ({
              action: `certification.${a.action}`,
              target: a.publicId,
              detail: { via: 'api', reason },
            })),
          );
        }
        for (const reason of recordsByReason.keys()) {
          expect(byReason.has(reason), `success record of ${reason} without its change`).toBe(true);
        }
        for (const a of attempts.filter((a) => a.outcome === 'ack')) {
          const found = byReason.get(a.reason) ?? [];
          expect(found, `acknowledged ${a.action} of ${a.publicId} (${a.reason})`).toHaveLength(1);
          expect(found[0]!.kind).toBe(EVENT_OF[a.action]);
          expect(found[0]!.to_status).toBe(TARGET_OF[a.action]);
          expect(a.answered).toBe(TARGET_OF[a.action]);
        }
        let committedInFlight = 0;
        for (const a of attempts.filter((a) => a.outcome === 'lost')) {
          const found = byReason.get(a.reason) ?? [];
          expect(found.length, `in-flight ${a.action} of ${a.publicId}`).toBeLessThanOrEqual(1);
          if (a.round !== round) continue;
          const cert = snap.certs.find((c) => c.public_id === a.publicId)!;
          if (found.length === 1) {
            committedInFlight++;
            countOne(committedCount, a.publicId);
            expect(found[0]!.kind).toBe(EVENT_OF[a.action]);
            // Nothing was sent for this certification after it: its event is the latest one.
            expect(cert.events.at(-1)!.reason).toBe(a.reason);
            known.set(a.publicId, TARGET_OF[a.action]);
          }
          busy.delete(a.publicId);
        }
        for (const cert of snap.certs) {
          const latest = cert.events.at(-1)!;
          const label = `${cert.public_id} (${cert.events.map((e) => `${e.kind}@${e.reason}`).join(' → ')})`;
          expect(cert.status, label).toBe(latest.to_status);
          expect(cert.effective, label).toBe(known.get(cert.public_id));

          // The current credential was issued by the latest grant/renew/reinstate (same instant,
          // same transaction) and its bit set by the first suspension or revocation after that.
          const issuing = cert.events.findLastIndex((e) =>
            ['granted', 'renewed', 'reinstated'].includes(e.kind),
          );
          if (issuing < 0) {
            expect(cert.credentials, label).toEqual([]);
            continue;
          }
          const current = currentCredentialOf(cert);
          expect(current, label).toBeDefined();
          expect(current!.issued_at.getTime(), label).toBe(cert.events[issuing]!.occurred_at.getTime());
          const ending = cert.events
            .slice(issuing + 1)
            .find((e) => e.kind === 'suspended' || e.kind === 'revoked');
          expect(current!.revoked_at?.getTime() ?? null, label).toBe(ending?.occurred_at.getTime() ?? null);
          // Revoked or suspended: the bit is set and no credential is live; otherwise exactly one is.
          const live = cert.credentials.filter((c) => c.superseded_at === null && c.revoked_at === null);
          if (cert.status === 'active')
            expect(
              live.map((c) => c.id),
              label,
            ).toEqual([current!.id]);
          else expect(live, label).toEqual([]);
        }
        return { snap, committedInFlight };
      }

      /**
       * Retries every request of `round` lost at the kill, with its Idempotency-Key, on the new
       * process: one whose change committed is replayed (its stored answer), one whose change did
       * not runs now; none finds its key still "in progress".
       */
      async function retryLost(server: ServerProcess, round: number, snap: Snapshot) {
        const committed = new Set(snap.events.map((e) => e.reason));
        const lost = attempts.filter((a) => a.round === round && a.outcome === 'lost');
        await Promise.all(
          lost.map(async (a) => {
            const label = `retry of ${a.action} ${a.publicId} (${a.reason})`;
            const response = await send(server, a);
            const text = await response.text();
            expect(text, label).not.toContain('idempotency_in_progress');
            a.retried = response.headers.get('idempotent-replayed') === 'true' ? 'replayed' : 'ran';
            expect(a.retried, label).toBe(committed.has(a.reason) ? 'replayed' : 'ran');
            a.status = response.status;
            if (response.ok) {
              a.outcome = 'ack';
              a.answered = (JSON.parse(text) as { status: Status }).status;
              known.set(a.publicId, a.answered);
              if (a.retried === 'ran') countOne(committedCount, a.publicId);
            } else {
              // Only a change that did not happen may be refused now, by the lifecycle rules.
              expect(a.retried, label).toBe('ran');
              expect(response.status, label).toBe(409);
              expect(text, label).toContain('illegal_transition');
              a.outcome = 'retry_refused';
              a.detail = text.slice(0, 300);
            }
          }),
        );
        return {
          retried: lost.length,
          replayed: lost.filter((a) => a.retried === 'replayed').length,
          ran: lost.filter((a) => a.retried === 'ran').length,
        };
      }

      /** What a running instance serves agrees with the database: status list, badges, verdicts. */
      async function checkServed(server: ServerProcess, snap: Snapshot): Promise<number> {
        const listJwt = await (await fetch(`${server.url}/status/1`)).text();
        const { header, payload } = decodeJwt(listJwt);
        const jwks = (await (await fetch(`${server.url}/.well-known/jwks.json`)).json()) as {
          keys: Array<JsonWebKey & { kid: string }>;
        };
        const key = jwks.keys.find((k) => k.kid === header['kid']);
        expect(key, 'status list signed by a published key').toBeDefined();
        expect(await webCryptoVerify(listJwt, key!)).toBe(true);
        const bits = await statusListBits(payload['credentialSubject'].encodedList as string);
        // Exactly the revoked credentials of the whole registry have their bit set.
        const all = await handle.db
          .selectFrom('credential')
          .select(['status_list', 'status_index', 'revoked_at'])
          .execute();
        expect(all.every((c) => c.status_list === 1)).toBe(true);
        expect(setIndexes(bits)).toEqual(
          all
            .filter((c) => c.revoked_at)
            .map((c) => c.status_index)
            .sort((a, b) => a - b),
        );
        for (const cert of snap.certs) {
          const state = cert.effective;
          const current = currentCredentialOf(cert);
          if (current) {
            expect(bitAt(bits, current.status_index), `${cert.public_id} is ${state}`).toBe(
              state === 'suspended' || state === 'revoked' ? 1 : 0,
            );
          }
          // The badge: an active certification's carries exactly its live credential; any other
          // state shows its word and no credential.
          const response = await fetch(`${server.url}/badges/${cert.public_id}.svg`);
          expect(response.status, cert.public_id).toBe(200);
          const svg = await response.text();
          expect(svgCredentials(svg), `${cert.public_id} is ${state}`).toEqual(
            state === 'active' ? [current!.jwt] : [],
          );
          expect(svg, `${cert.public_id} is ${state}`).toContain(BADGE_WORD[state]);
          // The verify API on the current credential: its verdict follows the state.
          if (!current || state === 'pending') continue;
          const verified = await fetch(`${server.url}/api/v1/verify`, {
            method: 'POST',
            headers: { 'content-type': 'text/plain' },
            body: current.jwt,
          });
          expect(verified.status).toBe(200);
          const report = (await verified.json()) as {
            verdict: string;
            checks: Array<{ name: string; ok: boolean }>;
          };
          expect(report.verdict, `${cert.public_id} is ${state}`).toBe(VERDICT_OF[state]);
          const statusCheck = report.checks.find((c) => c.name === 'status_list');
          expect(statusCheck?.ok, `${cert.public_id} status_list check`).toBe(current.revoked_at === null);
        }
        return setIndexes(bits).length;
      }

      const rounds = [];
      let snap: Snapshot | undefined;
      for (let round = 1; round <= ROUNDS; round++) {
        const figures = await burstAndKill(victim, round);
        const refused = attempts.filter((a) => a.outcome === 'refused');
        expect(refused, 'every request before the kill was a valid transition').toEqual([]);
        expect(figures.inFlightAtKill, 'requests were in flight at the kill').toBeGreaterThan(0);
        const restartStart = performance.now();
        victim = await startServerProcess(env(port));
        const restartMs = Math.round(performance.now() - restartStart);
        expect((await fetch(`${victim.url}/readyz`)).status).toBe(200);
        const checked = await checkDatabase(round);
        const retries = await retryLost(victim, round, checked.snap);
        expect(retries.replayed).toBe(checked.committedInFlight);
        // Killed at a commit whose answer had not arrived: that change is lost and committed.
        if (figures.onCommitKill) expect(checked.committedInFlight).toBeGreaterThan(0);
        // Every request is answered now: each acknowledged change is there once, with its record.
        snap = (await checkDatabase(round)).snap;
        // Every committed change is heard once: the counts the kill above relies on agree.
        await expect
          .poll(() => publicIds.filter((id) => (heardCount.get(id) ?? 0) !== (committedCount.get(id) ?? 0)), {
            timeout: 5_000,
          })
          .toEqual([]);
        rounds.push({ ...figures, committedInFlight: checked.committedInFlight, ...retries, restartMs });
      }
      reading = false;
      await Promise.all(readers);
      expect(readFailures, 'the surviving instance served every read').toEqual([]);

      const bitsSet = await checkServed(victim, snap!);
      expect(await checkServed(survivor, snap!)).toBe(bitsSet);

      const states: Record<string, number> = {};
      for (const c of snap!.certs) states[c.effective] = (states[c.effective] ?? 0) + 1;
      console.log(
        `kill -9 under a lifecycle burst: ${JSON.stringify({
          certifications: snap!.certs.length,
          attempts: attempts.length,
          events: snap!.events.length,
          bitsSet,
          survivorReads: reads,
          states,
          totalMs: Math.round(performance.now() - started),
        })}\n${rounds.map((r) => `  ${JSON.stringify(r)}`).join('\n')}`,
      );
    },
  );
});
