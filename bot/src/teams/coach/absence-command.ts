import type { TurnContext } from 'botbuilder';
import type { AbsenceProblem, AbsenceService } from '../../domain/reminders/absence';
import type { SluiceRepository } from '../../domain/ports';
import type { Locale } from '../../domain/stages';
import { addDays } from '../../domain/working-days';
import { incoming, singleLine } from '../activity';
import { escapeMarkdown } from '../markdown';
import { coachText, type CoachStringKey } from './strings';

const AWAY = /^(?:jag är\s+)?(?:borta till(?: och med)?|away until)\s+(.+)$/i;
const BACK = /^(?:jag är\s+|i am\s+|i'm\s+)?(?:tillbaka|back)$/i;

const PROBLEM_TEXT: Record<AbsenceProblem, CoachStringKey> = {
  unreadable: 'away.unreadable',
  past: 'away.past',
  tooFar: 'away.tooFar',
  busy: 'away.busy',
  notCoach: 'away.notCoach',
  notFound: 'away.notCoach',
};

/** "10 januari 2027" / "10 January 2027" for a `YYYY-MM-DD` date. */
export function formatDay(date: string, locale: Locale): string {
  return new Intl.DateTimeFormat(locale === 'en' ? 'en-GB' : 'sv-SE', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(new Date(`${date}T12:00:00Z`));
}

/**
 * "borta till 10 januari" / "away until 2027-01-10" and "tillbaka" / "back" in chat: a coach says
 * they are away until a date, or back. The rule is {@link AbsenceService.set}, the same the tab's
 * switch uses; this only reads the message and words the answer.
 */
export class AbsenceCommand {
  constructor(private readonly deps: { readonly absence: AbsenceService; readonly sluices: SluiceRepository }) {}

  /** Handles the message when it is the command; false when it is not (or "back" from someone who is no coach). */
  async handle(context: TurnContext): Promise<boolean> {
    const { text, locale, person, tenantId } = incoming(context);
    const line = singleLine(text)
      .replace(/[.!]+$/, '')
      .trim();
    const away = AWAY.exec(line);
    const back = BACK.test(line);
    if (!away && !back) return false;
    const found = tenantId ? await this.deps.sluices.findByTenant(tenantId) : undefined;
    const isCoach = !!person && !!found?.value.coaches.some((c) => c.id === person.id);
    // "back" is an ordinary word: from anyone but a coach it goes on to the idea chat.
    if (back && !isCoach) return false;
    if (!found || !person || !isCoach) {
      await context.sendActivity(coachText(locale, 'away.notCoach', { sluice: escapeMarkdown(found?.value.name ?? '–') }));
      return true;
    }
    const outcome = await this.deps.absence.set(found.value.id, person.id, away ? (away[1] ?? '') : undefined);
    if (!outcome.ok) {
      await context.sendActivity(coachText(locale, PROBLEM_TEXT[outcome.problem], { sluice: escapeMarkdown(found.value.name) }));
      return true;
    }
    if (!outcome.until) {
      await context.sendActivity(coachText(locale, 'away.ended'));
      return true;
    }
    const backup = outcome.backup ? escapeMarkdown(outcome.backup.name ?? '–') : coachText(locale, 'away.noBackup');
    await context.sendActivity(
      coachText(locale, 'away.set', {
        lastDay: formatDay(addDays(outcome.until, -1), locale),
        until: formatDay(outcome.until, locale),
        backup,
      }),
    );
    return true;
  }
}
