import { overdueFact, waitLine, workingDaysText } from '../../../bot/src/teams/reminders/reminder-messages';

describe('working days in reminder texts', () => {
  it.each([
    [1, 'sv', '1 arbetsdag'],
    [2, 'sv', '2 arbetsdagar'],
    [0, 'sv', '0 arbetsdagar'],
    [1, 'en', '1 working day'],
    [7, 'en', '7 working days'],
  ] as const)('%i in %s is "%s"', (n, locale, expected) => {
    expect(workingDaysText(n, locale)).toBe(expected);
  });

  it('says one working day in the singular on the task card line and the Försenad value', () => {
    expect(waitLine({ reminder: { waited: 1, limit: 1, to: [] } }, 'sv')).toBe('Har väntat 1 arbetsdag (gräns 1)');
    expect(waitLine({ reminder: { waited: 7, limit: 5, to: [] } }, 'sv')).toBe('Har väntat 7 arbetsdagar (gräns 5)');
    expect(overdueFact({ waited: 6, limit: 5, since: '2026-12-01' }, 'sv').value).toBe('1 arbetsdag över gränsen (6 av 5)');
    expect(overdueFact({ waited: 9, limit: 5, since: '2026-12-01' }, 'en').value).toBe('4 working days past the limit (9 of 5)');
  });
});
