import type { Activity } from 'botbuilder';
import type { Person } from '../../domain/idea';
import { localeFrom, type Locale } from '../../domain/stages';

/**
 * Who is acting in this turn, from what Teams vouches for: the Entra object id of the sender and
 * the tenant of the conversation. Never from card data.
 */
export function actorOf(activity: Partial<Activity>): Person | undefined {
  const id = activity.from?.aadObjectId;
  const tenantId = tenantOfActivity(activity);
  if (!id || !tenantId) return undefined;
  return { id, tenantId, name: activity.from?.name ?? '' };
}

export function tenantOfActivity(activity: Partial<Activity>): string | undefined {
  const channelData = activity.channelData as { tenant?: { id?: string } } | undefined;
  return channelData?.tenant?.id ?? activity.conversation?.tenantId;
}

export function localeOfActivity(activity: Partial<Activity>): Locale {
  const clientInfo = activity.entities?.find((e) => e.type === 'clientInfo')?.['locale'];
  return localeFrom(activity.locale ?? (typeof clientInfo === 'string' ? clientInfo : undefined));
}

/**
 * A Teams channel conversation id without the `;messageid=…` of a thread: the bot posts to the
 * channel, Teams reports actions from the thread.
 */
export function baseConversationId(conversationId: string): string {
  return conversationId.split(';')[0] ?? conversationId;
}
