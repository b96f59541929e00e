import type { TurnContext } from 'botbuilder';
import { mayAdminister } from '../../domain/admin/roles';
import { channelKey, type ConversationReferenceRepository } from '../../domain/conversations';
import { ConflictError, type Clock, type SluiceRepository } from '../../domain/ports';
import type { ReportChannel, Sluice } from '../../domain/sluice';
import type { Locale } from '../../domain/stages';
import { reportDueAt } from '../../domain/stats/monthly-report';
import { monthAt, monthIndex } from '../../domain/stats/period';
import { stockholmDate } from '../../domain/working-days';
import type { Logger } from '../../logger';
import { incoming, singleLine } from '../activity';
import { referenceOf } from '../coach/proactive-messenger';
import { escapeMarkdown } from '../markdown';
import { reportText } from './report-strings';

/** What an admin says in a team channel (after @Idéslussen) to make it the report channel, in both languages. */
export const REPORT_CHANNEL_COMMANDS = ['rapportkanal', 'koppla rapportkanal', 'report channel', 'set report channel'] as const;

export interface ReportChannelDependencies {
  readonly sluices: SluiceRepository;
  readonly conversations: ConversationReferenceRepository;
  readonly clock: Clock;
  readonly logger: Logger;
}

/** Times the sluice is re-read when someone else changed it at the same moment. */
const ATTEMPTS = 5;

/**
 * "@Idéslussen rapportkanal" / "report channel": an admin of the sluice makes the channel they
 * write in the one that gets the monthly report card. Who may is decided on the server from the
 * sender's Entra object id and tenant; the sluice is changed with a conditional replace.
 */
export class ReportChannelCommand {
  constructor(private readonly deps: ReportChannelDependencies) {}

  /** Whether the message is the command (after the bot's @mention is removed). */
  matches(context: TurnContext): boolean {
    const text = singleLine(incoming(context).text)
      .replace(/[.!]+$/, '')
      .trim()
      .toLowerCase();
    return (REPORT_CHANNEL_COMMANDS as readonly string[]).includes(text);
  }

  async handle(context: TurnContext): Promise<void> {
    const activity = context.activity;
    const { locale, conversationKind, person: actor, tenantId, channelId } = incoming(context);
    if (conversationKind !== 'channel' || !channelId) {
      await context.sendActivity(reportText(locale, 'channel.notChannel'));
      return;
    }
    const found = tenantId ? await this.deps.sluices.findByTenant(tenantId) : undefined;
    if (!found) {
      await context.sendActivity(reportText(locale, 'channel.noSluice'));
      return;
    }
    if (!actor || !mayAdminister(found.value, actor)) {
      await context.sendActivity(reportText(locale, 'channel.forbidden'));
      return;
    }
    const now = this.deps.clock.now();
    const channelData = activity.channelData as { channel?: { name?: string }; team?: { id?: string } } | undefined;
    const channel: ReportChannel = {
      // Posting to the channel id starts a new thread; the thread id of this message would not.
      conversationId: channelId,
      serviceUrl: activity.serviceUrl,
      tenantId: actor.tenantId,
      ...(channelData?.team?.id ? { teamId: channelData.team.id } : {}),
      ...(channelData?.channel?.name ? { name: channelData.channel.name } : {}),
      locale,
      setBy: actor.id,
      setAt: now.toISOString(),
    };
    const reference = referenceOf(activity);
    await this.deps.conversations.save({
      key: channelKey(channelId),
      reference: { ...reference, conversation: { ...reference.conversation, id: channelId } },
      serviceUrl: channel.serviceUrl,
      updatedAt: now.toISOString(),
    });
    const saved = await this.save(found.value.id, channel);
    if (!saved) {
      await context.sendActivity(reportText(locale, 'channel.busy'));
      return;
    }
    this.deps.logger.info({ sluiceId: saved.id, channel: channel.conversationId, by: actor.id }, 'Report channel set');
    await context.sendActivity(
      reportText(locale, 'channel.set', { sluice: escapeMarkdown(saved.name), date: firstReportDate(locale, now) }),
    );
  }

  private async save(sluiceId: string, channel: ReportChannel): Promise<Sluice | undefined> {
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      const current = await this.deps.sluices.get(sluiceId);
      if (!current) return undefined;
      try {
        return (await this.deps.sluices.replace({ ...current.value, reportChannel: channel }, current.etag)).value;
      } catch (err) {
        if (!(err instanceof ConflictError)) throw err;
      }
    }
    return undefined;
  }
}

/** When a channel chosen at `now` gets its first report: this month's report day if it is still to come, else next month's. */
export function firstReportDate(locale: Locale, now: Date): string {
  const month = stockholmDate(now).slice(0, 7);
  const thisMonth = reportDueAt(month);
  const due = now.getTime() <= thisMonth.getTime() ? thisMonth : reportDueAt(monthAt(monthIndex(month) + 1));
  return new Intl.DateTimeFormat(locale === 'en' ? 'en-GB' : 'sv-SE', {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    timeZone: 'Europe/Stockholm',
  }).format(due);
}
