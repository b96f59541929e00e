/**
 * "mina uppgifter" / "my data" in the personal chat, through the real /api/messages endpoint
 * (embedded Cosmos, replies recorded by the loopback connector): the card counts each kind of
 * personal data the registry holds about the sender — the same counts an export of the registry
 * gives — links the tab's Mina uppgifter page, and the reading is in the audit log as
 * exportMyData's is. A redelivered message writes nothing more and answers the same card; in a
 * channel nothing is shown.
 */
import { randomUUID } from 'node:crypto';
import * as AC from 'adaptivecards';
import { personalDataSources } from '../../../bot/src/adapters/cosmos/personal-data-sources';
import type { AuditEvent } from '../../../bot/src/domain/admin/audit';
import { PersonalDataRegistry, subjectRef } from '../../../bot/src/domain/personal-data';
import { COACH, GIVER, TENANT, message } from '../../../bot/src/local/activities';
import { isMyDataCommand } from '../../../bot/src/teams/my-data/my-data-command';
import { bearer, storeIdea, tokenFor, type Who } from '../../api/helpers';
import { startTestApp, type TestApp } from '../../helpers/app';
import { validateCard } from '../../helpers/cards';

const APP_ID = '7d3a1f52-0c4b-4e8e-9d59-2a6f1b3c4d5e';
const giver: Who = { ...GIVER, tenantId: TENANT };
const coach: Who = { ...COACH, tenantId: TENANT };
const colleague: Who = { id: '61e00000-0000-4000-8000-0000000000c2', tenantId: TENANT, name: 'Per Kollega' };
const REGISTRATOR: Who = { id: '4e900000-0000-4000-8000-000000000002', tenantId: TENANT, name: 'Rut Diarie' };

let app: TestApp;
let sluiceId: string;

beforeAll(async () => {
  app = await startTestApp({ TEAMS_APP_ID: APP_ID, OUTBOX_POLL_MS: '0' }, { connector: true, meet: [GIVER, COACH] });
  const found = (await app.storage.sluices.findByTenant(TENANT))!;
  sluiceId = found.value.id;
  await app.storage.sluices.replace(
    { ...found.value, registrators: [REGISTRATOR.id], criteria: [{ id: 'nytta', name: 'Nytta', weight: 1 }] },
    found.etag,
  );
  await leaveOneOfEachKind();
}, 120_000);
afterAll(() => app?.close());
// The outbox is paused: what the connector records in a test is the turn's own answers.
beforeEach(() => app.connector.reset());

async function expectOk(res: Promise<{ status: number }>, status = 200): Promise<void> {
  expect((await res).status).toBe(status);
}

/** The giver and the coach leave one item of every kind a person can leave (as the API export test does). */
async function leaveOneOfEachKind(): Promise<void> {
  const submit = async (title: string, who: Who): Promise<string> => {
    const result = await app.services.ideas.submit({
      giver: { ...who, locale: 'sv' },
      text: { title, need: 'Bilarna räcker inte', idea: 'Elcyklar att låna', beneficiaries: ['staff'], department: 'Socialförvaltningen' },
      source: 'tab',
      idempotencyKey: randomUUID(),
    });
    if (!result.ok) throw new Error(result.error);
    return result.idea.id;
  };
  const act = async (ideaId: string, who: Who, action: Parameters<TestApp['services']['ideas']['act']>[3]): Promise<string> => {
    const result = await app.services.ideas.act(sluiceId, ideaId, who, action);
    if (!result.ok) throw new Error(`${action.type}: ${result.error}`);
    return result.event.id;
  };
  const as = async (who: Who) => bearer(await tokenFor(app, who));
  const ideaId = await submit('Elcyklar för hemtjänsten', giver);
  await act(ideaId, coach, { type: 'take' });
  await act(ideaId, coach, { type: 'askInfo', question: 'Hur många cyklar?' });
  await act(ideaId, giver, { type: 'answerInfo', answer: 'Fem till att börja med' });
  const advanced = await act(ideaId, coach, { type: 'advance', comment: 'Vi testar' });
  await act(ideaId, giver, { type: 'rate', rating: 5, decisionId: advanced });
  await storeIdea(app, {
    sluiceId,
    tenantId: TENANT,
    giver: { ...colleague, locale: 'sv' },
    origin: { name: giver.name, id: giver.id },
    source: 'message',
  });
  const other = await submit('Lånecyklar på biblioteket', colleague);
  expect((await app.services.ideas.link(sluiceId, ideaId, other, coach, 'related')).ok).toBe(true);
  const openUntil = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
  const challenge = {
    title: 'Färre ensamma äldre',
    need: 'Många äldre är ensamma',
    department: 'Socialförvaltningen',
    openUntil,
    channels: [],
  };
  await expectOk(app.post('/api/challenges', { ...challenge, idempotencyKey: randomUUID() }, await as(coach)), 201);
  await expectOk(
    app.post(`/api/ideas/${ideaId}/comments`, { text: 'En kommentar', kind: 'comment', idempotencyKey: randomUUID() }, await as(giver)),
    201,
  );
  await expectOk(
    app.post(`/api/ideas/${ideaId}/comments`, { text: 'En anteckning', kind: 'note', idempotencyKey: randomUUID() }, await as(coach)),
    201,
  );
  await expectOk(app.call('PUT', `/api/ideas/${other}/support`, undefined, await as(giver)));
  await expectOk(app.post(`/api/ideas/${other}/help`, { note: 'Jag cyklar redan' }, await as(giver)), 201);
  await expectOk(app.call('PUT', `/api/ideas/${ideaId}/scores`, { scores: { nytta: 4 } }, await as(coach)));
  // An export for the giver by the registrator: an audit entry naming the giver.
  await expectOk(app.post('/api/admin/people/data', { personId: giver.id, reason: 'Begäran 2026-12-01' }, await as(REGISTRATOR)));
  // A draft in the giver's chat (the conversation references are there from meeting the bot).
  await expectOk(app.post('/api/messages', message('ny idé', { serviceUrl: app.connector.serviceUrl, user: GIVER })));
}

