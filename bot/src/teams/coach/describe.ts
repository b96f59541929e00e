import type { HistoryEvent, Idea } from '../../domain/idea';
import { stageLabel, type Sluice } from '../../domain/sluice';
import type { Locale } from '../../domain/stages';
import { escapeMarkdown, preview } from '../markdown';
import { coachText, type CoachStringKey } from './strings';

/** A coach as cards show them: a name, and the Teams user id (MRI) when the bot has met them. */
export interface CoachInfo {
  readonly id: string;
  readonly name: string;
  /** Teams user id (`29:…`), used in the card's `refresh.userIds`. */
  readonly userId?: string;
}

/**
 * One line saying what an event was, escaped for markdown, e.g. "Karin Berg tog idén" or
 * "Karin Berg avböjde idén: Finns redan". With `withText` the reason/comment is appended.
 */
export function summarize(event: HistoryEvent, sluice: Pick<Sluice, 'stageLabels'>, locale: Locale, withText = true): string {
  const values = {
    actor: escapeMarkdown(event.actor.name),
    stage: event.to ? stageLabel(sluice, event.to, locale) : '',
    coach: escapeMarkdown(event.coach?.name ?? ''),
    rating: event.rating ?? '',
  };
  const key: CoachStringKey = `event.${event.kind}`;
  const summary = coachText(locale, key, values);
  if (!withText || !event.text || event.kind === 'infoAnswered' || event.kind === 'rated') return summary;
  return coachText(locale, 'event.because', { summary, text: escapeMarkdown(preview(event.text, 300)) });
}

/**
 * The event that made a card rendered at `version` out of date: every change adds exactly one
 * history event and one version, so it is the event at index `version`; the latest otherwise.
 */
export function supersedingEvent(idea: Pick<Idea, 'history' | 'version'>, version: number | undefined): HistoryEvent | undefined {
  if (version !== undefined && Number.isInteger(version) && version >= 0 && version < idea.history.length) return idea.history[version];
  return idea.history[idea.history.length - 1];
}

/** Made once: a formatter costs far more to make than to use (every task card says the idea's age). */
const AGE_SV = new Intl.RelativeTimeFormat('sv-SE', { numeric: 'auto' });
const AGE_EN = new Intl.RelativeTimeFormat('en-GB', { numeric: 'auto' });

/** "3 days ago" / "för 3 dagar sedan", from the idea's submission time. */
export function ageOf(createdAt: string, now: Date, locale: Locale): string {
  const seconds = Math.round((Date.parse(createdAt) - now.getTime()) / 1000);
  const format = locale === 'en' ? AGE_EN : AGE_SV;
  const abs = Math.abs(seconds);
  if (abs < 60) return format.format(0, 'minute');
  if (abs < 3600) return format.format(Math.round(seconds / 60), 'minute');
  if (abs < 86_400) return format.format(Math.round(seconds / 3600), 'hour');
  if (abs < 30 * 86_400) return format.format(Math.round(seconds / 86_400), 'day');
  return format.format(Math.round(seconds / (30 * 86_400)), 'month');
}

/** The best name known for a coach: the sluice's own, the one Teams gave, one seen in history, or a short id. */
export function coachName(id: string, sluice: Pick<Sluice, 'coaches'>, known: readonly CoachInfo[], idea?: Pick<Idea, 'history'>): string {
  const fromSluice = sluice.coaches.find((c) => c.id === id)?.name;
  if (fromSluice) return fromSluice;
  const fromTeams = known.find((c) => c.id === id)?.name;
  if (fromTeams) return fromTeams;
  const fromHistory =
    idea?.history.find((e) => e.actor.id === id)?.actor.name ?? idea?.history.find((e) => e.coach?.id === id)?.coach?.name;
  return fromHistory ?? `Coach ${id.slice(0, 8)}`;
}
