import { z } from 'zod';
import { departmentsOf, findDepartment } from '../../domain/admin/departments';
import { draftId, eventId } from '../../domain/ids';
import { BENEFICIARIES, TEXT_LIMITS, type Beneficiary } from '../../domain/idea';
import type { IdeaQueries, Viewer } from '../../domain/idea-queries';
import type { ActResult, IdeaService } from '../../domain/idea-service';
import { giverOf } from '../../domain/draft';
import { checkIdeaForm } from '../../domain/message-text';
import type { IdeaAction, TransitionError } from '../../domain/transitions';
import type {
  AnswerQuestionRequest,
  EditIdeaRequest,
  FieldProblem,
  RateIdeaRequest,
  SubmitIdeaRequest,
  WithdrawIdeaRequest,
} from '../contracts';
import { ApiProblem } from '../http';
import { errors, json, ref } from '../openapi';
import { memberRoute, type ApiRoute } from '../route';
import { ideaParams, ifMatchHeader } from '../schemas';
import { describe, detailFor, ifMatch, notFound, sendIdea, type IdeaLinkMaker } from './ideas';

/** Longest text a body field may carry before the domain's own (smaller) limits are checked. */
const MAX_INPUT_TEXT = 5000;
const text = z.string({ message: 'must be text' }).max(MAX_INPUT_TEXT, `must be at most ${MAX_INPUT_TEXT} characters`);
const beneficiaries = z
  .array(z.enum(BENEFICIARIES, { message: `must be one of ${BENEFICIARIES.join(', ')}` }))
  .max(BENEFICIARIES.length)
  .meta({ description: 'Who benefits: one or more of residents, staff, businesses, other.' });

export const submitIdeaBody = z.strictObject({
  title: text.meta({ description: `${TEXT_LIMITS.title.min}–${TEXT_LIMITS.title.max} characters.` }),
  need: text.meta({ description: `The need or problem, at most ${TEXT_LIMITS.need.max} characters.` }),
  idea: text.meta({ description: `The idea, at most ${TEXT_LIMITS.idea.max} characters.` }),
  beneficiaries,
  department: text.meta({ description: `The giver's department or municipal company, at most ${TEXT_LIMITS.department.max} characters.` }),
  idempotencyKey: draftId.meta({ description: 'The same for every send of one form: a double click stores one idea.' }),
  locale: z.enum(['sv', 'en'], { message: 'must be sv or en' }).optional().meta({ description: "The giver's language; default sv." }),
}) satisfies z.ZodType<SubmitIdeaRequest>;

export const editIdeaBody = z
  .strictObject({
    title: text.optional(),
    need: text.optional(),
    idea: text.optional(),
    beneficiaries: beneficiaries.min(1, 'must name at least one').optional(),
    department: text.optional(),
  })
  .refine((b) => Object.keys(b).length > 0, { message: 'must change at least one field' }) satisfies z.ZodType<EditIdeaRequest>;

export const answerQuestionBody = z.strictObject({
  answer: text,
  questionId: eventId.meta({ description: 'The question answered: `openQuestionId` of the idea.' }),
}) satisfies z.ZodType<AnswerQuestionRequest>;

export const withdrawIdeaBody = z.strictObject({ reason: text.optional() }) satisfies z.ZodType<WithdrawIdeaRequest>;

export const rateIdeaBody = z.strictObject({
  rating: z.number({ message: 'must be a whole number from 1 to 5' }).int('must be a whole number from 1 to 5').min(1).max(5),
  comment: text.optional(),
  decisionId: eventId.meta({ description: 'The decision rated: `ratingAsked.decisionId` of the idea.' }),
}) satisfies z.ZodType<RateIdeaRequest>;

export interface GiverRouteDeps {
  readonly ideas: IdeaService;
  readonly queries: IdeaQueries;
  readonly ideaLink?: IdeaLinkMaker;
}

/**
 * The giver's side of the tab: hand in an idea (`submitIdea`, the chat's questions and rules),
 * and on one's own idea answer the coach's question, edit, withdraw and rate. Each action is the
 * same {@link IdeaService.act} the chat's cards call; the domain decides that only the giver may.
 */
