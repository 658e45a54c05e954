import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema/database.ts';
import { MAIL_CHANNEL } from '../../db/mail/outbox.ts';
import type { Notifier } from '../../db/platform/notifications.ts';
import type { Logger } from '../app/log.ts';

/**
 * Addresses that can never receive mail (RFC 2606 and RFC 6761 reserved names): the demo's people.
 * Only their links are printed, so a real address typed into a demo never has its link in a log.
 */
export function isDemoAddress(address: string): boolean {
  const domain = address.slice(address.lastIndexOf('@') + 1).toLowerCase();
  return /(^|\.)(localhost|example|test|invalid)$/.test(domain) || /^example\.(com|net|org)$/.test(domain);
}

/**
 * Demo mode without SMTP_URL: prints the links (secret params) of messages queued for demo
 * people to the server log, so someone trying the demo can follow a sign-in or invitation link.
 * The messages themselves stay pending in the outbox, as without SMTP_URL anywhere.
 */
export async function startDemoMailPrinter(options: {
  db: Kysely<Database>;
  log: Logger;
  notifier: Notifier;
  pollMs?: number;
}): Promise<{ stop(): Promise<void> }> {
  let lastId = '0';
  let stopped = false;
  let current: Promise<void> | null = null;
  const print = async () => {
    const rows = await options.db
      .selectFrom('mail_message')
      .select(['id', 'to_address', 'template', 'secret_params'])
      .where('status', '=', 'pending')
      .where('secret_params', 'is not', null)
      .where('id', '>', lastId)
      .orderBy('id')
      .limit(100)
      .execute();
    for (const row of rows) {
      lastId = row.id;
      if (!isDemoAddress(row.to_address)) continue;
      options.log.info('demo mail (not sent: SMTP_URL is unset)', {
        to: row.to_address,
        template: row.template,
        links: row.secret_params,
      });
    }
  };
  const run = () => {
    if (stopped || current) return;
    current = print()
      .catch((error: unknown) => options.log.warn('demo mail printer failed', { error }))
      .finally(() => (current = null));
  };
  await options.notifier.listen(MAIL_CHANNEL, run);
  const timer = setInterval(run, options.pollMs ?? 5_000);
  timer.unref();
  run();
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await current;
    },
  };
}
