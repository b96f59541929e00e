import type { Activity, ChannelAccount } from 'botbuilder';
import type { Idea } from '../../domain/idea';
import type { Sluice } from '../../domain/sluice';
import type { Locale } from '../../domain/stages';
import { PersonalChats, type PersonalChatDependencies } from '../personal-chat';
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

export type ConfirmationDependencies = PersonalChatDependencies;

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
  const reach = await new PersonalChats(deps).send(
    {
      personId: target.giverId,
      tenantIds: [target.tenantId],
      turn: { serviceUrl: target.serviceUrl, channelId: 'msteams', bot: target.bot, user: target.user, locale: target.locale },
      correlationId: idea.id,
    },
    () => activity,
  );
  if (reach.status !== 'sent') throw new Error(`The giver confirmation was not delivered (${reach.status}): ${reach.detail}`);
  if (reach.opened) deps.logger.debug({ ideaId: idea.id }, 'Opened a personal chat for the giver confirmation');
}
