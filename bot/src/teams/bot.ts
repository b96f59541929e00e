import { ActivityTypes, TeamsActivityHandler, TurnContext, type ConversationReference } from 'botbuilder';
import type { MessagingExtensionAction, MessagingExtensionActionResponse } from 'botbuilder';
import type { AppBasedLinkQuery, MessagingExtensionQuery, MessagingExtensionResponse } from 'botbuilder';
import type { AdaptiveCardInvokeResponse, AdaptiveCardInvokeValue } from 'botbuilder';
import type { ConversationReferenceRepository } from '../domain/conversations';
import type { DirectoryPort } from '../domain/directory';
import { userKey } from '../domain/conversations';
import type { IdeaService } from '../domain/idea-service';
import type { Clock } from '../domain/ports';
import type { Logger } from '../logger';
import { incoming, singleLine } from './activity';
import { channelReference } from './channel-commands';
import { asAttachment } from './cards/render';
import { renderHelpCard, renderWelcomeCard } from './cards/welcome-card';
import type { IdeaLinks } from './deep-links';
import type { Coaching } from './coach/setup';
import { TypedAnswers } from './giver/typed-answer';
import { CreateIdeaExtension } from './message-extension/create-idea';
import { SearchIdeasExtension, type SearchIdeasDependencies } from './search/search-ideas';
import type { SimilarIdeas } from '../domain/similar/similar-ideas';
import { t } from './strings';

export interface BotDependencies {
  readonly ideas: IdeaService;
  readonly conversations: ConversationReferenceRepository;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Name shown when the giver's tenant has no sluice yet. */
  readonly productName: string;
  /** Coach task cards (Universal Actions) and the "koppla coachkanal" command. */
  readonly coaching?: Pick<Coaching, 'cardActions' | 'coachChannel'> & Partial<Pick<Coaching, 'absence' | 'subscriptions'>>;
  /** "@Idéslussen rapportkanal": an admin chooses the channel of the monthly report card. */
  readonly reportChannel?: { matches(context: TurnContext): boolean; handle(context: TurnContext): Promise<void> };
  /** Idea capture in chat (guided questions, "idé: …", "mina idéer", @mentions); true when it handled the message. */
  readonly capture?: { handle(context: TurnContext): Promise<boolean> };
  /** Prefills the giver's department in the message extension's form. */
  readonly directory?: DirectoryPort;
  /** The similar-idea index: the message extension's form lists ideas like the message. */
  readonly similar?: Pick<SimilarIdeas, 'find'>;
  /** Whom a person of a tenant in no sluice is told to ask (ONBOARDING_CONTACT). */
  readonly onboardingContact?: string;
  /** "Sök idéer" in the compose box and the previews of pasted idea links; without it both answer empty. */
  readonly search?: Pick<SearchIdeasDependencies, 'search' | 'links'>;
  /** The help card's links to the tab's statement pages; without it the card lists the commands only. */
  readonly links?: Pick<IdeaLinks, 'toPage'>;
  /** "mina uppgifter" / "my data": what is stored about the sender (`teams/my-data`); true when it handled the message. */
  readonly myData?: { handle(context: TurnContext): Promise<boolean> };
}

/** Deliveries of the same install within this time get one welcome. */
const WELCOME_ONCE_MS = 10 * 60 * 1000;

/** Words that mean "help", in both languages, compared after normalising. */
const HELP_WORDS = new Set(['hjälp', 'hjalp', 'help', '?']);

/**
 * The Teams edge of the bot: reads the activity, remembers how to reach the person, and hands
 * off to the services. No business rule lives here.
 */
export class IdeaBot extends TeamsActivityHandler {
  /** "Gör till idé" / "Save as idea" on a message or in the message box. */
  private readonly createIdea: CreateIdeaExtension;
  /** A giver's typed answer to a coach's open question. */
  private readonly typedAnswers: TypedAnswers;
  /** "Sök idéer" / "Search ideas" and link previews. */
  private readonly searchIdeas?: SearchIdeasExtension;

