import type { Next, Request, Response, Server } from 'restify';
import type { IdeaQueries, Viewer } from '../../domain/idea-queries';
import type { RejectionLog } from '../../http/rejection-log';
import type { Logger } from '../../logger';
import { sendError } from '../http';
import { authenticate, type ApiAuth } from './authenticate';

/**
 * The only routes under `/api/` that answer without a tab API token. Everything else under
 * `/api/` needs one, including any route added later without thinking about it.
 * (`/healthz` and the tab's files are outside `/api/`.)
 */
export const PUBLIC_ROUTES: readonly string[] = [
  'GET /api/openapi.json',
  // The local issuer's routes; they exist only when the server is started with LOCAL_DEV=true.
  'GET /api/dev/jwks.json',
  'POST /api/dev/token',
  'GET /api/dev/personas',
];

/** The bot's endpoint: Bot Framework tokens, checked by the bot's own route (teams/route.ts). */
export const BOT_ROUTE = 'POST /api/messages';

const viewers = new WeakMap<Request, Viewer>();

/** Whether a route (restify path, e.g. `/api/ideas/:id`) is on the public list. */
export function isPublicRoute(method: string, path: string): boolean {
  return PUBLIC_ROUTES.includes(`${method.toUpperCase()} ${path}`);
}

/** The signed-in caller of a request that passed the middleware. */
export function viewerOf(req: Request): Viewer {
  const viewer = viewers.get(req);
  if (!viewer) throw new Error(`No signed-in caller for ${req.method} ${req.url}: the route is not behind the token middleware`);
  return viewer;
}

export interface SignInMiddlewareDeps {
  readonly auth: ApiAuth;
  readonly queries: IdeaQueries;
  readonly logger: Logger;
  readonly rejections: RejectionLog;
}

/**
 * One middleware over every route under `/api/`: a route not on {@link PUBLIC_ROUTES} (and not
 * the bot's) runs only for a caller whose bearer token is valid and who belongs to a sluice.
 * A refusal is a JSON error with a challenge, and one rate-limited warning in the log.
 */
export function useSignIn(server: Server, deps: SignInMiddlewareDeps): void {
  server.use((req: Request, res: Response, next: Next) => {
    const route = req.getRoute();
    const key = `${req.method} ${route.path}`;
    if (!String(route.path).startsWith('/api/') || key === BOT_ROUTE || PUBLIC_ROUTES.includes(key)) return next();
    authenticate(req, deps.auth, deps.queries).then(
      (outcome) => {
        if (outcome.ok) {
          viewers.set(req, outcome.viewer);
          return next();
        }
        if (outcome.challenge) res.setHeader('www-authenticate', outcome.challenge);
        deps.rejections.refuse('API call refused', {
          status: outcome.status,
          code: outcome.code,
          reason: outcome.reason,
          correlationId: req.id(),
          method: req.method,
          path: req.path(),
        });
        sendError(req, res, outcome.status, {
          code: outcome.code,
          message: outcome.message,
          ...(outcome.contact ? { contact: outcome.contact } : {}),
        });
        return next(false);
      },
      (err: unknown) => {
        deps.logger.error({ err, correlationId: req.id(), method: req.method, path: req.path() }, 'Sign-in check failed');
        sendError(req, res, 500, { code: 'InternalError', message: 'Something went wrong on the server. Please try again.' });
        return next(false);
      },
    );
  });
}
