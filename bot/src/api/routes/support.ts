import { z } from 'zod';
import type { DirectoryPort } from '../../domain/directory';
import type { Idea } from '../../domain/idea';
import type { IdeaQueries, Viewer } from '../../domain/idea-queries';
import type { Versioned } from '../../domain/ports';
import {
  groupChatLink,
  HELP_NOTE_MAX,
  SUPPORT_REFUSALS,
  type ChatMember,
  type HelpOffer,
  type SupportRefusal,
  type SupportService,
} from '../../domain/support';
import type { Logger } from '../../logger';
import { ApiProblem, sendJson } from '../http';
import { errors, json } from '../openapi';
import { memberRoute, type ApiRoute } from '../route';
import { ideaParams } from '../schemas';
import type { HelpOfferView, OfferHelpRequest, SupportResponse } from '../support-contracts';
import { supportRef } from '../support-openapi';
import { notFound } from './ideas';

export const offerHelpBody = z.strictObject({
  // The length is checked after cleaning (trimmed, control characters removed), by the domain.
  note: z
    .string({ message: 'must be text' })
    .meta({ description: `A short note, 1–${HELP_NOTE_MAX} characters, shown as written (never as markdown or links).` }),
}) satisfies z.ZodType<OfferHelpRequest>;

export interface SupportRouteDeps {
  readonly support: SupportService;
  readonly queries: IdeaQueries;
  /** Where the group chat's addresses come from (Graph); without one the chat link is missing. */
  readonly directory?: DirectoryPort;
  readonly logger: Logger;
}

const answer = { 200: json(supportRef('SupportResponse'), "The idea's support and offers of help now.") };

/**
 * `getSupport`, `supportIdea`, `withdrawSupport` and `offerHelp`: one support per person and idea,
 * and "Jag kan hjälpa till" with a note. Repeating a request changes nothing and answers the same.
 */
export function supportRoutes(deps: SupportRouteDeps): ApiRoute[] {
  return [
    memberRoute({
      method: 'get',
      path: '/api/ideas/{id}/support',
      operationId: 'getSupport',
      summary:
        'How many support the idea, whether the caller does, and the colleagues who offered help (with a group chat link for those in it).',
      request: { params: ideaParams },
      responses: { ...answer, ...errors(400, 404) },
      handle: async ({ res, params, viewer }) => {
        sendJson(res, 200, await present(deps, viewer, await found(deps, viewer, params.id)));
      },
    }),

    memberRoute({
      method: 'put',
      path: '/api/ideas/{id}/support',
      operationId: 'supportIdea',
      summary:
        'The caller supports the idea ("Jag stödjer idén"), once: repeating it changes nothing. The idea\'s own giver may not (409 OwnIdea), nor anyone once it is closed (409 Closed).',
      request: { params: ideaParams },
      responses: { ...answer, ...errors(400, 404, 409) },
      handle: async ({ res, params, viewer }) => {
        const result = await deps.support.support(viewer.sluice.id, params.id, viewer.person);
        if (!result.ok) throw refused(result.error);
        sendJson(res, 200, await present(deps, viewer, await found(deps, viewer, params.id)));
      },
    }),

    memberRoute({
      method: 'delete',
      path: '/api/ideas/{id}/support',
      operationId: 'withdrawSupport',
      summary: 'The caller takes their support back; taking back a support that is not there changes nothing.',
      request: { params: ideaParams },
      responses: { ...answer, ...errors(400, 404) },
      handle: async ({ res, params, viewer }) => {
        const result = await deps.support.withdraw(viewer.sluice.id, params.id, viewer.person);
        if (!result.ok) throw refused(result.error);
        sendJson(res, 200, await present(deps, viewer, await found(deps, viewer, params.id)));
      },
    }),

    memberRoute({
      method: 'post',
      path: '/api/ideas/{id}/help',
      operationId: 'offerHelp',
      summary:
        '"Jag kan hjälpa till": the caller offers help with a short note; the giver and the coach are told, the idea\'s history records it. One offer per person: repeating it answers the first (200) without telling anyone again. Not for the idea\'s giver (409 OwnIdea) nor a closed idea (409 Closed).',
      request: { params: ideaParams, body: offerHelpBody },
      responses: {
        201: json(supportRef('SupportResponse'), 'Offered; the support and offers of help now.'),
        ...answer,
        ...errors(400, 404, 409),
      },
      handle: async ({ res, params, body, viewer }) => {
        const result = await deps.support.offerHelp(viewer.sluice.id, params.id, viewer.person, body.note);
        if (!result.ok) {
          if (result.error === 'invalidNote')
            throw new ApiProblem(
              400,
              'InvalidInput',
              result.problem === 'empty' ? 'note must not be empty.' : `note must be at most ${result.limit} characters.`,
              { problems: [{ field: 'note', problem: result.problem, limit: result.limit }] },
            );
          throw refused(result.error);
        }
        sendJson(res, result.created ? 201 : 200, await present(deps, viewer, await found(deps, viewer, params.id)));
      },
    }),
  ];
}

