import { createHash } from 'node:crypto';
import type { AdaptiveCardInvokeResponse } from 'botbuilder';
import type { CommentService } from '../../domain/comments/comment-service';
import type { Idea, Person } from '../../domain/idea';
import type { IdeaService } from '../../domain/idea-service';
import type { Versioned } from '../../domain/ports';
import { mayCoach, type Sluice } from '../../domain/sluice';
import type { Locale } from '../../domain/stages';
import type { CardNotice } from '../cards/coach-task-card';
import { renderGiverUpdateCard } from '../cards/giver-cards';
import { renderIdeaSharedCard } from '../cards/idea-shared-card';
import { ADAPTIVE_CARD, type CardView } from '../coach/card-answers';
import type { CoachDirectory } from '../coach/coach-directory';
import { withNotice, type CommentCardKind } from './comment-cards';
import { commentText } from './strings';

export interface CommentCardDependencies {
  readonly comments: CommentService;
  readonly ideas: IdeaService;
  readonly directory: CoachDirectory;
}

/** The "Kommentera" submit as the card-action handler read and checked it (the sluice is the actor's). */
export interface CommentSubmit {
  readonly sluice: Sluice;
  readonly actor: Person;
  readonly locale: Locale;
  readonly ideaId: string;
  readonly card: CommentCardKind;
  readonly eventId?: string;
  readonly commentKey?: string;
  readonly text: string;
}

/**
 * "Kommentera" on a task card, a giver's update card or the idea card shared into a conversation: one `CommentService.add`, answered with
 * the same card and a line saying what became of the comment. The key comes from the card and
 * the text, so a double click or a redelivered invoke stores one comment.
 */
export async function commentFromCard(
  deps: CommentCardDependencies,
  submit: CommentSubmit,
  view: CardView,
): Promise<AdaptiveCardInvokeResponse> {
  const { sluice, actor, locale } = submit;
  const textHash = createHash('sha256').update(submit.text.trim()).digest('hex').slice(0, 24);
  const result = await deps.comments.add({ person: actor, sluiceId: sluice.id, isCoach: mayCoach(sluice, actor) }, submit.ideaId, {
    text: submit.text,
    kind: 'comment',
    key: `card:${submit.commentKey ?? 'none'}:${textHash}`,
  });
  if (!result.ok && result.error === 'notFound') return view.error('notFound');
  const notice: CardNotice = result.ok
    ? { text: commentText(locale, 'saved'), tone: 'good' }
    : result.error === 'invalidText'
      ? result.problem === 'empty'
        ? { text: commentText(locale, 'empty'), tone: 'attention' }
        : { text: commentText(locale, 'tooLong', { limit: result.limit }), tone: 'attention' }
      : result.error === 'tooMany'
        ? { text: commentText(locale, 'tooMany', { seconds: Math.ceil(result.retryAfterMs / 1000) }), tone: 'warning' }
        : { text: commentText(locale, 'empty'), tone: 'attention' };
  const idea = await deps.ideas.get(sluice.id, submit.ideaId);
  if (!idea) return view.error('notFound');
  // The answer's Kommentera key follows the comment saved (the same one again on a redelivery).
  const saved = result.ok ? result.comment.id : undefined;
  switch (submit.card) {
    case 'task':
      return taskAnswer(deps, submit, view, idea, notice, saved);
    case 'update':
      return updateAnswer(submit, view, idea.value, notice, saved);
    case 'shared':
      return {
        statusCode: 200,
        type: ADAPTIVE_CARD,
        value: withNotice(renderIdeaSharedCard(submit.locale, idea.value, submit.sluice, undefined, saved), notice),
      };
  }
}

async function taskAnswer(
  deps: CommentCardDependencies,
  submit: CommentSubmit,
  view: CardView,
  idea: Versioned<Idea>,
  notice: CardNotice,
  saved: string | undefined,
): Promise<AdaptiveCardInvokeResponse> {
  const coaches = await deps.directory.coachesOf(submit.sluice);
  return view.task(idea, coaches, mayCoach(submit.sluice, submit.actor) ? 'coach' : 'readOnly', notice, saved);
}

function updateAnswer(
  submit: CommentSubmit,
  view: CardView,
  idea: Idea,
  notice: CardNotice,
  saved: string | undefined,
): AdaptiveCardInvokeResponse {
  const event = idea.history.find((e) => e.id === submit.eventId);
  if (!event) return view.error('mismatch');
  return {
    statusCode: 200,
    type: ADAPTIVE_CARD,
    value: withNotice(renderGiverUpdateCard(idea, submit.sluice, event, submit.locale, saved), notice),
  };
}
