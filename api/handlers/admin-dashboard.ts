import type { Operation } from '../admin/perform.ts';
import { certificationCounts } from '../../db/certification/counts.ts';
import { openReportCounts } from '../../db/reports/queue.ts';
import { latestEvents, type AdminEvent } from '../../db/certification/event-list.ts';

/** The admin overview: certifications per status, open reports per source, the latest changes. */
export const dashboardOp: Operation<{
  certifications: Awaited<ReturnType<typeof certificationCounts>>;
  openReports: Awaited<ReturnType<typeof openReportCounts>>;
  recent: AdminEvent[];
}> = {
  name: 'dashboard.view',
  permission: 'admin.read',
  write: false,
  async run(ctx) {
    const db = ctx.deps.database.db;
    const [certifications, openReports, recent] = await Promise.all([
      certificationCounts(db, ctx.deps.now()),
      openReportCounts(db),
      latestEvents(db, 10),
    ]);
    return { certifications, openReports, recent };
  },
};
