import type { Operation } from '../admin/perform.ts';
import { NotFoundError } from '../../db/errors.ts';
import { memberCertification, type MemberCertification } from '../../db/certification/member-view.ts';
import { reminderSchedule, type ScheduledReminder } from '../../db/certification/reminder-schedule.ts';
import { PUBLIC_ID_PATTERN } from '../../db/vocabulary.ts';
import { membershipOf } from './membership.ts';

export interface MemberCertificationView extends MemberCertification {
  reminders: ScheduledReminder[];
}

/** One of the organisation's certifications with its criteria, history and reminder schedule. */
export const memberCertificationOp: Operation<MemberCertificationView> = {
  name: 'member.certification.view',
  permission: 'organisation.view',
  write: false,
  async run(ctx, input) {
    const org = membershipOf(ctx, input);
    const publicId = input['publicId'];
    if (typeof publicId !== 'string' || !PUBLIC_ID_PATTERN.test(publicId))
      throw new NotFoundError('certification', String(publicId).slice(0, 40));
    const now = ctx.deps.now();
    const cert = await memberCertification(ctx.deps.database.db, org.id, publicId, now);
    return { ...cert, reminders: reminderSchedule(cert, cert.remindersSent, now) };
  },
};
