import type { Request, Response, Server } from 'restify';
import type { z } from 'zod';
import type { ZodOpenApiOperationObject, ZodOpenApiResponsesObject } from 'zod-openapi';
import type { Viewer } from '../domain/idea-queries';
import type { Logger } from '../logger';
import { guarded, parseInput } from './http';
import { isPublicRoute, viewerOf } from './auth/middleware';
import { errors } from './openapi';

/**
 * One route of the tab API, described once: its address, its operationId, the zod schemas that
 * validate its input, its answers and its handler. The server registers it from this description
 * and the OpenAPI document is generated from the same one, so the two cannot drift apart.
 *
 * To add a route: put its input schemas in `schemas.ts`, its answer's schema in `openapi.ts`
 * (components), and one `memberRoute(...)` (or, for the few routes listed in
 * `auth/middleware.ts` as public, `publicRoute(...)`) in the feature's file under `routes/`.
 */
export interface ApiRoute {
  readonly method: HttpMethod;
  /** The OpenAPI form of the path, e.g. `/api/ideas/{id}`. */
  readonly path: string;
  readonly operationId: string;
  /** `member`: a signed-in member of a sluice (checked by the middleware before the handler). */
  readonly access: 'member' | 'public';
  /** What the OpenAPI document says about it. */
  readonly operation: ZodOpenApiOperationObject;
  /** Parses the input and runs the route's handler. */
  readonly handler: (req: Request, res: Response) => Promise<void>;
}

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

type Input = z.ZodType | undefined;
type Parsed<S extends Input> = S extends z.ZodType ? z.output<S> : undefined;

/** The description of a route, generic over its input schemas so the handler gets typed input. */
export interface RouteSpec<Q extends Input, P extends Input, B extends Input, Extra> {
  readonly method: HttpMethod;
  readonly path: string;
  readonly operationId: string;
  readonly summary: string;
  readonly description?: string;
  readonly request?: {
    /** Query string parameters (a zod object: each key is one parameter). */
    readonly query?: Q;
    /** Path parameters (a zod object named like the `{…}` in the path). */
    readonly params?: P;
    /** The JSON body. */
    readonly body?: B;
    /** Headers, documented only (the handler reads them itself). */
    readonly headers?: z.ZodObject;
  };
  /** Success and error answers (see `json()` / `errors()` in openapi.ts). 401/403 are added for member routes. */
  readonly responses: ZodOpenApiResponsesObject;
  readonly handle: (call: RouteCall<Parsed<Q>, Parsed<P>, Parsed<B>> & Extra) => Promise<void>;
}

/** What a handler gets: the raw request and response, and its input parsed by the route's schemas. */
export interface RouteCall<Q, P, B> {
  readonly req: Request;
  readonly res: Response;
  readonly query: Q;
  readonly params: P;
  readonly body: B;
}

/** A route for signed-in members of a sluice; the handler gets the caller as `viewer`. */
export function memberRoute<Q extends Input = undefined, P extends Input = undefined, B extends Input = undefined>(
  spec: RouteSpec<Q, P, B, { readonly viewer: Viewer }>,
): ApiRoute {
  return build(spec, 'member', (req) => ({ viewer: viewerOf(req) }));
}

/** A route anyone may call; it must also be listed in `PUBLIC_ROUTES` (auth/middleware.ts). */
export function publicRoute<Q extends Input = undefined, P extends Input = undefined, B extends Input = undefined>(
  spec: RouteSpec<Q, P, B, object>,
): ApiRoute {
  return build(spec, 'public', () => ({}));
}

function build<Q extends Input, P extends Input, B extends Input, Extra>(
  spec: RouteSpec<Q, P, B, Extra>,
  access: ApiRoute['access'],
  extra: (req: Request) => Extra,
): ApiRoute {
  const { query, params, body, headers } = spec.request ?? {};
  const operation: ZodOpenApiOperationObject = {
    operationId: spec.operationId,
    summary: spec.summary,
    ...(spec.description ? { description: spec.description } : {}),
    ...(access === 'member' ? { security: [{ bearer: [] }] } : {}),
    ...(query || params || headers
      ? {
          requestParams: {
            ...(query ? { query: query as z.ZodObject } : {}),
            ...(params ? { path: params as z.ZodObject } : {}),
            ...(headers ? { header: headers } : {}),
          },
        }
      : {}),
    ...(body ? { requestBody: { required: true, content: { 'application/json': { schema: body } } } } : {}),
    responses: access === 'member' ? { ...spec.responses, ...errors(401, 403) } : spec.responses,
  };
  const parse = <S extends Input>(schema: S, value: unknown, what: 'query' | 'body' | 'path'): Parsed<S> =>
    (schema ? parseInput(schema, value, what) : undefined) as Parsed<S>;
  return {
    method: spec.method,
    path: spec.path,
    operationId: spec.operationId,
    access,
    operation,
    handler: async (req, res) => {
      const call = {
        req,
        res,
        params: parse(params as P, req.params, 'path'),
        query: parse(query as Q, req.query, 'query'),
        body: parse(body as B, req.body, 'body'),
        ...extra(req),
      };
      await spec.handle(call);
    },
  };
}

/** The restify form of an OpenAPI path: `/api/ideas/{id}` → `/api/ideas/:id`. */
export function restifyPath(openApiPath: string): string {
  return openApiPath.replace(/\{([A-Za-z0-9_]+)\}/g, ':$1');
}

/** Registers each route with restify, wrapped so refusals become JSON errors and nothing leaks a stack. */
export function registerRoutes(server: Server, routes: readonly ApiRoute[], logger: Logger): void {
  const seen = new Set<string>();
  for (const route of routes) {
    const key = `${route.method} ${route.path}`;
    if (seen.has(key)) throw new Error(`Route ${key} is defined twice`);
    seen.add(key);
    // The middleware's list decides what is public; a route cannot open itself by its description alone.
    const listed = isPublicRoute(route.method, restifyPath(route.path));
    if (listed !== (route.access === 'public'))
      throw new Error(`Route ${key} is ${route.access} but ${listed ? 'is' : 'is not'} in PUBLIC_ROUTES (api/auth/middleware.ts)`);
    server[route.method === 'delete' ? 'del' : route.method](restifyPath(route.path), guarded(logger, route.handler));
  }
}
