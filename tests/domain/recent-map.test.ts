import { RecentMap } from '../../bot/src/domain/recent-map';

describe('RecentMap', () => {
  it('answers what was set until it is older than maxAgeMs, then nothing', () => {
    let now = 1_000;
    const recent = new RecentMap<string, number>({ max: 10, maxAgeMs: 100, now: () => now });
    recent.set('a', 1);
    now += 100;
    expect(recent.get('a')?.value).toBe(1);
    now += 1;
    expect(recent.get('a')).toBeUndefined();
    expect(recent.size).toBe(0);
  });

  it('keeps an undefined value apart from no entry', () => {
    const recent = new RecentMap<string, number | undefined>({ max: 10 });
    recent.set('none', undefined);
    expect(recent.get('none')).toBeDefined();
    expect(recent.get('none')?.value).toBeUndefined();
    expect(recent.get('other')).toBeUndefined();
  });

  it('holds at most max entries, letting go of the one set longest ago (setting again renews it)', () => {
    const recent = new RecentMap<string, number>({ max: 2 });
    recent.set('a', 1);
    recent.set('b', 2);
    recent.set('a', 3);
    recent.set('c', 4);
    expect(recent.get('b')).toBeUndefined();
    expect(recent.get('a')?.value).toBe(3);
    expect(recent.get('c')?.value).toBe(4);
    expect(recent.size).toBe(2);
  });

  it('forgets one key or all', () => {
    const recent = new RecentMap<string, number>({ max: 5 });
    recent.set('a', 1);
    recent.set('b', 2);
    recent.delete('a');
    expect(recent.get('a')).toBeUndefined();
    expect(recent.get('b')?.value).toBe(2);
    recent.clear();
    expect(recent.size).toBe(0);
  });
});
