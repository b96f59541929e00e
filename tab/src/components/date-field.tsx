import { Input } from '@fluentui/react-components';
import { CalendarMonthRegular } from '@fluentui/react-icons';
import { lazy, Suspense, useEffect, useLayoutEffect, useRef, useState, useSyncExternalStore, type ReactNode } from 'react';
import type { Locale } from '../../../bot/src/api/contracts';
import { useUi } from '../context';
import { DATE_STRINGS, type DateStrings } from './date-strings';

export interface DateFieldProps {
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
  /**
   * For fields on the first screen (the board's filters): a plain field is drawn until the picker
   * is wanted — the view called `wantDatePicker()` after its first paint, or the person reached for
   * the field — so the picker's chunk never holds up the first cards. Other fields ask for it at once.
   */
  readonly deferred?: boolean;
}

// Fluent's date picker and calendar are a chunk of their own, asked for once.
const loadPicker = () => import('./date-picker');
const DatePickerField = lazy(loadPicker);

let wanted = false;
const listeners = new Set<() => void>();

/** Starts loading the date picker, and lets every deferred date field draw it once it is here. */
export function wantDatePicker(): void {
  if (wanted) return;
  wanted = true;
  void loadPicker();
  for (const listener of listeners) listener();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** What the plain field held when the picker replaced it: the text typed there, and whether it had the focus. */
export interface StandInState {
  text?: string;
  focused: boolean;
}

/**
 * A day, shown and entered the Swedish way (`2 dec. 2026`, weeks from Monday, week numbers) with
 * Fluent's date picker, in English when Teams is. Typing works too: `2026-12-02`, `20261202` or
 * `2 dec 2026`. Put it in a Fluent `Field`, which gives it its label and messages.
 *
 * Until the picker's chunk is here a plain text field stands in its place, showing the day the same
 * way; what is typed there, and the focus, are carried over to the picker when it comes.
 */
export function DateField({ deferred, ...props }: DateFieldProps): ReactNode {
  const isWanted = useSyncExternalStore(subscribe, () => wanted);
  useEffect(() => {
    if (!deferred) wantDatePicker();
  }, [deferred]);
  const standIn = useRef<StandInState>({ focused: false }).current;
  const fallback = <StandIn field={props} state={standIn} />;
  if (deferred && !isWanted) return fallback;
  return (
    <Suspense fallback={fallback}>
      <DatePickerField {...props} standIn={standIn} />
    </Suspense>
  );
}

/**
 * The plain field drawn until the picker is here; reaching for it asks for the picker. A day typed
 * in it counts when the field is left (or on Enter), as in the picker; what is still being typed
 * when the picker comes goes on there.
 */
function StandIn({ field, state }: { field: DateFieldProps; state: StandInState }): ReactNode {
  const { locale } = useUi();
  const strings = DATE_STRINGS[locale];
  const day = field.value ? fromIsoDay(field.value) : null;
  const [draft, setDraft] = useState(state.text);
  const input = useRef<HTMLInputElement>(null);
  const leaving = useRef(false);
  // Drawn again in another place (the picker asked for, not yet here), it keeps the focus it had;
  // taken away, it notes whether it had it, for the picker to take over.
  useLayoutEffect(() => {
    const el = input.current;
    leaving.current = false;
    if (state.focused) el?.focus();
    return () => {
      leaving.current = true;
      state.focused = el !== null && document.activeElement === el;
    };
  }, [state]);
  const apply = (): void => {
    const text = state.text;
    if (text === undefined) return;
    state.text = undefined;
    setDraft(undefined);
    if (text.trim() === '') return field.onChange('');
    const typed = parseDay(text, locale);
    if (typed) field.onChange(toIsoDay(typed));
    else field.onInvalid?.();
  };
  return (
    <Input
      input={{ ref: input }}
      value={draft ?? (day ? formatDay(day, strings) : '')}
      placeholder={strings.placeholder}
      contentAfter={<CalendarMonthRegular aria-hidden />}
      autoComplete="off"
      onPointerDown={wantDatePicker}
      onFocus={wantDatePicker}
      onChange={(_e, d) => {
        state.text = d.value;
        setDraft(d.value);
        field.onEdit?.();
      }}
      onKeyDown={(e) => {
        if (e.key !== 'Enter') return;
        e.preventDefault();
        apply();
      }}
      onBlur={() => {
        if (!leaving.current) apply();
      }}
      data-date-stand-in=""
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
export function formatDay(date: Date, strings: DateStrings): string {
  return `${date.getDate()} ${strings.shortMonths[date.getMonth()]} ${date.getFullYear()}`;
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
