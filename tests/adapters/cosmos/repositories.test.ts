import { CONTAINERS, CONTAINER_NAMES } from '../../../bot/src/adapters/cosmos/database';
import { CosmosIdeaRepository } from '../../../bot/src/adapters/cosmos/idea-repository';
import { CosmosSluiceRepository } from '../../../bot/src/adapters/cosmos/sluice-repository';
import { connectStorage, type Storage } from '../../../bot/src/adapters/cosmos/storage';
import { IdeaService } from '../../../bot/src/domain/idea-service';
import type { Giver, IdeaText } from '../../../bot/src/domain/idea';
import { AlreadyExistsError, ConflictError, RECENT_READ_MS, type Clock } from '../../../bot/src/domain/ports';
import { createSluice } from '../../../bot/src/domain/sluice';
import { seedDefaultSluice } from '../../../bot/src/domain/sluice-setup';
import { startTestCosmos, type TestCosmos } from '../../helpers/embedded-cosmos';

const T1 = 'aaaaaaaa-0000-4000-8000-000000000001';
const T2 = 'aaaaaaaa-0000-4000-8000-000000000002';
const T3 = 'aaaaaaaa-0000-4000-8000-000000000003';
const coach = { id: 'coach-1', tenantId: T1, name: 'Karin Berg' };
const coach2 = { id: 'coach-2', tenantId: T1, name: 'Omar Haddad' };
const giver: Giver = { id: 'giver-1', tenantId: T1, name: 'Anna Lindqvist', locale: 'sv' };
const text: IdeaText = {
  title: 'Digitala kulturevenemang',
  need: 'Många kan inte ta sig till kulturhuset.',
  idea: 'Sänd föreställningar digitalt.',
  beneficiaries: ['residents'],
  department: 'Kulturförvaltningen',
};

let cosmos: TestCosmos;
let storage: Storage;
let ms = Date.parse('2026-11-01T08:00:00.000Z');
const clock: Clock = { now: () => new Date((ms += 1000)) };
let service: IdeaService;
const quiet = { info: () => undefined, warn: () => undefined };

beforeAll(async () => {
  cosmos = await startTestCosmos();
  storage = await connectStorage(cosmos.endpoint, cosmos.key, 'repo-test');
  await storage.sluices.create(
    createSluice({ id: 's1', name: 'Skaraborg', tenantIds: [T1, T2], coachIds: [coach.id, coach2.id], now: clock.now() }),
  );
  await storage.sluices.create(createSluice({ id: 's2', name: 'Annan', tenantIds: [T3], coachIds: ['coach-x'], now: clock.now() }));
  service = new IdeaService(storage.ideas, storage.sluices, clock);
});
afterAll(async () => {
  await storage.close();
  await cosmos.stop();
});

describe('containers', () => {
  it('are created on the embedded server exactly as the one container definition says', async () => {
    for (const name of CONTAINER_NAMES) {
      const { resource } = await storage.containers[name].read();
      expect({ name, partitionKey: resource?.partitionKey?.paths, indexingPolicy: resource?.indexingPolicy }).toEqual({
        name,
        partitionKey: CONTAINERS[name].partitionKey && (CONTAINERS[name].partitionKey as { paths: string[] }).paths,
        indexingPolicy: CONTAINERS[name].indexingPolicy,
      });
    }
  });
});

