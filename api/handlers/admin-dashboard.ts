import { queueCounts } from '../../db/workflow/queue.ts';
import type { Operation } from '../admin/perform.ts';
import { certificationCounts } from '../../db/certification/counts.ts';
import { openReportCounts } from '../../db/reports/queue.ts';
import { latestEvents, type AdminEvent } from '../../db/certification/event-list.ts';
import { countMailByStatus } from '../../db/mail/delivery.ts';
import { organisationsWithPendingRequests, pendingRequestCount } from '../../db/organisation/requests.ts';
import { countPendingDomainRequests } from '../../db/organisation/domain-claims.ts';

/**
 * The admin overview: certifications per status, open reports per source, outgoing mail waiting
 * and failed (a failed message is someone who did not hear from the registry), the latest changes.
 */
export const dashboardOp: Operation<{
  certifications: Awaited<ReturnType<typeof certificationCounts>>;
  openReports: Awaited<ReturnType<typeof openReportCounts>>;
  mail: Awaited<ReturnType<typeof countMailByStatus>>;
  recent: AdminEvent[];
  queue: Awaited<ReturnType<typeof queueCounts>>;
  /** Member requests waiting for staff (channels, identity changes, domains) and where they wait. */
  requests: Awaited<ReturnType<typeof pendingRequestCount>> & {
    domains: number;
    organisations: Awaited<ReturnType<typeof organisationsWithPendingRequests>>;
  };
}> = {
  name: 'dashboard.view',
  permission: 'admin.read',
  write: false,
  async run(ctx) {
    const db = ctx.deps.database.db;
    const [certifications, openReports, mail, recent, queue, requestCount, domains, organisations] =
      await Promise.all([
        certificationCounts(db, ctx.deps.now()),
        openReportCounts(db),
        countMailByStatus(db),
        latestEvents(db, 10),
        queueCounts(db, ctx.deps.now()),
        pendingRequestCount(db),
        countPendingDomainRequests(db),
        organisationsWithPendingRequests(db, 20),
      ]);
    return {
      certifications,
      openReports,
      mail,
      recent,
      queue,
      requests: { ...requestCount, domains, total: requestCount.total + domains, organisations },
    };
  },
};
