import type { Idea } from '../../domain/idea';
import type { Sluice } from '../../domain/sluice';
import { stageLabel } from '../../domain/sluice';
import type { Locale } from '../../domain/stages';
import { escapeMarkdown, preview } from '../markdown';
import { mt } from '../message-extension/strings';
import { expand, type CardJson } from './render';
import sharedTemplate from './templates/idea-shared.json';

/**
 * The small card the message extension puts into a conversation when the giver chooses to
 * share that they sent an idea: "Idé #N skickad till Idéslussen", the title and who handed it in.
 * It carries no actions: everyone in the conversation may read it, not everyone may act on it.
 */
export function renderIdeaSharedCard(locale: Locale, idea: Idea, sluice: Pick<Sluice, 'stageLabels'>): CardJson {
  return expand(sharedTemplate, {
    heading: mt(locale, 'shared.heading', { number: idea.number }),
    title: escapeMarkdown(preview(idea.title, 120)),
    byline: mt(locale, 'shared.byline', { giver: escapeMarkdown(idea.giver.name), stage: stageLabel(sluice, idea.stage, locale) }),
  });
}
