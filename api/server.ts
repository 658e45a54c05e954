import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import path from 'node:path';
import fs from 'node:fs';
import { pathToFileURL } from 'node:url';
import type { Deps } from './app/deps.ts';
import type { Logger } from './app/log.ts';
import { dispatch, groupOf } from './routes/router.ts';
import { toRequest, writeResponse } from './http/node-adapter.ts';
import { problemFromError, problemResponse } from './http/problem.ts';
import { createStaticFiles } from './http/static-files.ts';
import { setRequestContext } from './http/request-context.ts';
import { serveCachedBadge } from './http/badge-fast-lane.ts';
import { serveCachedLogProof, serveCachedLogTile } from './http/log-fast-lane.ts';
import { answerClientError } from './http/client-error.ts';
import { requestIdFor } from './http/request-id.ts';
import { metricsHandler } from './handlers/metrics.ts';

type AstroHandler = (
  req: IncomingMessage,
  res: ServerResponse,
  next: () => void,
  locals: object,
) => Promise<void>;

export interface RunningServer {
  readonly url: string;
  readonly server: http.Server;
  /** Stops accepting, lets in-flight requests finish (up to `graceMs`), then closes the database. */
  close(graceMs?: number): Promise<void>;
}

function pathOf(target: string): string {
  const q = target.indexOf('?');
  return q === -1 ? target : target.slice(0, q);
}

/** The internal metrics listener (METRICS_PORT): /metrics without a token, nothing else. */
async function startMetricsServer(deps: Deps, host: string): Promise<http.Server> {
  const server = http.createServer((req, res) => {
    const send = (r: Response) => void writeResponse(r, res, req.method ?? 'GET');
    if (req.method !== 'GET' || req.url?.split('?')[0] !== '/metrics') {
      send(problemResponse('not_found', 'This port serves /metrics only.'));
      return;
    }
    void metricsHandler(new Request('http://metrics/metrics'), deps, {}, true).then(send);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(deps.config.metricsPort!, host, () => resolve());
  });
  return server;
}

/** Loads the built Astro app (middleware mode). The build must exist: `npm run build`. */
export async function loadAstroHandler(distDir: string): Promise<AstroHandler> {
  const entry = path.join(distDir, 'server', 'entry.mjs');
  if (!fs.existsSync(entry)) {
    throw new Error(`the site is not built (${entry} is missing); run "npm run build" first`);
  }
  const mod = (await import(pathToFileURL(entry).href)) as { handler: AstroHandler };
  return mod.handler;
}

/**
 * The process entry: our own node:http server. Hot paths (badges, keys, status lists, API) go
 * straight to api/ handlers; Astro renders pages only. Astro costs ~7× per request, so the
 * badge path must never pass through it.
 */
export async function startServer(
  deps: Deps,
  options: { distDir: string; host?: string; port?: number },
): Promise<RunningServer> {
  const astro = await loadAstroHandler(options.distDir);
  const serveStatic = createStaticFiles(path.join(options.distDir, 'client'));
  const origin = deps.config.publicUrl;
  const inFlight = new Set<ServerResponse>();
  let closing = false;

  /** Metrics for every request; with LOG_LEVEL=info, a log line too. */
  function record(
    method: string,
    target: string,
    group: string,
    status: number,
    started: number,
    log: () => Logger,
  ): void {
    const ms = performance.now() - started;
    deps.metrics.observe(group, status, ms / 1000);
    if (!deps.log.enabled('info')) return;
    log().info('request', { method, path: pathOf(target), group, status, ms: Math.round(ms * 10) / 10 });
  }

  async function handle(
    req: IncomingMessage,
    res: ServerResponse,
    requestId: string,
    started: number,
  ): Promise<void> {
    res.setHeader('x-request-id', requestId);
    const method = req.method ?? 'GET';
    const pathname = pathOf(req.url ?? '/');
    let requestLog: Logger | null = null;
    const log = () => (requestLog ??= deps.log.child({ requestId }));
    inFlight.add(res);
    let abort: AbortController | null = null;
    res.once('close', () => {
      inFlight.delete(res);
      if (!res.writableFinished) abort?.abort();
      record(method, pathname, groupOf(pathname), res.statusCode, started, log);
    });
    if (closing) res.setHeader('connection', 'close');
    try {
      const request = toRequest(req, origin, () => (abort ??= new AbortController()).signal);
      setRequestContext(request, { clientAddress: req.socket.remoteAddress ?? null, requestId });
      const response = await dispatch(request, deps).catch((error: unknown) => {
        const { response, unexpected } = problemFromError(error);
        if (unexpected) log().error('handler failed', { path: pathname, error });
        else if (response.status === 503) log().warn('database unavailable', { path: pathname, error });
        return response;
      });
      if (response) return await writeResponse(response, res, method);
      const file = await serveStatic(pathname, method);
      if (file) return await writeResponse(file, res, method);
      await astro(
        req,
        res,
        () => {
          void writeResponse(problemResponse('not_found', `Nothing at ${pathname}.`), res, method);
        },
        { deps, requestId },
      );
    } catch (error) {
      log().error('request failed', { path: pathname, error });
      if (!res.headersSent)
        await writeResponse(problemFromError(error).response, res, method).catch(() => undefined);
      else res.destroy();
    }
  }

  const server = http.createServer(
    { requestTimeout: 30_000, headersTimeout: 10_000, keepAliveTimeout: 5_000 },
    (req, res) => {
      const started = performance.now();
      // A cached badge is answered synchronously, so it is never in flight at shutdown.
      const answeredAs = closing ? null : serveCachedBadge(req, res, deps);
      if (answeredAs !== null) {
        record(req.method ?? 'GET', req.url ?? '/', 'badges', res.statusCode, started, () =>
          deps.log.child({ requestId: answeredAs }),
        );
        return;
      }
      // Full log tiles are immutable: one already served is answered from memory the same way.
      const tileAnsweredAs = closing ? null : serveCachedLogTile(req, res, deps);
      if (tileAnsweredAs !== null) {
        record(req.method ?? 'GET', req.url ?? '/', 'log-tiles', res.statusCode, started, () =>
          deps.log.child({ requestId: tileAnsweredAs }),
        );
        return;
      }
      // A proof whose checkpoint and tiles are in memory is answered the same way.
      const proofAnsweredAs = closing ? null : serveCachedLogProof(req, res, deps);
      if (proofAnsweredAs !== null) {
        record(
          req.method ?? 'GET',
          req.url ?? '/',
          groupOf(pathOf(req.url ?? '/')),
          res.statusCode,
          started,
          () => deps.log.child({ requestId: proofAnsweredAs }),
        );
        return;
      }
      void handle(req, res, requestIdFor(req.headers['x-request-id']), started);
    },
  );
  server.on('clientError', answerClientError);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? deps.config.port, options.host ?? deps.config.host, () => resolve());
  });
  const metricsServer = deps.config.metricsPort
    ? await startMetricsServer(deps, options.host ?? deps.config.host)
    : null;
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : deps.config.port;
  const host = options.host ?? deps.config.host;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;

  return {
    url,
    server,
    async close(graceMs = 10_000) {
      if (closing) return;
      closing = true;
      const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const deadline = Date.now() + graceMs;
      while (inFlight.size > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      server.closeAllConnections();
      await stopped;
      await new Promise<void>((resolve) =>
        metricsServer ? metricsServer.close(() => resolve()) : resolve(),
      );
      await deps.close();
    },
  };
}
