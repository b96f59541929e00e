/**
 * Teams redelivers an activity it got no answer to in time, with the same id. Through the real
 * /api/messages endpoint (bot state in the embedded Cosmos server, replies recorded by the
 * loopback connector): a redelivered answer is not taken as the next one, and a redelivered
 * submit hands in one idea and answers with its number.
 */
import { message } from '../../../bot/src/local/activities';
import { actionData, Chat, ideasOf, newUser, startCaptureApp, type CaptureApp } from './capture-app';

let app: CaptureApp;
beforeAll(async () => (app = await startCaptureApp()));
afterAll(() => app?.close());

describe('a redelivered activity', () => {
  it('is taken once: a resent title does not become the need, a resent submit gives one idea and the same number', async () => {
    const anna = new Chat(() => app, { user: newUser(), locale: 'sv-SE' });
    const activity = (text: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
      ...message(text, { ...anna.options, serviceUrl: app.connector.serviceUrl }),
      ...extra,
    });
    await anna.say('ny idé');

    const title = activity('Cykelpool');
    expect((await anna.send(title)).text).toContain('Vilket behov eller problem');
    const resent = await anna.send(title);
    expect(resent.status).toBe(200);
    // Shown where the giver is, not taken as the answer to the next question.
    expect(resent.text).toContain('Vilket behov eller problem');
    expect(resent.text).not.toContain('vad är din idé');
    expect((await anna.say('Bilarna räcker inte till alla hembesök.')).text).toContain('vad är din idé');

    const who = await anna.say('Elcyklar till hemtjänsten.');
    await anna.click({ ...actionData(who.cards[0] ?? {}, 'Klart'), beneficiaries: 'staff' });
    const summary = await anna.say('Vård och omsorg');
    const card = summary.cards[0] ?? {};
    expect(JSON.stringify(card)).toContain('Cykelpool');
    expect(JSON.stringify(card)).toContain('Bilarna räcker inte till alla hembesök.');

    const submit = activity('', { value: actionData(card, 'Skicka in'), replyToId: 'summary-card' });
    const first = await anna.send(submit);
    const second = await anna.send(submit);
    const ideas = await ideasOf(app, anna.options.user.id);
    expect(ideas).toHaveLength(1);
    const number = ideas[0]?.number;
    expect(ideas[0]).toMatchObject({
      title: 'Cykelpool',
      need: 'Bilarna räcker inte till alla hembesök.',
      idea: 'Elcyklar till hemtjänsten.',
    });
    expect(first.text).toContain(`nummer **#${number}**`);
    expect(second.status).toBe(200);
    expect(second.text).toContain(`nummer **#${number}**`);
    expect(second.text).not.toContain('Tack');
  });
});
