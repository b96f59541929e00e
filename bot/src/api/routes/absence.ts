import { z } from 'zod';
import { MAX_AWAY_DAYS, type AbsenceProblem, type AbsenceService } from '../../domain/reminders/absence';
import type { AbsenceResponse, FieldProblem } from '../contracts';
import { ApiProblem, sendJson } from '../http';
import { errors, json, ref } from '../openapi';
import { memberRoute, type ApiRoute } from '../route';

/** `PUT /api/me/absence`: the day the coach is back, or null to end the absence. */
export const absenceBody = z.strictObject({
  until: z
    .string()
    .max(40, 'must be a date such as 2027-01-10')
    .nullable()
    .meta({ description: 'The day you are back (YYYY-MM-DD, or e.g. "10 januari"); null ends the absence.' }),
});

type DateProblem = Exclude<AbsenceProblem, 'notCoach' | 'notFound' | 'busy'>;

const PROBLEMS: Record<DateProblem, string> = {
  unreadable: 'is not a date; write e.g. 2027-01-10',
  past: 'must be after today (the day you are back)',
  tooFar: 'may be at most a year ahead',
};

/** The kind of each refusal, so the tab can say it in the coach's language. */
const KINDS: Record<DateProblem, Pick<FieldProblem, 'problem' | 'limit'>> = {
  unreadable: { problem: 'invalid' },
  past: { problem: 'tooEarly' },
  tooFar: { problem: 'tooLate', limit: MAX_AWAY_DAYS },
};

/** The coach's own absence, the tab's switch; the chat's "borta till …" uses the same service. */
export function absenceRoutes(deps: { readonly absence: AbsenceService }): ApiRoute[] {
  return [
    memberRoute({
      method: 'put',
      path: '/api/me/absence',
      operationId: 'setAbsence',
      summary: 'Says the calling coach is away until a date (round-robin skips them, their backup gets the reminders), or back with null.',
      request: { body: absenceBody },
      responses: {
        200: json(ref('AbsenceResponse'), 'The absence as stored, and who covers.'),
        ...errors(400, 403, 409),
      },
      handle: async ({ res, body, viewer }) => {
        if (!viewer.sluice.coaches.some((c) => c.id === viewer.person.id))
          throw new ApiProblem(403, 'Forbidden', `Only the coaches of ${viewer.sluice.name} can say they are away.`);
        const outcome = await deps.absence.set(viewer.sluice.id, viewer.person.id, body.until ?? undefined);
        if (!outcome.ok) {
          switch (outcome.problem) {
            case 'notCoach':
            case 'notFound':
              throw new ApiProblem(403, 'Forbidden', `Only the coaches of ${viewer.sluice.name} can say they are away.`);
            case 'busy':
              throw new ApiProblem(409, 'Busy', 'Someone changed the sluice at the same time; please try again.');
            default: {
              const message = PROBLEMS[outcome.problem];
              throw new ApiProblem(400, 'BadRequest', `until ${message}.`, {
                problems: [{ field: 'until', ...KINDS[outcome.problem], message }],
              });
            }
          }
        }
        const response: AbsenceResponse = {
          ...(outcome.until ? { awayUntil: outcome.until } : {}),
          ...(outcome.backup ? { backup: { id: outcome.backup.id, ...(outcome.backup.name ? { name: outcome.backup.name } : {}) } } : {}),
        };
        sendJson(res, 200, response);
      },
    }),
  ];
}
