import type { HistoryEvent, Idea } from '../../domain/idea';
import { stageLabel, type Sluice } from '../../domain/sluice';
import type { Locale } from '../../domain/stages';
import { coachText, type CoachStringKey } from '../coach/strings';
import { INPUT_IDS, type GiverVerb } from '../coach/verbs';
import { escapeMarkdown, preview } from '../markdown';
import type { CardNotice } from './coach-task-card';
import { expand, type CardJson } from './render';
import questionTemplate from './templates/giver-question.json';
import updateTemplate from './templates/giver-update.json';
import { commentStamp, withCommentAction } from '../comments/comment-cards';
import satisfactionTemplate from './templates/satisfaction.json';

const NOTICE_COLOR: Record<CardNotice['tone'], string> = { good: 'Good', attention: 'Attention', warning: 'Warning' };

/** Data on the giver's cards: which idea, and which question or decision the card is about. */
export interface GiverActionData {
  readonly ideaId: string;
  readonly sluiceId: string;
  /** The history event the card answers: the `infoRequested` or the decision asked about. */
  readonly eventId: string;
}

const MESSAGE_KEY: Partial<Record<HistoryEvent['kind'], CoachStringKey>> = {
  taken: 'giver.taken',
  advanced: 'giver.advanced',
  declined: 'giver.declined',
  reopened: 'giver.reopened',
  reassigned: 'giver.reassigned',
  coachUnreachable: 'giver.reassigned',
};

/**
 * What the giver is told when a coach decides something about their idea: the new stage, the
 * coach's name and the reason or comment, in the giver's language. `afterCommentId` is the
 * comment just saved from the card, when this answers its "Kommentera".
 */
export function renderGiverUpdateCard(
  idea: Idea,
  sluice: Pick<Sluice, 'stageLabels'>,
  event: HistoryEvent,
  locale: Locale,
  afterCommentId?: string,
): CardJson {
  const stage = stageLabel(sluice, event.to ?? idea.stage, locale);
  const coach = escapeMarkdown(
    event.kind === 'reassigned' || event.kind === 'coachUnreachable' ? (event.coach?.name ?? '') : event.actor.name,
  );
  const key = MESSAGE_KEY[event.kind] ?? 'giver.advanced';
  const link = event.kind === 'linked' && event.link ? event.link : undefined;
  const facts = [
    { label: coachText(locale, 'giver.stage'), value: stage },
    { label: coachText(locale, 'giver.coach'), value: coach },
    ...(event.text
      ? [
          {
            label: coachText(locale, event.kind === 'declined' ? 'giver.reason' : 'giver.comment'),
            value: escapeMarkdown(preview(event.text, 1000)),
          },
        ]
      : []),
  ];
  const card = expand(updateTemplate, {
    heading: coachText(locale, 'giver.heading', { number: idea.number }),
    title: escapeMarkdown(idea.title),
    message: link
      ? coachText(locale, 'giver.linked', {
          coach,
          number: link.number,
          title: escapeMarkdown(link.title),
          kind: coachText(locale, `giver.link.${link.kind}`),
        })
      : coachText(locale, key, { stage, coach }),
    facts,
    footer: coachText(locale, 'giver.footer'),
  });
  return withCommentAction(
    card,
    { ideaId: idea.id, sluiceId: idea.sluiceId, card: 'update', eventId: event.id, stamp: commentStamp(event.id, afterCommentId) },
    locale,
  );
}

export interface QuestionCardView {
  readonly idea: Idea;
  readonly sluiceId: string;
  /** The coach's `infoRequested` event. */
  readonly question: HistoryEvent;
  readonly locale: Locale;
  /** `open` shows the answer input; otherwise the card says what happened. */
  readonly open: boolean;
  readonly notice?: CardNotice;
}

/** The coach's question to the giver, with an input for the answer. */
export function renderGiverQuestionCard(view: QuestionCardView): CardJson {
  const { idea, question, locale } = view;
  const action: GiverActionData = { ideaId: idea.id, sluiceId: view.sluiceId, eventId: question.id };
  const verb: GiverVerb = 'idea.answerInfo';
  return expand(questionTemplate, {
    heading: coachText(locale, 'question.heading', { number: idea.number }),
    title: escapeMarkdown(idea.title),
    intro: coachText(locale, 'question.intro', { coach: escapeMarkdown(question.actor.name) }),
    question: escapeMarkdown(question.text ?? ''),
    open: view.open,
    inputs: INPUT_IDS,
    labels: {
      answer: coachText(locale, 'question.input'),
      required: coachText(locale, 'question.required'),
      submit: coachText(locale, 'question.submit'),
    },
    verb,
    action,
    notice: view.notice?.text ?? '',
    noticeColor: NOTICE_COLOR[view.notice?.tone ?? 'good'],
  });
}

export interface SatisfactionCardView {
  readonly idea: Idea;
  readonly sluiceId: string;
  /** The decision the giver is asked about. */
  readonly decision: HistoryEvent;
  readonly locale: Locale;
  readonly open: boolean;
  readonly notice?: CardNotice;
}

/** The one satisfaction question (1–5 and an optional comment) after testing, done or closed. */
export function renderSatisfactionCard(view: SatisfactionCardView): CardJson {
  const { idea, locale } = view;
  const action: GiverActionData = { ideaId: idea.id, sluiceId: view.sluiceId, eventId: view.decision.id };
  const verb: GiverVerb = 'idea.rate';
  const choiceKeys = ['rate.choice1', 'rate.choice2', 'rate.choice3', 'rate.choice4', 'rate.choice5'] as const;
  return expand(satisfactionTemplate, {
    heading: coachText(locale, 'rate.heading', { number: idea.number }),
    title: escapeMarkdown(idea.title),
    open: view.open,
    inputs: { rating: INPUT_IDS.rating, comment: INPUT_IDS.ratingComment },
    choices: choiceKeys.map((key, i) => ({ title: coachText(locale, key), value: String(i + 1) })),
    labels: {
      question: coachText(locale, 'rate.question'),
      required: coachText(locale, 'rate.required'),
      comment: coachText(locale, 'rate.comment'),
      submit: coachText(locale, 'rate.submit'),
    },
    verb,
    action,
    notice: view.notice?.text ?? '',
    noticeColor: NOTICE_COLOR[view.notice?.tone ?? 'good'],
  });
}
