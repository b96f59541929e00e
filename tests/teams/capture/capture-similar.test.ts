/**
 * Similar ideas in the chat, through the whole server (bot state and ideas in the embedded Cosmos
 * server, the similar-idea index of the app, replies recorded by the loopback connector): once
 * the idea is written, "Det finns 2 idéer som liknar din" with the sluice's ideas like it, never
 * another sluice's; "Öppna" shows one; "Lämna in min ändå" or any typed answer goes on; a
 * redelivered answer and a restarted server show the same ideas and change nothing.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Idea } from '../../../bot/src/domain/idea';
import { createSluice } from '../../../bot/src/domain/sluice';
import { COACH, GIVER, OTHER_TENANT, TENANT, message } from '../../../bot/src/local/activities';
import { startRecordingConnector, type RecordingConnector } from '../../../bot/src/local/connector';
import { actionData, Chat, ideasOf, newUser, startCaptureApp, textsOf, type CaptureApp, type TurnResult } from './capture-app';

let connector: RecordingConnector;
let app: CaptureApp;
const dataDir = mkdtempSync(path.join(tmpdir(), 'ideslussen-similar-'));
let swim: Idea;
let swim2: Idea;
let elsewhere: Idea;

async function submit(title: string, need: string, idea: string, options: { tenantId?: string; department?: string } = {}): Promise<Idea> {
  const department = options.department ?? 'Kultur- och fritidsförvaltningen';
  const result = await app.services.ideas.submit({
    giver: { ...GIVER, tenantId: options.tenantId ?? TENANT, locale: 'sv', department },
    text: { title, need, idea, department, beneficiaries: ['residents'] },
    source: 'chat',
    idempotencyKey: randomUUID(),
  });
  if (!result.ok) throw new Error(`submit failed: ${JSON.stringify(result)}`);
  return result.idea;
}

const NEED = 'Många barn missar simskolan för att föräldrarna glömmer tiderna.';
const IDEA = 'Skicka en påminnelse med sms till föräldrarna kvällen före simlektionen.';

/** A giver who has written title, need and idea; returns the turn that answered the idea. */
async function writeIdea(chat: Chat, title = 'Sms om simlektionen'): Promise<TurnResult> {
  await chat.say('ny idé');
  await chat.say(title);
  await chat.say(NEED);
  return chat.say(IDEA);
}

function similarCard(turn: TurnResult): Record<string, unknown> {
  const card = turn.cards.find((c) => textsOf(c)[0]?.includes('som liknar din'));
  if (!card) throw new Error(`No similar-ideas card in ${turn.all}`);
  return card;
}

/** A button anywhere in a card (action sets in the body included). */
function openButton(card: unknown, title: string): Record<string, unknown> {
  const found: Array<Record<string, unknown>> = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      const record = node as Record<string, unknown>;
      if (typeof record['type'] === 'string' && record['type'].startsWith('Action.') && record['title'] === title) found.push(record);
      Object.values(record).forEach(walk);
    }
  };
  walk(card);
  if (!found[0]) throw new Error(`No button "${title}" in ${JSON.stringify(card)}`);
  return found[0];
}

function isBeneficiaries(turn: TurnResult): boolean {
  return turn.cards.some((c) => JSON.stringify(c).includes('Vem skulle ha nytta'));
}

