import type { TurnContext } from 'botbuilder';
import type { ConversationReferenceRepository } from '../../domain/conversations';
import type { DigestSubscriptions, SubscriptionOutcome } from '../../domain/reminders/digest-work';
import type { Clock, SluiceRepository } from '../../domain/ports';
import { isMemberTenant } from '../../domain/sluice';
import type { Logger } from '../../logger';
import { incoming } from '../activity';
import { channelReference, commandWords } from '../channel-commands';
import { coachText, type CoachStringKey } from './strings';

/** What someone mentions the bot with in a channel to get the monthly digest there, in both languages. */
export const SUBSCRIBE_COMMANDS = ['prenumerera', 'subscribe'] as const;
/** … and to stop it. */
export const UNSUBSCRIBE_COMMANDS = ['avsluta prenumeration', 'avsluta prenumerationen', 'sluta prenumerera', 'unsubscribe'] as const;

export interface SubscribeCommandDependencies {
  readonly subscriptions: DigestSubscriptions;
  readonly sluices: SluiceRepository;
  readonly conversations: ConversationReferenceRepository;
  readonly clock: Clock;
  readonly logger: Logger;
}

const ANSWER: Record<Extract<SubscriptionOutcome, { ok: true }>['change'], CoachStringKey> = {
  subscribed: 'subscribe.done',
  already: 'subscribe.already',
  unsubscribed: 'subscribe.ended',
  notSubscribed: 'subscribe.notSubscribed',
};

/**
 * "@Idéslussen prenumerera" / "subscribe" in a team channel: the channel gets "Vad hände med våra
 * idéer?" once a month; "avsluta prenumeration" / "unsubscribe" stops it. Anyone in a member
 * municipality of the sluice may (the digest reports what the pipeline tab shows everyone); the
 * sluice is the one of the sender's tenant. The rule and the conditional write are
 * {@link DigestSubscriptions}; this reads the message and words the answer.
 */
export class SubscribeCommand {
  constructor(private readonly deps: SubscribeCommandDependencies) {}

  /** Which command the message is (after the bot's @mention is removed), if it is one. */
  private commandOf(context: TurnContext): 'subscribe' | 'unsubscribe' | undefined {
    const text = commandWords(context);
    if ((SUBSCRIBE_COMMANDS as readonly string[]).includes(text)) return 'subscribe';
    if ((UNSUBSCRIBE_COMMANDS as readonly string[]).includes(text)) return 'unsubscribe';
    return undefined;
  }

  /** Answers the message when it is the command; false when it is not. */
  async handle(context: TurnContext): Promise<boolean> {
    const command = this.commandOf(context);
    if (!command) return false;
    const { locale, conversationKind, person, tenantId, channelId } = incoming(context);
    if (conversationKind !== 'channel' || !channelId) {
      await context.sendActivity(coachText(locale, 'subscribe.notChannel'));
      return true;
    }
    const found = tenantId ? await this.deps.sluices.findByTenant(tenantId) : undefined;
    if (!found || !person || !isMemberTenant(found.value, person.tenantId)) {
      await context.sendActivity(coachText(locale, 'subscribe.noSluice'));
      return true;
    }
    let outcome: SubscriptionOutcome;
    if (command === 'subscribe') {
      // The channel's own reference (not this thread's), so the digest can be posted there later.
      await this.deps.conversations.save(channelReference(context.activity, channelId, this.deps.clock.now()));
      outcome = await this.deps.subscriptions.subscribe(found.value.id, {
        conversationId: channelId,
        serviceUrl: context.activity.serviceUrl,
        tenantId: person.tenantId,
        locale,
        by: person.id,
      });
    } else {
      outcome = await this.deps.subscriptions.unsubscribe(found.value.id, channelId);
    }
    if (!outcome.ok) {
      await context.sendActivity(coachText(locale, outcome.problem === 'busy' ? 'subscribe.busy' : 'subscribe.noSluice'));
      return true;
    }
    if (outcome.change === 'subscribed' || outcome.change === 'unsubscribed')
      this.deps.logger.info(
        { sluiceId: outcome.sluice.id, channel: channelId, by: person.id, change: outcome.change },
        'Digest subscription',
      );
    await context.sendActivity(coachText(locale, ANSWER[outcome.change]));
    return true;
  }
}
