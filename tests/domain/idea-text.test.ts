import { checkIdeaText, checkText, cleanText } from '../../bot/src/domain/idea';
import { stageLabel } from '../../bot/src/domain/sluice';
import { localeFrom } from '../../bot/src/domain/stages';

describe('text rules', () => {
  it('trims, normalises line breaks and drops control characters', () => {
    expect(cleanText('  Hej\r\ndär\u0007 ')).toBe('Hej\ndär');
  });

  it('refuses empty, whitespace-only and too long text with the limit', () => {
    expect(checkText('title', '   ')).toEqual({ field: 'title', problem: 'empty', limit: 3 });
    expect(checkText('title', 'ab')).toEqual({ field: 'title', problem: 'tooShort', limit: 3 });
    expect(checkText('need', 'x'.repeat(10_000))).toEqual({ field: 'need', problem: 'tooLong', limit: 2000 });
  });

  it('counts emoji as one character each and accepts right-to-left text', () => {
    expect(checkText('title', '💡'.repeat(120))).toBeUndefined();
    expect(checkText('title', '💡'.repeat(121))?.problem).toBe('tooLong');
    expect(checkText('title', 'فكرة جديدة')).toBeUndefined();
  });

  it('lists every problem of an idea text', () => {
    expect(checkIdeaText({ title: 'Bra', need: '', idea: 'x', department: '' }).map((p) => p.field)).toEqual(['need', 'department']);
  });

  it('picks English only for English locales', () => {
    expect(localeFrom('en-US')).toBe('en');
    expect(localeFrom('sv-SE')).toBe('sv');
    expect(localeFrom('fi-FI')).toBe('sv');
    expect(localeFrom(undefined)).toBe('sv');
    expect(stageLabel(undefined, 'screening', 'sv')).toBe('Idésamtal');
  });
});
