/**
 * Isolation on the bot's side, with three tenants in two sluices: S1 (the default sluice) shared by
 * T1 and T2, S2 ("Piteå") of T3. Capture in chat stores an idea in the sluice of the giver's
 * tenant only (with that sluice's departments offered and its own numbers), "mina idéer" lists only
 * the giver's own ideas of their own tenant, a task card's "Liknande:" names only the sluice's own
 * ideas, and a card action naming an idea of another sluice is refused and changes nothing. The
 * tab API's side is tests/api/isolation.test.ts.
 */
import type { Idea } from '../../bot/src/domain/idea';
import { createSluice } from '../../bot/src/domain/sluice';
import { COACH, GIVER, TENANT, invoke } from '../../bot/src/local/activities';
import { Chat, actionData as submitData, textsOf } from './capture/capture-app';
import {
  ERROR,
  answeredCard,
  cardOf,
  personalConversation,
  sentTo,
  startCoachFixture,
  textOf,
  type CoachFixture,
  type Person,
} from './coach/fixture';

const T1 = TENANT;
const T2 = '44444444-4444-4444-8444-444444444444';
const T3 = '55555555-5555-4555-8555-555555555555';
const S1 = 'default';
const S2 = 'pitea';
type Member = Person & { readonly tenantId: string };
const C1: Member = { ...COACH, tenantId: T1 };
const C2: Member = { id: 'c0ac0000-0000-4000-8000-000000000022', name: 'Lina Ek', tenantId: T2 };
const C3: Member = { id: 'c0ac0000-0000-4000-8000-000000000033', name: 'Per Holm', tenantId: T3 };
const G1: Member = { ...GIVER, tenantId: T1 };
const G2: Member = { id: '61e00000-0000-4000-8000-000000000022', name: 'Sara Nyström', tenantId: T2 };
const G3: Member = { id: '61e00000-0000-4000-8000-000000000033', name: 'Ola Lind', tenantId: T3 };

// The same words as the coach fixture's ideas, so S2's idea is as like S1's as an idea can be.
const NEED = 'Gångtunnlarna under järnvägen är mörka på kvällen och folk undviker dem.';
const IDEA = 'Sätt in rörelsestyrd belysning och måla väggarna ljusa, **fetstil** och [länk](https://evil.example).';

let fx: CoachFixture;
/** T1's tunnel idea in S1, handed in through the service as capture does. */
let x1: Idea;

async function all(sluiceId: string): Promise<Idea[]> {
  const found: Idea[] = [];
  for await (const idea of fx.app.storage.ideas.all(sluiceId)) found.push(idea);
  return found;
}

async function stateOf(sluiceId: string, id: string) {
  const found = (await fx.app.storage.ideas.get(sluiceId, id))!;
  return { etag: found.etag, events: found.value.history.length, stage: found.value.stage, jobs: (await fx.jobsOf(id)).length };
}

/** Runs `attempt` and shows the idea is exactly as it was: same etag, history and queued notifications. */
async function unchanged(sluiceId: string, id: string, attempt: () => Promise<void>): Promise<void> {
  const before = await stateOf(sluiceId, id);
  await attempt();
  expect(await stateOf(sluiceId, id)).toEqual(before);
}

/** The giver hands in an idea in their personal chat: "idé: …", the need, who benefits, the department, Skicka in. */
async function capture(giver: Member, title: string, department: string) {
  const chat = new Chat(() => fx.app, { user: giver, tenantId: giver.tenantId, conversationId: personalConversation(giver) });
  await chat.say(`idé: ${title}\n${IDEA}`);
  await chat.say(NEED);
  const question = await chat.say('invånare');
  const summary = await chat.say(department);
  const done = await chat.click(submitData(summary.cards[0] ?? {}, 'Skicka in'));
  return { question, done };
}

beforeAll(async () => {
  fx = await startCoachFixture({ SIMILAR_REFRESH_MS: '0', DEFAULT_SLUICE_NAME: 'Skaraborgs idésluss' });
  const { storage } = fx.app;
  const s1 = (await storage.sluices.get(S1))!;
  await storage.sluices.replace(
    {
      ...s1.value,
      tenantIds: [T1, T2],
      municipalities: { [T1]: 'Skövde', [T2]: 'Falköping' },
      departments: ['Skaraborgs teknikförvaltning'],
      coaches: [
        { id: C1.id, name: C1.name, tenantId: T1 },
        { id: C2.id, name: C2.name, tenantId: T2 },
      ],
    },
    s1.etag,
  );
  await storage.sluices.create({
    ...createSluice({ id: S2, name: 'Piteå idésluss', tenantIds: [T3], coachIds: [C3.id], now: new Date() }),
    municipalities: { [T3]: 'Piteå' },
    departments: ['Piteå samhällsbyggnad'],
    coaches: [{ id: C3.id, name: C3.name, tenantId: T3 }],
  });
  for (const person of [G1, G2, G3, C1, C2, C3]) expect(await fx.say(person, 'hjälp', { tenantId: person.tenantId })).toBeLessThan(300);
  x1 = await fx.submit(G1, 'Tryggare gångtunnlar');
  await fx.drain();
  fx.connector.reset();
});
afterAll(async () => {
  await fx?.close();
});

