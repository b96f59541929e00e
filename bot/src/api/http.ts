import type { Request, Response } from 'restify';
import type { z } from 'zod';
import type { Logger } from '../logger';
import type { ApiError, FieldProblem } from './contracts';
import { describeIssues } from './schemas';

/** A refusal a route can throw; it becomes a JSON error with this status. */
export class ApiProblem extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly extra: Pick<ApiError, 'problems' | 'current'> = {},
  ) {
    super(message);
    this.name = 'ApiProblem';
  }
}

/** Parses input with a schema; a failure is a 400 that lists every bad field. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown, what: 'query' | 'body' | 'path'): z.output<S> {
  const result = schema.safeParse(input ?? {});
  if (result.success) return result.data;
  const problems: FieldProblem[] = describeIssues(result.error).map((p) => ({ field: p.field, problem: 'invalid', message: p.message }));
  const summary = problems.map((p) => `${p.field} ${p.message}`).join('; ');
  throw new ApiProblem(400, 'BadRequest', `Invalid ${what === 'path' ? 'address' : what}: ${summary}`, { problems });
}

/** Sends an error body the tab can read: code, message, correlation id, never a stack. */
export function sendError(req: Request, res: Response, status: number, body: Omit<ApiError, 'correlationId'>): void {
  res.setHeader('cache-control', 'no-store');
  res.send(status, { ...body, correlationId: req.id() } satisfies ApiError);
}

/** Sends a JSON answer that must not be cached (it is per person). */
export function sendJson(res: Response, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.setHeader('cache-control', 'no-store');
  for (const [k, v] of Object.entries(headers)) res.setHeader(k, v);
  res.send(status, body);
}

/**
 * Wraps a route handler: turns {@link ApiProblem}s into their JSON error, and anything unexpected
 * into a logged 500 with a correlation id. restify handlers must be `async (req, res)`; this is one.
 */
export function guarded(
  logger: Logger,
  handler: (req: Request, res: Response) => Promise<void>,
): (req: Request, res: Response) => Promise<void> {
  return async (req, res) => {
    try {
      await handler(req, res);
    } catch (err) {
      if (res.headersSent) {
        logger.error({ err, correlationId: req.id() }, 'API handler failed after answering');
        return;
      }
      if (err instanceof ApiProblem) {
        logger.info(
          { status: err.status, code: err.code, message: err.message, correlationId: req.id(), url: req.url },
          'API call refused',
        );
        sendError(req, res, err.status, { code: err.code, message: err.message, ...err.extra });
        return;
      }
      logger.error({ err, correlationId: req.id(), method: req.method, url: req.url }, 'API call failed');
      sendError(req, res, 500, { code: 'InternalError', message: 'Something went wrong on the server. Please try again.' });
    }
  };
}