describe('sluices', () => {
  it('finds the sluice of each member tenant and none for others', async () => {
    expect((await storage.sluices.findByTenant(T2))?.value.id).toBe('s1');
    expect((await storage.sluices.findByTenant(T3))?.value.id).toBe('s2');
    expect(await storage.sluices.findByTenant('unknown')).toBeUndefined();
  });

  it('finds a tenant in its new sluice once it moved, also after it was found in the old one', async () => {
    const T4 = 'aaaaaaaa-0000-4000-8000-000000000004';
    await storage.sluices.create(createSluice({ id: 's-from', name: 'Från', tenantIds: [T4], coachIds: ['coach-y'], now: clock.now() }));
    await storage.sluices.create(createSluice({ id: 's-to', name: 'Till', tenantIds: [], coachIds: ['coach-z'], now: clock.now() }));
    expect((await storage.sluices.findByTenant(T4))?.value.id).toBe('s-from');
    // Moved as another instance would: written straight to Cosmos, past this repository.
    const container = storage.containers.sluices;
    const { resource: from } = await container.item('s-from', 's-from').read();
    await container.item('s-from', 's-from').replace({ ...from, tenantIds: [] });
    const { resource: to } = await container.item('s-to', 's-to').read();
    await container.item('s-to', 's-to').replace({ ...to, tenantIds: [T4] });
    expect((await storage.sluices.findByTenant(T4))?.value.id).toBe('s-to');
    await container.item('s-to', 's-to').replace({ ...to, tenantIds: [] });
    expect(await storage.sluices.findByTenant(T4)).toBeUndefined();
  });

  it("answers the chat with a sluice read at most RECENT_READ_MS ago, this instance's own change at once", async () => {
    const TR1 = 'bbbbbbbb-0000-4000-8000-000000000001';
    let now = 0;
    const repo = new CosmosSluiceRepository(storage.containers.sluices, storage.containers.counters, { now: () => now });
    await repo.create(createSluice({ id: 's-recent', name: 'Först', tenantIds: [TR1], coachIds: ['coach-r'], now: clock.now() }));
    expect((await repo.recentByTenant(TR1))?.value.name).toBe('Först');

    // Renamed by another instance: the copy stands until it is RECENT_READ_MS old; an authorising read sees it at once.
    const container = storage.containers.sluices;
    const { resource } = await container.item('s-recent', 's-recent').read();
    await container.item('s-recent', 's-recent').replace({ ...resource, name: 'Annan instans' });
    now += RECENT_READ_MS;
    expect((await repo.recentByTenant(TR1))?.value.name).toBe('Först');
    expect((await repo.findByTenant(TR1))?.value.name).toBe('Annan instans');
    now += 1;
    expect((await repo.recentByTenant(TR1))?.value.name).toBe('Annan instans');

    const current = await repo.get('s-recent');
    await repo.replace({ ...current!.value, name: 'Denna instans' }, current!.etag);
    expect((await repo.recentByTenant(TR1))?.value.name).toBe('Denna instans');
    // A tenant in no sluice is remembered as none, too, and found once a sluice of this instance takes it.
    const TR2 = 'bbbbbbbb-0000-4000-8000-000000000002';
    expect(await repo.recentByTenant(TR2)).toBeUndefined();
    await repo.create(createSluice({ id: 's-recent-2', name: 'Ny', tenantIds: [TR2], coachIds: ['coach-r'], now: clock.now() }));
    expect((await repo.recentByTenant(TR2))?.value.id).toBe('s-recent-2');
  });

  it("gives the outbox the sluice read at most RECENT_READ_MS ago by id, this instance's own change at once", async () => {
    let now = 0;
    let reads = 0;
    const container = storage.containers.sluices;
    // The container's point reads counted: `item(id).read()` is what a read of the sluice costs.
    const counted = Object.assign(Object.create(container) as typeof container, {
      item: (id: string, partition: string) => {
        const item = container.item(id, partition);
        return Object.assign(Object.create(item) as typeof item, {
          read: (...args: Parameters<typeof item.read>) => (reads++, item.read(...args)),
        });
      },
    });
    const repo = new CosmosSluiceRepository(counted, storage.containers.counters, { now: () => now });
    await repo.create(createSluice({ id: 's-by-id', name: 'Först', tenantIds: [], coachIds: ['coach-r'], now: clock.now() }));
    expect((await repo.recentGet('s-by-id'))?.value.name).toBe('Först');
    expect((await repo.recentGet('s-by-id'))?.value.name).toBe('Först');
    expect(reads).toBe(1);

    // Renamed by another instance: the copy stands until it is RECENT_READ_MS old; `get` reads at once and renews it.
    const { resource } = await container.item('s-by-id', 's-by-id').read();
    await container.item('s-by-id', 's-by-id').replace({ ...resource, name: 'Annan instans' });
    now += RECENT_READ_MS;
    expect((await repo.recentGet('s-by-id'))?.value.name).toBe('Först');
    now += 1;
    expect((await repo.recentGet('s-by-id'))?.value.name).toBe('Annan instans');
    expect(reads).toBe(2);
    await container.item('s-by-id', 's-by-id').replace({ ...resource, name: 'Igen' });
    expect((await repo.get('s-by-id'))?.value.name).toBe('Igen');
    expect((await repo.recentGet('s-by-id'))?.value.name).toBe('Igen');
    expect(reads).toBe(3);

    const current = await repo.get('s-by-id');
    await repo.replace({ ...current!.value, name: 'Denna instans' }, current!.etag);
    expect((await repo.recentGet('s-by-id'))?.value.name).toBe('Denna instans');
    expect(await repo.recentGet('s-none')).toBeUndefined();
  });

  it('refuses a stale replace and a duplicate create', async () => {
    const current = await storage.sluices.get('s2');
    await storage.sluices.replace({ ...current!.value, name: 'Slussen, omdöpt' }, current!.etag);
    await expect(storage.sluices.replace({ ...current!.value, name: 'Slussen, igen' }, current!.etag)).rejects.toBeInstanceOf(
      ConflictError,
    );
    await expect(storage.sluices.create(current!.value)).rejects.toBeInstanceOf(AlreadyExistsError);
  });

  it('reads a sluice stored by an older version without its retired fields, and the next write drops them', async () => {
    const current = await storage.sluices.get('s1');
    // `reminderDays` was one reminder limit for every stage, before limits per stage.
    await storage.containers.sluices.item('s1', 's1').replace({ ...current!.value, reminderDays: 5 });
    const old = await storage.sluices.get('s1');
    expect(old?.value).toEqual(current!.value);
    expect(old?.value).not.toHaveProperty('reminderDays');
    await storage.sluices.replace({ ...old!.value, name: 'Slussen' }, old!.etag);
    const { resource } = await storage.containers.sluices.item('s1', 's1').read<Record<string, unknown>>();
    expect(resource).not.toHaveProperty('reminderDays');
    expect(resource).toMatchObject({ name: 'Slussen' });
  });

  it('seeds the default sluice once and never overwrites it', async () => {
    const seed = { tenantId: 'bbbbbbbb-0000-4000-8000-000000000009', name: 'Örebro', coachIds: ['c9'] };
    const otherStorage = await connectStorage(cosmos.endpoint, cosmos.key, 'seed-test');
    await seedDefaultSluice(otherStorage.sluices, seed, clock, quiet);
    const first = await otherStorage.sluices.get('default');
    await otherStorage.sluices.replace({ ...first!.value, name: 'Örebro kommuns idésluss' }, first!.etag);
    await seedDefaultSluice(otherStorage.sluices, { ...seed, name: 'Från miljön' }, clock, quiet);
    expect((await otherStorage.sluices.get('default'))?.value.name).toBe('Örebro kommuns idésluss');
    await otherStorage.close();
  });

  it('seeds the departments of DEFAULT_DEPARTMENTS, trimmed, without blanks or repeats', async () => {
    const seed = {
      tenantId: 'bbbbbbbb-0000-4000-8000-000000000010',
      name: 'Lerum',
      coachIds: ['c9'],
      departments: [' Socialförvaltningen', 'Tekniska förvaltningen', '', 'Socialförvaltningen'],
    };
    const otherStorage = await connectStorage(cosmos.endpoint, cosmos.key, 'seed-departments-test');
    await seedDefaultSluice(otherStorage.sluices, seed, clock, quiet);
    expect((await otherStorage.sluices.get('default'))?.value.departments).toEqual(['Socialförvaltningen', 'Tekniska förvaltningen']);
    await otherStorage.close();
  });

  it('seeds the registrators of DEFAULT_REGISTRATOR_IDS, lower case, without repeats', async () => {
    const id = '4e900000-0000-4000-8000-0000000000AB';
    const seed = {
      tenantId: 'bbbbbbbb-0000-4000-8000-000000000011',
      name: 'Piteå',
      coachIds: ['c9'],
      registratorIds: [id, id.toLowerCase()],
    };
    const otherStorage = await connectStorage(cosmos.endpoint, cosmos.key, 'seed-registrators-test');
    await seedDefaultSluice(otherStorage.sluices, seed, clock, quiet);
    expect((await otherStorage.sluices.get('default'))?.value.registrators).toEqual([id.toLowerCase()]);
    await otherStorage.close();
  });
});

