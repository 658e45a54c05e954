import pg from 'pg';
import type { PGlite } from '@electric-sql/pglite';

export type NotificationHandler = (payload: string) => void;

/**
 * LISTEN on one channel. On PostgreSQL a dedicated connection is kept open and re-established after
 * it drops; `onReconnect` fires then, because notifications sent while it was down are lost.
 */
export interface Notifier {
  listen(channel: string, onMessage: NotificationHandler, onReconnect?: () => void): Promise<void>;
  /** How many times the listening connection has been re-established. */
  readonly reconnects: number;
  close(): Promise<void>;
}

type NotifierSource = { kind: 'postgres'; databaseUrl: string } | { kind: 'pglite'; pglite: PGlite };

interface Subscription {
  channel: string;
  onMessage: NotificationHandler;
  onReconnect: (() => void) | undefined;
}

function pgliteNotifier(pglite: PGlite): Notifier {
  const unsubscribes: Array<() => Promise<void>> = [];
  return {
    reconnects: 0,
    async listen(channel, onMessage) {
      unsubscribes.push(await pglite.listen(channel, onMessage));
    },
    async close() {
      if (pglite.closed) return;
      for (const unsubscribe of unsubscribes.splice(0)) await unsubscribe().catch(() => undefined);
    },
  };
}

function postgresNotifier(databaseUrl: string): Notifier {
  const subscriptions: Subscription[] = [];
  let client: pg.Client | null = null;
  let closed = false;
  let reconnects = 0;
  let connecting: Promise<void> | null = null;
  let retryDelay = 100;

  async function connect(isReconnect: boolean): Promise<void> {
    const next = new pg.Client({ connectionString: databaseUrl });
    next.on('error', () => undefined);
    next.on('end', () => {
      if (client === next) client = null;
      if (!closed) scheduleReconnect();
    });
    next.on('notification', (message) => {
      for (const s of subscriptions) if (s.channel === message.channel) s.onMessage(message.payload ?? '');
    });
    await next.connect();
    for (const channel of new Set(subscriptions.map((s) => s.channel))) {
      await next.query(`LISTEN "${channel.replaceAll('"', '""')}"`);
    }
    client = next;
    retryDelay = 100;
    if (isReconnect) {
      reconnects++;
      for (const s of subscriptions) s.onReconnect?.();
    }
  }

  function scheduleReconnect(): void {
    if (connecting || closed) return;
    connecting = (async () => {
      while (!closed && !client) {
        await new Promise((resolve) => setTimeout(resolve, retryDelay));
        retryDelay = Math.min(retryDelay * 2, 5_000);
        try {
          await connect(true);
        } catch {
          // Database still away; try again after the back-off.
        }
      }
    })().finally(() => (connecting = null));
  }

  return {
    get reconnects() {
      return reconnects;
    },
    async listen(channel, onMessage, onReconnect) {
      subscriptions.push({ channel, onMessage, onReconnect });
      if (client) await client.query(`LISTEN "${channel.replaceAll('"', '""')}"`);
      else if (!connecting) await connect(false);
    },
    async close() {
      closed = true;
      const current = client;
      client = null;
      await current?.end().catch(() => undefined);
    },
  };
}

export function createNotifier(source: NotifierSource): Notifier {
  return source.kind === 'pglite' ? pgliteNotifier(source.pglite) : postgresNotifier(source.databaseUrl);
}
