import { DayOfWeek, FirstWeekOfYear, type DateFormatting } from '@fluentui/react-calendar-compat';
import { DatePicker } from '@fluentui/react-datepicker-compat';
import { useCallback, useMemo, type ReactNode } from 'react';
import type { Locale } from '../../../bot/src/api/contracts';
import { useUi } from '../context';
import { DATE_STRINGS, type DateStrings } from './date-strings';

interface DateFieldProps {
  /** The day as `YYYY-MM-DD`, or '' for none. */
  readonly value: string;
  /** Called with the chosen day as `YYYY-MM-DD`, or '' when the field was emptied. */
  readonly onChange: (value: string) => void;
  /** Called when typed text is no date; the field then keeps its last day. */
  readonly onInvalid?: () => void;
  /**
   * Called at every keystroke in the field, before the day is known. A typed day reaches `onChange`
   * only when the field loses focus — that is, on the mouse-down of the button clicked next — so
   * clear a message here, not in `onChange`: a message that vanishes then moves the button away
   * from under the pointer and the click is lost.
   */
  readonly onEdit?: () => void;
  readonly autoFocus?: boolean;
  readonly 'data-testid'?: string;
}

/**
 * A day, shown and entered the Swedish way (`2 dec. 2026`, weeks from Monday, week numbers) with
 * Fluent's date picker, in English when Teams is. Typing works too: `2026-12-02`, `20261202` or
 * `2 dec 2026`. Put it in a Fluent `Field`, which gives it its label and messages.
 */
export function DateField({ value, onChange, onInvalid, onEdit, autoFocus, 'data-testid': testId }: DateFieldProps): ReactNode {
  const { locale } = useUi();
  const strings = DATE_STRINGS[locale];
  const formatter = useMemo(() => dateFormatting(strings), [strings]);
  // The picker rewrites its text from value and formatDate whenever either is a new object, so
  // both stay the same objects until the day or the language changes: otherwise any render of
  // the form around it (a message cleared while typing) would wipe what the person is typing.
  const day = useMemo(() => (value ? fromIsoDay(value) : null), [value]);
  const formatDate = useCallback((date?: Date) => (date ? formatDay(date, strings) : ''), [strings]);
  const parseDate = useCallback((text: string) => parseDay(text, locale), [locale]);
  return (
    <DatePicker
      value={day}
      onSelectDate={(date) => onChange(date ? toIsoDay(date) : '')}
      onValidationResult={(result) => {
        if (result.error === 'invalid-input') onInvalid?.();
      }}
      onChange={() => onEdit?.()}
      allowTextInput
      formatDate={formatDate}
      parseDateFromString={parseDate}
      firstDayOfWeek={DayOfWeek.Monday}
      firstWeekOfYear={FirstWeekOfYear.FirstFourDayWeek}
      showWeekNumbers
      showGoToToday
      strings={strings}
      dateTimeFormatter={formatter}
      placeholder={locale === 'en' ? 'e.g. 2 Dec 2026' : 't.ex. 2 dec. 2026'}
      popupSurface={{ 'aria-label': strings.calendar }}
      autoFocus={autoFocus}
      data-testid={testId}
    />
  );
}

/** `2026-12-02` as a local calendar day (midnight where the person is). */
export function fromIsoDay(day: string): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  return m ? validDay(Number(m[1]), Number(m[2]), Number(m[3])) : null;
}

/** A local calendar day as `2026-12-02`. */
export function toIsoDay(date: Date): string {
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** "2 dec. 2026" / "2 Dec 2026". */
function formatDay(date: Date, strings: DateStrings): string {
  return `${date.getDate()} ${strings.shortMonths[date.getMonth()]} ${date.getFullYear()}`;
}

function dateFormatting(strings: DateStrings): DateFormatting {
  return {
    formatDay: (date) => String(date.getDate()),
    formatMonth: (date) => strings.months[date.getMonth()]!,
    formatYear: (date) => String(date.getFullYear()),
    formatMonthDayYear: (date) => `${date.getDate()} ${strings.months[date.getMonth()]} ${date.getFullYear()}`,
    formatMonthYear: (date) => `${strings.months[date.getMonth()]} ${date.getFullYear()}`,
  };
}

/**
 * What a person typed, as a day: `2026-12-02`, `2026-12-2`, `20261202`, or a day, a month name
 * (or its first three letters, with or without a dot) and a year: `2 dec. 2026`, `2 december 2026`.
 * Month names are read in both languages. Anything else, or a day that does not exist, is null.
 */
export function parseDay(text: string, locale: Locale): Date | null {
  const s = text.trim().toLowerCase();
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(s) ?? /^(\d{4})(\d{2})(\d{2})$/.exec(s);
  if (iso) return validDay(Number(iso[1]), Number(iso[2]), Number(iso[3]));
  const named = /^(\d{1,2})\s*([a-zåäö]+)\.?\s+(\d{4})$/.exec(s);
  if (!named) return null;
  const word = named[2]!;
  const names = [DATE_STRINGS[locale], DATE_STRINGS[locale === 'en' ? 'sv' : 'en']];
  for (const strings of names) {
    const month = strings.months.findIndex((m) => {
      const full = m.toLowerCase();
      return word === full || (word.length >= 3 && full.startsWith(word));
    });
    if (month >= 0) return validDay(Number(named[3]), month + 1, Number(named[1]));
  }
  return null;
}

function validDay(year: number, month: number, day: number): Date | null {
  const date = new Date(year, month - 1, day);
  return date.getFullYear() === year && date.getMonth() === month - 1 && date.getDate() === day ? date : null;
}