describe('submitting', () => {
  it("stores the idea in the giver's sluice with the next number and a submitted event", async () => {
    const result = await service.submit({ giver, text, source: 'chat', idempotencyKey: 'draft-1' });
    expect(result).toMatchObject({ ok: true, created: true, idea: { sluiceId: 's1', number: 1, stage: 'submitted' } });
    if (!result.ok) throw new Error('not stored');
    const stored = await storage.ideas.get('s1', result.idea.id);
    expect(stored?.value).toEqual(result.idea);
    expect(stored?.value.history).toEqual([expect.objectContaining({ kind: 'submitted', to: 'submitted' })]);
  });

  it('stores one idea for a repeated submit with the same key, even at once', async () => {
    const results = await Promise.all([1, 2, 3, 4].map(() => service.submit({ giver, text, source: 'chat', idempotencyKey: 'draft-2' })));
    const ids = new Set(results.map((r) => (r.ok ? r.idea.id : 'failed')));
    expect(ids.size).toBe(1);
    expect(results.filter((r) => r.ok && r.created)).toHaveLength(1);
    let count = 0;
    for await (const i of storage.ideas.all('s1')) if (i.id === [...ids][0]) count++;
    expect(count).toBe(1);
  });

  it('gives 100 simultaneous submissions in one sluice 100 distinct numbers, no error, and coaches in turn', async () => {
    const before = await storage.sluices.get('s1');
    const results = await Promise.all(
      Array.from({ length: 100 }, (_, n) =>
        service.submit({ giver: { ...giver, id: `giver-burst-${n}` }, text, source: 'chat', idempotencyKey: `burst-${n}` }),
      ),
    );
    expect(results.filter((r) => !r.ok)).toEqual([]);
    const ideas = results.flatMap((r) => (r.ok ? [r.idea] : [])).sort((a, b) => a.number - b.number);
    expect(new Set(ideas.map((i) => i.number)).size).toBe(100);
    const stored = await Promise.all(ideas.map((i) => storage.ideas.get('s1', i.id)));
    expect(stored.map((v) => v?.value.number)).toEqual(ideas.map((i) => i.number));
    // Consecutive numbers go to the coaches in turn.
    for (let i = 1; i < ideas.length; i++) expect(ideas[i]?.coach?.id).not.toBe(ideas[i - 1]?.coach?.id);
    expect(new Set(ideas.map((i) => i.coach?.id))).toEqual(new Set([coach.id, coach2.id]));
    // The sluice document itself is not rewritten by submissions.
    expect((await storage.sluices.get('s1'))?.etag).toBe(before?.etag);
  });

  it("continues numbering after the sluice's last number when it has no counter yet", async () => {
    const sluice = {
      ...createSluice({ id: 's-numbered', name: 'Piteå', tenantIds: [], coachIds: [], now: clock.now() }),
      lastIdeaNumber: 41,
    };
    await storage.sluices.create(sluice);
    const numbers = await Promise.all([1, 2, 3].map(() => storage.sluices.takeIdeaNumber(sluice)));
    expect(numbers.sort((a, b) => a - b)).toEqual([42, 43, 44]);
    expect(await storage.sluices.takeIdeaNumber(sluice)).toBe(45);
  });

  it("sends a shared sluice's ideas to the giver's municipality's own coaches in turn, else to the whole sluice", async () => {
    const T4 = 'aaaaaaaa-0000-4000-8000-000000000004';
    const T5 = 'aaaaaaaa-0000-4000-8000-000000000005';
    const T6 = 'aaaaaaaa-0000-4000-8000-000000000006';
    await storage.sluices.create({
      ...createSluice({ id: 's-shared', name: 'Skaraborg', tenantIds: [T4, T5, T6], coachIds: [], now: clock.now() }),
      coaches: [
        { id: 'c-t4-a', tenantId: T4 },
        { id: 'c-t5', tenantId: T5 },
        { id: 'c-t4-b', tenantId: T4 },
      ],
    });
    const from = (tenantId: string, n: number) =>
      service.submit({ giver: { ...giver, id: `g-${tenantId}-${n}`, tenantId }, text, source: 'chat', idempotencyKey: `shared-${n}` });
    const coachOf = async (tenantId: string, n: number) => {
      const r = await from(tenantId, n);
      if (!r.ok) throw new Error(r.error);
      return r.idea.coach?.id;
    };
    // Ideas from T4 alternate between T4's two coaches, however many T5 hands in between.
    const t4 = [];
    for (let n = 1; n <= 4; n++) {
      t4.push(await coachOf(T4, n));
      expect(await coachOf(T5, 10 + n)).toBe('c-t5');
    }
    expect(t4).toEqual(['c-t4-a', 'c-t4-b', 'c-t4-a', 'c-t4-b']);
    // T6 has no coaches: the whole sluice's round-robin by number.
    const t6 = await Promise.all([21, 22, 23].map((n) => coachOf(T6, n)));
    expect(new Set(t6).size).toBeGreaterThan(1);
    expect(await storage.sluices.takeCoachTurn((await storage.sluices.get('s-shared'))!.value, T4)).toBe(5);
  });

  it('stores nothing for a giver whose tenant has no sluice', async () => {
    const r = await service.submit({ giver: { ...giver, tenantId: 'nobody' }, text, source: 'chat', idempotencyKey: 'x' });
    expect(r).toEqual({ ok: false, error: 'noSluice' });
  });

  it('refuses invalid text with the problems', async () => {
    const r = await service.submit({ giver, text: { ...text, title: ' ' }, source: 'chat', idempotencyKey: 'bad' });
    expect(r).toMatchObject({ ok: false, error: 'invalidInput', problems: [{ field: 'title', problem: 'empty' }] });
  });
});

