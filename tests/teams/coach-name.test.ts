import { withCoachName } from '../../bot/src/domain/sluice';
import { startTestApp, type TestApp } from '../helpers/app';
import { COACH, GIVER, TENANT } from '../../bot/src/local/activities';
import { sluice } from '../domain/fixtures';

describe('withCoachName', () => {
  it('fills in a coach name and leaves everyone else alone', () => {
    const s = sluice();
    expect(withCoachName(s, 'coach-1', ' Karin Berg ')?.coaches).toEqual([{ id: 'coach-1', name: 'Karin Berg' }, { id: 'coach-2' }]);
    expect(withCoachName(s, 'not-a-coach', 'Nils')).toBeUndefined();
    expect(withCoachName({ ...s, coaches: [{ id: 'coach-1', name: 'Karin Berg' }] }, 'coach-1', 'Karin Berg')).toBeUndefined();
    expect(withCoachName(s, 'coach-1', '  ')).toBeUndefined();
  });
});

describe('learning coach names in chat', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ OUTBOX_POLL_MS: '0' }, { connector: true });
  });
  afterAll(async () => {
    await app.close();
  });

  it('names the coach on the sluice after their first message, and not a giver', async () => {
    await app.meet(GIVER);
    await app.meet(COACH);
    const found = await app.storage.sluices.findByTenant(TENANT);
    expect(found?.value.coaches.find((c) => c.id === COACH.id)?.name).toBe(COACH.name);
    expect(found?.value.coaches.some((c) => c.id === GIVER.id)).toBe(false);
  });
});
