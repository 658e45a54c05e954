import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServerProcess } from '../../helpers/server-process.ts';
import { startTwoInstances, type TwoInstances } from '../../helpers/two-instances.ts';
import type { PreparedRegistry } from '../../helpers/registry-fixture.ts';
import { svgCredentials } from '../../helpers/badge-reading.ts';
import type { DatabaseHandle } from '../../../db/platform/connection.ts';
import { reinstate, revoke, suspend, type ChangeHook } from '../../../db/certification/transitions.ts';

// Two server processes on one PostgreSQL. Each keeps verified tokens and registry records in
// memory; a status change committed by this test process must show in the verdicts of both at
// once (LISTEN/NOTIFY), never after a cache expires.
describe.runIf(process.env['TEST_DATABASE_URL'])('verify API across two instances on PostgreSQL', () => {
  let handle: DatabaseHandle;
  let hooks: ChangeHook[];
  let reg: PreparedRegistry;
  let a: ServerProcess;
  let b: ServerProcess;

  let two: TwoInstances;
  beforeAll(async () => {
    two = await startTwoInstances('verify');
    ({ handle, hooks, reg, a, b } = two);
  });
  afterAll(async () => {
    await two?.stop();
  });

  const verdict = async (server: ServerProcess, token: string) => {
    const response = await fetch(`${server.url}/api/v1/verify`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: token,
    });
    return ((await response.json()) as { verdict: string }).verdict;
  };
  const tokenOf = async (id: string) =>
    svgCredentials(await (await fetch(`${a.url}/badges/${id}.svg`)).text())[0]!;

  /** Milliseconds until both instances give `expected` for `token` (polling from the commit). */
  async function untilBoth(token: string, expected: string): Promise<Record<string, number>> {
    const committed = performance.now();
    const seen: Record<string, number> = {};
    while (Object.keys(seen).length < 2 && performance.now() - committed < 5_000) {
      for (const [name, server] of [
        ['a', a],
        ['b', b],
      ] as const) {
        if (seen[name] === undefined && (await verdict(server, token)) === expected)
          seen[name] = performance.now() - committed;
      }
    }
    return seen;
  }

  it('shows a suspension, a reinstatement and a revocation in both instances within a second', async () => {
    const token = await tokenOf(reg.active);
    for (let i = 0; i < 3; i++) {
      expect(await verdict(a, token)).toBe('valid'); // caches warm on both
      expect(await verdict(b, token)).toBe('valid');
    }
    await suspend(handle.db, reg.active, { actor: 'test', reason: 'complaints', hooks });
    const suspended = await untilBoth(token, 'suspended');
    console.log(
      `suspension in verdicts after: a ${suspended['a']?.toFixed(1)} ms, b ${suspended['b']?.toFixed(1)} ms`,
    );
    expect(suspended['a']).toBeLessThan(1000);
    expect(suspended['b']).toBeLessThan(1000);

    await reinstate(handle.db, reg.active, { actor: 'test', reason: 'resolved', hooks });
    // The suspended credential stays withdrawn; the badge carries a new one that verifies.
    expect(await untilBoth(token, 'revoked')).toMatchObject({ a: expect.any(Number), b: expect.any(Number) });
    await expect.poll(() => tokenOf(reg.active), { timeout: 2000 }).not.toBe(token);
    const fresh = await tokenOf(reg.active);
    expect(await verdict(a, fresh)).toBe('valid');
    expect(await verdict(b, fresh)).toBe('valid');

    await revoke(handle.db, reg.active, { actor: 'test', reason: 'fraud', hooks });
    const revoked = await untilBoth(fresh, 'revoked');
    expect(revoked['a']).toBeLessThan(1000);
    expect(revoked['b']).toBeLessThan(1000);
    const live = (await (await fetch(`${b.url}/api/v1/verify/${reg.active}`)).json()) as { verdict: string };
    expect(live.verdict).toBe('revoked');
  });
});
