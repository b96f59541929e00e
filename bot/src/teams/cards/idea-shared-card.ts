import type { Idea } from '../../domain/idea';
import type { Sluice } from '../../domain/sluice';
import { stageLabel } from '../../domain/sluice';
import type { Locale } from '../../domain/stages';
import { SUPPORT_VERB } from '../coach/verbs';
import { escapeMarkdown, preview } from '../markdown';
import { mt } from '../message-extension/strings';
import { st } from '../support/strings';
import { expand, type CardJson } from './render';
import sharedTemplate from './templates/idea-shared.json';
import supportActionTemplate from './templates/support-action.json';

/** What "Jag stödjer idén" sends back: which idea (who supports it is the invoke's sender). */
export interface SupportActionData {
  readonly ideaId: string;
  readonly sluiceId: string;
}

/**
 * The small card the message extension puts into a conversation when the giver chooses to
 * share that they sent an idea: "Idé #N skickad till Idéslussen", the title and who handed it in,
 * and "Jag stödjer idén" for everyone who reads it (whether they may is the server's decision:
 * anyone of the sluice but the giver, while the idea is open). `notice` is the line an answer to
 * that button adds ("Du stödjer idén. 3 stödjer den.").
 */
export function renderIdeaSharedCard(locale: Locale, idea: Idea, sluice: Pick<Sluice, 'stageLabels'>, notice?: string): CardJson {
  const card = expand(sharedTemplate, {
    heading: mt(locale, 'shared.heading', { number: idea.number }),
    title: escapeMarkdown(preview(idea.title, 120)),
    byline: mt(locale, 'shared.byline', { giver: escapeMarkdown(idea.giver.name), stage: stageLabel(sluice, idea.stage, locale) }),
  });
  const data: SupportActionData = { ideaId: idea.id, sluiceId: idea.sluiceId };
  const action = expand(supportActionTemplate, { title: st(locale, 'card.support'), verb: SUPPORT_VERB, data });
  const body = Array.isArray(card['body']) ? (card['body'] as unknown[]) : [];
  const line = notice ? [{ type: 'TextBlock', text: notice, wrap: true, weight: 'Bolder', spacing: 'Medium' }] : [];
  return { ...card, body: [...body, ...line], ...(idea.stage === 'closed' ? {} : { actions: [action] }) };
}
