import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServerProcess, type ServerProcess } from '../../helpers/server-process.ts';
import { createPgCluster, postgresBin, type PgCluster } from '../../helpers/pg-cluster.ts';
import { createStandby, type PgStandby } from '../../helpers/pg-standby.ts';
import { prepareRegistry, type PreparedRegistry } from '../../helpers/registry-fixture.ts';
import { adminCall, postForm, prepareAdmin } from '../../helpers/admin-e2e.ts';
import { prepareMembers, type MemberFixture } from '../../helpers/member-e2e.ts';
import { decodeJwt, statusBit, svgCredentials } from '../../helpers/badge-reading.ts';
import { nextKvk } from '../../helpers/fixtures.ts';
import { openDatabase } from '../../../db/platform/connection.ts';
import { migrateToLatest } from '../../../db/platform/migrate.ts';
import { seedSchemes } from '../../../db/seed/scheme-files.ts';
import { openKeyStore } from '../../../badges/credentials/key-store.ts';
import { credentialHook } from '../../../badges/credentials/issuance.ts';

interface ReplicaState {
  name: string;
  health: string;
  lagSeconds: number | null;
}

// A primary and a real streaming standby, both private clusters on temporary ports and directories.
describe.runIf(postgresBin())('read replicas', () => {
  let primary: PgCluster;
  let standby: PgStandby;
  let keysDir: string;
  let reg: PreparedRegistry;
  let token: string;
  let members: MemberFixture;
  /** Reads from the standby however far it trails. */
  let patient: ServerProcess;
  /** Skips the standby once it trails by more than a second. */
  let strict: ServerProcess;

  beforeAll(async () => {
    primary = await createPgCluster();
    keysDir = await fs.mkdtemp(path.join(os.tmpdir(), 'keurmerk-replicas-'));
    const handle = await openDatabase({ databaseUrl: primary.url, dataDir: keysDir });
    try {
      await migrateToLatest(handle.db);
      await seedSchemes(handle.db);
      const keys = await openKeyStore(handle.db, {
        publicUrl: 'http://127.0.0.1',
        alg: 'RS256',
        keyFile: null,
        dataDir: keysDir,
      });
      reg = await prepareRegistry(handle.db, [credentialHook({ keys, publicUrl: 'http://127.0.0.1' })]);
      token = (await prepareAdmin(handle.db)).tokens.admin;
      members = await prepareMembers(handle.db);
    } finally {
      await handle.close();
    }
    standby = await createStandby(primary);
    const env = {
      DATABASE_URL: primary.url,
      DATABASE_REPLICA_URLS: standby.url,
      DATA_DIR: keysDir,
      METRICS_TOKEN: 't',
      PUBLIC_URL: 'http://127.0.0.1',
    };
    [patient, strict] = await Promise.all([
      startServerProcess({ ...env, REPLICA_MAX_LAG: '3600' }),
      startServerProcess({ ...env, REPLICA_MAX_LAG: '1' }),
    ]);
  }, 180_000);

  afterAll(async () => {
    await patient?.stop('SIGKILL');
    await strict?.stop('SIGKILL');
    await standby?.destroy();
    await primary?.destroy();
    await fs.rm(keysDir, { recursive: true, force: true });
  });

  const readyz = async (server: ServerProcess) => {
    const response = await fetch(`${server.url}/readyz`);
    return { status: response.status, body: (await response.json()) as { replicas?: ReplicaState[] } };
  };
  const health = async (server: ServerProcess) => (await readyz(server)).body.replicas?.[0]?.health;
  const replayed = async () =>
    (await standby.query<{ lsn: string }>('select pg_last_wal_replay_lsn()::text as lsn'))[0]!.lsn;
  const organisation = (server: ServerProcess, slug: string, cookie?: string) =>
    fetch(`${server.url}/api/v1/organisations/${slug}`, cookie ? { headers: { cookie } } : {});
  const certificationStatus = async (server: ServerProcess, publicId: string) =>
    ((await (await fetch(`${server.url}/api/v1/certifications/${publicId}`)).json()) as { status: string })
      .status;
  const createOrganisation = async (name: string) => {
    const res = await adminCall(patient.url, 'POST', '/organisations', token, {
      legalName: name,
      country: 'NL',
      registryId: nextKvk(),
      city: 'Zwolle',
    });
    expect(res.status).toBe(201);
    // An organisation is public from its first decision: certify and grant it too. The cookie of
    // the last write (the grant) covers all three.
    const cert = await adminCall(patient.url, 'POST', '/certifications', token, {
      organisation: res.body.slug,
      scheme: 'ksf-service-promises',
      assuranceLevel: 'self_declared',
      reason: 'application',
    });
    expect(cert.status, JSON.stringify(cert.body)).toBe(201);
    const granted = await adminCall(
      patient.url,
      'POST',
      `/certifications/${cert.body.publicId}/grant`,
      token,
      {
        reason: 'all promises made',
        assessments: ['p1', 'p2', 'p3', 'p4', 'p5', 'p6', 'p7'].map((criterion) => ({
          criterion,
          result: 'met',
        })),
      },
    );
    expect(granted.status, JSON.stringify(granted.body)).toBe(200);
    return { slug: res.body.slug as string, cookie: granted.headers.get('set-cookie')!.split(';')[0]! };
  };

  it('reads public data from the standby, and a writer reads its own write', async () => {
    await expect.poll(() => health(patient), { timeout: 15_000 }).toBe('up');
    await expect.poll(() => health(strict), { timeout: 15_000 }).toBe('up');
    const ready = await readyz(patient);
    expect(ready.status).toBe(200);
    expect(ready.body.replicas).toEqual([
      expect.objectContaining({ name: `127.0.0.1:${standby.port}/keurmerk`, health: 'up' }),
    ]);

    // With replay paused, what the primary gains now exists only on the primary's side.
    await standby.query('select pg_wal_replay_pause()');
    const before = await replayed();
    const { slug, cookie } = await createOrganisation('Replica Proef B.V.');
    expect(cookie).toMatch(/^km_read_floor=/);

    // An anonymous reader is served by the standby, which has not seen it.
    expect((await organisation(patient, slug)).status).toBe(404);
    // The writer, carrying the cookie of its write, is served by a database that has it.
    const own = await organisation(patient, slug, cookie);
    expect(own.status).toBe(200);
    expect(((await own.json()) as { legalName: string }).legalName).toBe('Replica Proef B.V.');
    expect(await replayed()).toBe(before);

    // A member's write through the portal sets the same cookie as a staff member's.
    const profile = await postForm(
      patient.url,
      '/member/profile',
      { action: 'profile', name: 'Replica Lid', language: 'nl' },
      members.cookies.ownerA,
    );
    expect(profile.status).toBeLessThan(400);
    expect(profile.headers.getSetCookie().some((c) => /^km_read_floor=[^;]+;.*HttpOnly/i.test(c))).toBe(true);

    // The strict instance stops reading from a standby that trails by more than a second.
    await expect.poll(() => health(strict), { timeout: 15_000 }).toBe('lagging');
    expect((await organisation(strict, slug)).status).toBe(200);
    expect((await organisation(patient, slug)).status).toBe(404);

    const metrics = await (
      await fetch(`${patient.url}/metrics`, { headers: { authorization: 'Bearer t' } })
    ).text();
    expect(metrics).toMatch(
      new RegExp(`keurmerk_db_reads_total\\{target="127.0.0.1:${standby.port}/keurmerk"\\} [1-9]`),
    );
    expect(metrics).toMatch(/keurmerk_replica_health\{replica="[^"]+",health="up"\} 1/);
  });

  it('serves a revocation as revoked in badge, status list and verdicts while the standby has not replayed it', async () => {
    expect(
      (await standby.query<{ paused: boolean }>('select pg_is_wal_replay_paused() as paused'))[0]!.paused,
    ).toBe(true);
    const publicId = reg.active;
    // Cached everywhere first: the badge, its status list and a verdict.
    const svg = await (await fetch(`${patient.url}/badges/${publicId}.svg`)).text();
    const [jwt] = svgCredentials(svg);
    expect(jwt).toBeDefined();
    const status = decodeJwt(jwt!).payload['credentialStatus'] as {
      statusListCredential: string;
      statusListIndex: string;
    };
    const listUrl = status.statusListCredential.replace('http://127.0.0.1', patient.url);
    const bit = async () =>
      statusBit(
        decodeJwt(await (await fetch(listUrl)).text()).payload['credentialSubject'].encodedList,
        Number(status.statusListIndex),
      );
    const verdict = async () =>
      (
        (await (
          await fetch(`${patient.url}/api/v1/verify`, {
            method: 'POST',
            headers: { 'content-type': 'text/plain' },
            body: jwt!,
          })
        ).json()) as { verdict: string }
      ).verdict;
    expect(await bit()).toBe(0);
    expect(await verdict()).toBe('valid');
    const before = await replayed();

    const res = await adminCall(patient.url, 'POST', `/certifications/${publicId}/revoke`, token, {
      reason: 'Badge shown on a fake shop',
    });
    expect(res.status).toBe(200);

    // The standby still holds the old state, and public reads of the patient instance show it...
    expect(await replayed()).toBe(before);
    expect(await certificationStatus(patient, publicId)).toBe('active');
    // ...but badge, status list and verdicts never come from it.
    await expect
      .poll(
        async () =>
          (await (await fetch(`${patient.url}/badges/${publicId}.svg`)).text()).includes('Ingetrokken'),
        {
          timeout: 5_000,
          interval: 50,
        },
      )
      .toBe(true);
    expect(await bit()).toBe(1);
    expect(await verdict()).toBe('revoked');
    const live = (await (await fetch(`${patient.url}/api/v1/verify/${publicId}`)).json()) as {
      verdict: string;
    };
    expect(live.verdict).toBe('revoked');

    // Replay resumed, the standby catches up and public reads agree.
    await standby.query('select pg_wal_replay_resume()');
    await expect.poll(() => certificationStatus(patient, publicId), { timeout: 15_000 }).toBe('revoked');
    await expect.poll(() => health(strict), { timeout: 15_000 }).toBe('up');
  });

  it('skips a stopped standby and reads from the primary, staying ready', async () => {
    const { slug } = await createOrganisation('Replica Uitval B.V.');
    await expect.poll(async () => (await organisation(patient, slug)).status, { timeout: 15_000 }).toBe(200);
    await standby.stop();
    await expect.poll(() => health(patient), { timeout: 15_000 }).toBe('down');
    const ready = await readyz(patient);
    expect(ready.status).toBe(200);
    // Every read answers, from the primary (the stopped standby cannot answer any).
    const statuses = await Promise.all(
      Array.from({ length: 20 }, async () => (await organisation(patient, slug)).status),
    );
    expect(statuses).toEqual(Array(20).fill(200));
    const search = await fetch(`${patient.url}/api/v1/organisations?q=Replica`);
    expect(search.status).toBe(200);
    // Started again, it is taken back.
    await standby.start();
    await expect.poll(() => health(patient), { timeout: 30_000 }).toBe('up');
  });
});
