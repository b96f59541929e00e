import type { Activity, TurnContext } from 'botbuilder';
import type { ConversationReferenceRepository } from '../../domain/conversations';
import type { Clock } from '../../domain/ports';
import type { Logger } from '../../logger';
import { incoming } from '../activity';
import type { ProactiveMessenger } from '../coach/proactive-messenger';
import { PersonalChats } from '../personal-chat';

/**
 * Writes to the sender of this turn (in a channel or group chat) in their personal chat with the
 * bot, through {@link PersonalChats}. Resolves false when the person cannot be reached, so the
 * caller can explain how to install the app personally.
 */
export async function sendToPersonalChat(
  context: TurnContext,
  activity: Partial<Activity>,
  deps: { messenger: ProactiveMessenger; conversations: ConversationReferenceRepository; clock: Clock; logger: Logger },
): Promise<boolean> {
  const { person } = incoming(context);
  const turn = context.activity;
  if (!person || !turn.serviceUrl) return false;
  const reach = await new PersonalChats(deps).send(
    {
      personId: person.id,
      tenantIds: [person.tenantId],
      turn: {
        serviceUrl: turn.serviceUrl,
        ...(turn.channelId ? { channelId: turn.channelId } : {}),
        ...(turn.recipient ? { bot: turn.recipient } : {}),
        ...(turn.from ? { user: turn.from } : {}),
        ...(turn.locale ? { locale: turn.locale } : {}),
      },
      correlationId: turn.id ?? '',
    },
    () => activity,
  );
  return reach.status === 'sent';
}
