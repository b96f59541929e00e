import {
  addDays,
  isIsoDate,
  nthWorkingDayAfter,
  stockholmDate,
  stockholmTime,
  swedishCalendar,
  workingDayOnOrAfter,
  workingDaysBetween,
} from '../../bot/src/domain/working-days';

const calendar = swedishCalendar();
const at = (date: string, hour = 10): Date => stockholmTime(date, hour);

describe('Swedish working days', () => {
  it('skips weekends', () => {
    expect(calendar.isWorkingDay('2026-11-27')).toBe(true); // Friday
    expect(calendar.isWorkingDay('2026-11-28')).toBe(false);
    expect(calendar.isWorkingDay('2026-11-29')).toBe(false);
    expect(calendar.isWorkingDay('2026-11-30')).toBe(true);
  });

  it('treats midsommarafton, julafton and nyårsafton as days off, but not Valborg', () => {
    expect(calendar.isWorkingDay('2026-06-19')).toBe(false); // midsommarafton, a Friday
    expect(calendar.isWorkingDay('2026-06-18')).toBe(true);
    expect(calendar.isWorkingDay('2026-12-24')).toBe(false); // julafton, Thursday
    expect(calendar.isWorkingDay('2026-12-25')).toBe(false);
    expect(calendar.isWorkingDay('2026-12-31')).toBe(false);
    expect(calendar.isWorkingDay('2026-04-30')).toBe(true);
  });

  it('knows trettondedag jul, the Easter days, Ascension and the national day', () => {
    expect(calendar.isWorkingDay('2027-01-06')).toBe(false); // Wednesday
    expect(calendar.isWorkingDay('2027-01-05')).toBe(true);
    expect(calendar.isWorkingDay('2026-04-03')).toBe(false); // långfredagen
    expect(calendar.isWorkingDay('2026-04-06')).toBe(false); // annandag påsk
    expect(calendar.isWorkingDay('2026-05-14')).toBe(false); // Kristi himmelsfärd
    expect(calendar.isWorkingDay('2028-06-06')).toBe(false); // nationaldagen, a Tuesday
  });

  it('counts working days passed since a moment, in Stockholm time', () => {
    // Monday 23 November 2026 → the next Monday is 5 working days later.
    expect(workingDaysBetween(at('2026-11-23'), at('2026-11-24'), calendar)).toBe(1);
    expect(workingDaysBetween(at('2026-11-23'), at('2026-11-30'), calendar)).toBe(5);
    expect(workingDaysBetween(at('2026-11-23'), at('2026-11-23', 23), calendar)).toBe(0);
    expect(workingDaysBetween(at('2026-11-30'), at('2026-11-23'), calendar)).toBe(0);
    // 23:30 UTC on a Monday is already Tuesday in Stockholm.
    expect(stockholmDate(new Date('2026-11-23T23:30:00Z'))).toBe('2026-11-24');
  });

  it('gives the Stockholm date of every minute around midnight and both changes of summer time', () => {
    // stockholmDate keeps dates by UTC hour; each minute, asked twice (the second answer from the
    // kept copy), must be what a fresh formatter says.
    const fresh = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm', year: 'numeric', month: '2-digit', day: '2-digit' });
    const windows = ['2026-03-28T20:00:00Z', '2026-10-24T20:00:00Z', '2026-12-31T20:00:00Z'];
    let checked = 0;
    for (const start of windows) {
      for (let minute = 0; minute < 8 * 60; minute++) {
        const instant = new Date(Date.parse(start) + minute * 60_000 + 59_000);
        const expected = fresh.format(instant);
        expect([stockholmDate(instant), stockholmDate(instant)]).toEqual([expected, expected]);
        checked++;
      }
    }
    expect(checked).toBe(3 * 8 * 60);
  });

  it('lets a limit span New Year: jul, nyår and trettondagen do not count', () => {
    // Handed in Monday 21 December 2026. Working days after it: 22, 23, 28, 29, 30 Dec; 4, 5, 7 Jan.
    const from = at('2026-12-21');
    expect(nthWorkingDayAfter(from, 5, calendar)).toBe('2026-12-30');
    expect(nthWorkingDayAfter(from, 6, calendar)).toBe('2027-01-04');
    expect(nthWorkingDayAfter(from, 8, calendar)).toBe('2027-01-07');
    expect(workingDaysBetween(from, at('2027-01-07'), calendar)).toBe(8);
  });

  it('jumps a week that contains midsommarafton', () => {
    // Monday 15 June 2026: 16, 17, 18, (19 midsommarafton), 22, 23.
    expect(nthWorkingDayAfter(at('2026-06-15'), 5, calendar)).toBe('2026-06-23');
  });

  it('leaves out the sluice’s closed July', () => {
    const closed = swedishCalendar([{ from: '2026-07-01', to: '2026-07-31' }]);
    expect(closed.isWorkingDay('2026-07-15')).toBe(false);
    expect(closed.isWorkingDay('2026-08-03')).toBe(true);
    // Handed in Tuesday 30 June: 1 working day is Monday 3 August; 5 is Friday 7 August.
    expect(nthWorkingDayAfter(at('2026-06-30'), 1, closed)).toBe('2026-08-03');
    expect(nthWorkingDayAfter(at('2026-06-30'), 5, closed)).toBe('2026-08-07');
    expect(workingDaysBetween(at('2026-06-30'), at('2026-08-07'), closed)).toBe(5);
    expect(workingDayOnOrAfter('2026-07-10', closed)).toBe('2026-08-03');
  });

  it('refuses to search forever in a calendar with no working day', () => {
    const never = { isWorkingDay: () => false };
    expect(() => nthWorkingDayAfter(at('2026-06-30'), 1, never)).toThrow(/No working day/);
  });

  it('turns a Stockholm wall-clock time into the right instant in winter and summer', () => {
    expect(stockholmTime('2026-12-07', 8).toISOString()).toBe('2026-12-07T07:00:00.000Z');
    expect(stockholmTime('2026-06-22', 8).toISOString()).toBe('2026-06-22T06:00:00.000Z');
    // The Monday after the clocks went forward (29 March 2026).
    expect(stockholmTime('2026-03-30', 8).toISOString()).toBe('2026-03-30T06:00:00.000Z');
  });

  it('checks dates and adds days across months', () => {
    expect(isIsoDate('2027-01-10')).toBe(true);
    expect(isIsoDate('2027-02-30')).toBe(false);
    expect(isIsoDate('10 januari')).toBe(false);
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2028-03-01', -1)).toBe('2028-02-29');
  });
});
