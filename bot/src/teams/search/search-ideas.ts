import type {
  AppBasedLinkQuery,
  MessagingExtensionAttachment,
  MessagingExtensionQuery,
  MessagingExtensionResponse,
  TurnContext,
} from 'botbuilder';
import { CardFactory } from 'botbuilder';
import type { Idea } from '../../domain/idea';
import type { IdeaSearch } from '../../domain/idea-search';
import type { Sluice } from '../../domain/sluice';
import type { Locale } from '../../domain/stages';
import type { Logger } from '../../logger';
import { baseConversationId, incoming } from '../activity';
import { ideaPreviewThumbnail, renderIdeaPreviewCard } from '../cards/idea-preview-card';
import { PERSONAL, withOpenLink, type IdeaLinks, type LinkPlace } from '../deep-links';
import { escapeMarkdown, preview } from '../markdown';
import { st } from './strings';

/** The manifest's command id for "Sök idéer" / "Search ideas" (composeExtensions[0].commands[1]). */
export const SEARCH_IDEAS_COMMAND = 'searchIdeas';
/** The command's one parameter: the words typed in the compose box. */
export const SEARCH_PARAMETER = 'searchQuery';

export interface SearchIdeasDependencies {
  readonly search: IdeaSearch;
  readonly links: IdeaLinks;
  readonly logger: Logger;
}

/**
 * The message extension's search "Sök idéer" (`composeExtension/query`) and the previews of pasted
 * idea links (`composeExtension/queryLink`). Whose ideas are found is decided from the caller's own
 * tenant (their sluice), never from the query: a link to an idea of another sluice, or to one that
 * does not exist, gets no preview, and the two cannot be told apart.
 */
export class SearchIdeasExtension {
  constructor(private readonly deps: SearchIdeasDependencies) {}

  /** Answers `composeExtension/query`: up to ten ideas of the caller's sluice, each a card to insert. */
  async query(context: TurnContext, query: MessagingExtensionQuery): Promise<MessagingExtensionResponse> {
    const { locale, person } = incoming(context);
    if (query.commandId !== SEARCH_IDEAS_COMMAND) return message(st(locale, 'failed'));
    if (!person) return message(st(locale, 'noSluice'));
    const words = searchWords(query);
    try {
      const found = await this.deps.search.search(person, words);
      if (!found) return message(st(locale, 'noSluice'));
      if (found.ideas.length === 0)
        return message(st(locale, 'nothing', { sluice: escapeMarkdown(found.sluice.name), query: escapeMarkdown(preview(words, 60)) }));
      const place = placeOf(context);
      return result(found.ideas.map((idea) => this.attachment(locale, idea, found.sluice, place)));
    } catch (err) {
      this.deps.logger.error({ err, activityId: context.activity.id }, 'Idea search failed');
      return message(st(locale, 'failed'));
    }
  }

  /** Answers `composeExtension/queryLink`: the idea's card for a link to an idea of the caller's sluice, else nothing. */
  async queryLink(context: TurnContext, query: AppBasedLinkQuery): Promise<MessagingExtensionResponse> {
    const { locale, person } = incoming(context);
    const ideaId = typeof query.url === 'string' ? this.deps.links.ideaIdOf(query.url) : undefined;
    if (!person || !ideaId) return result([]);
    try {
      const found = await this.deps.search.idea(person, ideaId);
      if (!found) return result([]);
      return result([this.attachment(locale, found.idea, found.sluice, placeOf(context))]);
    } catch (err) {
      this.deps.logger.error({ err, activityId: context.activity.id }, 'Link preview failed');
      return result([]);
    }
  }

  private attachment(locale: Locale, idea: Idea, sluice: Sluice, place: LinkPlace): MessagingExtensionAttachment {
    const card = withOpenLink(renderIdeaPreviewCard(locale, idea, sluice), this.deps.links.toIdea(idea.id, place), locale);
    const { title, text } = ideaPreviewThumbnail(locale, idea, sluice);
    return { ...CardFactory.adaptiveCard(card), preview: CardFactory.thumbnailCard(title, text) };
  }
}

/** The words typed; Teams sends `initialRun` (no words) when the command opens. */
function searchWords(query: MessagingExtensionQuery): string {
  const value = query.parameters?.find((p) => p.name === SEARCH_PARAMETER)?.value as unknown;
  return typeof value === 'string' ? value : '';
}

/** A card inserted in a channel links to the team tab there; anywhere else to the personal tab. */
function placeOf(context: TurnContext): LinkPlace {
  const { channelId } = incoming(context);
  return channelId ? { kind: 'channel', channelId: baseConversationId(channelId) } : PERSONAL;
}

function result(attachments: MessagingExtensionAttachment[]): MessagingExtensionResponse {
  return { composeExtension: { type: 'result', attachmentLayout: 'list', attachments } };
}

function message(text: string): MessagingExtensionResponse {
  return { composeExtension: { type: 'message', text } };
}
