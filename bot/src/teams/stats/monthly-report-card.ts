import type { ConversationReference } from 'botbuilder';
import { CardFactory } from 'botbuilder';
import { channelKey, type ConversationReferenceRepository } from '../../domain/conversations';
import type { Effect } from '../../domain/idea';
import { stageLabel, type ReportChannel, type Sluice } from '../../domain/sluice';
import type { Locale } from '../../domain/stages';
import { FUNNEL_STEPS, type FunnelStep } from '../../domain/stats/aggregate';
import type { ComposedReport } from '../../domain/stats/monthly-report';
import type { Figure, StatsReport } from '../../domain/stats/report';
import { expand, type CardJson } from '../cards/render';
import template from '../cards/templates/monthly-report.json';
import { escapeMarkdown, preview } from '../markdown';
import { monthName, reportText } from './report-strings';

/** Implemented ideas the card lists by name; the rest are counted and left to the Statistik view. */
export const CARD_IMPLEMENTED_LIMIT = 5;

/**
 * The monthly report card for the report channel: the month's funnel (handed in, taken, each
 * stage reached, closed), each figure with its change against the month before, the implemented
 * ideas with their effects, the closed ideas grouped by how and from which stage, and a link to
 * the Statistik view. Built from the public report: no names of people.
 */
export function renderMonthlyReportCard(input: {
  readonly sluice: Pick<Sluice, 'name' | 'stageLabels'>;
  readonly report: StatsReport;
  readonly locale: Locale;
  readonly link: string;
  /** Each listed idea's link in the tab (teams/deep-links.ts); without it the titles are plain. */
  readonly ideaLink?: (ideaId: string) => string;
}): CardJson {
  const { sluice, report, locale } = input;
  const month = monthName(locale, report.period.from);
  const previous = monthName(locale, report.previousPeriod.from);
  const implementedCount = report.outcomes.implemented.value;
  const listed = report.outcomes.implementedIdeas.slice(0, CARD_IMPLEMENTED_LIMIT);
  return expand(template, {
    heading: reportText(locale, 'card.heading', { sluice: escapeMarkdown(sluice.name) }),
    title: reportText(locale, 'card.title', { month }),
    intro: reportText(locale, 'card.intro', { month, previous }),
    funnel: FUNNEL_STEPS.map((step) => ({ label: funnelLabel(sluice, step, locale), value: figure(locale, report.funnel[step]) })),
    implementedHeading:
      implementedCount > 0
        ? reportText(locale, 'implemented.heading', { count: number(locale, implementedCount) })
        : reportText(locale, 'implemented.none', { month }),
    implemented: listed.map((idea) => ({
      title: linkedTitle(`#${idea.number} ${escapeMarkdown(preview(idea.title, 120))}`, idea.ideaId, input.ideaLink),
      effects:
        idea.effects.length > 0
          ? idea.effects.map((e) => ({ text: effectText(locale, e) }))
          : [{ text: reportText(locale, 'implemented.noEffects') }],
    })),
    implementedMore:
      implementedCount > listed.length
        ? reportText(locale, 'implemented.more', { count: number(locale, implementedCount - listed.length) })
        : '',
    closedHeading:
      report.outcomes.closedBy.length > 0 ? reportText(locale, 'closed.heading') : reportText(locale, 'closed.none', { month }),
    closed: report.outcomes.closedBy.map((c) => ({
      label: reportText(locale, c.how === 'declined' ? 'closed.declined' : 'closed.withdrawn', {
        stage: stageLabel(sluice, c.from, locale),
      }),
      value: number(locale, c.count),
    })),
    definition: reportText(locale, 'card.definition'),
    linkLabel: reportText(locale, 'card.link'),
    link: input.link,
  });
}

function linkedTitle(text: string, ideaId: string, link: ((ideaId: string) => string) | undefined): string {
  return link ? `[${text}](${link(ideaId)})` : text;
}

function funnelLabel(sluice: Pick<Sluice, 'stageLabels'>, step: FunnelStep, locale: Locale): string {
  switch (step) {
    case 'submitted':
      return reportText(locale, 'funnel.submitted');
    case 'taken':
      return reportText(locale, 'funnel.taken');
    case 'closed':
      return reportText(locale, 'funnel.closed');
    default:
      return reportText(locale, 'funnel.reached', { stage: stageLabel(sluice, step, locale) });
  }
}

function number(locale: Locale, n: number): string {
  return n.toLocaleString(locale === 'en' ? 'en-GB' : 'sv-SE');
}

/** "12 (+3)", "4 (−2)", "7 (±0)": the month's figure and its change against the month before. */
export function figure(locale: Locale, f: Figure): string {
  const change = f.value - f.previous;
  const sign = change > 0 ? '+' : change < 0 ? '−' : '±';
  return `${number(locale, f.value)} (${sign}${number(locale, Math.abs(change))})`;
}

function effectText(locale: Locale, effect: Effect): string {
  const amount =
    effect.amount !== undefined && effect.unit
      ? ` (${effect.amount.toLocaleString(locale === 'en' ? 'en-GB' : 'sv-SE')} ${escapeMarkdown(effect.unit)})`
      : '';
  return `${escapeMarkdown(preview(effect.forWhom, 200))}: ${escapeMarkdown(preview(effect.change, 300))}${amount}`;
}

export interface ReportComposerDependencies {
  readonly conversations: ConversationReferenceRepository;
  /** The address of the Statistik view for a month (`YYYY-MM`). */
  readonly link: (month: string) => string;
  /** The link to one idea in the team tab of the report's channel. */
  readonly ideaLink?: (ideaId: string, channelId: string) => string;
}

/** Makes the card's message and finds the channel's reference: the one stored when the channel was chosen, or one made from it. */
export function reportComposer(deps: ReportComposerDependencies) {
  return async (sluice: Sluice, channel: ReportChannel, report: StatsReport): Promise<ComposedReport> => {
    const stored = await deps.conversations.get(channelKey(channel.conversationId));
    const reference: Partial<ConversationReference> = (stored?.reference as Partial<ConversationReference> | undefined) ?? {
      channelId: 'msteams',
      serviceUrl: channel.serviceUrl,
      conversation: { id: channel.conversationId, isGroup: true, conversationType: 'channel', tenantId: channel.tenantId, name: '' },
    };
    const { ideaLink } = deps;
    const card = renderMonthlyReportCard({
      sluice,
      report,
      locale: channel.locale,
      link: deps.link(report.period.from),
      ...(ideaLink ? { ideaLink: (ideaId: string) => ideaLink(ideaId, channel.conversationId) } : {}),
    });
    return {
      reference: reference as Record<string, unknown>,
      message: { type: 'message', attachments: [CardFactory.adaptiveCard(card)] },
    };
  };
}
