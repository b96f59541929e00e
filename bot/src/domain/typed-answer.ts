import type { HistoryEvent, Idea, Person } from './idea';
import type { IdeaService } from './idea-service';
import { askerOf } from './notifications';

/** How many of the giver's latest ideas are looked through for an open question. */
const LOOKED_AT = 50;

/** What a giver's typed message does when it may be the answer to a coach's question. */
export type TypedAnswerOutcome =
  /** No question waits for this giver (or it closed meanwhile): the message is not an answer. */
  | { readonly kind: 'none' }
  /** Several of their ideas wait: which one it is about is theirs to say, on that idea's card or in the tab. */
  | { readonly kind: 'which'; readonly numbers: readonly number[] }
  /** Taken as the answer (once, however often the message is delivered). */
  | {
      readonly kind: 'answered';
      readonly idea: Pick<Idea, 'id' | 'number' | 'title'>;
      readonly event: HistoryEvent;
      /** Who asked: the coach whose question it answered, else the idea's coach. */
      readonly askedBy: string;
    }
  | { readonly kind: 'tooLong'; readonly limit: number };

/**
 * A giver's typed message as the answer to a coach's open question: taken only when exactly one of
 * their latest ideas waits for an answer, with the same `answerInfo` transition the question card
 * sends and `requestId` (the activity id) so a redelivered message answers once.
 */
export async function answerOpenQuestion(
  ideas: Pick<IdeaService, 'listByGiver' | 'act'>,
  person: Person,
  text: string,
  requestId: string | undefined,
): Promise<TypedAnswerOutcome> {
  const mine = await ideas.listByGiver(person, LOOKED_AT);
  const waiting = mine?.ideas.filter((i) => i.needsInfo) ?? [];
  const [only] = waiting;
  if (!mine || !only) return { kind: 'none' };
  if (waiting.length > 1) return { kind: 'which', numbers: waiting.map((i) => i.number) };
  const result = await ideas.act(mine.sluice.id, only.id, person, { type: 'answerInfo', answer: text }, undefined, requestId);
  if (result.ok) {
    const askedBy = askerOf(result.idea.value, result.event)?.name ?? result.idea.value.coach?.name ?? '';
    return { kind: 'answered', idea: only, event: result.event, askedBy };
  }
  if (result.error === 'rejected' && result.reason.code === 'invalidInput') {
    return { kind: 'tooLong', limit: result.reason.problems[0]?.limit ?? 0 };
  }
  // The question closed meanwhile (answered on the card, or the idea was closed): not an answer any more.
  return { kind: 'none' };
}
