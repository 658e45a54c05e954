import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, openTestDatabase, type TestDatabase } from '../../../helpers/databases.ts';
import { pendingCertification } from '../../../helpers/fixtures.ts';
import {
  applyTransition,
  certificationHistory,
  findCertification,
  grant,
} from '../../../../db/certification/transitions.ts';
import { verifyChain } from '../../../../db/certification/event-chain.ts';
import type { Action } from '../../../../db/certification/lifecycle.ts';

// On PostgreSQL the pool gives each transition its own connection, so they truly race; on PGlite
// they are queued. Either way the outcome must be one consistent state and an unbroken chain.
describe.each(DIALECTS)('concurrent transitions on %s', (kind) => {
  let h: TestDatabase;
  beforeAll(async () => {
    h = await openTestDatabase(kind);
  });
  afterAll(async () => {
    await h.close();
  });

  it('leaves state equal to the last event and the chain intact', async () => {
    const actions: Action[] = ['suspend', 'revoke', 'reinstate', 'suspend', 'renew', 'revoke'];
    for (let round = 0; round < 8; round++) {
      const c = await pendingCertification(h.db);
      await grant(h.db, c.public_id, { actor: 't', reason: 'granted' });
      const results = await Promise.allSettled(
        actions.map((action) =>
          applyTransition(h.db, c.public_id, action, { actor: `worker-${action}`, reason: `race ${round}` }),
        ),
      );
      const succeeded = results.filter((r) => r.status === 'fulfilled').length;
      for (const r of results) {
        if (r.status === 'rejected') expect(r.reason).toMatchObject({ code: 'illegal_transition' });
      }
      const final = await findCertification(h.db, c.public_id);
      const history = await certificationHistory(h.db, c.id);
      expect(history).toHaveLength(2 + succeeded);
      expect(final!.status).toBe(history.at(-1)!.to_status);
      expect(final!.version).toBe(history.length);
      // Each event starts where the previous one ended: no lost update.
      for (let i = 1; i < history.length; i++)
        expect(history[i]!.from_status).toBe(history[i - 1]!.to_status);
    }
    const verdict = await verifyChain(h.db);
    expect(verdict).toMatchObject({ ok: true });
  });

  it('keeps one chain when many certifications change at once', async () => {
    const certs = await Promise.all(Array.from({ length: 10 }, () => pendingCertification(h.db)));
    await Promise.all(certs.map((c) => grant(h.db, c.public_id, { actor: 't', reason: 'parallel grant' })));
    const verdict = await verifyChain(h.db);
    expect(verdict.ok).toBe(true);
  });
});
