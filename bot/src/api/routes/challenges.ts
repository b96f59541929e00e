import { z } from 'zod';
import {
  CHALLENGE_LIMITS,
  knownChannels,
  MAX_CHALLENGE_CHANNELS,
  MAX_OPEN_DAYS,
  type ChallengeProblem,
  type ChallengeService,
  type ListedChallenge,
} from '../../domain/challenges';
import { draftId } from '../../domain/ids';
import { mayCoach } from '../../domain/sluice';
import type { ChallengeItem, ChallengesResponse, ChallengeResponse, CreateChallengeRequest } from '../challenge-contracts';
import { challengeRef } from '../challenge-openapi';
import type { FieldProblem } from '../contracts';
import { ApiProblem, sendJson } from '../http';
import { errors, json } from '../openapi';
import { memberRoute, type ApiRoute } from '../route';

const text = z.string({ message: 'must be text' }).max(5000, 'must be at most 5000 characters');

export const createChallengeBody = z.strictObject({
  title: text.meta({ description: `${CHALLENGE_LIMITS.title.min}–${CHALLENGE_LIMITS.title.max} characters.` }),
  need: text.meta({ description: `The need in a few lines, ${CHALLENGE_LIMITS.need.min}–${CHALLENGE_LIMITS.need.max} characters.` }),
  department: text.meta({ description: 'The department that owns the need: one of the sluice’s departments (or an alias).' }),
  openUntil: z
    .string({ message: 'must be a date such as 2027-01-10' })
    .max(40, 'must be a date such as 2027-01-10')
    .meta({ description: `The last day it is open (YYYY-MM-DD, Europe/Stockholm): today or later, at most ${MAX_OPEN_DAYS} days ahead.` }),
  channels: z
    .array(z.string({ message: 'must be a conversation id' }).max(300, 'must be a conversation id'))
    .max(MAX_CHALLENGE_CHANNELS, `must name at most ${MAX_CHALLENGE_CHANNELS} channels`)
    .optional()
    .meta({ description: 'Where to post its card: conversation ids from `channels` of listChallenges.' }),
  idempotencyKey: draftId.meta({ description: 'The same for every send of one form: a double click publishes one challenge.' }),
}) satisfies z.ZodType<CreateChallengeRequest>;

const MESSAGES: Record<ChallengeProblem['problem'], (p: ChallengeProblem) => string> = {
  empty: () => 'must not be empty',
  tooShort: (p) => `must be at least ${p.limit ?? 0} characters`,
  tooLong: (p) => (p.field === 'channels' ? `may name at most ${p.limit ?? 0} channels` : `must be at most ${p.limit ?? 0} characters`),
  invalid: (p) =>
    p.field === 'openUntil'
      ? 'is not a date; write e.g. 2027-01-10'
      : p.field === 'department'
        ? 'is not a department of the sluice'
        : 'names a channel the bot does not know for the sluice',
  tooEarly: () => 'is in the past: a challenge must be open at least until today',
  tooLate: (p) => `may be at most ${p.limit ?? MAX_OPEN_DAYS} days ahead`,
};

function fieldProblem(p: ChallengeProblem): FieldProblem {
  return { field: p.field, problem: p.problem, ...(p.limit !== undefined ? { limit: p.limit } : {}), message: MESSAGES[p.problem](p) };
}

function itemOf(listed: ListedChallenge, coach: boolean): ChallengeItem {
  const c = listed.challenge;
  return {
    id: c.id,
    title: c.title,
    need: c.need,
    department: c.department,
    openUntil: c.openUntil,
    open: listed.open,
    owner: { id: c.owner.id, name: c.owner.name },
    createdAt: c.createdAt,
    ...(c.closedAt ? { closedAt: c.closedAt } : {}),
    ...(coach ? { channels: c.channels.map((ch) => ({ conversationId: ch.conversationId, ...(ch.name ? { name: ch.name } : {}) })) } : {}),
    ideas: listed.ideas.map((i) => ({ id: i.id, number: i.number, title: i.title, stage: i.stage, department: i.department })),
  };
}

/** The sluice's challenges: everyone lists them with their ideas; coaches and admins publish them. */
export function challengeRoutes(deps: { readonly challenges: ChallengeService }): ApiRoute[] {
  const { challenges } = deps;
  return [
    memberRoute({
      method: 'get',
      path: '/api/challenges',
      operationId: 'listChallenges',
      summary: 'The sluice’s challenges (open and closed, newest first), each with the ideas that answer it.',
      responses: { 200: json(challengeRef('ChallengesResponse'), 'The challenges, and whether the caller may publish one.') },
      handle: async ({ res, viewer }) => {
        const coach = mayCoach(viewer.sluice, viewer.person);
        const listed = await challenges.list(viewer.sluice.id);
        const response: ChallengesResponse = {
          items: listed.map((l) => itemOf(l, coach)),
          canCreate: coach,
          channels: coach ? knownChannels(viewer.sluice) : [],
        };
        sendJson(res, 200, response);
      },
    }),
    memberRoute({
      method: 'post',
      path: '/api/challenges',
      operationId: 'createChallenge',
      summary: 'Publishes a challenge (coaches and admins) and posts its card to the chosen channels.',
      description:
        'Send the same `idempotencyKey` for every retry of one form: the second send answers 200 with the challenge the first stored. A last day before today is refused (400, `openUntil` tooEarly).',
      request: { body: createChallengeBody },
      responses: {
        201: json(challengeRef('ChallengeResponse'), 'The challenge, published now.'),
        200: json(challengeRef('ChallengeResponse'), 'The challenge this form published before.'),
        ...errors(400),
      },
      handle: async ({ res, body, viewer }) => {
        const result = await challenges.create(
          viewer,
          { title: body.title, need: body.need, department: body.department, openUntil: body.openUntil, channels: body.channels ?? [] },
          body.idempotencyKey,
        );
        if (!result.ok) {
          if (result.error === 'forbidden')
            throw new ApiProblem(403, 'Forbidden', `Only the coaches and admins of ${viewer.sluice.name} can publish a challenge.`);
          const problems = result.problems.map(fieldProblem);
          throw new ApiProblem(400, 'BadRequest', problems.map((p) => `${p.field} ${p.message ?? ''}`.trim()).join('; '), { problems });
        }
        const response: ChallengeResponse = {
          challenge: itemOf({ challenge: result.challenge, open: result.challenge.state === 'open', ideas: [] }, true),
        };
        sendJson(res, result.created ? 201 : 200, response);
      },
    }),
  ];
}
