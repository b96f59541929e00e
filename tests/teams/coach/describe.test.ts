import { HISTORY_KINDS, type HistoryEvent } from '../../../bot/src/domain/idea';
import { summarize } from '../../../bot/src/teams/coach/describe';
import { sluice } from '../../domain/fixtures';

describe('summarize', () => {
  it.each(['sv', 'en'] as const)('says every kind of history event in words (%s), naming who did it', (locale) => {
    for (const kind of HISTORY_KINDS) {
      const event: HistoryEvent = { id: `e-${kind}`, kind, at: '2026-12-02T08:00:00.000Z', actor: { id: 'a', name: 'Karin Berg' } };
      const line = summarize(event, sluice(), locale);
      expect(line).toContain('Karin Berg');
      // A missing string would show its key (or nothing) on the coach's card.
      expect(line).not.toMatch(/event\.|\{|\}/);
    }
  });
});
