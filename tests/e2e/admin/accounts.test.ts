import fs from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServerProcess, type ServerProcess } from '../../helpers/server-process.ts';
import { createPgDatabase, dropPgDatabase } from '../../helpers/databases.ts';
import { prepareRegistry } from '../../helpers/registry-fixture.ts';
import { openDatabase } from '../../../db/platform/connection.ts';
import {
  adminCall,
  getPage,
  postForm,
  prepareAdmin,
  prepareAdminDataDir,
  signInUi,
  STAFF_PASSWORD,
  type AdminFixture,
} from '../../helpers/admin-e2e.ts';

// Accounts and tokens through the running server: tokens end with their owner, the sign-in lock
// tells a probe nothing, and the per-client limit holds under parallel attempts.

type Setup = { server: ServerProcess; fixture: AdminFixture; cleanup: () => Promise<void> };

async function embedded(): Promise<Setup> {
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'keurmerk-accounts-'));
  const fixture = await prepareAdminDataDir(dataDir);
  const server = await startServerProcess({ DATA_DIR: dataDir });
  return { server, fixture, cleanup: () => fs.rm(dataDir, { recursive: true, force: true }) };
}

async function postgres(): Promise<Setup> {
  const url = await createPgDatabase();
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'keurmerk-accounts-pg-'));
  const handle = await openDatabase({ databaseUrl: url, dataDir });
  const fixture = { reg: await prepareRegistry(handle.db), ...(await prepareAdmin(handle.db)) };
  await handle.close();
  const server = await startServerProcess({ DATABASE_URL: url, DATA_DIR: dataDir });
  return {
    server,
    fixture,
    cleanup: async () => {
      await dropPgDatabase(url);
      await fs.rm(dataDir, { recursive: true, force: true });
    },
  };
}

const setups: Array<[string, () => Promise<Setup>]> = [['pglite', embedded]];
if (process.env['TEST_DATABASE_URL']) setups.push(['postgres', postgres]);

/**
 * Posts the sign-in form from a chosen loopback address (127.0.0.x), so each test has its own
 * per-client budget. Resolves with the status.
 */