describe('acting on an idea', () => {
  it('does exactly one transition when 10 coaches take the same idea at once', async () => {
    const submitted = await service.submit({ giver, text, source: 'chat', idempotencyKey: 'race' });
    if (!submitted.ok) throw new Error('not stored');
    const etag = (await storage.ideas.get('s1', submitted.idea.id))!.etag;
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) => service.act('s1', submitted.idea.id, i % 2 ? coach : coach2, { type: 'take' }, etag)),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok && r.error === 'stale')).toHaveLength(9);
    const final = await storage.ideas.get('s1', submitted.idea.id);
    expect(final?.value.history.filter((h) => h.kind === 'taken')).toHaveLength(1);
  });

  it('returns the current idea when the eTag is stale, and rejects what is not allowed', async () => {
    const submitted = await service.submit({ giver, text, source: 'chat', idempotencyKey: 'stale' });
    if (!submitted.ok) throw new Error('not stored');
    const first = await storage.ideas.get('s1', submitted.idea.id);
    const taken = await service.act('s1', submitted.idea.id, coach, { type: 'take' }, first!.etag);
    expect(taken.ok).toBe(true);
    const again = await service.act('s1', submitted.idea.id, coach2, { type: 'take' }, first!.etag);
    expect(again).toMatchObject({ ok: false, error: 'stale', current: { value: { stage: 'screening', coach: { id: coach.id } } } });
    const notCoach = await service.act('s1', submitted.idea.id, { id: 'nobody', tenantId: T1, name: 'X' }, { type: 'advance' });
    expect(notCoach).toMatchObject({ ok: false, error: 'rejected', reason: { code: 'forbidden' } });
    const otherSluiceCoach = await service.act('s1', submitted.idea.id, { id: 'coach-x', tenantId: T3, name: 'X' }, { type: 'advance' });
    expect(otherSluiceCoach).toMatchObject({ ok: false, error: 'rejected', reason: { code: 'forbidden' } });
    expect(await service.act('s1', 'missing', coach, { type: 'take' })).toEqual({ ok: false, error: 'notFound' });
  });
});