beforeAll(async () => {
  connector = await startRecordingConnector();
  app = await startCaptureApp({ dataDir, connector });
  await app.storage.sluices.create(
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
    { department: 'Barn- och utbildningsförvaltningen' },
  );
  const declined = await app.services.ideas.act(
    'default',
    swim2.id,
    { ...COACH, tenantId: TENANT },
    { type: 'decline', reason: 'Skolan skickar redan sms via lärplattformen.' },
  );
  if (!declined.ok) throw new Error(`decline failed: ${JSON.stringify(declined)}`);
  elsewhere = await submit(
    'Påminnelser om simskolan till föräldrar',
    'Föräldrar glömmer simskolan och barnen missar simlektionen.',
    'SMS-påminnelse om simlektionen dagen före.',
    { tenantId: OTHER_TENANT },
  );
  await submit('Julbelysning i centrum', 'Torget är mörkt i december.', 'Mer julbelysning i träden på torget.', {
    department: 'Tekniska förvaltningen',
  });
});
afterAll(async () => {
  await app?.close();
  await connector?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('similar ideas in the chat', () => {
  it('shows the sluice’s ideas like the giver’s once the idea is written, before who benefits, never another sluice’s', async () => {
    // The other sluice's idea is in the index: its own sluice's givers are shown it.
    expect(app.services.similar.find(['other'], { title: 'Sms om simlektionen', need: NEED, idea: IDEA }).map((m) => m.id)).toEqual([
      elsewhere.id,
    ]);
    const chat = new Chat(() => app, { user: newUser(), locale: 'sv-SE' });
    const turn = await writeIdea(chat);
    expect(isBeneficiaries(turn)).toBe(false);
    const texts = textsOf(similarCard(turn));
    expect(texts[0]).toBe('Det finns 2 idéer som liknar din');
    const all = texts.join('\n');
    expect(all).toContain(`#${swim.number} Påminn föräldrar om simskolan`);
    expect(all).toContain(`#${swim2.number} SMS\\-påminnelse inför simlektioner`);
    expect(all).toContain('Inkommen · Kultur\\- och fritidsförvaltningen');
    expect(all).toContain('Avslutad · Barn\\- och utbildningsförvaltningen');
    expect(all).toContain('Varför den avslutades: Skolan skickar redan sms via lärplattformen.');
    expect(all).toMatch(/Gemensamt: .*simlektion/);
    expect(all).not.toContain('Påminnelser om simskolan till föräldrar');
    expect(all).not.toContain('Julbelysning');
    const card = similarCard(turn);
    expect(actionData(card, 'Lämna in min ändå')).toMatchObject({ verb: 'capture.similarContinue' });

    // "Öppna" opens the idea in the tab (the giver's personal tab; locally the tab's address), changing nothing here.
    expect(openButton(card, `Öppna #${swim2.number}`)).toEqual({
      type: 'Action.OpenUrl',
      title: `Öppna #${swim2.number}`,
      url: `${app.url}/tab/index.html#/mine?idea=${swim2.id}`,
    });
    const on = await chat.click(actionData(card, 'Lämna in min ändå'));
    expect(isBeneficiaries(on)).toBe(true);
    expect((await chat.say('avbryt')).text).toContain('Inget har skickats in');
  });

  it('goes on with a typed answer too, taking it when it answers who benefits', async () => {
    const chat = new Chat(() => app, { user: newUser(), locale: 'sv-SE' });
    similarCard(await writeIdea(chat));
    const on = await chat.say('Okej, jag lämnar in min');
    expect(isBeneficiaries(on)).toBe(true);
    expect(on.all).not.toContain('som liknar din');

    // Typing the answer to who benefits straight away takes it, and the next question follows.
    const quick = new Chat(() => app, { user: newUser(), locale: 'sv-SE' });
    similarCard(await writeIdea(quick));
    const department = await quick.say('invånare och medarbetare');
    expect(department.text).toContain('vilken förvaltning');
    const summary = await quick.say('Kultur');
    expect(textsOf(summary.cards[0] ?? {})).toEqual(expect.arrayContaining(['Invånare, Medarbetare', IDEA]));
  });

  it('shows nothing for a one-word draft or an idea nothing is like, and asks who benefits at once', async () => {
    const oneWord = new Chat(() => app, { user: newUser(), locale: 'sv-SE' });
    await oneWord.say('ny idé');
    await oneWord.say('Simskolan');
    await oneWord.say('Simskolan!');
    const turn = await oneWord.say('Simskolan.');
    expect(isBeneficiaries(turn)).toBe(true);
    expect(turn.all).not.toContain('som liknar din');

    const unlike = new Chat(() => app, { user: newUser(), locale: 'sv-SE' });
    await unlike.say('ny idé');
    await unlike.say('Cykelställ vid stadshuset');
    await unlike.say('Personalen har ingenstans att låsa cykeln.');
    expect(isBeneficiaries(await unlike.say('Bygg ett tak över cykelställen.'))).toBe(true);
  });

  it('speaks English by the Teams locale', async () => {
    const chat = new Chat(() => app, { user: newUser(), locale: 'en-GB' });
    const turn = await writeIdea(chat);
    const card = turn.cards[0] ?? {};
    expect(textsOf(card)[0]).toBe('There are 2 ideas like yours');
    expect(textsOf(card).join('\n')).toContain('Why it was closed: Skolan skickar redan sms');
    expect(actionData(card, 'Hand in mine anyway')).toMatchObject({ verb: 'capture.similarContinue' });
  });

  it('shows the same ideas for a redelivered answer and again after a restart, changing nothing', async () => {
    const user = newUser();
    const chat = new Chat(() => app, { user, locale: 'sv-SE' });
    await chat.say('ny idé');
    await chat.say('Sms om simlektionen');
    await chat.say(NEED);
    const answer = { ...message(IDEA, { ...chat.options, serviceUrl: connector.serviceUrl }), id: `idea-${randomUUID()}` };
    const first = textsOf(similarCard(await chat.send(answer)));
    const again = await chat.send(answer);
    expect(textsOf(similarCard(again))).toEqual(first);

    await app.stop();
    app = await startCaptureApp({ dataDir, connector });
    // The same activity after the restart: still the same ideas, from the stored state.
    expect(textsOf(similarCard(await chat.send(answer)))).toEqual(first);
    const on = await chat.click(actionData(similarCard(await chat.send(answer)), 'Lämna in min ändå'));
    expect(isBeneficiaries(on)).toBe(true);
    // The idea text was taken once: the draft goes on from who benefits with the idea as written.
    await chat.click({ ...actionData(on.cards[0] ?? {}, 'Klart'), beneficiaries: 'staff' });
    const summary = await chat.say('Kultur');
    expect(textsOf(summary.cards[0] ?? {})).toEqual(expect.arrayContaining(['Sms om simlektionen', NEED, IDEA]));
    await chat.click(actionData(summary.cards[0] ?? {}, 'Skicka in'));
    expect(await ideasOf(app, user.id)).toEqual([expect.objectContaining({ title: 'Sms om simlektionen', need: NEED, idea: IDEA })]);
  });
});
