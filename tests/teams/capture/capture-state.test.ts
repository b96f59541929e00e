import { rememberSubmission, type CaptureState } from '../../../bot/src/domain/capture-machine';
import { KeyedQueue } from '../../../bot/src/teams/capture/capture-state';
import { startDraft } from '../../../bot/src/domain/draft';

describe('KeyedQueue', () => {
  it('runs work with the same key one at a time, in order, and other keys alongside', async () => {
    const queue = new KeyedQueue();
    const events: string[] = [];
    let releaseFirst: () => void = () => undefined;
    const first = queue.run('anna', async () => {
      events.push('anna-1 start');
      await new Promise<void>((resolve) => (releaseFirst = resolve));
      events.push('anna-1 end');
      return 1;
    });
    const second = queue.run('anna', async () => {
      events.push('anna-2');
      return 2;
    });
    const other = queue.run('erik', async () => {
      events.push('erik');
      return 3;
    });
    expect(await other).toBe(3);
    expect(events).toEqual(['anna-1 start', 'erik']);
    releaseFirst();
    expect(await Promise.all([first, second])).toEqual([1, 2]);
    expect(events).toEqual(['anna-1 start', 'erik', 'anna-1 end', 'anna-2']);
  });

  it('goes on with the next piece of work when one fails', async () => {
    const queue = new KeyedQueue();
    const failed = queue.run('anna', () => Promise.reject(new Error('boom')));
    const next = queue.run('anna', () => Promise.resolve('ok'));
    await expect(failed).rejects.toThrow('boom');
    await expect(next).resolves.toBe('ok');
  });
});

describe('remembering a submission', () => {
  it('drops the draft and any pending restart, keeps the ten latest and the department', () => {
    const draft = startDraft({ id: 'd-new', now: new Date(), source: 'chat' });
    const older = Array.from({ length: 10 }, (_, i) => ({ draftId: `d${i}`, sluiceId: 's', ideaId: `i${i}`, number: i }));
    const state: CaptureState = { draft, restart: { seed: {}, source: 'chat' }, submitted: older };
    const next = rememberSubmission(state, { draftId: 'd-new', sluiceId: 's', ideaId: 'i-new', number: 11 }, 'Kultur');
    expect(next.draft).toBeUndefined();
    expect(next.restart).toBeUndefined();
    expect(next.lastDepartment).toBe('Kultur');
    expect(next.submitted.map((s) => s.draftId)).toEqual(['d-new', ...older.slice(0, 9).map((s) => s.draftId)]);
  });
});