describe('the idea as this instance stored it', () => {
  it('is kept from its create and replace for RECENT_READ_MS, never from a read or from another instance', async () => {
    let now = 0;
    const repo = new CosmosIdeaRepository(storage.containers.ideas, { now: () => now });
    const other = new CosmosIdeaRepository(storage.containers.ideas);
    const submitted = await new IdeaService(repo, storage.sluices, clock).submit({ giver, text, source: 'chat', idempotencyKey: 'copy' });
    if (!submitted.ok) throw new Error('not stored');
    const { id } = submitted.idea;
    const created = repo.written('s1', id);
    expect(created?.value).toEqual(submitted.idea);
    expect(created?.etag).toBe((await repo.get('s1', id))?.etag);
    expect(repo.written('s2', id)).toBeUndefined();

    // Another instance's change is not seen in the copy; this instance's own write is, with its eTag.
    const changed = await other.replace({ ...created!.value, title: 'Ändrad av en annan instans' }, created!.etag);
    expect(repo.written('s1', id)?.value.title).toBe(text.title);
    expect(other.written('s1', id)?.etag).toBe(changed.etag);
    const mine = await repo.replace({ ...changed.value, title: 'Ändrad här' }, changed.etag);
    expect(repo.written('s1', id)).toEqual(mine);

    // A read keeps nothing, and the copy is gone once it is older than RECENT_READ_MS.
    const reader = new CosmosIdeaRepository(storage.containers.ideas);
    await reader.get('s1', id);
    expect(reader.written('s1', id)).toBeUndefined();
    now += RECENT_READ_MS;
    expect(repo.written('s1', id)).toEqual(mine);
    now += 1;
    expect(repo.written('s1', id)).toBeUndefined();
  });
});