export function giverRoutes(deps: GiverRouteDeps): ApiRoute[] {
  const { ideas, queries } = deps;
  return [
    memberRoute({
      method: 'post',
      path: '/api/ideas',
      operationId: 'submitIdea',
      summary: 'Hands in an idea as the caller, with the same questions and limits as the chat.',
      description:
        'Send the same `idempotencyKey` for every retry of one form: the second send answers 200 with the idea the first stored. The giver gets the receipt in their chat with the bot, and the coaches their task cards, as for an idea handed in in chat.',
      request: { body: submitIdeaBody },
      responses: {
        201: json(ref('IdeaResponse'), 'The idea, stored now.'),
        200: json(ref('IdeaResponse'), 'The idea this form stored before.'),
        ...errors(400),
      },
      handle: async ({ res, body: sent, viewer }) => {
        // A department typed as an alias or abbreviation ("SOC") is stored by its name, as in the chat.
        const body = { ...sent, department: departmentName(viewer, sent.department) };
        const problems = checkIdeaForm(body);
        if (problems.length > 0) throw invalid(problems.map(fieldProblem));
        const result = await ideas.submit({
          giver: giverOf(viewer.person, { department: body.department, locale: body.locale ?? 'sv' }),
          text: { ...body, beneficiaries: inChatOrder(body.beneficiaries) },
          source: 'tab',
          idempotencyKey: `tab:${body.idempotencyKey}`,
        });
        if (!result.ok) {
          if (result.error === 'noSluice') throw new ApiProblem(403, 'NoSluice', 'Your organisation is not connected to an idea sluice.');
          throw invalid(result.problems.map(fieldProblem));
        }
        const stored = await queries.idea(viewer, result.idea.id);
        if (!stored) throw notFound();
        await sendIdea(res, result.created ? 201 : 200, viewer, stored, deps);
      },
    }),

    giverRoute(deps, {
      method: 'patch',
      path: '/api/ideas/{id}',
      operationId: 'editIdea',
      summary: "Changes the giver's own idea text while it is Inkommen or in Idésamtal. Send the etag you saw in If-Match.",
      body: editIdeaBody,
      toAction: ({ beneficiaries: chosen, department, ...rest }, viewer) => ({
        type: 'edit',
        text: {
          ...rest,
          ...(chosen ? { beneficiaries: inChatOrder(chosen) } : {}),
          ...(department !== undefined ? { department: departmentName(viewer, department) } : {}),
        },
      }),
      textField: 'text',
    }),
    giverRoute(deps, {
      method: 'post',
      path: '/api/ideas/{id}/answer',
      operationId: 'answerQuestion',
      summary: "Answers the coach's open question (the same as the answer card in chat). Send the etag you saw in If-Match.",
      body: answerQuestionBody,
      toAction: (body) => ({ type: 'answerInfo', answer: body.answer, questionId: body.questionId }),
      textField: 'answer',
      eventField: 'questionId',
    }),
    giverRoute(deps, {
      method: 'post',
      path: '/api/ideas/{id}/withdraw',
      operationId: 'withdrawIdea',
      summary: "Withdraws the giver's own idea while it is open; the reason is optional. Send the etag you saw in If-Match.",
      body: withdrawIdeaBody,
      toAction: (body) => ({ type: 'withdraw', ...(body.reason !== undefined ? { reason: body.reason } : {}) }),
      textField: 'reason',
    }),
    giverRoute(deps, {
      method: 'post',
      path: '/api/ideas/{id}/rating',
      operationId: 'rateIdea',
      summary: 'Rates the process after a decision the giver was asked about (1–5), once per decision. Send the etag you saw in If-Match.',
      body: rateIdeaBody,
      toAction: (body) => ({
        type: 'rate',
        rating: body.rating,
        decisionId: body.decisionId,
        ...(body.comment !== undefined ? { comment: body.comment } : {}),
      }),
      textField: 'comment',
      eventField: 'decisionId',
    }),
  ];
}

