import nodemailer from 'nodemailer';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema/database.ts';
import type { MailMessage } from '../../db/schema/mail-message.table.ts';
import { claimDueMail, markMailFailed, markMailRetry, markMailSent } from '../../db/mail/delivery.ts';
import { MAIL_CHANNEL } from '../../db/mail/outbox.ts';
import type { Notifier } from '../../db/platform/notifications.ts';
import type { Logger } from '../app/log.ts';
import type { Metrics } from '../app/metrics.ts';
import { findTemplate, renderForSending } from './compose.ts';
import {
  describeFailure,
  isPermanentFailure,
  MAX_MAIL_ATTEMPTS,
  retryDelayMs,
  type SmtpFailure,
} from './retry-policy.ts';

/** What the sender hands a message to: nodemailer's SMTP transport in the server, anything alike in tests. */
export interface MailTransport {
  sendMail(message: {
    from: string;
    to: string;
    subject: string;
    text: string;
    html: string;
    messageId: string;
    date: Date;
    headers: Record<string, string>;
  }): Promise<unknown>;
  close(): void;
}

/**
 * nodemailer's SMTP transport for SMTP_URL. Each wait is bounded by a third of the claim lease, so
 * a sender that hangs on a silent server gives up long before another may claim the message.
 */
export function smtpTransport(smtpUrl: string, leaseSeconds: number): MailTransport {
  const timeout = Math.min(60_000, Math.floor((leaseSeconds * 1000) / 3));
  const transport = nodemailer.createTransport({
    url: smtpUrl,
    connectionTimeout: timeout,
    greetingTimeout: timeout,
    socketTimeout: timeout,
  });
  return {
    sendMail: (message) => transport.sendMail(message),
    close: () => transport.close(),
  };
}

export interface SenderOptions {
  db: Kysely<Database>;
  transport: MailTransport;
  from: string;
  publicUrl: string;
  log: Logger;
  metrics: Metrics;
  leaseSeconds: number;
  now?: () => Date;
  /** Wake up when a message is queued (NOTIFY mail_queued); polling covers retries and missed ones. */
  notifier?: Notifier;
  pollMs?: number;
  batchSize?: number;
  random?: () => number;
}

export type DeliveryOutcome = 'sent' | 'retry' | 'failed';

/**
 * Delivers one claimed message and records the outcome. The stored Message-ID goes out as the
 * message's own, so if this process dies after the server accepted it and before `sent` was
 * written, the resend after the lease carries the same Message-ID and reads as a duplicate.
 */
export async function deliverClaimed(options: SenderOptions, message: MailMessage): Promise<DeliveryOutcome> {
  const { db, log, metrics } = options;
  const now = options.now ?? (() => new Date());
  const fields = { mailId: message.id, template: message.template, attempts: message.attempts };
  const template = findTemplate(message.template);
  if (!template) {
    await markMailFailed(db, message.id, `unknown template "${message.template}"`);
    metrics.increment(
      'keurmerk_mail_failed_total',
      'Messages given up: refused, unrenderable or out of attempts.',
    );
    log.error('mail failed: unknown template', fields);
    return 'failed';
  }
  let rendered;
  try {
    rendered = renderForSending(message, template, options.publicUrl);
  } catch (error) {
    const reason = `cannot render: ${error instanceof Error ? error.message : String(error)}`;
    await markMailFailed(db, message.id, reason);
    metrics.increment(
      'keurmerk_mail_failed_total',
      'Messages given up: refused, unrenderable or out of attempts.',
    );
    log.error('mail failed', { ...fields, reason });
    return 'failed';
  }
  try {
    await options.transport.sendMail({
      from: options.from,
      to: message.to_address,
      ...rendered,
      messageId: message.message_id,
      date: message.created_at,
      headers: { 'Auto-Submitted': 'auto-generated', 'Content-Language': message.language },
    });
  } catch (raw) {
    const error = (raw ?? {}) as SmtpFailure;
    const reason = describeFailure(error);
    if (isPermanentFailure(error) || message.attempts >= MAX_MAIL_ATTEMPTS) {
      const last = isPermanentFailure(error)
        ? reason
        : `gave up after ${message.attempts} attempts: ${reason}`;
      await markMailFailed(db, message.id, last);
      metrics.increment(
        'keurmerk_mail_failed_total',
        'Messages given up: refused, unrenderable or out of attempts.',
      );
      log.error('mail failed', { ...fields, reason: last });
      return 'failed';
    }
    const retryAt = new Date(now().getTime() + retryDelayMs(message.attempts, options.random));
    await markMailRetry(db, message.id, reason, retryAt);
    metrics.increment('keurmerk_mail_retries_total', 'Delivery attempts that failed and will be retried.');
    log.warn('mail delivery failed; will retry', { ...fields, reason, retryAt: retryAt.toISOString() });
    return 'retry';
  }
  await markMailSent(db, message.id, now());
  metrics.increment('keurmerk_mail_sent_total', 'Messages accepted by the SMTP server.');
  log.info('mail sent', fields);
  return 'sent';
}

/** Claims and delivers due messages until none are left; returns how many were handled. */
export async function deliverDue(options: SenderOptions): Promise<number> {
  const now = options.now ?? (() => new Date());
  const limit = options.batchSize ?? 10;
  let handled = 0;
  for (;;) {
    const batch = await claimDueMail(options.db, { now: now(), leaseSeconds: options.leaseSeconds, limit });
    for (const message of batch) {
      await deliverClaimed(options, message);
      handled++;
    }
    if (batch.length < limit) return handled;
  }
}

export interface MailSender {
  /** Looks for due messages now rather than at the next poll. */
  wake(): void;
  /** Stops polling, waits for the message in hand, closes the transport. */
  stop(): Promise<void>;
}

/** The sender loop: delivers due messages whenever woken (a queued message) or polled. */
export async function startMailSender(options: SenderOptions): Promise<MailSender> {
  const pollMs = options.pollMs ?? 5_000;
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;
  let again = false;
  let current: Promise<void> | null = null;

  const round = async () => {
    try {
      await deliverDue(options);
    } catch (error) {
      // The database may be away; the claim lease makes a half-done round safe to repeat.
      options.log.warn('mail sender round failed', { error });
    }
  };
  const run = () => {
    if (stopped) return;
    if (current) {
      again = true;
      return;
    }
    if (timer) clearTimeout(timer);
    current = round().finally(() => {
      current = null;
      if (stopped) return;
      if (again) {
        again = false;
        run();
        return;
      }
      timer = setTimeout(run, pollMs);
      timer.unref();
    });
  };
  await options.notifier?.listen(MAIL_CHANNEL, run, run);
  run();
  return {
    wake: run,
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await current;
      options.transport.close();
    },
  };
}
