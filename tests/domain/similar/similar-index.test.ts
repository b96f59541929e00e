import { fold, grams, loadSwedishAnalyzer, type Analyzer } from '../../../bot/src/domain/similar/analyze';
import { SimilarIndex, type IndexedIdea } from '../../../bot/src/domain/similar/similar-index';

let analyzer: Analyzer;
beforeAll(async () => {
  analyzer = await loadSwedishAnalyzer();
});

let n = 0;
function stored(overrides: Partial<IndexedIdea> & Pick<IndexedIdea, 'title'>): IndexedIdea {
  n++;
  return {
    id: `idea-${n}`,
    sluiceId: 's1',
    number: n,
    tenantId: 't1',
    need: '',
    idea: '',
    department: 'Tekniska förvaltningen',
    stage: 'submitted',
    version: 1,
    updatedAt: '2026-11-01T00:00:00.000Z',
    ...overrides,
  };
}

function indexOf(...ideas: IndexedIdea[]): SimilarIndex {
  const index = new SimilarIndex(analyzer);
  for (const i of ideas) index.upsert(i);
  return index;
}

describe('Swedish analysis', () => {
  it('stems with Snowball, folds case and diacritics and drops stop words', () => {
    const words = analyzer.words('Påminnelser till FÖRÄLDRARNA om simlektionerna och simskolan');
    expect(words.map((w) => w.term)).toEqual(['paminn', 'foraldr', 'simlektion', 'simskolan']);
    expect(analyzer.words('påminnelse')[0]!.term).toBe(analyzer.words('PAMINNELSE')[0]!.term);
    expect(fold('Åsa Öberg')).toBe('asa oberg');
  });

  it('treats emoji, markdown and right-to-left text as text, not noise', () => {
    expect(analyzer.words('**Simskola** 🏊‍♀️ [länk](x) _påminnelse_').map((w) => w.surface)).toEqual(['simskola', 'länk', 'påminnelse']);
    expect(analyzer.words('مدرسة السباحة').length).toBe(2);
    expect(analyzer.words('🎉🎉🎉 !!! ---')).toEqual([]);
  });

  it('gives a compound the n-grams of its parts', () => {
    const compound = new Set(grams('hemtjänstpersonal').map((g) => g.gram));
    for (const part of ['personal', 'hemtjänst']) for (const g of grams(part)) expect(compound).toContain(g.gram);
  });
});

describe('SimilarIndex', () => {
  it('meets a compound and its parts, and says what they share', () => {
    const schedule = stored({ title: 'Schemat i telefonen för personal i hemtjänsten', need: 'Pappersscheman missar ändringar.' });
    const index = indexOf(schedule, stored({ title: 'Julbelysning på torget', need: 'Torget är mörkt i december.' }));
    const found = index.find(['s1'], { title: 'Digitalt schema för hemtjänstpersonal' }, { limit: 3 });
    expect(found.map((f) => f.id)).toEqual([schedule.id]);
    expect(found[0]!.shared).toEqual(expect.arrayContaining(['hemtjänst', 'personal']));
    expect(found[0]!.score).toBeGreaterThan(0);
    expect(found[0]!.score).toBeLessThanOrEqual(1);
  });

  it('explains with the words as the draft writes them', () => {
    const swim = stored({ title: 'SMS-påminnelse inför simlektioner', need: 'Barnen uteblir från simlektionerna.' });
    const found = indexOf(swim).find(['s1'], { title: 'Påminnelse om simlektion', need: 'Föräldrar glömmer.' }, { limit: 2 });
    expect(found[0]!.shared).toEqual(['påminnelse', 'simlektion']);
  });

  it('gives nothing for an empty or one-word draft', () => {
    const index = indexOf(stored({ title: 'Påminn föräldrar om simskolan', need: 'Föräldrar glömmer simskolan.' }));
    expect(index.find(['s1'], { title: '' }, { limit: 3 })).toEqual([]);
    expect(index.find(['s1'], { title: 'simskolan' }, { limit: 3 })).toEqual([]);
    expect(index.find(['s1'], { title: 'och det att 🎉', need: '**' }, { limit: 3 })).toEqual([]);
    expect(index.find(['s1'], { title: 'simskolan föräldrar' }, { limit: 3 })).toHaveLength(1);
  });

  it('handles a 4 000-character draft', () => {
    const swim = stored({ title: 'Påminn föräldrar om simskolan', need: 'Föräldrar glömmer simskolan.' });
    const index = indexOf(swim);
    const long = `Simskolan och föräldrarna. ${'Lorem ipsum dolor sit amet consectetur adipiscing elit. '.repeat(70)}`.slice(0, 4000);
    expect(index.find(['s1'], { title: 'Simskola', need: long, idea: long }, { limit: 3 }).map((f) => f.id)).toEqual([swim.id]);
  });

  it('keeps sluices apart and leaves the asked idea out', () => {
    const own = stored({ title: 'Påminn föräldrar om simskolan' });
    const other = stored({ title: 'Påminn föräldrar om simskolan', sluiceId: 's2' });
    const index = indexOf(own, other);
    const draft = { title: 'Påminnelse om simskolan till föräldrar' };
    expect(index.find(['s1'], draft, { limit: 5 }).map((f) => f.id)).toEqual([own.id]);
    expect(index.find(['s2'], draft, { limit: 5 }).map((f) => f.id)).toEqual([other.id]);
    expect(index.find(['s1', 's2'], draft, { limit: 5 })).toHaveLength(2);
    expect(index.find(['s1'], draft, { limit: 5, excludeId: own.id })).toEqual([]);
  });

  it('follows edits and stage changes, never going back to an older version', () => {
    const first = stored({ title: 'Påminn föräldrar om simskolan' });
    const index = indexOf(first);
    expect(index.upsert({ ...first, title: 'Julbelysning på torget i centrum', version: 2 })).toBe(true);
    expect(index.find(['s1'], { title: 'Påminn föräldrar om simskolan' }, { limit: 5 })).toEqual([]);
    expect(index.upsert({ ...first, version: 1 })).toBe(false);
    index.upsert({ ...first, title: 'Julbelysning på torget i centrum', stage: 'closed', closedReason: 'Finns redan', version: 3 });
    const [hit] = index.find(['s1'], { title: 'Julbelysning i centrum' }, { limit: 5 });
    expect(hit).toMatchObject({ stage: 'closed', closedReason: 'Finns redan' });
    expect(index.size).toBe(1);
    index.remove('s1', first.id);
    expect(index.size).toBe(0);
    expect(index.find(['s1'], { title: 'Julbelysning i centrum' }, { limit: 5 })).toEqual([]);
  });

  it('leaves the text alone on a stage change, so an often-moved idea is still found', () => {
    const bikes = stored({ title: 'Elcyklar till hemtjänsten', need: 'Bilarna står i kö.' });
    const moved = stored({ title: 'Lånecyklar för hemtjänsten', need: 'Elcyklar i stället för bilar.' });
    const index = indexOf(bikes, moved);
    for (let v = 2; v <= 14; v++) index.upsert({ ...moved, stage: v % 2 ? 'testing' : 'screening', version: v });
    expect(index.find(['s1'], bikes, { limit: 3, excludeId: bikes.id }).map((f) => f.id)).toEqual([moved.id]);
  });
});
