/**
 * What capture remembers: the draft across a server restart and a long pause (bot state in the
 * embedded Cosmos server), and the department — from the directory, or from the giver's last idea.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { DirectoryPort } from '../../../bot/src/domain/directory';
import { RESUME_PAUSE_MS } from '../../../bot/src/domain/draft';
import { startRecordingConnector, type RecordingConnector } from '../../../bot/src/local/connector';
import { actionData, Chat, ideasOf, ManualClock, newUser, startCaptureApp, textsOf, type CaptureApp } from './capture-app';

let connector: RecordingConnector;
beforeAll(async () => {
  connector = await startRecordingConnector();
});
afterAll(async () => {
  await connector?.stop();
});

describe('a draft survives a server restart', () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'ideslussen-resume-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('continues with the next question on a new server and stores the idea once', async () => {
    let app = await startCaptureApp({ dataDir, connector });
    const user = newUser();
    const c = new Chat(() => app, { user, locale: 'sv-SE' });
    try {
      await c.say('ny idé');
      await c.say('Cykelpool');
      expect((await c.say('Bilarna räcker inte')).text).toContain('vad är din idé');
    } finally {
      await app.stop();
    }
    app = await startCaptureApp({ dataDir, connector });
    try {
      const who = await c.say('Elcyklar');
      const card = who.cards[0] ?? {};
      expect(JSON.stringify(card)).toContain('Vem skulle ha nytta');
      await c.click({ ...actionData(card, 'Klart'), beneficiaries: 'staff' });
      const summary = await c.say('Vård och omsorg');
      const summaryCard = summary.cards[0] ?? {};
      expect(textsOf(summaryCard)).toEqual(expect.arrayContaining(['Cykelpool', 'Bilarna räcker inte', 'Elcyklar', 'Medarbetare']));
      await c.click(actionData(summaryCard, 'Skicka in'));
      expect(await ideasOf(app, user.id)).toEqual([expect.objectContaining({ title: 'Cykelpool', need: 'Bilarna räcker inte' })]);
    } finally {
      await app.stop();
    }
  });
});

describe('with a directory and a clock', () => {
  let app: CaptureApp;
  const clock = new ManualClock(new Date('2026-11-23T08:00:00.000Z'));
  const KNOWN = newUser('Fatima Hassan');
  const directory: DirectoryPort = {
    profileOf: (_tenantId, userId) => {
      if (userId === KNOWN.id) return Promise.resolve({ department: 'Utbildningsförvaltningen', jobTitle: 'Förskollärare' });
      if (userId.startsWith('broken')) return Promise.reject(new Error('Graph is down'));
      return Promise.resolve(undefined);
    },
  };

  beforeAll(async () => {
    app = await startCaptureApp({ directory, clock, connector });
  });
  afterAll(async () => {
    await app?.close();
  });

  it('welcomes a giver back after a pause and asks the same question again', async () => {
    const c = new Chat(() => app, { user: newUser(), locale: 'sv-SE' });
    await c.say('ny idé');
    await c.say('Cykelpool');
    clock.advance(RESUME_PAUSE_MS + 1000);
    const back = await c.say('Hej igen!');
    expect(back.text).toContain('Välkommen tillbaka! Du har en påbörjad idé: ”Cykelpool”');
    expect(back.text).toContain('Vilket behov eller problem');
    // The greeting was not taken as the answer; the next message is.
    expect((await c.say('Bilarna räcker inte')).text).toContain('vad är din idé');
    clock.advance(RESUME_PAUSE_MS * 30);
    const en = new Chat(() => app, { ...c.options, locale: 'en-US' });
    expect((await en.say('hello')).text).toContain("Welcome back! You have an idea in progress: ”Cykelpool”. Let's continue");
  });

  it('prefills the department from the directory and skips the question', async () => {
    const c = new Chat(() => app, { user: KNOWN, locale: 'sv-SE' });
    const start = await c.say('ny idé');
    expect(start.text).toContain('Förvaltning har jag fyllt i från din profil: Utbildningsförvaltningen');
    await c.say('Utomhusförskola');
    await c.say('Barnen är för lite ute');
    const who = await c.say('En dag i veckan i skogen');
    const summary = await c.click({ ...actionData(who.cards[0] ?? {}, 'Klart'), beneficiaries: 'residents' });
    expect(textsOf(summary.cards[0] ?? {})).toContain('Utbildningsförvaltningen');
    await c.say('skicka in');
    const [idea] = await ideasOf(app, KNOWN.id);
    expect(idea?.giver).toMatchObject({ department: 'Utbildningsförvaltningen', jobTitle: 'Förskollärare' });
    expect(idea?.department).toBe('Utbildningsförvaltningen');

    const en = new Chat(() => app, { user: KNOWN, locale: 'en-US' });
    expect((await en.say('new idea')).text).toContain("I've filled in your department from your profile: Utbildningsförvaltningen");
  });

  it('prefills the department of the last idea when the directory knows nothing, and asks when it fails', async () => {
    const c = new Chat(() => app, { user: newUser(), locale: 'sv-SE' });
    const first = await c.say('idé: Lånecyklar\nFler cyklar');
    expect(first.text).not.toContain('fyllt i');
    await c.say('Behov');
    await c.say('medarbetare');
    await c.say('Tekniska förvaltningen');
    await c.say('skicka in');
    const second = await c.say('ny idé');
    expect(second.text).toContain('Förvaltning har jag fyllt i från din förra idé: Tekniska förvaltningen');

    const broken = new Chat(() => app, { user: { id: 'broken-1', name: 'Lars Nilsson' }, locale: 'sv-SE' });
    await broken.say('idé: Snöröjning\nTidigare snöröjning');
    await broken.say('Behov');
    expect((await broken.say('invånare')).text).toContain('vilken förvaltning');
  });

  it("offers the sluice's departments as one-click answers", async () => {
    const sluice = await app.storage.sluices.get('default');
    if (!sluice) throw new Error('no sluice');
    await app.storage.sluices.replace({ ...sluice.value, departments: ['Kultur och fritid', 'Tekniska förvaltningen'] }, sluice.etag);
    const c = new Chat(() => app, { user: newUser(), locale: 'sv-SE' });
    await c.say('idé: Läsfrämjande\nBokcirklar');
    await c.say('Behov');
    const question = await c.say('invånare');
    expect(question.text).toContain('Välj bland förslagen eller skriv namnet');
    expect(question.choices).toEqual(['Kultur och fritid', 'Tekniska förvaltningen']);
    const summary = await c.say('Kultur och fritid');
    expect(textsOf(summary.cards[0] ?? {})).toContain('Kultur och fritid');
  });
});
