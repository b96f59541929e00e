import type { Activity, ConversationReference, TurnContext } from 'botbuilder';
import type { ConversationReferenceRepository } from '../../domain/conversations';
import { userKey } from '../../domain/conversations';
import type { Clock } from '../../domain/ports';
import type { Logger } from '../../logger';
import { incoming } from '../activity';
import { SendError, type ProactiveMessenger } from '../coach/proactive-messenger';

/**
 * Writes to the giver in their personal chat with the bot from a turn in a channel or group
 * chat: through the stored reference of that chat when there is one, else by asking the
 * connector to create the 1:1 conversation (which works once the app is installed for the
 * person, e.g. by the organisation). Resolves false when neither works, so the caller can
 * explain how to install the app personally.
 */
export async function sendToPersonalChat(
  context: TurnContext,
  activity: Partial<Activity>,
  deps: { messenger: ProactiveMessenger; conversations: ConversationReferenceRepository; clock: Clock; logger: Logger },
): Promise<boolean> {
  const activityIn = context.activity;
  const { person } = incoming(context);
  if (!person || !activityIn.serviceUrl) return false;
  const { tenantId, id: userId } = person;
  const key = userKey(tenantId, userId);

  const stored = await deps.conversations.get(key).catch(() => undefined);
  if (stored && !stored.staleSince) {
    try {
      await deps.messenger.send(stored.reference as Partial<ConversationReference>, activity);
      return true;
    } catch (err) {
      deps.logger.warn({ err, key }, 'Could not reach the giver through the stored personal chat; creating it');
      if (err instanceof SendError && err.failure.kind === 'gone') {
        await deps.conversations.markStale(key, deps.clock.now().toISOString()).catch(() => undefined);
      }
    }
  }

  try {
    const created = await deps.messenger.sendToNewPersonalChat(
      { serviceUrl: activityIn.serviceUrl, tenantId, userAadObjectId: userId, bot: activityIn.recipient },
      activity,
    );
    // Remember the new chat, so the next proactive message (a coach's decision) can use it.
    const reference: Partial<ConversationReference> = {
      channelId: activityIn.channelId,
      serviceUrl: activityIn.serviceUrl,
      bot: activityIn.recipient,
      user: activityIn.from,
      conversation: { id: created.conversationId, conversationType: 'personal', tenantId, isGroup: false, name: '' },
      ...(activityIn.locale ? { locale: activityIn.locale } : {}),
    };
    await deps.conversations
      .save({ key, reference: { ...reference }, serviceUrl: activityIn.serviceUrl, updatedAt: deps.clock.now().toISOString() })
      .catch((err: unknown) => deps.logger.warn({ err, key }, 'Could not store the new personal chat'));
    return true;
  } catch (err) {
    deps.logger.info({ err, key }, 'Could not open a personal chat with the giver (app not installed for them?)');
    return false;
  }
}
