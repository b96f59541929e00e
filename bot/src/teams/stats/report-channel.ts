import { mayAdminister } from '../../domain/admin/roles';
import type { ReportChannel } from '../../domain/sluice';
import type { Locale } from '../../domain/stages';
import { reportDueAt } from '../../domain/stats/monthly-report';
import { monthAt, monthIndex } from '../../domain/stats/period';
import { stockholmDate } from '../../domain/working-days';
import { ChannelSettingCommand, type ChannelSettingDependencies } from '../channel-commands';
import { escapeMarkdown } from '../markdown';
import { reportText } from './report-strings';

/** What an admin says in a team channel (after @Idéslussen) to make it the report channel, in both languages. */
export const REPORT_CHANNEL_COMMANDS = ['rapportkanal', 'koppla rapportkanal', 'report channel', 'set report channel'] as const;

export type ReportChannelDependencies = ChannelSettingDependencies;

/**
 * "@Idéslussen rapportkanal" / "report channel": an admin of the sluice makes the channel they
 * write in the one that gets the monthly report card, in the admin's language.
 */
export class ReportChannelCommand extends ChannelSettingCommand<ReportChannel> {
  constructor(deps: ReportChannelDependencies) {
    super(deps, {
      commands: REPORT_CHANNEL_COMMANDS,
      say: (locale, key) => reportText(locale, key),
      may: mayAdminister,
      channel: (base, { locale, actor, now }) => ({ ...base, locale, setBy: actor.id, setAt: now.toISOString() }),
      store: (sluice, reportChannel) => ({ ...sluice, reportChannel }),
      logged: 'Report channel set',
      confirmation: (saved, { locale, now }) =>
        reportText(locale, 'channel.set', { sluice: escapeMarkdown(saved.name), date: firstReportDate(locale, now) }),
    });
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
