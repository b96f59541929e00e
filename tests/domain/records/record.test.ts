import type { HistoryEvent } from '../../../bot/src/domain/idea';
import { checkHistoryChain, recordEntry, recordYear, resealHistory, sealHistory } from '../../../bot/src/domain/record';

const event = (id: string, kind: HistoryEvent['kind'], text?: string): HistoryEvent => ({
  id,
  kind,
  at: '2026-12-01T09:00:00.000Z',
  actor: { id: 'c1', name: 'Coach' },
  ...(text ? { text } : {}),
});

const history = (): HistoryEvent[] => [event('e1', 'submitted'), event('e2', 'taken'), event('e3', 'declined', 'Finns redan')];

describe('the record entry', () => {
  const sluice = { name: 'Skaraborgs idésluss', municipalities: { t1: 'Skövde kommun' } };

  it('numbers by the year in Sweden: at 23:30 UTC on 31 December it is already next year', () => {
    expect(recordYear(new Date('2026-12-31T22:30:00Z'))).toBe(2026);
    expect(recordYear(new Date('2026-12-31T23:30:00Z'))).toBe(2027);
    expect(recordEntry(sluice, 't1', new Date('2026-12-31T23:30:00Z'), 1)).toEqual({
      reference: 'IDÉ 2027/1',
      year: 2027,
      serial: 1,
      authority: { tenantId: 't1', name: 'Skövde kommun' },
      receivedOn: '2027-01-01',
    });
  });

  it("uses the sluice's prefix, and the sluice's name for a municipality it has no name for", () => {
    const entry = recordEntry({ ...sluice, recordPrefix: 'KS' }, 't2', new Date('2026-06-01T10:00:00Z'), 42);
    expect(entry.reference).toBe('KS 2026/42');
    expect(entry.authority).toEqual({ tenantId: 't2', name: 'Skaraborgs idésluss' });
  });
});

describe("the history's hash chain", () => {
  it('is whole once sealed, and sealing again changes nothing', () => {
    const sealed = sealHistory(history());
    expect(sealed.every((e) => /^[0-9a-f]{64}$/.test(e.hash ?? ''))).toBe(true);
    expect(new Set(sealed.map((e) => e.hash)).size).toBe(3);
    expect(checkHistoryChain(sealed)).toEqual({ whole: true, events: 3 });
    expect(sealHistory(sealed)).toEqual(sealed);
  });

  it('seals a new event onto the chain without touching the earlier ones', () => {
    const sealed = sealHistory(history());
    const next = sealHistory([...sealed, event('e4', 'reopened')]);
    expect(next.slice(0, 3)).toEqual(sealed);
    expect(checkHistoryChain(next)).toEqual({ whole: true, events: 4 });
  });

  it('finds a changed word, a removed event, a swapped order and an event added without a hash', () => {
    const sealed = sealHistory(history());
    const changed = sealed.map((e) => (e.id === 'e3' ? { ...e, text: 'Bra idé' } : e));
    expect(checkHistoryChain(changed)).toMatchObject({ whole: false, index: 2, eventId: 'e3', problem: 'changed' });
    const actor = sealed.map((e) => (e.id === 'e1' ? { ...e, actor: { id: 'c1', name: 'Någon annan' } } : e));
    expect(checkHistoryChain(actor)).toMatchObject({ whole: false, index: 0, eventId: 'e1', problem: 'changed' });
    expect(checkHistoryChain([sealed[0]!, sealed[2]!])).toMatchObject({ whole: false, index: 1, eventId: 'e3', problem: 'changed' });
    expect(checkHistoryChain([sealed[1]!, sealed[0]!, sealed[2]!])).toMatchObject({ whole: false, index: 0, eventId: 'e2' });
    expect(checkHistoryChain([...sealed, event('e9', 'reopened')])).toMatchObject({ whole: false, index: 3, problem: 'unsealed' });
  });

  it('does not depend on the order of keys in the stored document', () => {
    const sealed = sealHistory(history());
    const reordered = sealed.map((e) => Object.fromEntries(Object.entries(e).reverse()) as unknown as HistoryEvent);
    expect(checkHistoryChain(reordered)).toEqual({ whole: true, events: 3 });
  });

  it('is sealed afresh from a given event by the one re-seal (gallring, anonymisation): earlier hashes kept, the rest new and whole', () => {
    const sealed = sealHistory(history());
    const edited = sealed.map((e) => (e.id === 'e2' ? { ...e, actor: { id: '', name: 'Tidigare medarbetare' } } : e));
    expect(checkHistoryChain(edited)).toMatchObject({ whole: false, index: 1 });
    const resealed = resealHistory([...edited, event('e4', 'anonymised')], 1);
    expect(resealed[0]).toEqual(sealed[0]);
    expect(resealed[1]!.hash).not.toBe(sealed[1]!.hash);
    expect(resealed[2]!.hash).not.toBe(sealed[2]!.hash);
    expect(checkHistoryChain(resealed)).toEqual({ whole: true, events: 4 });
    // From the first event (the default) every hash is made again, and the chain is the one a fresh seal gives.
    expect(resealHistory(edited)).toEqual(sealHistory(edited.map(({ hash: _h, ...e }) => e)));
  });
});
