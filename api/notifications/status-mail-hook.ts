import type { ChangeHook } from '../../db/certification/transitions.ts';
import { enqueueMail } from '../../db/mail/outbox.ts';
import { statusChangeRecipients } from '../../db/member/notifications.ts';
import { certificationStatusMail } from '../mail/templates/certification-status.ts';

/**
 * Queues a message to every member who asked for one when a certification of their organisation
 * changes status. A lifecycle hook: the messages are written in the change's own transaction, so
 * they exist exactly when the change does, and the sender delivers them after the commit.
 */
export function statusMailHook(publicUrl: string): ChangeHook {
  const messageDomain = new URL(publicUrl).hostname;
  return async (trx, change) => {
    if (!change.before || change.before.status === change.after.status) return;
    const recipients = await statusChangeRecipients(trx, change.after.organisation_id);
    if (recipients.length === 0) return;
    const organisation = await trx
      .selectFrom('organisation')
      .select('legal_name')
      .where('id', '=', change.after.organisation_id)
      .executeTakeFirstOrThrow();
    const scheme = await trx
      .selectFrom('scheme')
      .select('name')
      .where('id', '=', change.after.scheme_id)
      .executeTakeFirstOrThrow();
    for (const r of recipients)
      await enqueueMail(
        trx,
        {
          to: r.email,
          language: r.language,
          template: certificationStatusMail.name,
          params: {
            name: r.name,
            organisation: organisation.legal_name,
            scheme: scheme.name[r.language] ?? scheme.name.en,
            publicId: change.after.public_id,
            previous: change.before.status,
            status: change.after.status,
          },
        },
        messageDomain,
        change.now,
      );
  };
}
