import { SMTPServer } from 'smtp-server';
import { simpleParser, type ParsedMail } from 'mailparser';

export interface ReceivedMail {
  /** RCPT TO addresses of the envelope. */
  to: string[];
  raw: string;
  parsed: ParsedMail;
}

export interface SmtpSink {
  /** smtp://127.0.0.1:PORT, for SMTP_URL. */
  readonly url: string;
  readonly port: number;
  /** Every message accepted, in order of acceptance. */
  readonly received: ReceivedMail[];
  /** DATA commands seen (accepted, refused or held). */
  readonly attempts: number;
  /**
   * How the next DATA is answered: accepted, refused with an SMTP code, or held (no reply until
   * `release()`), to stand in for a server that accepted a message while its sender died.
   */
  mode: 'accept' | 'hold' | { code: number; message: string };
  /** Resolves when `count` messages have been accepted (or `held` are being held). */
  waitFor(count: number, what?: 'received' | 'held', timeoutMs?: number): Promise<void>;
  /** Answers every held DATA with 250 (the message counts as received). */
  release(): void;
  close(): Promise<void>;
}

/**
 * A real SMTP server (the smtp-server package) on a free port of 127.0.0.1, parsing what it
 * receives with mailparser. Plain SMTP without authentication: the registry's SMTP_URL is
 * smtp://127.0.0.1:PORT in the tests.
 */
export async function startSmtpSink(): Promise<SmtpSink> {
  const received: ReceivedMail[] = [];
  const held: Array<() => void> = [];
  const waiters = new Set<() => void>();
  let attempts = 0;
  const notify = () => {
    for (const waiter of waiters) waiter();
  };
  const sink = {
    received,
    get attempts() {
      return attempts;
    },
    mode: 'accept' as SmtpSink['mode'],
  };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        attempts++;
        const raw = Buffer.concat(chunks).toString('utf8');
        const to = session.envelope.rcptTo.map((r) => r.address);
        const accept = () => {
          void simpleParser(raw).then((parsed) => {
            received.push({ to, raw, parsed });
            callback(null, 'queued');
            notify();
          }, callback);
        };
        const mode = sink.mode;
        if (mode === 'accept') accept();
        else if (mode === 'hold') {
          held.push(accept);
          notify();
        } else {
          const error = Object.assign(new Error(mode.message), { responseCode: mode.code });
          callback(error);
          notify();
        }
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.server.address() as { port: number }).port;
  return Object.assign(sink, {
    url: `smtp://127.0.0.1:${port}`,
    port,
    waitFor(count: number, what: 'received' | 'held' = 'received', timeoutMs = 30_000) {
      const reached = () => (what === 'received' ? received.length : held.length) >= count;
      if (reached()) return Promise.resolve();
      return new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(
            new Error(
              `SMTP sink: ${what} ${what === 'received' ? received.length : held.length} of ${count} after ${timeoutMs} ms`,
            ),
          );
        }, timeoutMs);
        const check = () => {
          if (!reached()) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve();
        };
        waiters.add(check);
      });
    },
    release() {
      for (const accept of held.splice(0)) accept();
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  });
}
