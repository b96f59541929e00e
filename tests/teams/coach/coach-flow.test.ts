/**
 * The whole coach flow through the bot's HTTP endpoint and a recording Bot Framework connector:
 * new idea → task cards in the coach channel and to the responsible coach → take → advance →
 * ask for information → the giver answers → decline; the giver told at each step; every card
 * validated with the official Adaptive Cards parser.
 */
import { COACH, COACH_2, GIVER } from '../../../bot/src/local/activities';
import {
  CHANNEL_ID,
  actionData,
  answeredCard,
  cardOf,
  meetEveryone,
  personalConversation,
  sentTo,
  startCoachFixture,
  textOf,
  verbsOf,
  type CoachFixture,
} from './fixture';

let fx: CoachFixture;

beforeAll(async () => {
  fx = await startCoachFixture();
  await meetEveryone(fx);
});
afterAll(async () => {
  await fx.close();
});
beforeEach(() => fx.connector.reset());

describe('coach channel', () => {
  it('is stored on the sluice when a coach says "koppla coachkanal" in a channel', async () => {
    const sluice = await fx.app.storage.sluices.get('default');
    expect(sluice?.value.coachChannel).toMatchObject({
      conversationId: CHANNEL_ID,
      serviceUrl: fx.connector.serviceUrl,
      teamId: expect.any(String),
    });
  });

  it('is refused to someone who is not a coach, and the channel stays', async () => {
    await fx.sayInChannel(GIVER, 'set coach channel');
    await fx.connector.waitFor(() => fx.connector.sent().length > 0);
    expect(fx.connector.sent()[0]?.['text']).toContain('Bara idéslussens coacher');
    expect((await fx.app.storage.sluices.get('default'))?.value.coachChannel?.conversationId).toBe(CHANNEL_ID);
  });
});