describe('capture in chat', () => {
  it("stores T3's idea in S2 only, with S2's departments offered and S2's own numbering", async () => {
    const s1Before = (await all(S1)).map((i) => i.id);
    const { question, done } = await capture(G3, 'Ljusare gångtunnlar', 'Piteå samhällsbyggnad');
    expect(question.choices).toEqual(['Piteå samhällsbyggnad']);
    const [stored, ...more] = await all(S2);
    expect(more).toEqual([]);
    expect(stored).toMatchObject({ sluiceId: S2, tenantId: T3, number: 1, title: 'Ljusare gångtunnlar', coach: { id: C3.id } });
    expect(done.text).toContain('#1');
    expect((await all(S1)).map((i) => i.id)).toEqual(s1Before);
  });

  it("stores T2's idea in the shared S1, for T2's own coach", async () => {
    const { question } = await capture(G2, 'Mörka gångtunnlar i Falköping', 'Skaraborgs teknikförvaltning');
    expect(question.choices).toEqual(['Skaraborgs teknikförvaltning']);
    const stored = (await all(S1)).find((i) => i.title === 'Mörka gångtunnlar i Falköping');
    expect(stored).toMatchObject({ tenantId: T2, coach: { id: C2.id } });
    expect((await all(S2)).map((i) => i.title)).toEqual(['Ljusare gångtunnlar']);
  });

  it('names only ideas of its own sluice as "Liknande" on the coaches\' task cards', async () => {
    fx.connector.reset();
    await fx.drain();
    const [s2Idea] = await all(S2);
    const s2Card = textOf(cardOf(sentTo(fx, personalConversation(C3)).find((a) => JSON.stringify(a).includes(s2Idea!.id))));
    expect(s2Card).toContain('Ljusare gångtunnlar');
    expect(s2Card).not.toContain('Tryggare gångtunnlar');
    expect(s2Card).not.toContain('Falköping');
    // S1's card for T2's idea names T1's like idea, and not S2's.
    const s1Card = textOf(cardOf(sentTo(fx, personalConversation(C2)).find((a) => JSON.stringify(a).includes('Mörka gångtunnlar'))));
    expect(s1Card).toContain(`Liknande: #${x1.number} Tryggare gångtunnlar`);
    expect(s1Card).not.toContain('Ljusare gångtunnlar');
  });
});

describe('the message extension "Gör till idé"', () => {
  /** Submits the form as Teams sends it, from a channel of the giver's tenant, with the form's draft id. */
  const submitForm = async (giver: Member, draftId: string, title: string) => {
    const res = await fx.app.post(
      '/api/messages',
      invoke(
        'composeExtension/submitAction',
        {
          commandId: 'createIdea',
          commandContext: 'compose',
          data: { draftId, formContext: 'compose', title, need: NEED, idea: IDEA, beneficiaries: 'residents', department: 'Teknik' },
        },
        {
          serviceUrl: fx.connector.serviceUrl,
          user: giver,
          tenantId: giver.tenantId,
          conversationType: 'channel',
          conversationId: '19:allmant@thread.tacv2',
        },
      ),
    );
    expect(res.status).toBe(200);
    return String((res.body as { task?: { value?: unknown } }).task?.value ?? '');
  };
  const DRAFT = 'c1a2b3c4-0000-4000-8000-00000000d001';

  it("stores the idea in the giver's sluice; the same draft id from the same person in another tenant is another idea", async () => {
    const s1Before = (await all(S1)).length;
    const s2Before = (await all(S2)).length;
    const inS1 = await submitForm(G1, DRAFT, 'Gatlampor i Skövde');
    expect(inS1).toContain('Skaraborgs');
    const fromT3 = await submitForm({ ...G1, tenantId: T3 }, DRAFT, 'Gatlampor i Piteå');
    expect(fromT3).toContain('Piteå idésluss');
    expect(fromT3).not.toContain('Gatlampor i Skövde');
    expect((await all(S1)).map((i) => i.title)).toContain('Gatlampor i Skövde');
    expect((await all(S1)).length).toBe(s1Before + 1);
    const s2 = await all(S2);
    expect(s2.length).toBe(s2Before + 1);
    expect(s2.find((i) => i.title === 'Gatlampor i Piteå')).toMatchObject({ tenantId: T3, source: 'message' });
  });
});

