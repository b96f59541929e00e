import type { Idea } from '../domain/idea';
import type { IdeaSummary, Versioned } from '../domain/ports';
import type { GiverView } from '../domain/giver-actions';
import type { IdeaView } from '../domain/idea-queries';
import { NEXT_STAGE } from '../domain/stages';
import type { IdeaActionType } from '../domain/transitions';
import type { CoachActionType, IdeaCard, IdeaDetail, IdeaLinkView } from './contracts';

const TAB_ACTIONS: readonly CoachActionType[] = ['take', 'advance', 'decline', 'askInfo', 'reassign', 'reopen'];

/** A board card from a stored summary; only the fields the contract names leave the server. */
export function toCard(s: IdeaSummary, view: IdeaView): IdeaCard {
  const { overdue, cover } = view;
  return {
    id: s.id,
    number: s.number,
    title: s.title,
    department: s.department,
    stage: s.stage,
    needsInfo: s.needsInfo,
    ...(s.coach ? { coach: { id: s.coach.id, name: s.coach.name } } : {}),
    giver: { id: s.giver.id, name: s.giver.name },
    tenantId: s.tenantId,
    createdAt: s.createdAt,
    stageChangedAt: s.stageChangedAt,
    updatedAt: s.updatedAt,
    ...(NEXT_STAGE[s.stage] ? { nextStage: NEXT_STAGE[s.stage] } : {}),
    actions: tabActions(view.actions),
    ...(overdue ? { overdue: { waited: overdue.waited, limit: overdue.limit, since: overdue.since } } : {}),
    ...(s.noReachableCoach ? { noReachableCoach: { since: s.noReachableCoach } } : {}),
    ...(cover ? { cover: { id: cover.coach.id, name: cover.coach.name, until: cover.until } } : {}),
  };
}

/**
 * The full idea for the panel. The giver's locale and the origin's ids stay on the server:
 * the board is visible to everyone in the sluice, so it shows names, not identifiers it does not need.
 */
export function toDetail(
  stored: Versioned<Idea>,
  view: IdeaView,
  mine: GiverView = { actions: [] },
  linked: ReadonlyMap<string, Pick<Idea, 'number' | 'title' | 'stage'>> = new Map(),
): IdeaDetail {
  const i = stored.value;
  const { giver } = i;
  return {
    ...toCard({ ...i, giver: { id: giver.id, name: giver.name } }, view),
    need: i.need,
    idea: i.idea,
    beneficiaries: [...i.beneficiaries],
    source: i.source,
    giver: {
      id: giver.id,
      name: giver.name,
      ...(giver.department ? { department: giver.department } : {}),
      ...(giver.jobTitle ? { jobTitle: giver.jobTitle } : {}),
    },
    ...(i.origin ? { origin: { name: i.origin.name } } : {}),
    ...(i.pendingQuestion ? { pendingQuestion: i.pendingQuestion } : {}),
    ...(i.record
      ? { record: { reference: i.record.reference, authority: { ...i.record.authority }, receivedOn: i.record.receivedOn } }
      : {}),
    history: i.history.map(({ requestId: _request, hash: _hash, anonymisation: _anonymisation, ...event }) => event),
    satisfaction: i.satisfaction,
    ...(i.effects?.length ? { effects: i.effects } : {}),
    links: (i.links ?? []).flatMap((l): IdeaLinkView[] => {
      const other = linked.get(l.ideaId);
      return other ? [{ id: l.ideaId, number: other.number, title: other.title, stage: other.stage, kind: l.kind }] : [];
    }),
    version: i.version,
    etag: stored.etag,
    giverActions: [...mine.actions],
    ...(mine.questionId ? { openQuestionId: mine.questionId } : {}),
    ...(mine.ratingAsked ? { ratingAsked: mine.ratingAsked } : {}),
  };
}

function tabActions(actions: readonly IdeaActionType[]): CoachActionType[] {
  return actions.filter((a): a is CoachActionType => (TAB_ACTIONS as readonly string[]).includes(a));
}
