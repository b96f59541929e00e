import { DayOfWeek, FirstWeekOfYear, type DateFormatting } from '@fluentui/react-calendar-compat';
import { DatePicker } from '@fluentui/react-datepicker-compat';
import { useCallback, useEffect, useMemo, useRef, type ReactNode } from 'react';
import { useUi } from '../context';
import { formatDay, fromIsoDay, parseDay, toIsoDay, type DateFieldProps, type StandInState } from './date-field';
import { DATE_STRINGS, type DateStrings } from './date-strings';

export interface DatePickerFieldProps extends Omit<DateFieldProps, 'deferred'> {
  /** The plain field drawn before this chunk arrived: its focus and what was typed there carry on here. */
  readonly standIn?: StandInState;
}

/**
 * Fluent's date picker the Swedish way (its own chunk: `DateField` draws a plain field until it is
 * here). Swedish month and day names, weeks from Monday with ISO week numbers, typed days.
 */
export default function DatePickerField({
  value,
  onChange,
  onInvalid,
  onEdit,
  autoFocus,
  standIn,
  'data-testid': testId,
}: DatePickerFieldProps): ReactNode {
  const { locale } = useUi();
  const strings = DATE_STRINGS[locale];
  const formatter = useMemo(() => dateFormatting(strings), [strings]);
  // The picker rewrites its text from value and formatDate whenever either is a new object, so
  // both stay the same objects until the day or the language changes: otherwise any render of
  // the form around it (a message cleared while typing) would wipe what the person is typing.
  const day = useMemo(() => (value ? fromIsoDay(value) : null), [value]);
  const formatDate = useCallback((date?: Date) => (date ? formatDay(date, strings) : ''), [strings]);
  const parseDate = useCallback((text: string) => parseDay(text, locale), [locale]);
  const input = useRef<HTMLInputElement>(null);
  const takenOver = useRef(false);
  useEffect(() => {
    const el = input.current;
    if (takenOver.current || !el || !standIn) return;
    takenOver.current = true;
    if (standIn.focused) el.focus();
    const text = standIn.text;
    if (text === undefined || text === el.value) return;
    // Typed through the input's own setter and event, so the picker takes it as typing.
    Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')?.set?.call(el, text);
    el.dispatchEvent(new Event('input', { bubbles: true }));
  }, [standIn]);
  return (
    <DatePicker
      ref={input}
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
      placeholder={strings.placeholder}
      popupSurface={{ 'aria-label': strings.calendar }}
      autoFocus={autoFocus}
      data-testid={testId}
    />
  );
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
