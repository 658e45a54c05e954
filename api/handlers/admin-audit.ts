import type { Operation } from '../admin/perform.ts';
import { listAudit, verifyAuditChain, type AuditChainVerdict } from '../../db/staff/audit-log.ts';
import { verifyChain, type ChainVerdict } from '../../db/certification/event-chain.ts';
import { optionalText } from './admin-input.ts';
import { listOp } from './list-op.ts';
import { iso } from './public-json.ts';

export const listAuditOp = listOp(
  'audit.list',
  'audit.read',
  (input) => ({ action: optionalText(input, 'action', 60), actor: optionalText(input, 'actor', 300) }),
  listAudit,
  (r) => ({
    id: r.id,
    occurredAt: iso(r.occurred_at),
    actor: r.actor,
    actorKind: r.actor_kind,
    action: r.action,
    target: r.target,
    outcome: r.outcome,
    clientAddress: r.client_address,
    requestId: r.request_id,
    detail: r.detail,
  }),
);

/** Checks both hash chains: certification events and the audit log itself. */
export const verifyAuditOp: Operation<{ ok: boolean; events: ChainVerdict; audit: AuditChainVerdict }> = {
  name: 'audit.verify',
  permission: 'audit.read',
  write: false,
  async run(ctx) {
    const db = ctx.deps.database.db;
    const [events, audit] = await Promise.all([verifyChain(db), verifyAuditChain(db)]);
    return { ok: events.ok && audit.ok, events, audit };
  },
};
