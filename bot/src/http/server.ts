import { existsSync } from 'node:fs';
import path from 'node:path';
import restify, { type Request, type Response, type Server } from 'restify';
import type { Logger } from '../logger';

/** Largest request body accepted anywhere (Bot Framework activities are far smaller). */
export const MAX_BODY_BYTES = 256 * 1024;

export interface HttpServerOptions {
  readonly logger: Logger;
  readonly tabDir: string;
  readonly health: () => Promise<{ ok: boolean; details: Record<string, unknown> }>;
  /** Routes that read their own body (a CSV upload with its own, larger limit): not parsed here. */
  readonly rawBodyPaths?: readonly string[];
}

/**
 * The one HTTP server: JSON bodies with a size limit, errors as short JSON messages with a
 * correlation id (never a stack trace), 404 JSON for unknown routes, `/healthz` and the built tab.
 * Feature routes (bot, tab API) are added by their own modules.
 */
export function createHttpServer(options: HttpServerOptions): Server {
  const { logger } = options;
  const server = restify.createServer({ name: 'ideslussen', handleUncaughtExceptions: false });

  server.pre((req: Request, res: Response, next) => {
    res.setHeader('x-correlation-id', req.id());
    res.setHeader('x-content-type-options', 'nosniff');
    return next();
  });
  server.use(restify.plugins.queryParser({ mapParams: false }));
  const parseBody = restify.plugins.bodyParser({ maxBodySize: MAX_BODY_BYTES, mapParams: false, mapFiles: false, rejectUnknown: true });
  const rawBodyPaths = new Set(options.rawBodyPaths ?? []);
  server.use(
    parseBody.map((handler) => (req: Request, res: Response, next: restify.Next) => {
      if (rawBodyPaths.has(req.getPath())) return next();
      // No Content-Length and not chunked: the request has no body (a DELETE from fetch), nothing to parse.
      if (req.header('content-length') === undefined && !req.isChunked()) return next();
      return handler(req, res, next);
    }),
  );

  server.on('restifyError', (req: Request, res: Response, err: RestifyError, callback: () => void) => {
    const status = err.statusCode ?? 500;
    const correlationId = req.id();
    if (status >= 500) {
      logger.error({ err, correlationId, method: req.method, url: req.url }, 'Request failed');
      err.toJSON = () => ({ code: 'InternalError', message: 'Something went wrong on the server. Please try again.', correlationId });
    } else {
      // A HEAD carries nothing: it is a reachability probe (Agents Playground sends one to /api/messages
      // every half minute), so its 405 would only fill the terminal at info.
      const level = req.method === 'HEAD' ? 'debug' : 'info';
      logger[level](
        { status, code: err.body?.code, message: err.message, correlationId, method: req.method, url: req.url },
        'Request refused',
      );
      const message = friendlyMessage(status, err.message);
      err.toJSON = () => ({ code: err.body?.code ?? 'BadRequest', message, correlationId });
    }
    return callback();
  });

  server.get('/healthz', async (_req: Request, res: Response) => {
    const { ok, details } = await options.health();
    res.send(ok ? 200 : 503, { status: ok ? 'ok' : 'unavailable', ...details });
  });

  const tabDir = path.resolve(options.tabDir);
  server.get('/tab', (_req: Request, res: Response, next) => {
    res.redirect(301, '/tab/', next);
  });
  server.get(
    '/tab/*',
    restify.plugins.serveStaticFiles(tabDir, {
      setHeaders: (res: Response, file: string) => {
        // Hashed assets can be cached for long; the page itself must always be fresh.
        res.setHeader('cache-control', file.includes(`${path.sep}assets${path.sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
    }),
  );
  if (!existsSync(path.join(tabDir, 'index.html')))
    logger.warn({ tabDir }, 'The tab is not built (npm run build:tab); /tab/ will answer 404');
  return server;
}

type RestifyError = Error & { statusCode?: number; body?: { code?: string; message?: string }; toJSON?: () => unknown };

function friendlyMessage(status: number, original: string): string {
  if (status === 413) return `The request body is too large (at most ${MAX_BODY_BYTES / 1024} KiB).`;
  if (status === 415) return 'Unsupported content type: send JSON (application/json).';
  if (status === 400 && /json/i.test(original)) return 'The request body is not valid JSON.';
  if (status === 404) return 'There is nothing at this address.';
  if (status === 405) return 'This method is not allowed here.';
  return original.slice(0, 300);
}
