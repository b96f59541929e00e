import { ActivityTypes, TeamsActivityHandler, TurnContext, type Activity, type ConversationReference } from 'botbuilder';
import type { ConversationReferenceRepository } from '../domain/conversations';
import { channelKey, userKey } from '../domain/conversations';
import type { IdeaService } from '../domain/idea-service';
import { localeFrom, type Locale } from '../domain/stages';
import type { Logger } from '../logger';
import { asAttachment } from './cards/render';
import { renderHelpCard, renderWelcomeCard } from './cards/welcome-card';
import { t } from './strings';

export interface BotDependencies {
  readonly ideas: IdeaService;
  readonly conversations: ConversationReferenceRepository;
  readonly logger: Logger;
  /** Name shown when the giver's tenant has no sluice yet. */
  readonly productName: string;
}

/** Words that mean "help", in both languages, compared after normalising. */
const HELP_WORDS = new Set(['hjälp', 'hjalp', 'help', '?']);

/**
 * The Teams edge of the bot: reads the activity, remembers how to reach the person, and hands
 * off to the services. No business rule lives here.
 */
export class IdeaBot extends TeamsActivityHandler {
  constructor(private readonly deps: BotDependencies) {
    super();

    this.onTurn(async (context, next) => {
      await this.rememberConversation(context);
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

  /** Activities the bot does not handle get a polite answer, never silence. */
  protected override async onUnrecognizedActivity(context: TurnContext): Promise<void> {
    if (context.activity.type === ActivityTypes.Message || context.activity.type === ActivityTypes.Typing) return;
    this.deps.logger.debug({ type: context.activity.type }, 'Ignoring unsupported activity type');
  }

  private async handleMessage(context: TurnContext): Promise<void> {
    const locale = localeOf(context.activity);
    const text = normalise(TurnContext.removeRecipientMention(context.activity) ?? context.activity.text ?? '');
    const hasFiles = (context.activity.attachments ?? []).some((a) => a.contentType !== 'text/html');
    if (!text && hasFiles) {
      await context.sendActivity(t(locale, 'unsupported.attachment'));
      return;
    }
    if (!text && context.activity.value !== undefined) {
      await context.sendActivity(t(locale, 'card.stale'));
      return;
    }
    if (HELP_WORDS.has(text.toLowerCase())) {
      await context.sendActivity({ attachments: [asAttachment(renderHelpCard(locale))] });
      return;
    }
    await context.sendActivity(t(locale, 'unknown.pointer'));
  }

  private async sendWelcome(context: TurnContext): Promise<void> {
    const locale = localeOf(context.activity);
    const tenantId = tenantOf(context.activity);
    const sluice = tenantId ? await this.deps.ideas.sluiceFor(tenantId) : undefined;
    await context.sendActivity({ attachments: [asAttachment(renderWelcomeCard(locale, sluice?.value.name ?? this.deps.productName))] });
  }

  /** Stores how to reach this user and this channel later; writes only when something changed. */
  private async rememberConversation(context: TurnContext): Promise<void> {
    const activity = context.activity;
    if (!activity.serviceUrl || !activity.conversation) return;
    const reference = TurnContext.getConversationReference(activity) as ConversationReference;
    const tenantId = tenantOf(activity);
    const userId = activity.from?.aadObjectId;
    const now = new Date().toISOString();
    try {
      const conversationType = activity.conversation.conversationType ?? 'personal';
      if (conversationType === 'personal' && tenantId && userId) {
        await this.deps.conversations.save({
          key: userKey(tenantId, userId),
          reference: { ...reference },
          serviceUrl: activity.serviceUrl,
          updatedAt: now,
        });
      } else if (conversationType === 'channel') {
        await this.deps.conversations.save({
          key: channelKey(activity.conversation.id),
          reference: { ...reference },
          serviceUrl: activity.serviceUrl,
          updatedAt: now,
        });
      }
    } catch (err) {
      // Losing a reference must not cost the user their turn; it is refreshed next time.
      this.deps.logger.warn({ err }, 'Could not store conversation reference');
    }
  }
}

export function localeOf(activity: Partial<Activity>): Locale {
  return localeFrom(activity.locale ?? (activity.entities?.find((e) => e.type === 'clientInfo')?.['locale'] as string | undefined));
}

export function tenantOf(activity: Partial<Activity>): string | undefined {
  const channelData = activity.channelData as { tenant?: { id?: string } } | undefined;
  return channelData?.tenant?.id ?? activity.conversation?.tenantId;
}

/** Collapses white space and removes the zero-width characters Teams sometimes adds. */
export function normalise(text: string): string {
  return text
    .replace(/[\u200b-\u200d\ufeff]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}
