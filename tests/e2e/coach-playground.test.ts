/**
 * The coach flow end to end through Microsoft 365 Agents Playground's own API (no browser): the
 * real server with its background outbox worker, Playground as the Teams client and connector.
 * Karin Berg (coach) links the team channel "Idétorget" as coach channel; Anna Lindqvist hands in
 * an idea; Karin takes it, moves it on, asks a question; Anna answers from her card; Karin
 * declines with a reason; Anna is told each time and asked how satisfied she is. Someone who is
 * not a coach is refused. Every card is validated with the official Adaptive Cards parser.
 */
import { randomUUID } from 'node:crypto';
import type { Activity } from 'botbuilder';
import { startTestApp, type TestApp } from '../helpers/app';
import { validateCard } from '../helpers/cards';
import { PlaygroundRequestError, startPlaygroundFixture, type PlaygroundFixture } from '../helpers/playground';
import { actionData, textOf, verbsOf } from '../teams/coach/fixture';

const ADAPTIVE = 'application/vnd.microsoft.card.adaptive';
const TENANT_ID = '00000000-0000-0000-0000-0000000000a1';
const KARIN = '00000000-0000-0000-0000-0000000000c1';

let app: TestApp;
let fx: PlaygroundFixture;

beforeAll(async () => {
  app = await startTestApp({
    DEFAULT_TENANT_ID: TENANT_ID,
    DEFAULT_COACH_IDS: KARIN,
    DEFAULT_SLUICE_NAME: 'Idéslussen',
    // The worker runs in the background, as in production.
    OUTBOX_POLL_MS: '100',
    // Playground always says en-US; the demo tenant is Swedish.
    LOCALE_OVERRIDE: 'sv-SE',
  });
  fx = await startPlaygroundFixture({ botEndpoint: `${app.url}/api/messages` });
}, 90_000);

afterAll(async () => {
  await fx?.stop();
  await app?.close();
});

function cardIn(activity: Activity): Record<string, unknown> {
  const attachment = activity.attachments?.[0];
  expect(attachment?.contentType).toBe(ADAPTIVE);
  const card = attachment?.content as Record<string, unknown>;
  validateCard(card);
  return card;
}

/** The invoke answer must be a valid card (Playground passes on the bot's `{ type, value }`). */
function answered(result: Readonly<Record<string, unknown>>): Record<string, unknown> {
  expect(result['type']).toBe(ADAPTIVE);
  const card = result['value'] as Record<string, unknown>;
  validateCard(card);
  return card;
}

const hasCard = (a: Activity, text: string): boolean =>
  a.attachments?.[0]?.contentType === ADAPTIVE && textOf(a.attachments[0].content as Record<string, unknown>).includes(text);