describe('an idea from submission to decline', () => {
  it('goes through take, advance, askInfo, the answer and decline, telling the giver each time', async () => {
    const idea = await fx.submit();
    const assigned = idea.coach?.id;
    const assignedCoach = [COACH, COACH_2].find((c) => c.id === assigned)!;

    // Nothing is sent before the worker runs: the submission only queued the notifications.
    expect(fx.connector.sent()).toHaveLength(0);
    await fx.drain();

    // 1. Task card in the channel and to the round-robin coach, both with the idea escaped.
    const [channelPost] = sentTo(fx, CHANNEL_ID);
    const [personalPost] = sentTo(fx, personalConversation(assignedCoach));
    const channelCard = cardOf(channelPost);
    cardOf(personalPost);
    expect(textOf(channelCard)).toContain('Tryggare gångtunnlar');
    expect(textOf(channelCard)).toContain('\\*\\*fetstil\\*\\* och \\[länk\\]\\(https://evil.example\\)');
    expect(textOf(channelCard)).toContain('Anna Lindqvist');
    expect(textOf(channelCard)).toContain('Tekniska förvaltningen');
    expect(textOf(channelCard)).toContain('Inkommen');
    expect(verbsOf(channelCard)).toEqual(['idea.take', 'idea.askInfo', 'idea.decline', 'idea.reassign', 'idea.comment']);
    expect(channelCard['refresh']).toMatchObject({
      action: { type: 'Action.Execute', verb: 'idea.refresh', data: { ideaId: idea.id } },
      userIds: expect.arrayContaining([`29:${COACH.id}`, `29:${COACH_2.id}`]),
    });
    const taskCopies = await fx.copiesOf(idea.id, 'task');
    expect(taskCopies).toHaveLength(2);
    const channelCopy = taskCopies.find((c) => c.conversationId === CHANNEL_ID)!;

    // 2. Take, from the channel card.
    fx.connector.reset();
    const taken = answeredCard(
      await fx.click(COACH, 'idea.take', actionData(channelCard, 'idea.take'), {
        conversationType: 'channel',
        conversationId: `${CHANNEL_ID};messageid=${channelCopy.activityId}`,
        replyToId: channelCopy.activityId,
      }),
    );
    expect(textOf(taken)).toContain('Klart: Karin Berg tog idén');
    expect(textOf(taken)).toContain('Idésamtal');
    expect(verbsOf(taken)).toEqual(['idea.advance', 'idea.askInfo', 'idea.decline', 'idea.reassign', 'idea.comment']);
    expect(fx.connector.sent()).toHaveLength(0);
    await fx.drain();
    const [takenNote] = sentTo(fx, personalConversation(GIVER));
    const takenText = textOf(cardOf(takenNote));
    expect(takenText).toContain('Karin Berg är din idécoach nu');
    expect(takenText).toContain('Steg: Idésamtal');
    // Every copy (channel and personal) was brought up to date.
    expect(
      fx.connector
        .updates()
        .map((u) => u.activityId)
        .sort(),
    ).toEqual(taskCopies.map((c) => c.activityId).sort());
    for (const update of fx.connector.updates()) expect(textOf(cardOf(update.body))).toContain('Idésamtal');

    // 3. Advance with a comment.
    fx.connector.reset();
    const advanced = answeredCard(
      await fx.click(COACH, 'idea.advance', { ...actionData(taken, 'idea.advance'), comment: 'Vi testar i två tunnlar i vår.' }),
    );
    expect(textOf(advanced)).toContain('Testas');
    await fx.drain();
    const toGiver = sentTo(fx, personalConversation(GIVER));
    expect(toGiver).toHaveLength(2);
    const advancedText = textOf(cardOf(toGiver[0]));
    expect(advancedText).toContain('gått vidare till steget **Testas**');
    expect(advancedText).toContain('Kommentar: Vi testar i två tunnlar i vår.');
    const satisfaction = cardOf(toGiver[1]);
    expect(textOf(satisfaction)).toContain('Hur har det gått');
    expect(verbsOf(satisfaction)).toEqual(['idea.rate']);

    // 4. Ask for more information.
    fx.connector.reset();
    const asked = answeredCard(
      await fx.click(COACH, 'idea.askInfo', { ...actionData(advanced, 'idea.askInfo'), question: 'Vilka tunnlar är värst?' }),
    );
    expect(textOf(asked)).toContain('komplettering begärd');
    expect(textOf(asked)).toContain('Fråga till idégivaren: Vilka tunnlar är värst?');
    await fx.drain();
    const [questionPost] = sentTo(fx, personalConversation(GIVER));
    const questionCard = cardOf(questionPost);
    expect(textOf(questionCard)).toContain('Karin Berg vill veta mer');
    expect(textOf(questionCard)).toContain('Vilka tunnlar är värst?');
    const [questionCopy] = await fx.copiesOf(idea.id, 'question');

    // 5. The giver answers from the question card; the coach is told.
    fx.connector.reset();
    const answered = answeredCard(
      await fx.click(
        GIVER,
        'idea.answerInfo',
        { ...actionData(questionCard, 'idea.answerInfo'), answer: 'Tunneln vid stationen.' },
        { replyToId: questionCopy?.activityId },
      ),
    );
    expect(textOf(answered)).toContain('Tack! Ditt svar är skickat till Karin Berg');
    expect(verbsOf(answered)).toEqual([]);
    const afterAnswer = await fx.idea(idea.id);
    expect(afterAnswer.value.needsInfo).toBe(false);
    expect(afterAnswer.value.history.at(-1)).toMatchObject({ kind: 'infoAnswered', text: 'Tunneln vid stationen.' });
    await fx.drain();
    const [toCoach] = sentTo(fx, personalConversation(COACH));
    expect(toCoach?.['text']).toContain('Anna Lindqvist har svarat på din fråga');
    expect(toCoach?.['text']).toContain('Tunneln vid stationen.');

    // 6. Decline: a reason is required; without it nothing changes.
    fx.connector.reset();
    const current = await fx.idea(idea.id);
    const declineData = { ideaId: idea.id, sluiceId: 'default', etag: current.etag, version: current.value.version };
    const noReason = answeredCard(await fx.click(COACH, 'idea.decline', { ...declineData, reason: '  ' }));
    expect(textOf(noReason)).toContain('Skriv en text först');
    expect((await fx.idea(idea.id)).etag).toBe(current.etag);
    const declined = answeredCard(
      await fx.click(COACH, 'idea.decline', { ...declineData, reason: 'Trafikverket äger tunnlarna och gör redan detta.' }),
    );
    expect(textOf(declined)).toContain('Avslutad');
    expect(verbsOf(declined)).toEqual(['idea.reopen', 'idea.comment']);
    await fx.drain();
    const finalToGiver = sentTo(fx, personalConversation(GIVER));
    expect(finalToGiver).toHaveLength(2);
    const declinedText = textOf(cardOf(finalToGiver[0]));
    expect(declinedText).toContain('går inte vidare just nu');
    expect(declinedText).toContain('Motivering: Trafikverket äger tunnlarna och gör redan detta.');
    expect(textOf(cardOf(finalToGiver[1]))).toContain('Hur har det gått med din idé');

    const final = await fx.idea(idea.id);
    expect(final.value.history.map((e) => e.kind)).toEqual(['submitted', 'taken', 'advanced', 'infoRequested', 'infoAnswered', 'declined']);
  });

  it('stores the satisfaction rating once, however often the card is sent', async () => {
    const idea = await fx.submit(GIVER, 'Cykelpool för hemtjänsten');
    await fx.drain();
    const current = await fx.idea(idea.id);
    const take = await fx.click(COACH, 'idea.take', { ideaId: idea.id, sluiceId: 'default', etag: current.etag, version: 1 });
    const advanced = answeredCard(await fx.click(COACH, 'idea.advance', actionData(answeredCard(take), 'idea.advance')));
    expect(textOf(advanced)).toContain('Testas');
    fx.connector.reset();
    await fx.drain();
    const rateCard = sentTo(fx, personalConversation(GIVER))
      .map((a) => cardOf(a))
      .find((c) => verbsOf(c).includes('idea.rate'))!;
    const data = { ...actionData(rateCard, 'idea.rate'), rating: '4', ratingComment: 'Snabbt svar!' };
    expect(textOf(answeredCard(await fx.click(GIVER, 'idea.rate', { ...data, rating: '9' })))).toContain('Välj en siffra');
    expect(textOf(answeredCard(await fx.click(GIVER, 'idea.rate', data)))).toContain('Tack för ditt svar (4 av 5)');
    expect(textOf(answeredCard(await fx.click(GIVER, 'idea.rate', data)))).toContain('ditt svar finns redan');
    const rated = await fx.idea(idea.id);
    expect(rated.value.satisfaction).toEqual([expect.objectContaining({ rating: 4, comment: 'Snabbt svar!', stage: 'testing' })]);
    // Someone else cannot rate the giver's idea.
    const other = await fx.click(COACH, 'idea.rate', data);
    expect(other).toMatchObject({ statusCode: 403, type: 'application/vnd.microsoft.error' });
  });

  it('tells an English-speaking giver in English, and reassigns to the other coach', async () => {
    fx.connector.reset();
    // The giver handed the idea in from an English Teams; the coach uses English too.
    const idea = await fx.submit(GIVER, 'Digital library events', 'en');
    await fx.drain();
    const current = await fx.idea(idea.id);
    const taken = answeredCard(
      await fx.click(COACH, 'idea.take', { ideaId: idea.id, sluiceId: 'default', etag: current.etag, version: 1 }, { locale: 'en-US' }),
    );
    expect(textOf(taken)).toContain('Done: Karin Berg took the idea');
    const reassigned = answeredCard(
      await fx.click(COACH, 'idea.reassign', { ...actionData(taken, 'idea.reassign'), coachId: COACH_2.id }, { locale: 'en-US' }),
    );
    expect(textOf(reassigned)).toContain('Responsible coach: Omar Haddad');
    fx.connector.reset();
    await fx.drain();
    const toGiver = sentTo(fx, personalConversation(GIVER)).map((a) => textOf(cardOf(a)));
    expect(toGiver[0]).toContain('Karin Berg is your idea coach now');
    expect(toGiver[1]).toContain('Your idea has a new idea coach: Omar Haddad');
    // The new coach gets the task card in personal chat.
    const toNewCoach = sentTo(fx, personalConversation(COACH_2));
    expect(toNewCoach).toHaveLength(1);
    expect(textOf(cardOf(toNewCoach[0]))).toContain('Omar Haddad');
  });

  it('shows a coach who opens the card later the current state, and a non-coach a read-only card', async () => {
    const idea = await fx.submit(GIVER, 'Bättre simundervisning');
    const current = await fx.idea(idea.id);
    await fx.click(COACH_2, 'idea.take', { ideaId: idea.id, sluiceId: 'default', etag: current.etag, version: 1 });
    const forCoach = answeredCard(await fx.click(COACH, 'idea.refresh', { ideaId: idea.id, sluiceId: 'default' }));
    expect(textOf(forCoach)).toContain('Ansvarig coach: Omar Haddad');
    expect(verbsOf(forCoach)).toContain('idea.advance');
    const forGiver = answeredCard(await fx.click(GIVER, 'idea.refresh', { ideaId: idea.id, sluiceId: 'default' }));
    expect(verbsOf(forGiver)).toEqual(['idea.comment']);
    expect(textOf(forGiver)).toContain('Bara idéslussens coacher kan ändra idén');
  });
});
