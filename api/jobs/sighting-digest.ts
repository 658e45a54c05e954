import type { Job } from './job.ts';
import { inTransaction } from '../../db/platform/transaction.ts';
import { enqueueMail } from '../../db/mail/outbox.ts';
import { advanceDigest, digestSubscriptions } from '../../db/member/notifications.ts';
import { newSightingsBetween } from '../../db/reports/sightings.ts';
import { sightingDigest } from '../mail/templates/sighting-digest.ts';

/**
 * Once a day, tells each member who asked for it on which foreign hosts their organisation's badge
 * was first seen since their last digest. A member with nothing new gets no message; their
 * digest still moves on, so a host is news once. The message and the move commit together:
 * a second run at the same `now` finds nothing to send.
 */
export const sightingDigestJob: Job = {
  name: 'sighting-digest',
  description: 'e-mail members who asked for it the foreign hosts their badge was newly seen on (daily)',
  everyMs: 24 * 3600_000,
  async run({ db, now, publicUrl, log }) {
    const messageDomain = new URL(publicUrl).hostname;
    let queued = 0;
    let quiet = 0;
    for (const s of await digestSubscriptions(db)) {
      if (s.since >= now) continue;
      const sent = await inTransaction(db, async (trx) => {
        if (!(await advanceDigest(trx, s.organisationId, s.memberId, s.since, now))) return false;
        const news = await newSightingsBetween(trx, s.organisationId, s.since, now);
        if (news.length === 0) return false;
        await enqueueMail(
          trx,
          {
            to: s.email,
            language: s.language,
            template: sightingDigest.name,
            params: {
              name: s.name,
              organisation: s.organisation,
              slug: s.slug,
              sightings: JSON.stringify(news.map((n) => [n.host, n.hits])),
            },
          },
          messageDomain,
          now,
        );
        return true;
      });
      if (sent) queued++;
      else quiet++;
    }
    if (queued > 0) log('sighting digests queued', { queued });
    return { done: queued, details: { queued, nothingNew: quiet } };
  },
};