interface GiverRouteSpec<B extends z.ZodType> {
  readonly method: 'post' | 'patch';
  readonly path: string;
  readonly operationId: string;
  readonly summary: string;
  readonly body: B;
  readonly toAction: (body: z.output<B>, viewer: Viewer) => IdeaAction;
  /** The body field a text problem belongs to (`text`: the problem names its own field). */
  readonly textField: string;
  /** The body field that names a history event (the question or the decision). */
  readonly eventField?: string;
}

/** One giver action on an idea: parse, act as the caller on the state they saw, answer with the idea. */
function giverRoute<B extends z.ZodType>(deps: GiverRouteDeps, spec: GiverRouteSpec<B>): ApiRoute {
  return memberRoute({
    method: spec.method,
    path: spec.path,
    operationId: spec.operationId,
    summary: spec.summary,
    request: { params: ideaParams, body: spec.body, headers: ifMatchHeader },
    responses: { 200: json(ref('IdeaResponse'), 'The idea after the action.'), ...errors(400, 404, 409, 412, 428) },
    handle: async ({ req, res, params, body, viewer }) => {
      const etag = ifMatch(req);
      const result = await deps.ideas.act(viewer.sluice.id, params.id, viewer.person, spec.toAction(body as z.output<B>, viewer), etag);
      if (result.ok) {
        await sendIdea(res, 200, viewer, result.idea, deps);
        return;
      }
      throw refusal(result, spec, viewer, deps);
    },
  });
}

function refusal(
  result: Exclude<ActResult, { ok: true }>,
  spec: GiverRouteSpec<z.ZodType>,
  viewer: Viewer,
  deps: GiverRouteDeps,
): ApiProblem {
  if (result.error === 'notFound') return notFound();
  const current = detailFor(viewer, result.current, deps);
  if (result.error === 'stale')
    return new ApiProblem(412, 'Stale', 'The idea was changed since you saw it; this is how it is now.', { current });
  const reason: TransitionError = result.reason;
  switch (reason.code) {
    case 'forbidden':
      return new ApiProblem(403, 'Forbidden', 'Only the giver of the idea may do this.');
    case 'invalidInput':
      return invalid(reason.problems.map((p) => ({ ...fieldProblem(p), field: spec.textField === 'text' ? p.field : spec.textField })));
    case 'invalidRating':
      return invalid([{ field: 'rating', problem: 'invalid', message: 'must be a whole number from 1 to 5' }]);
    case 'unknownEvent':
      return invalid([{ field: spec.eventField ?? 'body', problem: 'invalid', message: 'is not an event of this idea' }]);
    case 'questionClosed':
      return new ApiProblem(409, 'QuestionClosed', 'The question was answered already, or the coach asked a newer one.', { current });
    case 'alreadyRated':
      return new ApiProblem(409, 'AlreadyRated', 'You have rated this decision already.', { current });
    case 'notAllowedNow':
    case 'invalidEffects':
    case 'unknownCoach':
    case 'notLinked':
      return new ApiProblem(
        409,
        'NotAllowedNow',
        `"${spec.operationId}" is not possible while the idea is in stage ${result.current.value.stage}.`,
        {
          current,
        },
      );
  }
}

/** A domain text problem (or "choose who benefits") as the API names it. */
function fieldProblem(p: ReturnType<typeof checkIdeaForm>[number]): FieldProblem {
  if (p.problem === 'noChoice') return { field: 'beneficiaries', problem: 'empty', message: 'must name at least one' };
  return { field: p.field, problem: p.problem, limit: p.limit };
}

/** The sluice's name for a department typed as a name, an alias or an abbreviation; otherwise as typed. */
function departmentName(viewer: Viewer, typed: string): string {
  return findDepartment(departmentsOf(viewer.sluice), typed)?.name ?? typed;
}

/** Who benefits, in the order the chat stores them, whatever order the form sent. */
function inChatOrder(chosen: readonly Beneficiary[]): Beneficiary[] {
  return BENEFICIARIES.filter((b) => chosen.includes(b));
}

function invalid(problems: readonly FieldProblem[]): ApiProblem {
  const each = problems.map((p) => `${p.field} ${p.message ?? describe([p])}`).join('; ');
  return new ApiProblem(400, 'InvalidInput', `Check ${each}.`, { problems: [...problems] });
}