describe('listing', () => {
  beforeAll(async () => {
    for (let n = 0; n < 25; n++) {
      await service.submit({
        giver: { ...giver, tenantId: n % 2 ? T1 : T2 },
        text: { ...text, title: n % 5 === 0 ? `Simundervisning ${n}` : `Idé nummer ${n}`, department: n % 3 ? 'Skola' : 'Kultur' },
        source: 'chat',
        idempotencyKey: `list-${n}`,
      });
    }
  });

  it('pages newest first with a continuation token and no duplicates', async () => {
    const seen: string[] = [];
    let continuation: string | undefined;
    let previousMs = Infinity;
    do {
      const page = await storage.ideas.list('s1', { filter: {}, sort: 'newest', pageSize: 7, ...(continuation ? { continuation } : {}) });
      for (const item of page.items) {
        const ms = Date.parse(item.createdAt);
        expect(ms).toBeLessThanOrEqual(previousMs);
        previousMs = ms;
        seen.push(item.id);
      }
      continuation = page.continuation;
    } while (continuation);
    expect(new Set(seen).size).toBe(seen.length);
    let total = 0;
    for await (const _ of storage.ideas.all('s1')) total++;
    expect(seen).toHaveLength(total);
  });

  it('filters by department, municipality and free text, case-insensitively', async () => {
    const page = await storage.ideas.list('s1', {
      filter: { text: 'SIMUNDERVISNING', department: 'Kultur' },
      sort: 'newest',
      pageSize: 50,
    });
    expect(page.items.length).toBeGreaterThan(0);
    expect(page.items.every((i) => i.title.startsWith('Simundervisning') && i.department === 'Kultur')).toBe(true);
    const t2 = await storage.ideas.list('s1', { filter: { tenantId: T2 }, sort: 'oldest', pageSize: 200 });
    expect(t2.items.every((i) => i.tenantId === T2)).toBe(true);
    const counts = await storage.ideas.countByStage('s1', {});
    expect(Object.values(counts).reduce((a, b) => a + b, 0)).toBe(
      (await storage.ideas.list('s1', { filter: {}, sort: 'newest', pageSize: 200 })).items.length,
    );
  });

  it("never returns another sluice's ideas", async () => {
    const page = await storage.ideas.list('s2', { filter: {}, sort: 'newest', pageSize: 200 });
    expect(page.items).toHaveLength(0);
  });
});
