import type { Activity, TurnContext } from 'botbuilder';
import { channelKey, type ConversationReferenceRepository, type StoredReference } from '../domain/conversations';
import type { Person } from '../domain/idea';
import type { Clock, SluiceRepository } from '../domain/ports';
import { changeSluice } from '../domain/sluice-change';
import type { CoachChannel, Sluice } from '../domain/sluice';
import type { Locale } from '../domain/stages';
import type { Logger } from '../logger';
import { incoming, singleLine } from './activity';
import { referenceOf } from './coach/proactive-messenger';

/** The words of a command as compared (after the bot's @mention is removed): one line, no closing "." or "!", lower case. */
export function commandWords(context: TurnContext): string {
  return singleLine(incoming(context).text)
    .replace(/[.!]+$/, '')
    .trim()
    .toLowerCase();
}

/**
 * How the bot reaches a team channel later: the reference keyed by the channel, with the channel's
 * id as its conversation (not this message's thread, `;messageid=…`), so posts start threads there.
 */
export function channelReference(activity: Partial<Activity>, channelId: string, now: Date): StoredReference {
  const reference = referenceOf(activity);
  return {
    key: channelKey(channelId),
    reference: { ...reference, conversation: { ...reference.conversation, id: channelId } },
    serviceUrl: activity.serviceUrl ?? '',
    updatedAt: now.toISOString(),
  };
}

export interface ChannelSettingDependencies {
  readonly sluices: SluiceRepository;
  readonly conversations: ConversationReferenceRepository;
  readonly clock: Clock;
  readonly logger: Logger;
}

/** The refusals and the "busy" answer every channel-setting command words in its own strings. */
export type ChannelSettingAnswer = 'channel.notChannel' | 'channel.noSluice' | 'channel.forbidden' | 'channel.busy';

/** What makes one channel-setting command ("koppla coachkanal", "rapportkanal") what it is. */
export interface ChannelSetting<C extends CoachChannel> {
  readonly commands: readonly string[];
  readonly say: (locale: Locale, key: ChannelSettingAnswer) => string;
  /** Who may set it, decided from the sender's Entra object id and tenant. */
  readonly may: (sluice: Sluice, actor: Person) => boolean;
  /** The channel as the sluice keeps it, from what every channel has. */
  readonly channel: (base: CoachChannel, at: { readonly locale: Locale; readonly actor: Person; readonly now: Date }) => C;
  /** The sluice with the channel set. */
  readonly store: (sluice: Sluice, channel: C) => Sluice;
  /** What the log line says was set. */
  readonly logged: string;
  /** The confirmation, in the sender's language. */
  readonly confirmation: (saved: Sluice, at: { readonly locale: Locale; readonly now: Date }) => string;
}

/**
 * A command said in a team channel that makes that channel one of the sluice's: checks it is a
 * channel, finds the sender's sluice, lets only those `may` allows, remembers how to reach the
 * channel, and sets it on the sluice with a conditional replace.
 */
export class ChannelSettingCommand<C extends CoachChannel> {
  constructor(
    private readonly deps: ChannelSettingDependencies,
    private readonly setting: ChannelSetting<C>,
  ) {}

  /** Whether the message is the command. */
  matches(context: TurnContext): boolean {
    return this.setting.commands.includes(commandWords(context));
  }

  async handle(context: TurnContext): Promise<void> {
    const { setting, deps } = this;
    const activity = context.activity;
    const { locale, conversationKind, person: actor, tenantId, channelId } = incoming(context);
    if (conversationKind !== 'channel' || !channelId) {
      await context.sendActivity(setting.say(locale, 'channel.notChannel'));
      return;
    }
    const found = tenantId ? await deps.sluices.findByTenant(tenantId) : undefined;
    if (!found) {
      await context.sendActivity(setting.say(locale, 'channel.noSluice'));
      return;
    }
    if (!actor || !setting.may(found.value, actor)) {
      await context.sendActivity(setting.say(locale, 'channel.forbidden'));
      return;
    }
    const now = deps.clock.now();
    const channelData = activity.channelData as { channel?: { name?: string }; team?: { id?: string } } | undefined;
    const channel = setting.channel(
      {
        // Posting to the channel id starts a new thread; the thread id of this message would not.
        conversationId: channelId,
        serviceUrl: activity.serviceUrl,
        tenantId: actor.tenantId,
        ...(channelData?.team?.id ? { teamId: channelData.team.id } : {}),
        ...(channelData?.channel?.name ? { name: channelData.channel.name } : {}),
      },
      { locale, actor, now },
    );
    await deps.conversations.save(channelReference(activity, channelId, now));
    const saved = await changeSluice(deps.sluices, found.value.id, (current) => setting.store(current, channel));
    if (!saved) {
      await context.sendActivity(setting.say(locale, 'channel.busy'));
      return;
    }
    deps.logger.info({ sluiceId: saved.id, channel: channel.conversationId, by: actor.id }, setting.logged);
    await context.sendActivity(setting.confirmation(saved, { locale, now }));
  }
}
