import type { FieldProblem } from '../../bot/src/api/contracts';
import { ApiFailure } from './api/client';
import type { Strings } from './i18n';

/** A failure in words a person can act on; never the server's raw text or a stack trace. */
export function describeFailure(err: unknown, t: Strings): string {
  if (!(err instanceof ApiFailure)) return t.error.server;
  const code = err.body?.code;
  switch (err.status) {
    case 0:
      return t.error.network;
    case 400:
      return t.error.invalid;
    case 401:
      return t.error.unauthorized;
    case 403:
      return code === 'NoSluice' ? t.error.noSluice(err.body?.contact) : t.error.forbidden;
    case 404:
      return t.error.notFound;
    case 409:
      return t.error.notAllowedNow;
    case 412:
      return t.error.stale;
    default:
      return t.error.server;
  }
}

/** The message for one field the server refused. */
export function describeProblem(problem: FieldProblem, t: Strings): string {
  switch (problem.problem) {
    case 'empty':
      return t.fieldProblem.empty;
    case 'tooShort':
      return t.fieldProblem.tooShort(problem.limit ?? 1);
    case 'tooLong':
      return t.fieldProblem.tooLong(problem.limit ?? 0);
    default:
      return t.fieldProblem.invalid;
  }
}
