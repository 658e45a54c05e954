import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runNode, type ServerProcess } from '../../helpers/server-process.ts';
import { startTwoInstances, type TwoInstances } from '../../helpers/two-instances.ts';
import type { PreparedRegistry } from '../../helpers/registry-fixture.ts';
import { decodeJwt, statusBit, svgCredentials, webCryptoVerify } from '../../helpers/badge-reading.ts';
import type { DatabaseHandle } from '../../../db/platform/connection.ts';
import { reinstate, revoke, type ChangeHook } from '../../../db/certification/transitions.ts';

// Two server processes on one PostgreSQL: a change committed anywhere must reach both.
describe.runIf(process.env['TEST_DATABASE_URL'])('badges across two instances on PostgreSQL', () => {
  let url: string;
  let dataDir: string;
  let handle: DatabaseHandle;
  let hooks: ChangeHook[];
  let reg: PreparedRegistry;
  let a: ServerProcess;
  let b: ServerProcess;
  let publicUrl: string;

  let two: TwoInstances;
  beforeAll(async () => {
    two = await startTwoInstances('badges');
    ({ url, dataDir, publicUrl, handle, hooks, reg, a, b } = two);
  });
  afterAll(async () => {
    await two?.stop();
  });

  const badge = async (server: ServerProcess, id: string) =>
    (await fetch(`${server.url}/badges/${id}.svg`)).text();
  const tokenOf = async (server: ServerProcess, id: string) => svgCredentials(await badge(server, id))[0];
  async function statusList(server: ServerProcess) {
    const jwt = await (await fetch(`${server.url}/status/1`)).text();
    return decodeJwt(jwt).payload['credentialSubject'].encodedList as string;
  }

  it('shows a revocation on both instances within one second of the commit', async () => {
    expect(await tokenOf(a, reg.active)).toBeDefined();
    expect(await tokenOf(b, reg.active)).toBeDefined(); // both caches warm
    await revoke(handle.db, reg.active, { actor: 'test', reason: 'fraud found', hooks });
    const committed = performance.now();
    // Each instance is polled on its own, so one slow answer does not delay the other's figure.
    const firstRevoked = async (server: ServerProcess): Promise<number> => {
      while (performance.now() - committed < 5_000) {
        if ((await badge(server, reg.active)).includes('Ingetrokken')) return performance.now() - committed;
        await new Promise((r) => setTimeout(r, 5));
      }
      return Infinity;
    };
    const [seenA, seenB] = await Promise.all([firstRevoked(a), firstRevoked(b)]);
    const seen = { a: seenA, b: seenB };
    console.log(
      `revocation visible after: instance a ${seenA.toFixed(1)} ms, instance b ${seenB.toFixed(1)} ms`,
    );
    expect(seen['a']).toBeLessThan(1000);
    expect(seen['b']).toBeLessThan(1000);
    expect(svgCredentials(await badge(a, reg.active))).toHaveLength(0);
  });

  it('sets exactly the bits of revoked and suspended credentials in the status list', async () => {
    const rows = await handle.db
      .selectFrom('credential')
      .select(['status_index', 'revoked_at', 'certification_id'])
      .execute();
    expect(rows.length).toBeGreaterThanOrEqual(5);
    const encoded = await statusList(b);
    for (const row of rows) expect(await statusBit(encoded, row.status_index)).toBe(row.revoked_at ? 1 : 0);
    expect(rows.filter((r) => r.revoked_at)).toHaveLength(3); // revoked fixture, suspended fixture, the one revoked above
  });

  it('issues a new credential with a new index on reinstatement; the old bit stays set', async () => {
    const before = await handle.db
      .selectFrom('credential as c')
      .innerJoin('certification as k', 'k.id', 'c.certification_id')
      .select(['c.status_index', 'c.id'])
      .where('k.public_id', '=', reg.suspended)
      .executeTakeFirstOrThrow();
    await reinstate(handle.db, reg.suspended, { actor: 'test', reason: 'resolved', hooks });
    await expect
      .poll(async () => svgCredentials(await badge(b, reg.suspended)).length, { timeout: 2000 })
      .toBe(1);
    const token = (await tokenOf(b, reg.suspended))!;
    const { payload } = decodeJwt(token);
    expect(payload['id']).not.toBe(before.id);
    const newIndex = Number(payload['credentialStatus'].statusListIndex);
    expect(newIndex).not.toBe(before.status_index);
    const encoded = await statusList(a);
    expect(await statusBit(encoded, before.status_index)).toBe(1);
    expect(await statusBit(encoded, newIndex)).toBe(0);
  });

  it('rotates the key without downtime: old badges still verify, new ones carry the new kid', async () => {
    const oldToken = (await tokenOf(a, reg.activeBe))!;
    const oldKid = decodeJwt(oldToken).header['kid'] as string;
    const rotated = await runNode('api/cli/rotate-keys.ts', [], {
      DATABASE_URL: url,
      DATA_DIR: dataDir,
      PUBLIC_URL: publicUrl,
    });
    expect(rotated.code, rotated.stderr).toBe(0);
    for (const server of [a, b]) {
      await expect
        .poll(async () => decodeJwt((await tokenOf(server, reg.activeBe))!).header['kid'], { timeout: 3000 })
        .not.toBe(oldKid);
    }
    const jwks = (await (await fetch(`${a.url}/.well-known/jwks.json`)).json()) as {
      keys: Array<JsonWebKey & { kid: string }>;
    };
    const newToken = (await tokenOf(b, reg.activeBe))!;
    const newKid = decodeJwt(newToken).header['kid'];
    expect(jwks.keys.map((k) => k.kid).sort()).toEqual([oldKid, newKid].sort());
    expect(
      await webCryptoVerify(
        oldToken,
        jwks.keys.find((k) => k.kid === oldKid)!,
      ),
    ).toBe(true);
    expect(
      await webCryptoVerify(
        newToken,
        jwks.keys.find((k) => k.kid === newKid)!,
      ),
    ).toBe(true);
    // The kid URL of the retired key still dereferences.
    expect((await fetch(oldKid)).status).toBe(200);
  });
});
