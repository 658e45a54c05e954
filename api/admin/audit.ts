import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema/database.ts';
import type { AuditOutcome } from '../../db/schema/audit-log.table.ts';
import { recordAudit } from '../../db/staff/audit-log.ts';
import { actorKind, actorName, type Principal } from './principal.ts';

/** Where an action came from, for the audit log. */
export interface RequestOrigin {
  clientAddress: string | null;
  requestId: string | null;
}

export interface AuditRecord {
  /** null for an anonymous attempt (a failed sign-in: the name tried is the target); 'system' for start-up work. */
  principal: Principal | 'system' | null;
  action: string;
  target?: string | null;
  outcome: AuditOutcome;
  detail?: Record<string, unknown>;
  now: Date;
}

/** Records one admin action with its actor, time, client address and outcome. */
export async function audit(db: Kysely<Database>, origin: RequestOrigin, record: AuditRecord): Promise<void> {
  await recordAudit(db, {
    occurredAt: record.now,
    actor:
      record.principal === 'system' ? 'system' : record.principal ? actorName(record.principal) : 'anonymous',
    actorKind: record.principal === 'system' ? 'system' : actorKind(record.principal),
    action: record.action,
    target: record.target ?? null,
    outcome: record.outcome,
    clientAddress: origin.clientAddress,
    requestId: origin.requestId,
    // A member's address can change; their id cannot, and finds their records for a data export.
    detail:
      record.principal && record.principal !== 'system' && record.principal.kind === 'member'
        ? { ...record.detail, memberId: record.principal.id }
        : (record.detail ?? {}),
  });
}