function signInFrom(baseUrl: string, localAddress: string, email: string, password: string): Promise<number> {
  const body = new URLSearchParams({ email, password, next: '/admin' }).toString();
  const target = new URL('/admin/sign-in', baseUrl);
  return new Promise((resolve, reject) => {
    const request = http.request(
      {
        host: target.hostname,
        port: target.port,
        path: target.pathname,
        method: 'POST',
        localAddress,
        agent: false,
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'content-length': Buffer.byteLength(body),
          origin: baseUrl,
        },
      },
      (response) => {
        response.resume();
        response.on('end', () => resolve(response.statusCode ?? 0));
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}

describe.each(setups)('accounts and tokens against the running server (%s)', (_name, setup) => {
  let s: Setup;
  let url: string;
  beforeAll(async () => {
    s = await setup();
    url = s.server.url;
  });
  afterAll(async () => {
    await s?.server.stop('SIGKILL');
    await s?.cleanup();
  });

  it("caps a token at its owner's role and revokes it when the owner is disabled", async () => {
    const admin = s.fixture.tokens.admin;
    const bea = await adminCall(url, 'POST', '/staff', admin, {
      email: 'bea@keurmerk.test',
      displayName: 'Bea',
      role: 'admin',
      password: STAFF_PASSWORD,
    });
    expect(bea.status).toBe(201);
    // Bea makes a token on the tokens page; the token is shown once in the answer.
    const cookie = await signInUi(url, 'bea@keurmerk.test', STAFF_PASSWORD);
    const page = await postForm(
      url,
      '/admin/tokens?lang=en',
      { action: 'create', name: 'bea-script', role: 'admin', expiresAt: '' },
      cookie,
    );
    const beaToken = /<code class="token">(kmt_[\w-]+)<\/code>/.exec(await page.text())?.[1];
    if (!beaToken) throw new Error('no token on the page');
    expect((await adminCall(url, 'GET', '/me', beaToken)).body).toMatchObject({ role: 'admin' });
    const child = await adminCall(url, 'POST', '/tokens', beaToken, { name: 'bea-child', role: 'admin' });
    expect(child.status).toBe(201);
    expect(child.body.owner).toBe('bea@keurmerk.test');

    // Demoted: both tokens act as viewer at once, and may no longer make tokens.
    expect((await adminCall(url, 'PATCH', `/staff/${bea.body.id}`, admin, { role: 'viewer' })).status).toBe(
      200,
    );
    expect((await adminCall(url, 'GET', '/me', beaToken)).body).toMatchObject({ role: 'viewer' });
    expect((await adminCall(url, 'GET', '/me', child.body.token)).body).toMatchObject({ role: 'viewer' });
    expect(
      (await adminCall(url, 'POST', '/tokens', beaToken, { name: 'bea-again', role: 'viewer' })).status,
    ).toBe(403);

    // Disabled: neither token answers any more, not even after a later re-enable.
    expect((await adminCall(url, 'PATCH', `/staff/${bea.body.id}`, admin, { disabled: true })).status).toBe(
      200,
    );
    expect((await adminCall(url, 'GET', '/me', beaToken)).status).toBe(401);
    expect((await adminCall(url, 'GET', '/me', child.body.token)).status).toBe(401);
    expect(
      (await adminCall(url, 'POST', '/tokens', beaToken, { name: 'bea-escape', role: 'admin' })).status,
    ).toBe(401);
    await adminCall(url, 'PATCH', `/staff/${bea.body.id}`, admin, { disabled: false, role: 'admin' });
    expect((await adminCall(url, 'GET', '/me', beaToken)).status).toBe(401);

    // The tokens page shows them revoked, without a revoke button.
    const adminCookie = await signInUi(url, s.fixture.staff.admin.email, STAFF_PASSWORD);
    const list = await getPage(url, '/admin/tokens?lang=en', adminCookie);
    for (const name of ['bea-script', 'bea-child']) {
      const row = list.html.split('<tr').find((r) => r.includes(`${name}<br`));
      expect(row, name).toBeDefined();
      expect(row).toContain('revoked');
      expect(row).not.toContain('<form');
      expect(row).toContain('bea@keurmerk.test');
    }
  });

  it('answers a known and an unknown address alike, and keeps the owner in on a known browser', async () => {
    const known = s.fixture.staff.viewer.email;
    const sequence = async (email: string) => {
      const statuses: number[] = [];
      for (let i = 0; i < 6; i++)
        statuses.push(await signInFrom(url, '127.0.2.2', email, `wrong guess ${i}!`));
      return statuses;
    };
    const knownStatuses = await sequence(known);
    const unknownStatuses = await sequence('nobody-at-all@keurmerk.test');
    expect(knownStatuses).toEqual([401, 401, 401, 401, 401, 429]);
    expect(unknownStatuses).toEqual(knownStatuses);

    // The owner signed in on this browser before; a probe from elsewhere locks the account…
    const owner = s.fixture.staff.assessor.email;
    const ownerCookie = await signInUi(url, owner, STAFF_PASSWORD);
    for (let i = 0; i < 5; i++) expect(await signInFrom(url, '127.0.2.2', owner, `probe ${i}!`)).toBe(401);
    expect(await signInFrom(url, '127.0.2.2', owner, STAFF_PASSWORD)).toBe(429);
    // …but not for the owner's own browser.
    const device = ownerCookie.split('; ').filter((c) => !c.includes('session'));
    expect(device).toHaveLength(1);
    const again = await postForm(
      url,
      '/admin/sign-in',
      { email: owner, password: STAFF_PASSWORD, next: '/admin' },
      device[0],
    );
    expect(again.status).toBe(303);
  });

  it('lets at most 20 of 60 parallel attempts from one client reach the password check', async () => {
    const statuses = await Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        signInFrom(url, '127.0.3.3', `spray-${i}@keurmerk.test`, `spray password ${i}`),
      ),
    );
    const checked = statuses.filter((status) => status === 401).length;
    expect(statuses.filter((status) => status === 429)).toHaveLength(60 - checked);
    expect(checked).toBe(20);
  });
});
