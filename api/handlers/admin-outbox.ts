import type { MailMessage } from '../../db/schema/mail-message.table.ts';
import { listOutbox } from '../../db/mail/outbox-list.ts';
import { renderPreview } from '../mail/compose.ts';
import type { Operation } from '../admin/perform.ts';
import { limit, optionalCursor, optionalOneOf } from './admin-input.ts';
import type { PageAnswer } from './list-op.ts';
import { iso } from './public-json.ts';

export const MAIL_STATUSES = ['pending', 'sent', 'failed'] as const;

/**
 * A message as staff see it: its facts, and a preview rendered with every secret parameter
 * replaced by the "withheld" marker, so no sign-in or invitation link is ever shown.
 */
export function outboxJson(row: MailMessage, publicUrl: string) {
  const preview = renderPreview(row, publicUrl);
  return {
    id: Number(row.id),
    messageId: row.message_id,
    to: row.to_address,
    language: row.language,
    template: row.template,
    status: row.status,
    attempts: row.attempts,
    lastError: row.last_error,
    createdAt: iso(row.created_at),
    nextAttemptAt: row.status === 'pending' ? iso(row.next_attempt_at) : null,
    sentAt: row.sent_at ? iso(row.sent_at) : null,
    withheld: row.secret_params !== null,
    preview: 'error' in preview ? { error: preview.error } : { subject: preview.subject, text: preview.text },
  };
}

export type OutboxEntry = ReturnType<typeof outboxJson>;

/** The outbox, newest first, filtered by status: admins only (recipients are people). */
export const listOutboxOp: Operation<PageAnswer<OutboxEntry>> = {
  name: 'outbox.list',
  permission: 'outbox.read',
  write: false,
  async run(ctx, input) {
    const result = await listOutbox(ctx.deps.database.db, {
      status: optionalOneOf(input, 'status', MAIL_STATUSES),
      cursor: optionalCursor(input),
      limit: limit(input),
    });
    return {
      data: result.rows.map((row) => outboxJson(row, ctx.deps.config.publicUrl)),
      nextCursor: result.nextCursor,
    };
  },
};
