/**
 * IdeaService against the embedded Cosmos server: a listener's failure never causes a second
 * write of the idea.
 */
import { IdeaService } from '../../bot/src/domain/idea-service';
import { ConflictError, systemClock } from '../../bot/src/domain/ports';
import { startTestApp, type TestApp } from '../helpers/app';
import { COACH, GIVER, TENANT } from '../../bot/src/local/activities';

let app: TestApp;

beforeAll(async () => {
  app = await startTestApp({ OUTBOX_POLL_MS: '0' });
});
afterAll(async () => {
  await app.close();
});

describe('IdeaService.act', () => {
  it('writes once even when a listener throws a conflict', async () => {
    const service = new IdeaService(app.storage.ideas, app.storage.sluices, systemClock);
    const submitted = await service.submit({
      giver: { ...GIVER, tenantId: TENANT, locale: 'sv', department: 'Kultur' },
      text: {
        title: 'Lånecyklar vid biblioteket',
        need: 'Många kommer till biblioteket utan att kunna ta sig vidare.',
        idea: 'Ställ några lånecyklar vid entrén.',
        beneficiaries: ['residents'],
        department: 'Kultur',
      },
      source: 'chat',
      idempotencyKey: 'listener-test',
    });
    if (!submitted.ok) throw new Error('submit failed');
    let calls = 0;
    service.listen({
      ideaChanged: () => {
        calls++;
        // A conflict from the listener's own write (the outbox) is not a conflict on the idea.
        return Promise.reject(new ConflictError('outbox write conflicted'));
      },
    });
    await expect(service.act(submitted.sluice.id, submitted.idea.id, { ...COACH, tenantId: TENANT }, { type: 'take' })).rejects.toThrow(
      'outbox write conflicted',
    );
    const stored = await app.storage.ideas.get(submitted.sluice.id, submitted.idea.id);
    expect(stored?.value.history.map((e) => e.kind)).toEqual(['submitted', 'taken']);
    expect(stored?.value.version).toBe(2);
    expect(calls).toBe(1);
  });
});