/** What the registry holds about the person right now, read past the bot: the kinds with any, label → count. */
async function registryCounts(who: Who, locale: 'sv' | 'en' = 'sv'): Promise<Record<string, string>> {
  const sluice = (await app.storage.sluices.get(sluiceId))!.value;
  const registry = new PersonalDataRegistry(personalDataSources(app.storage.containers, app.storage.ideas));
  const found = await registry.export({ sluice, id: who.id, tenantId: who.tenantId }, new Date());
  return Object.fromEntries(found.kinds.filter((k) => k.count > 0).map((k) => [k.label[locale], String(k.count)]));
}

async function readingsOf(who: Who): Promise<AuditEvent[]> {
  const page = await app.storage.audit.list(sluiceId, { pageSize: 100 });
  return page.items.filter((e) => e.action === 'personalData.exported' && e.personalData?.subject === subjectRef(who.tenantId, who.id));
}

/** Sends the activity; answers what the bot sent back (text and the card's parsed parts). */
async function send(activity: Record<string, unknown>): Promise<{ texts: string[]; cards: Record<string, unknown>[] }> {
  app.connector.reset();
  const res = await app.post('/api/messages', activity);
  expect(res.status).toBe(200);
  const sent = app.connector.sent();
  const cards = sent.flatMap((a) => ((a['attachments'] as { content: Record<string, unknown> }[] | undefined) ?? []).map((x) => x.content));
  return { texts: sent.map((a) => String(a['text'] ?? '')).filter((t) => t !== ''), cards };
}

/** The card's counts (FactSet) and its "Öppna Mina uppgifter" action, read through the official parser. */
function readCard(card: Record<string, unknown>): { heading: string; facts: Record<string, string>; open: { title: string; url: string } } {
  const parsed = validateCard(card);
  const facts = parsed.getElementById('myDataCounts');
  const open = parsed.getActionById('openMyData');
  if (!(open instanceof AC.OpenUrlAction) || !open.url) throw new Error(`No "open" action on ${JSON.stringify(card)}`);
  const first = parsed.getItemAt(0);
  return {
    heading: first instanceof AC.TextBlock ? (first.text ?? '') : '',
    facts: facts instanceof AC.FactSet ? Object.fromEntries(facts.facts.map((f) => [f.name ?? '', f.value ?? ''])) : {},
    open: { title: open.title ?? '', url: open.url },
  };
}

function subEntityOf(url: string): { tab: string; subEntityId?: string } {
  const parsed = new URL(url);
  const [, , , appId = '', tab = ''] = parsed.pathname.split('/');
  expect(appId).toBe(APP_ID);
  return { tab, ...(JSON.parse(parsed.searchParams.get('context') ?? '{}') as { subEntityId?: string }) };
}

