/**
 * Each idea is a public record: a reference per sluice and year, the receiving authority and the
 * day received, given when it is handed in; and a history whose events are chained by hashes, so
 * a change made in the database past the app shows. Against the whole server and embedded Cosmos.
 */
import { randomUUID } from 'node:crypto';
import type { IdeaResponse, SubmitIdeaRequest } from '../../bot/src/api/contracts';
import type { Idea } from '../../bot/src/domain/idea';
import { IdeaService } from '../../bot/src/domain/idea-service';
import { checkHistoryChain } from '../../bot/src/domain/record';
import { COACH, GIVER, TENANT } from '../../bot/src/local/activities';
import { startTestApp, type TestApp } from '../helpers/app';
import { actAs, bearer, schemaChecker, tokenFor, type Who } from './helpers';

const giver: Who = { ...GIVER, tenantId: TENANT };
const coach: Who = { ...COACH, tenantId: TENANT };

let app: TestApp;
let check: (schema: string, body: unknown) => void;

beforeAll(async () => {
  app = await startTestApp({ OUTBOX_POLL_MS: '0' });
  check = await schemaChecker(app);
});
afterAll(() => app.close());

function form(title: string): SubmitIdeaRequest {
  return {
    title,
    need: 'Bilarna räcker inte till på morgonen',
    idea: 'Elcyklar som hemtjänsten kan låna',
    beneficiaries: ['staff'],
    department: 'Socialförvaltningen',
    idempotencyKey: randomUUID(),
  };
}

async function handIn(title: string): Promise<IdeaResponse['idea']> {
  const res = await app.call('POST', '/api/ideas', form(title), bearer(await tokenFor(app, giver)));
  expect(res.status).toBe(201);
  check('IdeaResponse', res.body);
  return (res.body as IdeaResponse).idea;
}

/** A coach action on the idea as it is stored now. */
async function act(idea: { id: string }, action: unknown): Promise<number> {
  const sluice = (await app.storage.sluices.findByTenant(TENANT))!.value;
  const current = await app.storage.ideas.get(sluice.id, idea.id);
  return (await actAs(app, coach, idea.id, action, current!.etag)).status;
}

async function stored(idea: { id: string }): Promise<Idea> {
  const sluice = await app.storage.sluices.findByTenant(TENANT);
  const found = await app.storage.ideas.get(sluice!.value.id, idea.id);
  return found!.value;
}

describe('an idea as a public record', () => {
  it('gets the next reference of its year, the receiving municipality and the day received', async () => {
    const first = await handIn('Cykelpool för hemtjänsten');
    const second = await handIn('Lånecyklar vid biblioteket');
    const match = /^IDÉ (\d{4})\/(\d+)$/.exec(first.record?.reference ?? '');
    expect(match).not.toBeNull();
    expect(second.record?.reference).toBe(`IDÉ ${match![1]}/${Number(match![2]) + 1}`);
    const sluice = (await app.storage.sluices.findByTenant(TENANT))!.value;
    expect(first.record?.authority).toEqual({ tenantId: TENANT, name: sluice.municipalities[TENANT] ?? sluice.name });
    expect(first.record?.receivedOn).toMatch(new RegExp(`^${match![1]}-\\d{2}-\\d{2}$`));
    // The chain's hashes stay on the server.
    expect(JSON.stringify(first.history)).not.toContain('hash');
  });

  it("starts each year's series at 1, by the year in Sweden", async () => {
    const newYear = { now: () => new Date('2027-12-31T23:30:00.000Z') };
    const service = new IdeaService(app.storage.ideas, app.storage.sluices, newYear);
    const submitted = await service.submit({
      giver: { ...giver, locale: 'sv' },
      text: { title: 'Nyårsidé', need: 'Behov', idea: 'Idé', beneficiaries: ['staff'], department: 'Kultur' },
      source: 'chat',
      idempotencyKey: 'new-year',
    });
    if (!submitted.ok) throw new Error('submit failed');
    expect(submitted.idea.record).toMatchObject({ reference: 'IDÉ 2028/1', year: 2028, serial: 1, receivedOn: '2028-01-01' });
  });

  it('uses the prefix the admin set', async () => {
    const found = (await app.storage.sluices.findByTenant(TENANT))!;
    await app.storage.sluices.replace({ ...found.value, recordPrefix: 'KS' }, found.etag);
    try {
      expect((await handIn('Med eget prefix')).record?.reference).toMatch(/^KS \d{4}\/\d+$/);
    } finally {
      const now = (await app.storage.sluices.findByTenant(TENANT))!;
      const { recordPrefix: _prefix, ...rest } = now.value;
      void _prefix;
      await app.storage.sluices.replace(rest, now.etag);
    }
  });
});

describe("the idea's history", () => {
  it('is stored as a whole hash chain, event by event', async () => {
    const idea = await handIn('Kedjad historik');
    expect(checkHistoryChain((await stored(idea)).history)).toEqual({ whole: true, events: 1 });
    expect(await act(idea, { type: 'take' })).toBe(200);
    const after = await stored(idea);
    expect(after.history.map((e) => e.kind)).toEqual(['submitted', 'taken']);
    expect(checkHistoryChain(after.history)).toEqual({ whole: true, events: 2 });
  });

  it('shows an event changed in Cosmos past the app, also after the app writes the idea again', async () => {
    const idea = await handIn('Ändrad i databasen');
    expect(await act(idea, { type: 'take' })).toBe(200);
    const sluice = (await app.storage.sluices.findByTenant(TENANT))!.value;
    const item = app.storage.containers.ideas.item(idea.id, sluice.id);
    const { resource } = await item.read<Idea & Record<string, unknown>>();
    const history = resource!.history.map((e) => (e.kind === 'taken' ? { ...e, actor: { id: e.actor.id, name: 'Någon annan' } } : e));
    await item.replace({ ...resource!, history });

    expect(checkHistoryChain((await stored(idea)).history)).toMatchObject({ whole: false, index: 1, problem: 'changed' });
    // The next write seals only its own new event; the changed one stays visible.
    expect(await act(idea, { type: 'decline', reason: 'Finns redan i en annan förvaltning' })).toBe(200);
    const after = await stored(idea);
    expect(after.history).toHaveLength(3);
    expect(checkHistoryChain(after.history)).toMatchObject({ whole: false, index: 1, problem: 'changed' });
  });
});
