/**
 * The board's per-stage counts come from counters kept by every submission and stage change, not
 * from counting queries: they follow the ideas, are what the board shows (a counter changed by
 * hand shows through), and are counted again at start, which mends a counter a crash left off.
 */
import { rmSync } from 'node:fs';
import type { BoardResponse } from '../../bot/src/api/contracts';
import { CosmosStageCountStore } from '../../bot/src/adapters/cosmos/stage-count-store';
import type { Beneficiary } from '../../bot/src/domain/idea';
import { COACH, GIVER, TENANT } from '../../bot/src/local/activities';
import { startTestApp, type TestApp } from '../helpers/app';
import { getAs, type Who } from './helpers';

const coach: Who = { ...COACH, tenantId: TENANT };
let app: TestApp;
/** Set once the test restarts the server on the same data folder, which then is the test's to remove. */
let restartedIn: string | undefined;

async function submit(title: string) {
  const result = await app.services.ideas.submit({
    giver: { ...GIVER, tenantId: TENANT, locale: 'sv' },
    text: { title, need: 'Ett behov', idea: 'En idé', department: 'Kommunledningskontoret', beneficiaries: ['staff'] as Beneficiary[] },
    source: 'chat',
    idempotencyKey: `stage-counts-${title}`,
  });
  if (!result.ok) throw new Error(result.error);
  return result.idea;
}

const board = async (query = ''): Promise<BoardResponse> => (await getAs(app, coach, `/api/board${query}`)).body as BoardResponse;

beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app.close();
  if (restartedIn) rmSync(restartedIn, { recursive: true, force: true });
});

describe('kept stage counts', () => {
  it('follow submissions and stage changes, and equal a recount', async () => {
    const first = await submit('Cykelpool');
    await submit('Lånecyklar');
    await submit('Bokcirkel');
    const took = await app.services.ideas.act('default', first.id, { id: COACH.id, tenantId: TENANT, name: COACH.name }, { type: 'take' });
    expect(took.ok).toBe(true);
    const shown = await board();
    expect(shown.counts).toMatchObject({ submitted: 2, screening: 1 });
    expect(shown.total).toBe(3);
    expect(shown.counts).toEqual(await app.storage.ideas.countByStage('default', {}));
  });

  it('are what the board shows: a counter changed by hand shows through, a filtered board is counted', async () => {
    const store = new CosmosStageCountStore(app.storage.containers.counters);
    const truth = await app.storage.ideas.countByStage('default', {});
    await store.save('default', { ...truth, submitted: 999 });
    expect((await board()).counts.submitted).toBe(999);
    expect((await board('?stage=screening')).counts).toMatchObject({ submitted: 0, screening: 1 });
    // A text filter is not a kept count: counted with a query.
    expect((await board('?q=bokcirkel')).counts).toMatchObject({ submitted: 1, screening: 0 });
  });

  it('are counted again when the server starts', async () => {
    restartedIn = app.dataDir;
    await app.stop();
    app = await startTestApp({}, { dataDir: restartedIn });
    // The hand-made 999 of the test before is gone: counted again at start.
    expect((await board()).counts.submitted).toBe(2);
    expect((await board()).counts).toEqual(await app.storage.ideas.countByStage('default', {}));
  });
});
