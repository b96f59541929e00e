/**
 * The task card's "Liknande:" line through the real server: the outbox worker renders the card
 * with the ideas of the same sluice that the similar-idea index finds, a refresh shows them
 * again, and another sluice's idea never appears.
 */
import { randomUUID } from 'node:crypto';
import type { Idea } from '../../../bot/src/domain/idea';
import { createSluice } from '../../../bot/src/domain/sluice';
import { COACH, GIVER, OTHER_TENANT, TENANT } from '../../../bot/src/local/activities';
import { CHANNEL_ID, answeredCard, cardOf, meetEveryone, sentTo, startCoachFixture, textOf, type CoachFixture } from './fixture';

let fx: CoachFixture;

async function submit(
  title: string,
  need: string,
  idea: string,
  tenantId = TENANT,
  department = 'Kultur- och fritidsförvaltningen',
): Promise<Idea> {
  const result = await fx.app.services.ideas.submit({
    giver: { ...GIVER, tenantId, locale: 'sv', department },
    text: { title, need, idea, department, beneficiaries: ['residents'] },
    source: 'chat',
    idempotencyKey: randomUUID(),
  });
  if (!result.ok) throw new Error(`submit failed: ${JSON.stringify(result)}`);
  return result.idea;
}

/** The task card the worker posted in the coach channel for this idea. */
async function channelCardOf(idea: Idea): Promise<Record<string, unknown>> {
  fx.connector.reset();
  await fx.drain();
  const posts = sentTo(fx, CHANNEL_ID).map((a) => cardOf(a));
  const card = posts.find((c) => textOf(c).includes(`#${idea.number}`));
  if (!card) throw new Error(`No task card for #${idea.number} in the coach channel`);
  return card;
}

let swim: Idea;
let swim2: Idea;
let elsewhere: Idea;

beforeAll(async () => {
  fx = await startCoachFixture();
  await meetEveryone(fx);
  await fx.app.storage.sluices.create(
    createSluice({ id: 'other', name: 'Grannslussen', tenantIds: [OTHER_TENANT], coachIds: [], now: new Date() }),
  );
  swim = await submit(
    'Påminn föräldrar om simskolan',
    'Barn kommer inte till simskolan, föräldrarna glömmer tiderna.',
    'Skicka en påminnelse med sms dagen före varje simlektion.',
  );
  swim2 = await submit(
    'SMS-påminnelse inför simlektioner',
    'Barnen uteblir från simlektionerna.',
    'Automatiska påminnelser till vårdnadshavare kvällen innan simlektionen.',
    TENANT,
    'Barn- och utbildningsförvaltningen',
  );
  elsewhere = await submit(
    'Påminnelser om simskolan till föräldrar',
    'Föräldrar glömmer simskolan och barnen missar simlektionen.',
    'SMS-påminnelse om simlektionen dagen före.',
    OTHER_TENANT,
  );
  await submit(
    'Julbelysning i centrum',
    'Torget är mörkt i december.',
    'Mer julbelysning i träden på torget.',
    TENANT,
    'Tekniska förvaltningen',
  );
  await fx.drain();
});
afterAll(async () => {
  await fx.close();
});

describe('the task card’s similar ideas', () => {
  it('names the same sluice’s similar ideas with number, title and stage, never another sluice’s', async () => {
    // The other sluice's idea is in the index: its own sluice is shown it.
    const theirs = fx.app.services.similar.find(['other'], { title: 'Påminn föräldrar om simskolan', need: 'sms före simlektionen' });
    expect(theirs.map((m) => m.id)).toEqual([elsewhere.id]);

    const idea = await submit(
      'Sms till föräldrar före simlektionen',
      'Många barn missar simskolan för att föräldrarna glömmer.',
      'En påminnelse med sms kvällen före simlektionen.',
    );
    const text = textOf(await channelCardOf(idea));
    const line = text.split('\n').find((l) => l.startsWith('Liknande: '));
    expect(line).toBeDefined();
    expect(line).toContain(`#${swim.number} Påminn föräldrar om simskolan (Inkommen)`);
    expect(line).toContain(`#${swim2.number} SMS\\-påminnelse inför simlektioner (Inkommen)`);
    expect(line).not.toContain('Påminnelser om simskolan till föräldrar');
    expect(line).not.toContain('Julbelysning');
    expect(line).not.toContain(`#${idea.number} `);
  });

  it('has no line when nothing is like the idea', async () => {
    const idea = await submit('Cykelställ vid stadshuset', 'Personalen har ingenstans att låsa cykeln.', 'Bygg ett tak över cykelställen.');
    expect(textOf(await channelCardOf(idea))).not.toContain('Liknande');
  });

  it('shows the line on a refreshed card too, with the stage as it is now', async () => {
    const idea = await submit(
      'Påminnelse om simlektionen till föräldrar',
      'Föräldrarna glömmer simskolan.',
      'Ett sms dagen före varje simlektion.',
    );
    await fx.drain();
    const taken = await fx.app.services.ideas.act(
      'default',
      swim.id,
      { id: COACH.id, name: COACH.name, tenantId: TENANT },
      { type: 'take' },
    );
    expect(taken.ok).toBe(true);
    const answer = await fx.click(COACH, 'idea.refresh', { ideaId: idea.id, sluiceId: 'default' });
    expect(textOf(answeredCard(answer))).toMatch(new RegExp(`Liknande: .*#${swim.number} Påminn föräldrar om simskolan \\(Idésamtal\\)`));
  });
});
