import type { HistoryEvent } from '../../domain/idea';
import type { IdeaRecord, RecordReader } from '../../domain/record-reader';
import { ApiProblem, sendJson } from '../http';
import { errors, json } from '../openapi';
import type { IdeaRecordResponse, RecordEvent } from '../record-contracts';
import { recordRef } from '../record-openapi';
import { memberRoute, type ApiRoute } from '../route';
import { ideaParams } from '../schemas';
import { notFound } from './ideas';
import { anonymisationsOf } from '../../domain/personal-data-ideas';
import type { CommentService } from '../../domain/comments/comment-service';
import { recordComment } from './comments';

export interface RecordRouteDeps {
  readonly records: RecordReader;
  /** The idea's comments and internal notes, for the record (hidden ones marked). */
  readonly comments?: Pick<CommentService, 'forRecord'>;
}

/** `getIdeaRecord`: an idea as a public record, for the sluice's coaches, admins and registrators. */
export function recordRoutes(deps: RecordRouteDeps): ApiRoute[] {
  return [
    memberRoute({
      method: 'get',
      path: '/api/ideas/{id}/record',
      operationId: 'getIdeaRecord',
      summary:
        "An idea as a public record (allmän handling): its record entry, texts, decisions, questions and answers, ratings, effects and whether the history's chain is whole.",
      description:
        "For the sluice's coaches, admins and registrators; everyone else gets 403. Every call is written to the audit log (`record.viewed`: who, when, which idea).",
      request: { params: ideaParams },
      responses: { 200: json(recordRef('IdeaRecordResponse'), 'The record.'), ...errors(400, 404) },
      handle: async ({ res, params, viewer }) => {
        const result = await deps.records.read(viewer.sluice, viewer.person, params.id);
        if (!result.ok) {
          if (result.error === 'notFound') throw notFound();
          throw new ApiProblem(403, 'Forbidden', "Only the sluice's coaches, admins and registrators may read an idea's record.");
        }
        const comments = deps.comments ? await deps.comments.forRecord(viewer.sluice.id, params.id) : undefined;
        sendJson(res, 200, { ...recordBody(result.record), ...(comments ? { comments: comments.map(recordComment) } : {}) });
      },
    }),
  ];
}

/** The record as the API sends it: only the fields the contract names (no hashes, no request ids). */
export function recordBody(record: IdeaRecord): IdeaRecordResponse {
  const { idea, chain } = record;
  const broken = chain.whole ? undefined : idea.history[chain.index];
  return {
    ...(idea.record
      ? { record: { reference: idea.record.reference, authority: { ...idea.record.authority }, receivedOn: idea.record.receivedOn } }
      : {}),
    idea: {
      id: idea.id,
      number: idea.number,
      title: idea.title,
      need: idea.need,
      idea: idea.idea,
      beneficiaries: [...idea.beneficiaries],
      department: idea.department,
      source: idea.source,
      stage: idea.stage,
      createdAt: idea.createdAt,
      giver: {
        id: idea.giver.id,
        name: idea.giver.name,
        ...(idea.giver.department ? { department: idea.giver.department } : {}),
        ...(idea.giver.jobTitle ? { jobTitle: idea.giver.jobTitle } : {}),
      },
      ...(idea.origin ? { origin: { name: idea.origin.name } } : {}),
    },
    decisions: record.decisions.map(eventBody),
    questions: record.questions.map((q) => ({ question: eventBody(q.event), answers: q.answers.map(eventBody) })),
    ratings: idea.satisfaction.map((r) => ({ ...r })),
    effects: (idea.effects ?? []).map((e) => ({ ...e })),
    chain: {
      whole: chain.whole,
      events: chain.events,
      ...(!chain.whole && broken
        ? { brokenAt: { index: chain.index, eventId: chain.eventId, kind: broken.kind, at: broken.at, problem: chain.problem } }
        : {}),
      // Whole, and anonymised on these days under these bases: the re-sealing an anonymisation did is named, not hidden.
      ...(anonymisationsOf(idea.history).length > 0 ? { anonymised: anonymisationsOf(idea.history) } : {}),
    },
  };
}

function eventBody(e: HistoryEvent): RecordEvent {
  return {
    id: e.id,
    kind: e.kind,
    at: e.at,
    by: { id: e.actor.id, name: e.actor.name },
    ...(e.from ? { from: e.from } : {}),
    ...(e.to ? { to: e.to } : {}),
    ...(e.text ? { text: e.text } : {}),
    ...(e.coach ? { coach: { id: e.coach.id, name: e.coach.name } } : {}),
    ...(e.effects?.length ? { effects: e.effects.map((x) => ({ ...x })) } : {}),
  };
}
