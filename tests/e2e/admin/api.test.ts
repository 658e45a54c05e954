import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServerProcess, type ServerProcess } from '../../helpers/server-process.ts';
import { createPgDatabase, dropPgDatabase } from '../../helpers/databases.ts';
import { decodeJwt, statusBit, svgCredentials } from '../../helpers/badge-reading.ts';
import { prepareRegistry } from '../../helpers/registry-fixture.ts';
import { openDatabase } from '../../../db/platform/connection.ts';
import { adminCall, prepareAdmin, prepareAdminDataDir, type AdminFixture } from '../../helpers/admin-e2e.ts';
import { servedOpenApiValidator, type OpenApiValidator } from '../../helpers/openapi-validator.ts';

type Setup = { server: ServerProcess; fixture: AdminFixture; cleanup: () => Promise<void> };

async function embedded(): Promise<Setup> {
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'keurmerk-admin-api-'));
  const fixture = await prepareAdminDataDir(dataDir);
  const server = await startServerProcess({ DATA_DIR: dataDir, LOG_LEVEL: 'debug' });
  return { server, fixture, cleanup: () => fs.rm(dataDir, { recursive: true, force: true }) };
}

async function postgres(): Promise<Setup> {
  const url = await createPgDatabase();
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'keurmerk-admin-api-pg-'));
  const handle = await openDatabase({ databaseUrl: url, dataDir });
  const fixture = { reg: await prepareRegistry(handle.db), ...(await prepareAdmin(handle.db)) };
  await handle.close();
  const server = await startServerProcess({ DATABASE_URL: url, DATA_DIR: dataDir, LOG_LEVEL: 'debug' });
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