describe('"mina idéer"', () => {
  const mine = async (person: Member) => {
    const chat = new Chat(() => fx.app, { user: person, tenantId: person.tenantId, conversationId: personalConversation(person) });
    const turn = await chat.say('mina idéer');
    return `${turn.text}\n${turn.cards.map((c) => textsOf(c).join('\n')).join('\n')}`;
  };

  it("lists the giver's own ideas of their own tenant only", async () => {
    const g1 = await mine(G1);
    expect(g1).toContain('Tryggare gångtunnlar');
    expect(g1).not.toContain('Mörka gångtunnlar');
    expect(g1).not.toContain('Ljusare gångtunnlar');
    const g3 = await mine(G3);
    expect(g3).toContain('Ljusare gångtunnlar');
    expect(g3).not.toContain('gångtunnlar i Falköping');
    expect(g3).not.toContain('Tryggare');
    expect(g1).toContain('Gatlampor i Skövde');
    expect(g1).not.toContain('Gatlampor i Piteå');
    // T1's giver with the same Entra id, writing from T3: only what they handed in there.
    const g1inT3 = await mine({ ...G1, tenantId: T3 });
    expect(g1inT3).toContain('Gatlampor i Piteå');
    expect(g1inT3).not.toContain('Tryggare');
    expect(g1inT3).not.toContain('Gatlampor i Skövde');
  });
});

describe('card actions', () => {
  const inT3 = (p: Person) => ({ tenantId: T3, conversationId: `a:personal-${p.id}-t3` });

  it('refuse a T3 coach acting on an S1 idea, whatever sluice the card data names, and change nothing', async () => {
    const { etag } = await stateOf(S1, x1.id);
    await unchanged(S1, x1.id, async () => {
      for (const verb of ['idea.take', 'idea.decline', 'idea.askInfo', 'idea.reassign']) {
        const named = await fx.click(
          C3,
          verb,
          { ideaId: x1.id, sluiceId: S1, etag, reason: 'Nej', question: 'Var?', coachId: C3.id },
          inT3(C3),
        );
        expect(named).toMatchObject({ statusCode: 403, type: ERROR });
        const own = await fx.click(
          C3,
          verb,
          { ideaId: x1.id, sluiceId: S2, etag, reason: 'Nej', question: 'Var?', coachId: C3.id },
          inT3(C3),
        );
        expect(own).toMatchObject({ statusCode: 400, type: ERROR, value: { message: 'Idén finns inte längre.' } });
        expect(JSON.stringify(own.value)).not.toContain('Tryggare');
      }
      // Nor may they read it through a refresh, nor answer for its giver.
      expect(await fx.click(C3, 'idea.refresh', { ideaId: x1.id, sluiceId: S1, etag }, inT3(C3))).toMatchObject({ statusCode: 403 });
      const answer = await fx.click(
        G3,
        'idea.answerInfo',
        { ideaId: x1.id, sluiceId: S1, eventId: x1.history[0]!.id, answer: 'Här' },
        inT3(G3),
      );
      expect(answer).toMatchObject({ statusCode: 403, type: ERROR });
      // S1's own coach with the same id, signing in from T3, is nobody in either sluice.
      expect(await fx.click(C1, 'idea.take', { ideaId: x1.id, sluiceId: S1, etag }, inT3(C1))).toMatchObject({ statusCode: 403 });
      expect(await fx.click(C1, 'idea.take', { ideaId: x1.id, sluiceId: S2, etag }, inT3(C1))).toMatchObject({ type: ERROR });
    });
    // A coach of the other member tenant of S1 takes T1's idea with the same data.
    const taken = answeredCard(await fx.click(C2, 'idea.take', { ideaId: x1.id, sluiceId: S1, etag }, { tenantId: T2 }));
    expect(textOf(taken)).toContain('Tryggare gångtunnlar');
    expect((await stateOf(S1, x1.id)).stage).toBe('screening');
  });

  it('refuse S1 coaches on an S2 idea the same way', async () => {
    const [y1] = await all(S2);
    const { etag } = await stateOf(S2, y1!.id);
    await unchanged(S2, y1!.id, async () => {
      for (const coach of [C1, C2]) {
        expect(await fx.click(coach, 'idea.take', { ideaId: y1!.id, sluiceId: S2, etag }, { tenantId: coach.tenantId })).toMatchObject({
          statusCode: 403,
          type: ERROR,
        });
        expect(await fx.click(coach, 'idea.take', { ideaId: y1!.id, sluiceId: S1, etag }, { tenantId: coach.tenantId })).toMatchObject({
          statusCode: 400,
          type: ERROR,
        });
      }
    });
    answeredCard(await fx.click(C3, 'idea.take', { ideaId: y1!.id, sluiceId: S2, etag }, { tenantId: T3 }));
  });
});
