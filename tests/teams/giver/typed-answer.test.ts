/**
 * A giver who types the answer to a coach's question in chat, instead of using the question
 * card: the whole server, the embedded Cosmos and the recording connector.
 */
import { randomUUID } from 'node:crypto';
import type { Person as IdeaPerson } from '../../../bot/src/domain/idea';
import { COACH, TENANT } from '../../../bot/src/local/activities';
import { personalConversation, sentTo, startCoachFixture, type CoachFixture, type Person } from '../coach/fixture';

let fx: CoachFixture;
const coach: IdeaPerson = { ...COACH, tenantId: TENANT };

beforeAll(async () => {
  fx = await startCoachFixture();
});
afterAll(() => fx.close());
beforeEach(() => fx.connector.reset());

/** A new idea of the giver, taken by the coach, who asks a question. */
async function askedIdea(giver: Person, title: string): Promise<string> {
  const idea = await fx.submit(giver, title);
  const act = (action: Parameters<typeof fx.app.services.ideas.act>[3]) => fx.app.services.ideas.act('default', idea.id, coach, action);
  expect((await act({ type: 'take' })).ok).toBe(true);
  expect((await act({ type: 'askInfo', question: 'Vilka tunnlar gäller det?' })).ok).toBe(true);
  return idea.id;
}

function repliesTo(person: Person): string[] {
  return sentTo(fx, personalConversation(person)).map((a) => String(a['text'] ?? ''));
}

describe('a typed answer to the open question', () => {
  it('is taken as the answer, once, and the giver is told to whom it went', async () => {
    const giver = { id: '61e00000-0000-4000-8000-0000000000b1', name: 'Sara Holm' };
    const ideaId = await askedIdea(giver, 'Ljusare gångtunnlar');
    fx.connector.reset();

    expect(await fx.say(giver, 'Tunnlarna vid stationen och vid skolan')).toBe(200);
    const idea = (await fx.idea(ideaId)).value;
    expect(idea.needsInfo).toBe(false);
    expect(idea.history.at(-1)).toMatchObject({
      kind: 'infoAnswered',
      text: 'Tunnlarna vid stationen och vid skolan',
      actor: { id: giver.id },
    });
    const [reply] = repliesTo(giver);
    expect(reply).toContain(`#${idea.number}`);
    expect(reply).toContain(COACH.name);
    // The coach hears of it as of an answer on the card.
    await fx.drain();
    expect(JSON.stringify(sentTo(fx, personalConversation(COACH)))).toContain('Tunnlarna vid stationen och vid skolan');

    // With no question open any more, the next message is not an answer.
    fx.connector.reset();
    await fx.say(giver, 'Och en sak till');
    expect((await fx.idea(ideaId)).value.history.filter((e) => e.kind === 'infoAnswered')).toHaveLength(1);
    expect(repliesTo(giver)[0]).toContain('ny idé');
  });

  it('asks which idea it is about when questions wait on several, and answers none of them', async () => {
    const giver = { id: '61e00000-0000-4000-8000-0000000000b2', name: 'Per Lund' };
    const first = await askedIdea(giver, 'Fler papperskorgar');
    const second = await askedIdea(giver, 'Bänkar i parken');
    fx.connector.reset();
    await fx.say(giver, 'Vid lekplatsen');
    for (const id of [first, second]) expect((await fx.idea(id)).value.needsInfo).toBe(true);
    const [reply] = repliesTo(giver);
    expect(reply).toContain(`#${(await fx.idea(first)).value.number}`);
    expect(reply).toContain(`#${(await fx.idea(second)).value.number}`);
  });

  it('leaves a draft in progress to capture: the message answers the draft, not the coach', async () => {
    const giver = { id: '61e00000-0000-4000-8000-0000000000b3', name: 'Lena Ås' };
    const ideaId = await askedIdea(giver, 'Cykelställ vid biblioteket');
    await fx.say(giver, 'ny idé');
    await fx.say(giver, `Rubrik ${randomUUID().slice(0, 8)}`);
    expect((await fx.idea(ideaId)).value.needsInfo).toBe(true);
  });
});
