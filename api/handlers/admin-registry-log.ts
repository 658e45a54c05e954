import type { Operation } from '../admin/perform.ts';
import { verifyChain, type ChainVerdict } from '../../db/certification/event-chain.ts';
import { listEvents } from '../../db/certification/event-list.ts';
import { listReports, setReportState, type AdminReport } from '../../db/reports/queue.ts';
import { EVENT_KINDS, REPORT_STATES } from '../../db/vocabulary.ts';
import { actorName } from '../admin/principal.ts';
import { oneOf, optionalOneOf, optionalText, positiveInt } from './admin-input.ts';
import { listOp } from './list-op.ts';
import { iso } from './public-json.ts';

export const listEventsOp = listOp(
  'event.list',
  'admin.read',
  (input) => ({
    publicId: optionalText(input, 'certification', 40),
    kind: optionalOneOf(input, 'kind', EVENT_KINDS),
  }),
  listEvents,
  (e) => ({ ...e, occurredAt: iso(e.occurredAt) }),
);

/** Walks the whole hash chain of certification events and names the first broken row. */
export const verifyEventChainOp: Operation<ChainVerdict> = {
  name: 'event.chain_verify',
  permission: 'admin.read',
  write: false,
  run: (ctx) => verifyChain(ctx.deps.database.db),
};

export function reportJson(r: AdminReport) {
  return {
    id: r.id,
    source: r.source,
    kind: r.kind,
    state: r.state,
    organisation: r.organisation_slug ? { slug: r.organisation_slug, legalName: r.organisation_name } : null,
    host: r.host,
    /** Signals: one line per organisation; its hosts (most seen first, at most 20) and their count. */
    hosts: r.hosts ?? [],
    hostCount: r.host_count,
    url: r.url,
    message: r.message,
    contactEmail: r.contact_email,
    hits: r.hits,
    firstSeen: iso(r.first_seen),
    lastSeen: iso(r.last_seen),
    handledBy: r.handled_by,
  };
}

export const listReportsOp = listOp(
  'report.list',
  'admin.read',
  (input) => ({
    state: optionalOneOf(input, 'state', REPORT_STATES),
    source: optionalOneOf(input, 'source', ['consumer', 'badge_referer'] as const),
  }),
  listReports,
  reportJson,
);

/** Moves a report or signal through the queue: open → handled | dismissed (and back to open). */
export const updateReportOp: Operation<{ id: number; state: string }> = {
  name: 'report.update',
  permission: 'reports.handle',
  write: true,
  async run(ctx, input) {
    const state = oneOf(input, 'state', REPORT_STATES);
    const row = await setReportState(
      ctx.deps.database.db,
      positiveInt(input, 'id'),
      state,
      actorName(ctx.principal),
    );
    return { id: row.id, state: row.state };
  },
  target: (input) => `report:${String(input['id'])}`,
  detail: (input) => ({ state: input['state'], note: input['note'] }),
};
