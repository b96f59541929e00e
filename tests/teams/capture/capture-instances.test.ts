/**
 * Two instances of the whole server on one Cosmos (the embedded server over HTTP), as several App
 * Service instances share one account, and Teams' turns of one giver reaching either of them (no
 * sticky routing). Each instance keeps a copy of the giver's state it last read or wrote, to save a
 * read; these tests show that a stale copy never decides a turn: a turn that writes is checked by
 * its conditional write, one that writes nothing reads first, and a draft removed meanwhile
 * (gallring, anonymisation) is simply gone.
 */
import { startRecordingConnector, type RecordingConnector } from '../../../bot/src/local/connector';
import { startTestCosmos, type TestCosmos } from '../../helpers/embedded-cosmos';
import { actionData, Chat, ideasOf, newUser, startCaptureApp, type CaptureApp } from './capture-app';

const APOLOGY = 'Oj, något gick fel';

let cosmos: TestCosmos;
let connector: RecordingConnector;
let a: CaptureApp;
let b: CaptureApp;

beforeAll(async () => {
  cosmos = await startTestCosmos();
  connector = await startRecordingConnector();
  const env = { COSMOS_ENDPOINT: cosmos.endpoint, COSMOS_KEY: cosmos.key };
  a = await startCaptureApp({ env, connector });
  b = await startCaptureApp({ env, connector });
});
afterAll(async () => {
  await a?.close();
  await b?.close();
  await connector?.stop();
  await cosmos?.stop();
});

/** A giver whose turns go to whichever instance `on` names at the time. */
function giver(): { chat: Chat; to(app: CaptureApp): Chat } {
  let on: CaptureApp = a;
  const chat = new Chat(() => on, { user: newUser(), locale: 'sv-SE' });
  return {
    chat,
    to(app) {
      on = app;
      return chat;
    },
  };
}

describe('a giver whose turns reach two instances', () => {
  it('is answered from the state the other instance wrote, turn after turn, and hands in one idea with every answer', async () => {
    const anna = giver();
    await anna.to(a).say('ny idé');
    expect((await anna.to(b).say('Cykelpool')).text).toContain('Vilket behov eller problem');
    // A's copy still waits for the title; its conditional write loses, and it steps again on what B wrote.
    const need = await anna.to(a).say('Bilarna räcker inte till alla hembesök.');
    expect(need.text).toContain('vad är din idé');
    expect(need.text).not.toContain('Vilket behov eller problem');

    const who = await anna.to(b).say('Elcyklar till hemtjänsten.');
    const beneficiaries = who.cards[0] ?? {};
    expect(JSON.stringify(beneficiaries)).toContain('Klart');
    // A turn that writes nothing ("hjälp" shows the help and the question where the giver is) reads first.
    const help = await anna.to(a).say('hjälp');
    expect(help.all).toContain(JSON.stringify(beneficiaries['body']).slice(1, 40));
    expect(help.text).not.toContain('vad är din idé');

    await anna.to(a).click({ ...actionData(beneficiaries, 'Klart'), beneficiaries: 'staff' });
    const summary = await anna.to(b).say('Vård och omsorg');
    const card = summary.cards[0] ?? {};
    expect(JSON.stringify(card)).toContain('Bilarna räcker inte till alla hembesök.');
    const submitted = await anna.to(a).click(actionData(card, 'Skicka in'), 'summary-card');
    expect(submitted.all).not.toContain(APOLOGY);

    const ideas = await ideasOf(a, anna.chat.options.user.id);
    expect(ideas).toHaveLength(1);
    expect(ideas[0]).toMatchObject({
      title: 'Cykelpool',
      need: 'Bilarna räcker inte till alla hembesök.',
      idea: 'Elcyklar till hemtjänsten.',
      beneficiaries: ['staff'],
      department: 'Vård och omsorg',
    });
    expect(submitted.text).toContain(`nummer **#${ideas[0]?.number}**`);
    // Sent again to the other instance, the submit is recognised there too: the same number, no second idea.
    const again = await anna.to(b).click(actionData(card, 'Skicka in'), 'summary-card');
    expect(again.text).toContain(`#${ideas[0]?.number}`);
    expect(await ideasOf(b, anna.chat.options.user.id)).toHaveLength(1);
  });

  it('starts afresh, without an error, when the draft was removed under the copy', async () => {
    const bo = giver();
    await bo.to(a).say('ny idé');
    expect((await bo.to(a).say('Snöröjning med appen')).text).toContain('Vilket behov eller problem');
    const botstate = a.storage.containers.botstate;
    const { resources } = await botstate.items
      .query<{ id: string }>({
        query: 'SELECT c.id FROM c WHERE CONTAINS(c.realId, @user)',
        parameters: [{ name: '@user', value: bo.chat.options.user.id }],
      })
      .fetchAll();
    expect(resources).toHaveLength(1);
    const id = resources[0]?.id ?? '';
    await botstate.item(id, id).delete();

    const after = await bo.to(a).say('Gångbanorna ploggas sist.');
    expect(after.status).toBe(200);
    expect(after.all).not.toContain(APOLOGY);
    expect(after.text).not.toContain('vad är din idé');
    expect((await bo.to(a).say('ny idé')).all).not.toContain(APOLOGY);
    expect((await bo.to(a).say('Snöröjning med appen')).text).toContain('Vilket behov eller problem');
  });
});
