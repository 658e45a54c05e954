import type { Job } from './job.ts';
import {
  dueReminder,
  queueReminderOnce,
  reminderCandidates,
} from '../../db/certification/expiry-reminders.ts';
import { expiryReminder } from '../mail/templates/expiry-reminder.ts';
import { openDueRenewals, openRenewalCase } from '../../db/workflow/renewal-open.ts';

/**
 * E-mails each member of an organisation 60, 30 and 7 days before its certification's
 * valid_until, in the member's own language; each reminder once per validity period (a renewal
 * starts a new round), and never a late one: a certification first seen 20 days before its end
 * gets the 30-day reminder only.
 */
export const remindersJob: Job = {
  name: 'reminders',
  description: 'e-mail members 60, 30 and 7 days before a certification expires (each once)',
  everyMs: 3600_000,
  async run({ db, now, publicUrl, log }) {
    const messageDomain = new URL(publicUrl).hostname;
    let queued = 0;
    let already = 0;
    // Renewals open at the first reminder's horizon; opening any due ones first (idempotent, the
    // renewals job does the same) lets every reminder link to its case.
    await openDueRenewals(db, now);
    for (const candidate of await reminderCandidates(db, now)) {
      const due = dueReminder(candidate.validUntil, now);
      if (!due) continue;
      const renewal = await openRenewalCase(db, candidate.certificationId);
      const sent = await queueReminderOnce(db, {
        candidate,
        daysBefore: due.daysBefore,
        messageDomain,
        now,
        mail: {
          to: candidate.email,
          language: candidate.language,
          template: expiryReminder.name,
          params: {
            name: candidate.name,
            organisation: candidate.organisation,
            scheme: candidate.scheme[candidate.language] ?? candidate.scheme.en,
            publicId: candidate.publicId,
            validUntil: candidate.validUntil.toISOString(),
            days: due.daysLeft,
            ...(renewal ? { renewalCaseId: renewal.id, organisationSlug: candidate.organisationSlug } : {}),
          },
        },
      });
      if (sent) queued++;
      else already++;
    }
    if (queued > 0) log('expiry reminders queued', { queued });
    return { done: queued, details: { queued, alreadySent: already } };
  },
};
