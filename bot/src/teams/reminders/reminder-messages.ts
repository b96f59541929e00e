import type { HistoryEvent, Idea } from '../../domain/idea';
import { isAway } from '../../domain/reminders/absence';
import type { Overdue } from '../../domain/reminders/policy';
import type { Sluice } from '../../domain/sluice';
import type { Locale } from '../../domain/stages';
import { stockholmDate } from '../../domain/working-days';
import type { CardNotice } from '../cards/coach-task-card';
import { escapeMarkdown } from '../markdown';
import { coachText } from '../coach/strings';

/** What one person is sent for one reminder event. */
export type ReminderMessage =
  /** The coach task card, with a line saying how long the idea has waited. */
  | { readonly kind: 'taskCard'; readonly notice: CardNotice }
  /** A line in chat (and, for the giver, the question card again). */
  | { readonly kind: 'text'; readonly text: string; readonly withQuestion: boolean };

/** "1 arbetsdag", "7 arbetsdagar" (singular and plural by the locale's own rule). */
export function workingDaysText(n: number, locale: Locale): string {
  const form = new Intl.PluralRules(locale).select(n) === 'one' ? 'days.one' : 'days.other';
  return coachText(locale, form, { n });
}

/** "Har väntat 7 arbetsdagar (gräns 5)". */
export function waitLine(event: Pick<HistoryEvent, 'reminder'>, locale: Locale): string {
  return coachText(locale, 'wait.line', {
    waited: workingDaysText(event.reminder?.waited ?? 0, locale),
    limit: event.reminder?.limit ?? 0,
  });
}

/** "Försenad: 2 arbetsdagar över gränsen (7 av 5)" as a label and a value. */
export function overdueFact(overdue: Overdue, locale: Locale): { label: string; value: string } {
  return {
    label: coachText(locale, 'overdue.label'),
    value: coachText(locale, 'overdue.value', {
      over: workingDaysText(overdue.waited - overdue.limit, locale),
      waited: overdue.waited,
      limit: overdue.limit,
    }),
  };
}

/** Decides the message for `personId` about a reminder event (see domain/reminders/policy.ts for who). */
export function reminderMessage(event: HistoryEvent, idea: Idea, sluice: Sluice, personId: string, locale: Locale): ReminderMessage {
  const line = waitLine(event, locale);
  const coachName = escapeMarkdown(idea.coach?.name || sluice.coaches.find((c) => c.id === idea.coach?.id)?.name || '–');
  const values = {
    number: idea.number,
    title: escapeMarkdown(idea.title),
    waited: workingDaysText(event.reminder?.waited ?? 0, locale),
    limit: event.reminder?.limit ?? 0,
  };
  switch (event.kind) {
    case 'escalated': {
      const role = sluice.admins.includes(personId) && !sluice.coaches.some((c) => c.id === personId) ? 'admin' : 'backup';
      const text = `${coachText(locale, 'escalate.notice', { line, coach: coachName })} ${coachText(locale, `escalate.role.${role}`)}`;
      return { kind: 'taskCard', notice: { text, tone: 'warning' } };
    }
    case 'giverReminded':
      if (personId === idea.giver.id) return { kind: 'text', text: coachText(locale, 'giver.reminder', values), withQuestion: true };
      return {
        kind: 'text',
        text: coachText(locale, 'coach.giverReminded', { ...values, giver: escapeMarkdown(idea.giver.name) }),
        withQuestion: false,
      };
    default: {
      const covering = personId !== idea.coach?.id;
      const responsible = sluice.coaches.find((c) => c.id === idea.coach?.id);
      const away = covering && responsible && isAway(responsible, stockholmDate(new Date(event.at)));
      const text = away ? coachText(locale, 'remind.cover', { line, coach: coachName }) : coachText(locale, 'remind.coach', { line });
      return { kind: 'taskCard', notice: { text, tone: 'warning' } };
    }
  }
}