  constructor(private readonly deps: BotDependencies) {
    super();
    this.createIdea = new CreateIdeaExtension({
      ideas: deps.ideas,
      conversations: deps.conversations,
      clock: deps.clock,
      logger: deps.logger,
      ...(deps.directory ? { directory: deps.directory } : {}),
      ...(deps.similar ? { similar: deps.similar } : {}),
      ...(deps.onboardingContact ? { onboardingContact: deps.onboardingContact } : {}),
    });

    this.typedAnswers = new TypedAnswers({ ideas: deps.ideas, logger: deps.logger });
    if (deps.search) this.searchIdeas = new SearchIdeasExtension({ ...deps.search, logger: deps.logger });

    this.onTurn(async (context, next) => {
      // Only an activity that says who sent it, in which tenant, is processed as someone.
      if (!(await this.knowsSender(context))) return;
      await this.rememberConversation(context);
      await this.learnCoachName(context);
      await next();
    });

    this.onMessage(async (context, next) => {
      // "koppla coachkanal" / "set coach channel" is answered here and goes no further.
      const coachChannel = this.deps.coaching?.coachChannel;
      if (coachChannel?.matches(context)) {
        await coachChannel.handle(context);
        return;
      }
      // "rapportkanal" / "report channel" from an admin, likewise.
      const reportChannel = this.deps.reportChannel;
      if (reportChannel?.matches(context)) {
        await reportChannel.handle(context);
        return;
      }
      // "mina uppgifter" / "my data" too, before capture could take the words as an answer to a draft's question.
      if (await this.deps.myData?.handle(context)) return;
      // "borta till 10 januari" / "tillbaka" from a coach is answered here too.
      if (await this.deps.coaching?.absence?.handle(context)) return;
      // "@Idéslussen prenumerera" / "avsluta prenumeration" in a channel: the monthly digest.
      if (await this.deps.coaching?.subscriptions?.handle(context)) return;
      await next();
    });

    this.onMessage(async (context, next) => {
      await this.handleMessage(context);
      await next();
    });

    this.onMembersAdded(async (context, next) => {
      const botId = context.activity.recipient.id;
      if (context.activity.membersAdded?.some((m) => m.id === botId)) await this.sendWelcome(context);
      await next();
    });

    this.onInstallationUpdateAdd(async (context, next) => {
      // Teams sends both installationUpdate and conversationUpdate on install; the welcome is
      // sent on conversationUpdate only, so it arrives once.
      await next();
    });
  }

  protected override handleTeamsMessagingExtensionFetchTask(
    context: TurnContext,
    action: MessagingExtensionAction,
  ): Promise<MessagingExtensionActionResponse> {
    return this.createIdea.fetchTask(context, action);
  }

  protected override handleTeamsMessagingExtensionSubmitAction(
    context: TurnContext,
    action: MessagingExtensionAction,
  ): Promise<MessagingExtensionActionResponse> {
    return this.createIdea.submitAction(context, action);
  }

  /** "Sök idéer": the words typed in a compose box. */
  protected override handleTeamsMessagingExtensionQuery(
    context: TurnContext,
    query: MessagingExtensionQuery,
  ): Promise<MessagingExtensionResponse> {
    return this.searchIdeas
      ? this.searchIdeas.query(context, query)
      : Promise.resolve({ composeExtension: { type: 'result', attachmentLayout: 'list', attachments: [] } });
  }

  /** A pasted link of the app's domain (the manifest's `messageHandlers`): the idea's card, or no preview. */
  protected override handleTeamsAppBasedLinkQuery(context: TurnContext, query: AppBasedLinkQuery): Promise<MessagingExtensionResponse> {
    return this.searchIdeas
      ? this.searchIdeas.queryLink(context, query)
      : Promise.resolve({ composeExtension: { type: 'result', attachmentLayout: 'list', attachments: [] } });
  }

  /** Universal Actions (`Action.Execute`) from coach task cards and the giver's cards. */
  protected override async onAdaptiveCardInvoke(context: TurnContext, value: AdaptiveCardInvokeValue): Promise<AdaptiveCardInvokeResponse> {
    if (!this.deps.coaching) return super.onAdaptiveCardInvoke(context, value);
    return this.deps.coaching.cardActions.handle(context, value);
  }

  /** Activities the bot does not handle get a polite answer, never silence. */
  protected override async onUnrecognizedActivity(context: TurnContext): Promise<void> {
    if (context.activity.type === ActivityTypes.Message || context.activity.type === ActivityTypes.Typing) return;
    this.deps.logger.debug({ type: context.activity.type }, 'Unsupported activity type');
    // Only activities a person sent in a conversation get the answer (not traces or handoffs).
    const fromPerson = context.activity.from?.id && context.activity.from.id !== context.activity.recipient?.id;
    if (fromPerson && context.activity.conversation?.id && context.activity.type !== ActivityTypes.Trace) {
      await context.sendActivity(t(incoming(context).locale, 'unsupported.activity'));
    }
  }

