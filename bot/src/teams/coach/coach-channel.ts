import type { TurnContext } from 'botbuilder';
import { channelKey, type ConversationReferenceRepository } from '../../domain/conversations';
import { ConflictError, type Clock, type SluiceRepository } from '../../domain/ports';
import { mayCoach, type CoachChannel, type Sluice } from '../../domain/sluice';
import type { Logger } from '../../logger';
import { escapeMarkdown } from '../markdown';
import { referenceOf } from './proactive-messenger';
import { coachText } from './strings';
import { incoming, singleLine } from '../activity';

/** What a coach says in a team channel to make it the sluice's coach channel, in both languages. */
export const COACH_CHANNEL_COMMANDS = ['koppla coachkanal', 'set coach channel'] as const;

export interface CoachChannelDependencies {
  readonly sluices: SluiceRepository;
  readonly conversations: ConversationReferenceRepository;
  readonly clock: Clock;
  readonly logger: Logger;
}

/** Times the sluice is re-read when someone else changed it at the same moment. */
const ATTEMPTS = 5;

/**
 * "koppla coachkanal" / "set coach channel": a coach or admin of the sluice makes the channel
 * they speak in the place where new-idea task cards are posted. Who may is decided from the
 * sender's Entra object id and tenant; the sluice is changed with a conditional replace.
 */
export class CoachChannelCommand {
  constructor(private readonly deps: CoachChannelDependencies) {}

  /** Whether the message is the command (after the bot's @mention is removed). */
  matches(context: TurnContext): boolean {
    const text = singleLine(incoming(context).text)
      .replace(/[.!]+$/, '')
      .trim()
      .toLowerCase();
    return (COACH_CHANNEL_COMMANDS as readonly string[]).includes(text);
  }

  async handle(context: TurnContext): Promise<void> {
    const activity = context.activity;
    const { locale, conversationKind, person: actor, tenantId, channelId } = incoming(context);
    if (conversationKind !== 'channel' || !channelId) {
      await context.sendActivity(coachText(locale, 'channel.notChannel'));
      return;
    }
    const found = tenantId ? await this.deps.sluices.findByTenant(tenantId) : undefined;
    if (!found) {
      await context.sendActivity(coachText(locale, 'channel.noSluice'));
      return;
    }
    if (!actor || !mayCoach(found.value, actor)) {
      await context.sendActivity(coachText(locale, 'channel.forbidden'));
      return;
    }
    const channelData = activity.channelData as { channel?: { id?: string; name?: string }; team?: { id?: string } } | undefined;
    const channel: CoachChannel = {
      // Posting to the channel id starts a new thread; the thread id of this message would not.
      conversationId: channelId,
      serviceUrl: activity.serviceUrl,
      tenantId: actor.tenantId,
      ...(channelData?.team?.id ? { teamId: channelData.team.id } : {}),
      ...(channelData?.channel?.name ? { name: channelData.channel.name } : {}),
    };
    await this.rememberChannel(context, channel);
    const saved = await this.save(found.value.id, channel);
    if (!saved) {
      await context.sendActivity(coachText(locale, 'channel.busy'));
      return;
    }
    this.deps.logger.info({ sluiceId: saved.id, channel: channel.conversationId, by: actor.id }, 'Coach channel set');
    await context.sendActivity(coachText(locale, 'channel.set', { sluice: escapeMarkdown(saved.name) }));
  }

  /** The channel's own reference (not this thread's), so task cards can be posted there later. */
  private async rememberChannel(context: TurnContext, channel: CoachChannel): Promise<void> {
    const reference = referenceOf(context.activity);
    await this.deps.conversations.save({
      key: channelKey(channel.conversationId),
      reference: { ...reference, conversation: { ...reference.conversation, id: channel.conversationId } },
      serviceUrl: channel.serviceUrl,
      updatedAt: this.deps.clock.now().toISOString(),
    });
  }

  private async save(sluiceId: string, channel: CoachChannel): Promise<Sluice | undefined> {
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      const current = await this.deps.sluices.get(sluiceId);
      if (!current) return undefined;
      try {
        return (await this.deps.sluices.replace({ ...current.value, coachChannel: channel }, current.etag)).value;
      } catch (err) {
        if (!(err instanceof ConflictError)) throw err;
      }
    }
    return undefined;
  }
}