describe('coach tasks through Agents Playground', () => {
  it('takes an idea from submission to decline, with the giver told at every step', async () => {
    const anna = fx.config.currentUser;
    const karin = fx.user('Karin Berg');
    const erik = fx.user('Erik Johansson');
    const personal = fx.config.personalChat.id;
    const channel = fx.config.channels.find((c) => c.name === 'Idétorget')!;

    // Anna has talked to the bot; Karin links the coach channel.
    await fx.send(personal, 'hjälp', { locale: 'sv-SE' });
    let mark = fx.activities().length;
    await fx.send(channel.id, 'koppla coachkanal', { userId: karin.id, locale: 'sv-SE' });
    await fx.waitForActivity((a, i) => i >= mark && typeof a.text === 'string' && a.text.includes('Klart! Nya idéer i Idéslussen'));

    // Anna's idea (capture is another feature; the service is what it calls).
    mark = fx.activities().length;
    const submitted = await app.services.ideas.submit({
      giver: { id: anna.aadObjectId, tenantId: TENANT_ID, name: anna.name, locale: 'sv', department: 'Socialförvaltningen' },
      text: {
        title: 'Digitala kulturevenemang för äldre',
        need: 'Många äldre kan inte ta sig till biblioteket på kvällen.',
        idea: 'Sänd författarbesök digitalt till äldreboendena.',
        beneficiaries: ['residents'],
        department: 'Socialförvaltningen',
      },
      source: 'chat',
      idempotencyKey: randomUUID(),
    });
    if (!submitted.ok) throw new Error('submit failed');

    // The task card reaches the coach channel and Karin's personal chat.
    const channelPost = await fx.waitForActivity((a, i) => i >= mark && a.conversation.id === channel.id && hasCard(a, 'Ny idé #'));
    const channelCard = cardIn(channelPost);
    expect(textOf(channelCard)).toContain('Digitala kulturevenemang för äldre');
    expect(textOf(channelCard)).toContain('Idégivare: Anna Lindqvist');
    const personalPost = await fx.waitForActivity((a, i) => i >= mark && a.conversation.id !== channel.id && hasCard(a, 'Ny idé #'));
    cardIn(personalPost);
    // As in Teams, a post in a channel is its own thread; actions on its card come from that thread.
    const thread = `${channel.id};messageid=${channelPost.id ?? ''}`;

    // Someone who is not a coach clicks: refused, nothing changes.
    const refused: unknown = await fx
      .invoke({
        name: 'adaptiveCard/action',
        value: { action: { type: 'Action.Execute', verb: 'idea.take', data: actionData(channelCard, 'idea.take') }, trigger: 'manual' },
        conversation: { id: thread },
        from: { id: erik.id },
        replyToId: channelPost.id ?? '',
      })
      .then(
        () => undefined,
        (err: unknown) => err,
      );
    // The bot answers the invoke with status 403 and the error body; Playground reports it as the bot's error.
    expect(refused).toBeInstanceOf(PlaygroundRequestError);
    expect((refused as PlaygroundRequestError).body).toMatchObject({
      innerHttpError: {
        statusCode: 403,
        body: {
          statusCode: 403,
          type: 'application/vnd.microsoft.error',
          value: { message: 'Bara idéslussens coacher kan göra det här.' },
        },
      },
    });
    expect((await app.services.ideas.get('default', submitted.idea.id))?.value.version).toBe(1);

    // Karin takes it from the channel card.
    mark = fx.activities().length;
    const click = async (
      card: Record<string, unknown>,
      verb: string,
      inputs: Record<string, string> = {},
    ): Promise<Record<string, unknown>> =>
      answered(
        await fx.invoke({
          name: 'adaptiveCard/action',
          value: { action: { type: 'Action.Execute', verb, data: { ...actionData(card, verb), ...inputs } }, trigger: 'manual' },
          conversation: { id: thread },
          from: { id: karin.id },
          replyToId: channelPost.id ?? '',
        }),
      );
    const taken = await click(channelCard, 'idea.take');
    expect(textOf(taken)).toContain('Klart: Karin Berg tog idén');
    await fx.waitForActivity((a, i) => i >= mark && a.conversation.id === personal && hasCard(a, 'Karin Berg är din idécoach nu'));

    // Moves it on with a comment: Anna is told, and asked how satisfied she is.
    mark = fx.activities().length;
    const advanced = await click(taken, 'idea.advance', { comment: 'Vi provar på två boenden.' });
    expect(textOf(advanced)).toContain('Steg: Testas');
    const moved = await fx.waitForActivity((a, i) => i >= mark && a.conversation.id === personal && hasCard(a, 'steget **Testas**'));
    expect(textOf(cardIn(moved))).toContain('Kommentar: Vi provar på två boenden.');
    cardIn(await fx.waitForActivity((a, i) => i >= mark && a.conversation.id === personal && hasCard(a, 'Hur har det gått')));

    // Asks a question; Anna answers from the card in her chat; Karin is told.
    mark = fx.activities().length;
    const asked = await click(advanced, 'idea.askInfo', { question: 'Vilka boenden vill vara med?' });
    expect(textOf(asked)).toContain('komplettering begärd');
    const questionPost = await fx.waitForActivity((a, i) => i >= mark && a.conversation.id === personal && hasCard(a, 'vill veta mer'));
    const questionCard = cardIn(questionPost);
    expect(verbsOf(questionCard)).toEqual(['idea.answerInfo']);
    mark = fx.activities().length;
    const thanks = answered(
      await fx.invoke({
        name: 'adaptiveCard/action',
        value: {
          action: {
            type: 'Action.Execute',
            verb: 'idea.answerInfo',
            data: { ...actionData(questionCard, 'idea.answerInfo'), answer: 'Solgården och Ekbacken.' },
          },
          trigger: 'manual',
        },
        conversation: { id: personal },
        replyToId: questionPost.id ?? '',
      }),
    );
    expect(textOf(thanks)).toContain('Tack! Ditt svar är skickat till Karin Berg');
    const told = await fx.waitForActivity((a, i) => i >= mark && typeof a.text === 'string' && a.text.includes('har svarat på din fråga'));
    expect(told.text).toContain('Solgården och Ekbacken.');
    expect(told.conversation.id).not.toBe(personal);

    // Declines with a reason: Anna is told why, and asked again how satisfied she is.
    mark = fx.activities().length;
    const current = await app.services.ideas.get('default', submitted.idea.id);
    const fresh = answered(
      await fx.invoke({
        name: 'adaptiveCard/action',
        value: {
          action: { type: 'Action.Execute', verb: 'idea.refresh', data: { ideaId: submitted.idea.id, sluiceId: 'default' } },
          trigger: 'automatic',
        },
        conversation: { id: thread },
        from: { id: karin.id },
        replyToId: channelPost.id ?? '',
      }),
    );
    expect(actionData(fresh, 'idea.decline')['etag']).toBe(current?.etag);
    const declined = await click(fresh, 'idea.decline', { reason: 'Kulturförvaltningen gör redan detta – vi kopplar ihop er.' });
    expect(verbsOf(declined)).toEqual(['idea.reopen', 'idea.comment']);
    const why = await fx.waitForActivity((a, i) => i >= mark && a.conversation.id === personal && hasCard(a, 'går inte vidare just nu'));
    expect(textOf(cardIn(why))).toContain('Motivering: Kulturförvaltningen gör redan detta – vi kopplar ihop er.');
    cardIn(await fx.waitForActivity((a, i) => i >= mark && a.conversation.id === personal && hasCard(a, 'Hur har det gått')));

    const final = await app.services.ideas.get('default', submitted.idea.id);
    expect(final?.value.history.map((e) => e.kind)).toEqual([
      'submitted',
      'taken',
      'advanced',
      'infoRequested',
      'infoAnswered',
      'declined',
    ]);
    // Every posted copy of the task card was brought up to date (message updates of the same ids).
    for (const post of [channelPost, personalPost]) {
      const updated = await fx.waitForActivity((a, i) => i >= mark && a.id === post.id && hasCard(a, 'Steg: Avslutad'));
      expect(verbsOf(cardIn(updated))).toEqual(['idea.reopen', 'idea.comment']);
    }
    expect(fx.playground.output()).not.toContain('[loopback-guard]');
  }, 120_000);
});
