import type { Activity, ChannelAccount } from 'botbuilder';
import { userKey, type ConversationReferenceRepository } from '../../domain/conversations';
import type { Idea } from '../../domain/idea';
import type { Sluice } from '../../domain/sluice';
import type { Locale } from '../../domain/stages';
import type { Logger } from '../../logger';
import { SendError, type ProactiveMessenger } from '../coach/proactive-messenger';
import { renderIdeaConfirmationCard } from '../cards/idea-confirmation-card';
import { asAttachment } from '../cards/render';

/** Who gets the confirmation, and how to reach them when the bot has no chat with them yet. */
export interface ConfirmationTarget {
  readonly tenantId: string;
  /** Entra object id of the giver. */
  readonly giverId: string;
  /** The giver's Teams account (`29:…`) as the invoke named it. */
  readonly user: ChannelAccount;
  /** The bot's account as Teams named it in the invoke. */
  readonly bot: ChannelAccount;
  readonly serviceUrl: string;
  readonly locale: Locale;
}

export interface ConfirmationDependencies {
  readonly messenger: ProactiveMessenger;
  readonly conversations: ConversationReferenceRepository;
  readonly logger: Logger;
}

/**
 * Sends the giver the same confirmation card as a chat-captured idea gets, in their personal
 * chat with the bot: through the stored conversation reference when there is a usable one,
 * otherwise by opening the personal chat
 * (and remembering it, so later notifications reach the giver too). Runs after the invoke was
 * answered; a failure is logged by the caller and costs the giver only this message.
 */
export async function sendGiverConfirmation(
  deps: ConfirmationDependencies,
  target: ConfirmationTarget,
  idea: Idea,
  sluice: Sluice,
): Promise<void> {
  // The same receipt as an idea handed in through the chat.
  const activity: Partial<Activity> = {
    type: 'message',
    attachments: [asAttachment(renderIdeaConfirmationCard(target.locale, idea, sluice))],
  };
  const key = userKey(target.tenantId, target.giverId);
  const stored = await deps.conversations.get(key);
  if (stored && !stored.staleSince) {
    try {
      await deps.messenger.send(stored.reference, activity);
      return;
    } catch (err) {
      if (!(err instanceof SendError) || err.failure.kind !== 'gone') throw err;
      // The stored chat is gone (app removed and added again): open a new one below.
      await deps.conversations.markStale(key, new Date().toISOString());
    }
  }
  const chat = await deps.messenger.sendToNewPersonalChat(
    { serviceUrl: target.serviceUrl, tenantId: target.tenantId, userAadObjectId: target.giverId, bot: target.bot },
    activity,
  );
  if (!chat.conversationId) return;
  await deps.conversations.save({
    key,
    reference: {
      channelId: 'msteams',
      serviceUrl: target.serviceUrl,
      bot: target.bot,
      user: { ...target.user, aadObjectId: target.giverId },
      conversation: { id: chat.conversationId, conversationType: 'personal', tenantId: target.tenantId, isGroup: false },
    },
    serviceUrl: target.serviceUrl,
    updatedAt: new Date().toISOString(),
  });
  deps.logger.debug({ ideaId: idea.id }, 'Opened a personal chat for the giver confirmation');
}