describe.each(setups)('admin API against the running server (%s)', (_name, setup) => {
  let s: Setup;
  let url: string;
  let openApi: OpenApiValidator;
  beforeAll(async () => {
    s = await setup();
    url = s.server.url;
    openApi = await servedOpenApiValidator(url);
  });
  afterAll(async () => {
    await s?.server.stop('SIGKILL');
    await s?.cleanup();
  });
  const as = (kind: keyof AdminFixture['tokens']) => s.fixture.tokens[kind];

  /** An admin API call whose answer is held to the served OpenAPI document. */
  async function call(...args: Parameters<typeof adminCall>) {
    const result = await adminCall(...args);
    const path = `/api/v1/admin${args[2]}`;
    openApi.assert(args[1], openApi.templateFor(path) ?? path, {
      status: result.status,
      contentType: result.headers.get('content-type'),
      body: result.body,
    });
    return result;
  }

  /** A public API request whose answer is held to the served OpenAPI document. */
  async function api(path: string, init?: RequestInit) {
    const response = await fetch(`${url}${path}`, init);
    await openApi.check(init?.method ?? 'GET', path, response);
    return response;
  }

  async function currentCredential(publicId: string) {
    const svg = await (await fetch(`${url}/badges/${publicId}.svg`)).text();
    const [jwt] = svgCredentials(svg);
    if (!jwt) throw new Error(`no credential in the badge of ${publicId}`);
    const status = decodeJwt(jwt).payload['credentialStatus'] as {
      statusListCredential: string;
      statusListIndex: string;
    };
    return { jwt, listUrl: status.statusListCredential, index: Number(status.statusListIndex) };
  }

  async function bit(listUrl: string, index: number): Promise<number> {
    const jwt = await (await fetch(listUrl.replace(/^https?:\/\/[^/]+/, url))).text();
    return statusBit(decodeJwt(jwt).payload['credentialSubject'].encodedList, index);
  }

  it('makes a revocation visible in the badge, status list, change log and verify API as soon as it returns', async () => {
    const publicId = s.fixture.reg.active;
    const before = await currentCredential(publicId);
    expect(await bit(before.listUrl, before.index)).toBe(0);
    const res = await call(url, 'POST', `/certifications/${publicId}/revoke`, as('assessor'), {
      reason: 'Badge shown on a fake shop; member ignored two warnings',
    });
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('revoked');

    const svg = await (await fetch(`${url}/badges/${publicId}.svg?lang=en`)).text();
    expect(svgCredentials(svg)).toHaveLength(0);
    expect(svg).toContain('Not certified');
    expect(await bit(before.listUrl, before.index)).toBe(1);
    const changes = (await (await api(`/api/v1/changes?kind=revoked`)).json()) as {
      data: Array<{ publicId: string; reason: string }>;
    };
    expect(changes.data[0]).toMatchObject({
      publicId,
      reason: 'Badge shown on a fake shop; member ignored two warnings',
    });
    const page = await (await fetch(`${url}/en/changes`)).text();
    expect(page).toContain('Badge shown on a fake shop');
    const live = (await (await api(`/api/v1/verify/${publicId}`)).json()) as {
      verdict: string;
      certification: { status: string };
    };
    expect(live.certification.status).toBe('revoked');
    expect(live.verdict).toBe('revoked');
    const offline = await api(`/api/v1/verify`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token: before.jwt }),
    });
    expect(((await offline.json()) as { verdict: string }).verdict).toBe('revoked');
  });

  it('ends concurrent revoke and reinstate requests in one consistent state with an intact chain', async () => {
    const created = await call(url, 'GET', `/certifications/${s.fixture.reg.activeBe}`, as('viewer'));
    expect(created.status).toBe(200);
    const publicId = s.fixture.reg.activeBe;
    expect(
      (
        await call(url, 'POST', `/certifications/${publicId}/suspend`, as('assessor'), {
          reason: 'Investigation',
        })
      ).status,
    ).toBe(200);
    const actions = [
      'reinstate',
      'revoke',
      'reinstate',
      'suspend',
      'revoke',
      'reinstate',
      'suspend',
      'reinstate',
    ];
    const results = await Promise.all(
      actions.map((action, i) =>
        call(url, 'POST', `/certifications/${publicId}/${action}`, as(i % 2 ? 'assessor' : 'admin'), {
          reason: `race ${i}`,
        }),
      ),
    );
    for (const r of results) expect([200, 409]).toContain(r.status);
    const detail = await call(url, 'GET', `/certifications/${publicId}`, as('viewer'));
    const events = detail.body.events as Array<{ fromStatus: string | null; toStatus: string }>;
    expect(events).toHaveLength(3 + results.filter((r) => r.status === 200).length); // created, granted, suspended + winners
    for (let i = 1; i < events.length; i++) expect(events[i]!.fromStatus).toBe(events[i - 1]!.toStatus);
    expect(detail.body.status).toBe(events.at(-1)!.toStatus);
    const live = (await (await api(`/api/v1/verify/${publicId}`)).json()) as {
      certification: { status: string };
    };
    expect(live.certification.status).toBe(detail.body.status);
    const svg = await (await fetch(`${url}/badges/${publicId}.svg`)).text();
    expect(svgCredentials(svg)).toHaveLength(detail.body.status === 'active' ? 1 : 0);
    expect((await call(url, 'GET', '/events/chain', as('viewer'))).body).toMatchObject({ ok: true });
  });

  it('gives a retried POST with the same Idempotency-Key no second effect', async () => {
    const publicId = s.fixture.reg.suspended;
    const key = { 'idempotency-key': `e2e-revoke-${publicId}` };
    const body = { reason: 'Confirmed misuse' };
    const [a, b] = await Promise.all([
      call(url, 'POST', `/certifications/${publicId}/revoke`, as('assessor'), body, key),
      call(url, 'POST', `/certifications/${publicId}/revoke`, as('assessor'), body, key),
    ]);
    // Two at once: one runs, the other is told the first is still running (or gets its replay).
    expect([a.status, b.status].sort()).toEqual(a.status === b.status ? [200, 200] : [200, 409]);
    const retry = await call(url, 'POST', `/certifications/${publicId}/revoke`, as('assessor'), body, key);
    expect(retry.status).toBe(200);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    const detail = await call(url, 'GET', `/certifications/${publicId}`, as('viewer'));
    expect(detail.body.events.filter((e: { kind: string }) => e.kind === 'revoked')).toHaveLength(1);
  });

  it('never returns or logs a password', async () => {
    const password = 'zeer geheim wachtwoord van Ans 99';
    const created = await call(url, 'POST', '/staff', as('admin'), {
      email: 'ans@keurmerk.test',
      displayName: 'Ans',
      role: 'assessor',
      password,
    });
    expect(created.status).toBe(201);
    const reset = await call(url, 'POST', `/staff/${created.body.id}/password`, as('admin'), {
      password: `${password}!`,
    });
    expect(reset.status).toBe(200);
    const weak = await call(url, 'POST', '/staff', as('admin'), {
      email: 'bob@keurmerk.test',
      displayName: 'Bob',
      role: 'viewer',
      password: 'Wachtwoord123',
    });
    expect(weak.status).toBe(400);
    const list = await call(url, 'GET', '/staff', as('admin'));
    const audit = await call(url, 'GET', '/audit?limit=200', as('admin'));
    for (const text of [
      JSON.stringify(created.body),
      JSON.stringify(reset.body),
      JSON.stringify(weak.body),
      JSON.stringify(list.body),
      JSON.stringify(audit.body),
      s.server.output(),
    ]) {
      expect(text).not.toContain('geheim wachtwoord');
      expect(text).not.toContain('Wachtwoord123');
      expect(text).not.toContain('scrypt$');
    }
    for (const token of Object.values(s.fixture.tokens))
      expect(s.server.output()).not.toContain(token.slice(4));
  });
});