async function found(deps: SupportRouteDeps, viewer: Viewer, ideaId: string): Promise<Versioned<Idea>> {
  const idea = await deps.queries.idea(viewer, ideaId);
  if (!idea) throw notFound();
  return idea;
}

function refused(error: SupportRefusal): ApiProblem {
  const refusal = SUPPORT_REFUSALS[error];
  return new ApiProblem(refusal.conflict ? 409 : 404, refusal.code, refusal.message);
}

async function present(deps: SupportRouteDeps, viewer: Viewer, idea: Versioned<Idea>): Promise<SupportResponse> {
  const summary = await deps.support.summary(idea, viewer.person);
  const me = viewer.person;
  const helpers = await Promise.all(summary.helpers.map((offer) => helperView(deps, viewer, idea.value, offer)));
  return {
    ideaId: idea.value.id,
    count: summary.count,
    mine: summary.mine,
    ...(summary.refusal ? { refusal: summary.refusal } : {}),
    offered: summary.helpers.some((o) => o.helper.id === me.id && o.helper.tenantId === me.tenantId),
    helpers,
  };
}

/** One offer as the viewer sees it; the chat link only for the three people it is for. */
async function helperView(deps: SupportRouteDeps, viewer: Viewer, idea: Idea, offer: HelpOffer): Promise<HelpOfferView> {
  const base: HelpOfferView = { helper: { id: offer.helper.id, name: offer.helper.name }, note: offer.note, at: offer.at };
  const me = viewer.person;
  const people = [
    { id: idea.giver.id, tenantId: idea.giver.tenantId, name: idea.giver.name },
    offer.helper,
    // The coach's tenant is not stored on the idea: a coach is looked up in the viewer's sluice's tenants.
    ...(idea.coach ? [{ id: idea.coach.id, tenantId: undefined, name: idea.coach.name }] : []),
  ];
  const inIt = people.some((p) => p.id === me.id && (p.tenantId === undefined || p.tenantId === me.tenantId));
  if (!inIt) return base;
  const unique = people.filter((p, i) => people.findIndex((q) => q.id === p.id) === i);
  const members: ChatMember[] = await Promise.all(
    unique.map(async (p) => {
      const address = await addressOf(deps, p.tenantId ? [p.tenantId] : viewer.sluice.tenantIds, p.id);
      return address ? { name: p.name, address } : { name: p.name };
    }),
  );
  const link = groupChatLink(members, `Idé #${idea.number}: ${idea.title}`);
  return { ...base, chat: { ...(link.url ? { url: link.url } : {}), missing: link.missing } };
}

/** The person's chat address from the directory, trying each tenant they may be in; unknown when the directory fails. */
async function addressOf(deps: SupportRouteDeps, tenantIds: readonly string[], userId: string): Promise<string | undefined> {
  const lookup = deps.directory?.chatAddressOf?.bind(deps.directory);
  if (!lookup) return undefined;
  for (const tenantId of tenantIds) {
    try {
      const address = await lookup(tenantId, userId);
      if (address) return address;
    } catch (err) {
      deps.logger.warn({ err, tenantId }, 'Could not read a chat address from the directory; the group chat link leaves the person out');
      return undefined;
    }
  }
  return undefined;
}