  /**
   * A message or invoke must carry the sender's Entra object id and one tenant (Teams always
   * sends both); without them it is answered plainly and goes no further. Other activities
   * (installs, member changes) are about the conversation, not a person.
   */
  private async knowsSender(context: TurnContext): Promise<boolean> {
    const { type } = context.activity;
    if (type !== ActivityTypes.Message && type !== ActivityTypes.Invoke) return true;
    const read = incoming(context);
    if (read.person) return true;
    this.deps.logger.warn(
      {
        activityId: context.activity.id,
        type,
        name: context.activity.name,
        channelId: context.activity.channelId,
        problem: read.personProblem,
      },
      'Activity without a sender in a tenant: not processed',
    );
    const message = t(read.locale, 'sender.unknown');
    if (type === ActivityTypes.Invoke) {
      await context.sendActivity({
        type: ActivityTypes.InvokeResponse,
        value: { status: 403, body: { statusCode: 403, type: 'application/vnd.microsoft.error', value: { code: 'Forbidden', message } } },
      });
    } else {
      await context.sendActivity(message);
    }
    return false;
  }

  private async handleMessage(context: TurnContext): Promise<void> {
    // Capture goes first: inside a dialog, help, files and card clicks are part of the conversation.
    if (await this.deps.capture?.handle(context)) return;
    const { locale, hasFiles, text: fullText } = incoming(context);
    const text = singleLine(fullText);
    if (!text && hasFiles) {
      await context.sendActivity(t(locale, 'unsupported.attachment'));
      return;
    }
    if (!text && context.activity.value !== undefined) {
      await context.sendActivity(t(locale, 'card.stale'));
      return;
    }
    if (HELP_WORDS.has(text.toLowerCase())) {
      await context.sendActivity({ attachments: [asAttachment(renderHelpCard(locale, this.deps.links))] });
      return;
    }
    if (await this.typedAnswers.handle(context)) return;
    await context.sendActivity(t(locale, 'unknown.pointer'));
  }

  private async sendWelcome(context: TurnContext): Promise<void> {
    const conversationId = context.activity.conversation?.id ?? '';
    // One welcome per install, even when the install is delivered twice; a reinstall later welcomes again.
    if (!(await this.deps.conversations.claimOnce(`welcome:${conversationId}`, this.deps.clock.now(), WELCOME_ONCE_MS))) return;
    const { locale, tenantId } = incoming(context);
    const sluice = tenantId ? await this.deps.ideas.sluiceFor(tenantId) : undefined;
    await context.sendActivity({ attachments: [asAttachment(renderWelcomeCard(locale, sluice?.value.name ?? this.deps.productName))] });
  }

  /** Lets the sluice learn a coach's name from their messages (coaches are configured by id). */
  private async learnCoachName(context: TurnContext): Promise<void> {
    const { person } = incoming(context);
    if (context.activity.type !== 'message' || !person?.name) return;
    try {
      await this.deps.ideas.learnCoachName(person);
    } catch (err) {
      this.deps.logger.warn({ err }, 'Could not store the coach name');
    }
  }

  /** Stores how to reach this user and this channel later; writes only when something changed. */
  private async rememberConversation(context: TurnContext): Promise<void> {
    const activity = context.activity;
    if (!activity.serviceUrl || !activity.conversation) return;
    // Without the turn's own activity id, an unchanged reference is not written again every turn.
    const { activityId: _turnActivityId, ...reference } = TurnContext.getConversationReference(activity) as ConversationReference;
    const { person, conversationKind, channelId } = incoming(context);
    const now = this.deps.clock.now().toISOString();
    try {
      if (conversationKind === 'personal' && person) {
        await this.deps.conversations.save({
          key: userKey(person.tenantId, person.id),
          reference: { ...reference },
          serviceUrl: activity.serviceUrl,
          updatedAt: now,
        });
      } else if (conversationKind === 'channel' && channelId) {
        // Keyed by the channel, not the thread (`;messageid=…`): proactive posts go to the channel.
        await this.deps.conversations.save(channelReference(activity, channelId, this.deps.clock.now()));
      }
    } catch (err) {
      // Losing a reference must not cost the user their turn; it is refreshed next time.
      this.deps.logger.warn({ err }, 'Could not store conversation reference');
    }
  }
}
