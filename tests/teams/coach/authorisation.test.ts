/**
 * Who may act on a card is decided on the server from the sender's Entra object id and tenant,
 * never from card data. Refused requests get `application/vnd.microsoft.error` in the user's
 * language, and nothing changes: no new history event, no notification queued.
 */
import { COACH, COACH_2, GIVER, OTHER_TENANT } from '../../../bot/src/local/activities';
import { ERROR, actionData, answeredCard, cardOf, meetEveryone, sentTo, startCoachFixture, type CoachFixture } from './fixture';
import { CHANNEL_ID } from './fixture';

let fx: CoachFixture;

beforeAll(async () => {
  fx = await startCoachFixture();
  await meetEveryone(fx);
});
afterAll(async () => {
  await fx.close();
});

/** An idea with its task card posted, and the card's take data. */
async function ideaWithCard(): Promise<{ ideaId: string; data: Record<string, unknown>; cardActivityId: string }> {
  const idea = await fx.submit();
  fx.connector.reset();
  await fx.drain();
  const card = cardOf(sentTo(fx, CHANNEL_ID)[0]);
  const copy = (await fx.copiesOf(idea.id, 'task')).find((c) => c.conversationId === CHANNEL_ID);
  return { ideaId: idea.id, data: actionData(card, 'idea.take'), cardActivityId: copy!.activityId };
}

async function expectUnchanged(ideaId: string, run: () => Promise<void>): Promise<void> {
  const before = await fx.idea(ideaId);
  const jobsBefore = (await fx.jobsOf(ideaId)).length;
  await run();
  const after = await fx.idea(ideaId);
  expect(after.etag).toBe(before.etag);
  expect(after.value.history).toHaveLength(before.value.history.length);
  expect(await fx.jobsOf(ideaId)).toHaveLength(jobsBefore);
}

describe('card actions are authorised on the server', () => {
  it('refuses a non-coach with 403 in Swedish, and in English for an English Teams', async () => {
    const { ideaId, data } = await ideaWithCard();
    await expectUnchanged(ideaId, async () => {
      const sv = await fx.click(GIVER, 'idea.take', data);
      expect(sv).toMatchObject({
        status: 403,
        statusCode: 403,
        type: ERROR,
        value: { message: 'Bara idéslussens coacher kan göra det här.' },
      });
      const en = await fx.click(GIVER, 'idea.decline', { ...data, reason: 'Nej' }, { locale: 'en-GB' });
      expect(en).toMatchObject({ statusCode: 403, type: ERROR, value: { message: "Only the sluice's coaches can do this." } });
    });
  });

  it('does not believe card data that claims the sender is a coach', async () => {
    const { ideaId, data } = await ideaWithCard();
    await expectUnchanged(ideaId, async () => {
      const forged = await fx.click(GIVER, 'idea.take', { ...data, actorId: COACH.id, aadObjectId: COACH.id, role: 'coach' });
      expect(forged).toMatchObject({ statusCode: 403, type: ERROR });
    });
  });

  it('refuses a coach id signed in from another tenant (another sluice)', async () => {
    const { ideaId, data } = await ideaWithCard();
    await expectUnchanged(ideaId, async () => {
      const other = await fx.click(COACH, 'idea.take', data, { tenantId: OTHER_TENANT });
      expect(other).toMatchObject({ statusCode: 403, type: ERROR });
    });
  });

  it('refuses with 400 an action naming another idea than the card it came from', async () => {
    const first = await ideaWithCard();
    const second = await ideaWithCard();
    await expectUnchanged(second.ideaId, async () => {
      const mismatched = await fx.click(COACH, 'idea.take', second.data, {
        conversationType: 'channel',
        conversationId: `${CHANNEL_ID};messageid=${first.cardActivityId}`,
        replyToId: first.cardActivityId,
      });
      expect(mismatched).toMatchObject({ statusCode: 400, type: ERROR, value: { message: expect.stringContaining('hör inte ihop') } });
    });
    // The same click on the right card works.
    const ok = await fx.click(COACH_2, 'idea.take', second.data, {
      conversationType: 'channel',
      conversationId: `${CHANNEL_ID};messageid=${second.cardActivityId}`,
      replyToId: second.cardActivityId,
    });
    answeredCard(ok);
  });

  it('answers unknown verbs and broken data with 400, never a stack trace', async () => {
    const { data } = await ideaWithCard();
    const unknown = await fx.click(COACH, 'idea.delete', data);
    expect(unknown).toMatchObject({ statusCode: 400, type: ERROR, value: { message: 'Den knappen känner jag inte igen.' } });
    const broken = await fx.click(COACH, 'idea.take', { ideaId: 42 });
    expect(broken).toMatchObject({ statusCode: 400, type: ERROR });
    const noEtag = await fx.click(COACH, 'idea.take', { ideaId: data['ideaId'], sluiceId: 'default' });
    expect(noEtag).toMatchObject({ statusCode: 400, type: ERROR });
    for (const answer of [unknown, broken, noEtag]) expect(JSON.stringify(answer.value)).not.toMatch(/at .*\.(t|j)s:\d+/);
  });

  it('lets only the giver answer the question meant for them', async () => {
    const { ideaId, data } = await ideaWithCard();
    const taken = answeredCard(await fx.click(COACH, 'idea.take', data));
    answeredCard(await fx.click(COACH, 'idea.askInfo', { ...actionData(taken, 'idea.askInfo'), question: 'Var ligger tunneln?' }));
    const question = (await fx.idea(ideaId)).value.history.at(-1)!;
    await expectUnchanged(ideaId, async () => {
      const byCoach = await fx.click(COACH_2, 'idea.answerInfo', { ideaId, sluiceId: 'default', eventId: question.id, answer: 'Här' });
      expect(byCoach).toMatchObject({ statusCode: 403, type: ERROR, value: { message: 'Bara den som lämnade idén kan svara här.' } });
    });
  });
});

describe('ids in card data', () => {
  it.each(['.', '..', 'a/b', '', 'x'.repeat(200)])('refuses ideaId %j with a readable 400 before anything is read', async (ideaId) => {
    const ideaGet = jest.spyOn(fx.app.storage.ideas, 'get');
    const sluiceGet = jest.spyOn(fx.app.storage.sluices, 'get');
    try {
      for (const verb of ['idea.take', 'idea.refresh', 'idea.answerInfo']) {
        const answer = await fx.click(COACH, verb, { ideaId, sluiceId: 'default', etag: 'x', eventId: 'e1', answer: 'Svar' });
        expect(answer).toMatchObject({
          statusCode: 400,
          type: ERROR,
          value: { code: 'BadRequest', message: 'Kortet pekar på en idé som inte finns. Öppna kortet igen.' },
        });
      }
      expect(ideaGet).not.toHaveBeenCalled();
      expect(sluiceGet).not.toHaveBeenCalled();
    } finally {
      ideaGet.mockRestore();
      sluiceGet.mockRestore();
    }
  });

  it('refuses a sluiceId of "." the same way', async () => {
    const answer = await fx.click(COACH, 'idea.refresh', { ideaId: '0a1b2c3d-0000-4000-8000-000000000000', sluiceId: '.' });
    expect(answer).toMatchObject({ statusCode: 400, type: ERROR, value: { code: 'BadRequest' } });
  });
});