describe('"mina uppgifter" in the personal chat', () => {
  it('counts each kind stored about the giver and about the coach, from the registry, between them every kind', async () => {
    const seen = new Set<string>();
    for (const who of [giver, coach]) {
      const expected = await registryCounts(who);
      const { cards, texts } = await send(message('mina uppgifter', { serviceUrl: app.connector.serviceUrl, user: who }));
      expect(texts).toEqual([]);
      expect(cards).toHaveLength(1);
      const card = readCard(cards[0]!);
      expect(card.heading).toBe('Mina uppgifter i Idéslussen Testkommun');
      expect(card.facts).toEqual(expected);
      expect(card.open.title).toBe('Öppna Mina uppgifter');
      expect(subEntityOf(card.open.url)).toEqual({ tab: 'mine', subEntityId: 'page:my-data' });
      for (const label of Object.keys(card.facts)) seen.add(label);
    }
    // One of each kind: the giver's and the coach's cards together name every registered kind.
    const registry = new PersonalDataRegistry(personalDataSources(app.storage.containers, app.storage.ideas));
    expect(
      registry
        .kinds()
        .map((k) => k.label.sv)
        .filter((label) => !seen.has(label)),
    ).toEqual([]);
    expect(
      readCard((await send(message('mina uppgifter', { serviceUrl: app.connector.serviceUrl, user: giver }))).cards[0]!).facts,
    ).toMatchObject({
      'Idéer du har lämnat': '1',
      'Dina svar på idécoachers frågor': '1',
      'Dina betyg': '1',
      'Dina kommentarer': '1',
      'Idéer du stödjer': '1',
      'Idéer du har erbjudit dig att hjälpa till med': '1',
      'Utkast och läget i chatten': '1',
      'Hur Idéslussen når dig i chatten': '1',
    });
  });

  it('is written to the audit log as exportMyData is, and a redelivered message changes nothing and answers the same', async () => {
    const earlier = new Set((await readingsOf(giver)).map((e) => e.id));
    const before = earlier.size;
    const activity = message('Mina uppgifter!', { serviceUrl: app.connector.serviceUrl, user: GIVER });
    const first = await send(activity);
    const readings = await readingsOf(giver);
    expect(readings).toHaveLength(before + 1);
    const entry = readings.find((e) => !earlier.has(e.id))!;
    expect(entry.personalData?.items).toBeGreaterThan(0);
    expect(entry).toMatchObject({ actor: { id: giver.id, tenantId: TENANT }, personalData: { subject: subjectRef(TENANT, giver.id) } });
    expect(JSON.stringify(entry.personalData)).not.toContain(giver.id);
    const expected = await registryCounts(giver);
    const again = await send(activity);
    expect(await readingsOf(giver)).toHaveLength(before + 1);
    expect(await registryCounts(giver)).toEqual(expected);
    expect(readCard(again.cards[0]!).facts).toEqual(readCard(first.cards[0]!).facts);
  });

  it('answers "my data" in English, with the registry’s English labels', async () => {
    const expected = await registryCounts(giver, 'en');
    const { cards } = await send(message('my data', { serviceUrl: app.connector.serviceUrl, user: GIVER, locale: 'en-US' }));
    const card = readCard(cards[0]!);
    expect(card.heading).toBe('My data in Idéslussen Testkommun');
    expect(card.open.title).toBe('Open My data');
    // This reading's own audit entry is counted by the next one, not by itself.
    expect(card.facts).toEqual(expected);
    expect(card.facts['Ideas you handed in']).toBe('1');
  });

  it('leaves a draft where it was: the next answer is still the title', async () => {
    const anna: Who = { id: '61e00000-0000-4000-8000-0000000000d1', tenantId: TENANT, name: 'Eva Utkast' };
    const say = (text: string) => send(message(text, { serviceUrl: app.connector.serviceUrl, user: anna }));
    expect((await say('ny idé')).texts.join(' ')).toMatch(/rubrik/i);
    const mine = await say('vad vet ni om mig?');
    expect(readCard(mine.cards[0]!).facts).toMatchObject({ 'Utkast och läget i chatten': '1' });
    expect((await say('Cykelpool')).texts.join(' ')).toContain('Vilket behov eller problem');
  });

  it('shows nothing in a channel and says it is personal', async () => {
    const before = (await readingsOf(giver)).length;
    const { texts, cards } = await send(
      message('mina uppgifter', {
        serviceUrl: app.connector.serviceUrl,
        user: GIVER,
        conversationType: 'channel',
        conversationId: '19:allmant@thread.tacv2',
      }),
    );
    expect(cards).toEqual([]);
    expect(texts.join(' ')).toContain('Dina uppgifter visar jag bara för dig');
    expect(await readingsOf(giver)).toHaveLength(before);
  });

  it('is listed on the help card', async () => {
    const { cards } = await send(message('hjälp', { serviceUrl: app.connector.serviceUrl, user: GIVER }));
    expect(JSON.stringify(cards[0])).toContain('**mina uppgifter** – se vad Idéslussen har sparat om dig');
  });
});

describe('the words', () => {
  it.each([
    'mina uppgifter',
    'Mina uppgifter.',
    'visa mina personuppgifter',
    'Vad vet ni om mig?',
    'my data',
    'Show my data!',
    'What do you know about me?',
  ])('takes "%s"', (words) => expect(isMyDataCommand(words)).toBe(true));
  it.each(['mina idéer', 'uppgifter om cyklar', 'idé: mina uppgifter borde synas', 'data'])('leaves "%s" alone', (words) =>
    expect(isMyDataCommand(words)).toBe(false),
  );
});
