import type { CalendarStrings } from '@fluentui/react-datepicker-compat';
import type { Locale } from '../../../bot/src/api/contracts';

/** The date picker's texts, Swedish first: month and day names, and what a screen reader hears. */
const sv: CalendarStrings & { calendar: string; typeHint: string; placeholder: string } = {
  months: ['januari', 'februari', 'mars', 'april', 'maj', 'juni', 'juli', 'augusti', 'september', 'oktober', 'november', 'december'],
  shortMonths: ['jan.', 'feb.', 'mars', 'apr.', 'maj', 'juni', 'juli', 'aug.', 'sep.', 'okt.', 'nov.', 'dec.'],
  // Sunday first, as the calendar expects; the week itself starts on Monday (firstDayOfWeek).
  days: ['söndag', 'måndag', 'tisdag', 'onsdag', 'torsdag', 'fredag', 'lördag'],
  shortDays: ['S', 'M', 'T', 'O', 'T', 'F', 'L'],
  goToToday: 'Gå till i dag',
  prevMonthAriaLabel: 'Föregående månad',
  nextMonthAriaLabel: 'Nästa månad',
  prevYearAriaLabel: 'Föregående år',
  nextYearAriaLabel: 'Nästa år',
  prevYearRangeAriaLabel: 'Föregående tolv år',
  nextYearRangeAriaLabel: 'Nästa tolv år',
  monthPickerHeaderAriaLabel: '{0}, välj för att byta år',
  yearPickerHeaderAriaLabel: '{0}, välj för att byta månad',
  closeButtonAriaLabel: 'Stäng kalendern',
  weekNumberFormatString: 'vecka {0}',
  selectedDateFormatString: 'Valt datum {0}',
  todayDateFormatString: 'I dag, {0}',
  dayMarkedAriaLabel: 'markerad',
  calendar: 'Kalender',
  typeHint: 'Skriv datumet som 2026-12-02 eller 2 dec. 2026, eller välj i kalendern.',
  placeholder: 't.ex. 2 dec. 2026',
};

export type DateStrings = typeof sv;

const en: DateStrings = {
  months: ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'],
  shortMonths: ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'],
  days: ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'],
  shortDays: ['S', 'M', 'T', 'W', 'T', 'F', 'S'],
  goToToday: 'Go to today',
  prevMonthAriaLabel: 'Previous month',
  nextMonthAriaLabel: 'Next month',
  prevYearAriaLabel: 'Previous year',
  nextYearAriaLabel: 'Next year',
  prevYearRangeAriaLabel: 'Previous twelve years',
  nextYearRangeAriaLabel: 'Next twelve years',
  monthPickerHeaderAriaLabel: '{0}, select to change the year',
  yearPickerHeaderAriaLabel: '{0}, select to change the month',
  closeButtonAriaLabel: 'Close the calendar',
  weekNumberFormatString: 'week {0}',
  selectedDateFormatString: 'Selected date {0}',
  todayDateFormatString: 'Today, {0}',
  dayMarkedAriaLabel: 'marked',
  calendar: 'Calendar',
  typeHint: 'Type the date as 2026-12-02 or 2 Dec 2026, or pick it in the calendar.',
  placeholder: 'e.g. 2 Dec 2026',
};

export const DATE_STRINGS: Readonly<Record<Locale, DateStrings>> = { sv, en };
