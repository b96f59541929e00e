/**
 * The capture conversation, branch by branch, in Swedish and English, through the real server
 * with bot state in the embedded Cosmos server (see capture-app.ts).
 */
import { OTHER_TENANT, TENANT } from '../../../bot/src/local/activities';
import { actionData, Chat, ideasOf, findActions, newUser, startCaptureApp, textsOf, type CaptureApp } from './capture-app';

let app: CaptureApp;
beforeAll(async () => (app = await startCaptureApp({ env: { ONBOARDING_CONTACT: 'Lars Nilsson (idesluss@kommun.example)' } })));
afterAll(() => app?.close());

function chat(options: { locale?: string; tenantId?: string; name?: string } = {}): Chat {
  return new Chat(() => app, {
    user: newUser(options.name),
    locale: options.locale ?? 'sv-SE',
    ...(options.tenantId ? { tenantId: options.tenantId } : {}),
  });
}

/** Answers the questions up to the summary card and returns it. */
async function toSummary(c: Chat, answers: { title: string; need: string; idea: string; who: string; department: string }) {
  await c.say(answers.title);
  await c.say(answers.need);
  const beneficiaries = await c.pastSimilar(await c.say(answers.idea));
  const question = beneficiaries.cards[0];
  if (!question) throw new Error(`no beneficiaries card: ${beneficiaries.all}`);
  await c.click({ ...actionData(question, c.options.locale === 'en-US' ? 'Done' : 'Klart'), beneficiaries: answers.who });
  const summary = await c.say(answers.department);
  const card = summary.cards[0];
  if (!card) throw new Error(`no summary card: ${summary.all}`);
  return card;
}

const SV = {
  title: 'Cykelpool',
  need: 'Bilarna räcker inte till alla hembesök.',
  idea: 'Elcyklar till hemtjänsten.',
  who: 'staff,residents',
  department: 'Vård och omsorg',
};

describe('guided capture in Swedish', () => {
  it('asks one thing at a time, shows a summary and stores the idea only on Skicka in', async () => {
    const anna = chat();
    const start = await anna.say('ny idé');
    expect(start.sent).toHaveLength(1);
    expect(start.text).toContain('Roligt att du vill dela en idé');
    expect(start.text).toContain('allmän handling');
    expect(start.text).toContain('inte anonymt');
    expect(start.text).toContain('Vad vill du kalla idén?');

    expect((await anna.say(SV.title)).text).toContain('Vilket behov eller problem');
    expect((await anna.say(SV.need)).text).toContain('vad är din idé');
    const who = await anna.say(SV.idea);
    const whoCard = who.cards[0] ?? {};
    expect(JSON.stringify(whoCard)).toContain('Vem skulle ha nytta av idén?');
    expect(JSON.stringify(whoCard)).toContain('Invånare');
    expect(JSON.stringify(whoCard)).toContain('Medarbetare');
    expect(JSON.stringify(whoCard)).toContain('Företag');

    const department = await anna.click({ ...actionData(whoCard, 'Klart'), beneficiaries: SV.who });
    expect(department.text).toContain('vilken förvaltning');

    const summary = await anna.say(SV.department);
    expect(summary.text).toContain('Här är din idé');
    const card = summary.cards[0] ?? {};
    const texts = textsOf(card);
    expect(texts).toEqual(expect.arrayContaining(['Cykelpool', 'Invånare, Medarbetare', 'Vård och omsorg']));
    expect(texts.join('\n')).toContain('allmänna handlingar');
    expect(findActions(card).map((a) => a['title'])).toEqual(
      expect.arrayContaining(['Skicka in', 'Ändra', 'Avbryt', 'Rubrik', 'Behov eller problem', 'Idé', 'Vem har nytta', 'Förvaltning']),
    );
    expect(await ideasOf(app, anna.options.user.id)).toHaveLength(0);

    const submitted = await anna.click(actionData(card, 'Skicka in'), 'summary-activity-1');
    const [idea] = await ideasOf(app, anna.options.user.id);
    expect(idea).toMatchObject({
      title: 'Cykelpool',
      need: SV.need,
      idea: SV.idea,
      beneficiaries: ['residents', 'staff'],
      department: 'Vård och omsorg',
      stage: 'submitted',
      source: 'chat',
      tenantId: TENANT,
      giver: { id: anna.options.user.id, name: 'Anna Lindqvist', locale: 'sv', department: 'Vård och omsorg' },
    });
    expect(idea?.history.map((h) => h.kind)).toEqual(['submitted']);
    expect(submitted.text).toContain(`Tack, Anna! Din idé är inskickad och har fått nummer **#${idea?.number}**`);
    expect(submitted.cards).toHaveLength(1);
    const receipt = textsOf(submitted.cards[0] ?? {});
    expect(receipt[0]).toBe(`Idé #${idea?.number}: Cykelpool`);
    expect(receipt).toEqual(expect.arrayContaining(['Inkommen', 'Vård och omsorg']));
    // The clicked summary is replaced by one without buttons that says what became of it.
    expect(submitted.updated).toHaveLength(1);
    expect(submitted.updated[0]?.activityId).toBe('summary-activity-1');
    const after = submitted.updated[0]?.cards[0] ?? {};
    expect(findActions(after)).toHaveLength(0);
    expect(textsOf(after)).toContain(`Inskickad som #${idea?.number}.`);
  });
});

describe('guided capture in English', () => {
  it('speaks English when Teams does, takes typed answers and "submit"', async () => {
    const sam = chat({ locale: 'en-US', name: 'Sam Smith' });
    const start = await sam.say('new idea');
    expect(start.text).toContain('Great that you want to share an idea!');
    expect(start.text).toContain('public record');
    expect(start.text).toContain('not anonymous');
    expect(start.text).toContain('What would you like to call the idea?');
    expect((await sam.say('Bike pool')).text).toContain('What need or problem');
    expect((await sam.say('Too few cars for home visits')).text).toContain('what is your idea');
    const who = await sam.say('E-bikes for home care');
    expect(JSON.stringify(who.cards[0])).toContain('Who would benefit from the idea?');
    expect((await sam.say('residents and staff')).text).toContain('which department');
    const summary = await sam.say('Social services');
    expect(summary.text).toContain('Here is your idea');
    const card = summary.cards[0] ?? {};
    expect(textsOf(card)).toEqual(expect.arrayContaining(['Bike pool', 'Residents, Staff', 'Social services']));
    expect(findActions(card).map((a) => a['title'])).toEqual(expect.arrayContaining(['Submit', 'Edit', 'Cancel', 'Title', 'Department']));

    const other = await sam.say('looks good');
    expect(other.text).toContain('Press **Submit**, **Edit** or **Cancel**');
    expect(other.cards).toHaveLength(1);

    const submitted = await sam.say('submit');
    const [idea] = await ideasOf(app, sam.options.user.id);
    expect(idea).toMatchObject({ title: 'Bike pool', beneficiaries: ['residents', 'staff'], giver: { locale: 'en' } });
    expect(submitted.text).toContain(`Thank you, Sam! Your idea is submitted and has number **#${idea?.number}**`);
    const receipt = textsOf(submitted.cards[0] ?? {});
    expect(receipt[0]).toBe(`Idea #${idea?.number}: Bike pool`);
    expect(receipt).toContain('Submitted');
    expect(JSON.stringify(submitted.cards[0])).toContain('my ideas');
  });
});

describe('answers that are refused', () => {
  it.each([
    [
      'sv-SE',
      'Det blev lite kort – skriv minst 3 tecken.',
      'Jag behöver ett svar här',
      'Det blev för långt: 10000 tecken, och här får det vara högst 2000.',
      'Jag förstod inte vem som har nytta',
    ],
    [
      'en-US',
      'That is a bit short – please write at least 3 characters.',
      'I need an answer here',
      'That is too long: 10000 characters, and this may be at most 2000.',
      'I did not catch who benefits',
    ],
  ])('re-asks with a clear reason (%s)', async (locale, tooShort, empty, tooLong, noChoice) => {
    const c = chat({ locale });
    await c.say(locale === 'en-US' ? 'new idea' : 'ny idé');
    const short = await c.say('ab');
    expect(short.text).toContain(tooShort);
    expect(short.text).toContain(locale === 'en-US' ? 'What would you like to call the idea?' : 'Vad vill du kalla idén?');
    // Whitespace only (Teams sends it as text) and a message with nothing in it.
    expect((await c.say('   \n  ')).text).toContain(empty);
    await c.say('Cykelpool');
    const long = await c.say('x'.repeat(10_000));
    expect(long.text).toContain(tooLong);
    await c.say('Behov');
    await c.say('Idé');
    const who = await c.say('vet inte / no idea');
    expect(who.text).toContain(noChoice);
    expect(who.cards).toHaveLength(1);
    const emptyChoice = await c.click({
      verb: 'capture.beneficiaries',
      draftId: String(actionData(who.cards[0] ?? {}, locale === 'en-US' ? 'Done' : 'Klart')['draftId']),
    });
    expect(emptyChoice.text).toContain(noChoice);
    const summary = await toSummaryFromDepartment(c, 'alla', 'Kultur');
    // Nothing refused made it into the draft.
    expect(textsOf(summary)).toEqual(expect.arrayContaining(['Cykelpool', 'Behov', 'Idé', 'Kultur']));
  });

  it('answers a picture inside a dialog with a polite re-ask, and outside with the general answer', async () => {
    const c = chat();
    const image = [{ contentType: 'image/png', contentUrl: 'http://127.0.0.1:9/x.png' }];
    const outside = await c.say('', { attachments: image });
    expect(outside.text).toContain('kan tyvärr inte läsa bilder eller filer');
    await c.say('ny idé');
    const inside = await c.say('', { attachments: image });
    expect(inside.text).toContain('Jag kan tyvärr bara läsa text');
    expect(inside.text).toContain('Vad vill du kalla idén?');
  });
});

async function toSummaryFromDepartment(c: Chat, who: string, department: string): Promise<Record<string, unknown>> {
  await c.say(who);
  const summary = await c.say(department);
  return summary.cards[0] ?? {};
}

describe('bad input is stored and shown literally', () => {
  it('keeps markdown, HTML, mentions, emoji and right-to-left text as typed and escapes it in every card', async () => {
    const c = chat({ name: '**Eva** [x](https://evil.example)' });
    await c.say('ny idé');
    const title = '[Godkänn](https://evil.example) 💡';
    const need = '<at>Karin Berg</at> ** "}] ${title} _kursiv_';
    const idea = 'فكرة جديدة: مكتبة متنقلة 📚\n1. first\n# rubrik';
    const summary = await toSummary(c, { title, need, idea, who: 'other', department: 'Kultur & fritid' });
    const json = JSON.stringify(summary);
    expect(json).not.toContain('[Godkänn](https://evil.example)');
    expect(textsOf(summary)).toEqual(
      expect.arrayContaining([
        '\\[Godkänn\\]\\(https://evil.example\\) 💡',
        '\\<at\\>Karin Berg\\</at\\> \\*\\* "\\}\\] $\\{title\\} \\_kursiv\\_',
        'فكرة جديدة: مكتبة متنقلة 📚\n1\\. first\n\\# rubrik',
      ]),
    );
    const done = await c.click(actionData(summary, 'Skicka in'));
    const [stored] = await ideasOf(app, c.options.user.id);
    expect(stored).toMatchObject({ title, need, idea, department: 'Kultur & fritid' });
    const receipt = JSON.stringify(done.cards[0]);
    expect(receipt).not.toContain('[Godkänn](https://evil.example)');
    expect(receipt).not.toContain('<at>');
    expect(done.text).toContain('Tack, \\*\\*Eva\\*\\*!');
    const mine = await c.say('mina idéer');
    expect(JSON.stringify(mine.cards[0])).toContain('\\\\[Godkänn\\\\]');
  });
});

describe('cancel at any step', () => {
  it.each([
    ['sv-SE', 'avbryt', 'Okej, jag har avbrutit. Inget har skickats in.', 'Det finns inget att avbryta'],
    ['en-US', 'cancel', "Okay, I've cancelled. Nothing was submitted.", 'There is nothing to cancel'],
  ])('"%s" words stop the dialog at a question, at the summary and with the card (%s)', async (locale, word, cancelled, nothing) => {
    const c = chat({ locale });
    const start = locale === 'en-US' ? 'new idea' : 'ny idé';
    await c.say(start);
    await c.say('Cykelpool');
    expect((await c.say(word)).text).toContain(cancelled);
    // The next message is no answer to the old question any more.
    expect((await c.say('Behov')).text).not.toContain(locale === 'en-US' ? 'what is your idea' : 'vad är din idé');
    expect((await c.say(word)).text).toContain(nothing);

    await c.say(start);
    const summary = await toSummary(c, { ...SV });
    const click = await c.click(actionData(summary, locale === 'en-US' ? 'Cancel' : 'Avbryt'), 'summary-to-cancel');
    expect(click.text).toContain(cancelled);
    expect(click.updated[0]?.activityId).toBe('summary-to-cancel');
    expect(findActions(click.updated[0]?.cards[0] ?? {})).toHaveLength(0);
    // The old card's buttons now get a polite answer, and nothing is stored.
    const late = await c.click(actionData(summary, locale === 'en-US' ? 'Submit' : 'Skicka in'));
    expect(late.text).toContain(locale === 'en-US' ? 'no longer in progress' : 'inte längre är påbörjad');
    expect(await ideasOf(app, c.options.user.id)).toHaveLength(0);
  });
});

describe('editing from the summary', () => {
  it('changes one field without starting over (Ändra on the card, and typed)', async () => {
    const c = chat();
    await c.say('ny idé');
    const summary = await toSummary(c, SV);
    const ask = await c.click(actionData(summary, 'Rubrik'));
    expect(ask.text).toContain('Just nu står det: ”Cykelpool”');
    expect(ask.text).toContain('Vad vill du kalla idén?');
    const refused = await c.say('x');
    expect(refused.text).toContain('minst 3 tecken');
    const back = await c.say('Elcykelpool');
    const edited = back.cards[0] ?? {};
    expect(textsOf(edited)).toEqual(expect.arrayContaining(['Elcykelpool', SV.need, SV.idea, 'Invånare, Medarbetare', 'Vård och omsorg']));

    const who = await c.click(actionData(edited, 'Vem har nytta'));
    const whoCard = who.cards[0] ?? {};
    // The current answer is ticked.
    expect(JSON.stringify(whoCard)).toContain('"value":"residents,staff"');
    const afterWho = await c.click({ ...actionData(whoCard, 'Klart'), beneficiaries: 'businesses' });
    expect(textsOf(afterWho.cards[0] ?? {})).toContain('Företag');

    expect((await c.say('ändra')).text).toContain('Vad vill du ändra?');
    const typed = await c.say('ändra förvaltning');
    expect(typed.text).toContain('Just nu står det: ”Vård och omsorg”');
    const final = await c.say('Socialförvaltningen');
    expect(textsOf(final.cards[0] ?? {})).toEqual(expect.arrayContaining(['Elcykelpool', 'Företag', 'Socialförvaltningen']));
    await c.say('skicka in');
    const [idea] = await ideasOf(app, c.options.user.id);
    expect(idea).toMatchObject({ title: 'Elcykelpool', beneficiaries: ['businesses'], department: 'Socialförvaltningen', need: SV.need });
  });
});

describe('starting over', () => {
  it('asks before throwing a draft away: "nej" keeps it, "ja" starts over', async () => {
    const c = chat();
    await c.say('ny idé');
    await c.say('Cykelpool');
    const ask = await c.say('ny idé');
    expect(ask.text).toContain('Du har redan en påbörjad idé: ”Cykelpool”. Vill du börja om');
    expect(ask.choices).toEqual(['Ja, börja om', 'Nej, fortsätt']);
    expect((await c.say('kanske')).text).toContain('Svara **ja** för att börja om');
    const kept = await c.say('Nej, fortsätt');
    expect(kept.text).toContain('Bra, då fortsätter vi');
    expect(kept.text).toContain('Vilket behov eller problem');
    await c.say('idé: Lånecyklar till alla');
    const restarted = await c.say('ja');
    expect(restarted.text).toContain('Tack! Jag har sparat det du skrev');
    expect(restarted.text).toContain('Vilket behov eller problem');
    await c.say('Behov');
    await c.say('alla');
    const summary = await c.say('Teknik');
    expect(textsOf(summary.cards[0] ?? {})).toEqual(expect.arrayContaining(['Lånecyklar till alla', 'Teknik']));
  });

  it('in English', async () => {
    const c = chat({ locale: 'en-US' });
    await c.say('new idea');
    await c.say('Bike pool');
    const ask = await c.say('new idea');
    expect(ask.text).toContain('You already have an idea in progress: ”Bike pool”');
    expect(ask.choices).toEqual(['Yes, start over', 'No, continue']);
    const restarted = await c.say('yes');
    expect(restarted.text).toContain('What would you like to call the idea?');
    await c.say('E-bikes');
    expect((await c.say('idea: Something else')).text).toContain('Do you want to start over?');
    // "cancel" at that question stops everything.
    expect((await c.say('cancel')).text).toContain("Okay, I've cancelled.");
    expect((await c.say('yes')).text).toContain("I'm not sure what you mean");
  });
});

describe('the one-line shortcut', () => {
  it('"idé: …" makes a draft of the text and asks only what is missing', async () => {
    const c = chat();
    const start = await c.say('idé: Cykelpool för hemtjänsten\nVi borde ha elcyklar i hemtjänsten.');
    expect(start.text).toContain('Tack! Jag har sparat det du skrev');
    expect(start.text).toContain('inte anonymt');
    expect(start.text).toContain('Vilket behov eller problem');
    await c.say('Bilarna räcker inte');
    await c.say('medarbetare');
    const summary = await c.say('Vård och omsorg');
    expect(textsOf(summary.cards[0] ?? {})).toEqual(
      expect.arrayContaining(['Cykelpool för hemtjänsten', 'Vi borde ha elcyklar i hemtjänsten.', 'Medarbetare']),
    );
  });

  it('"idea: …" in English, with a title from the first sentence', async () => {
    const c = chat({ locale: 'en-US' });
    await c.say('idea: Let staff borrow e-bikes. It saves time.');
    await c.say('Cars are scarce');
    await c.say('staff');
    const summary = await c.say('Home care');
    expect(textsOf(summary.cards[0] ?? {})).toEqual(
      expect.arrayContaining(['Let staff borrow e\\-bikes', 'Let staff borrow e\\-bikes. It saves time.']),
    );
  });

  it('refuses a 10 000-character idea with the limit and starts nothing', async () => {
    const c = chat();
    const refused = await c.say(`idé: ${'x'.repeat(10_000)}`);
    expect(refused.text).toContain('10000 tecken, och en idé får vara högst 4000');
    expect((await c.say('Behov')).text).toContain('Jag är inte säker på vad du menar');
  });
});

describe('submission', () => {
  it('stores one idea for a double click on Skicka in and tells the second click its number', async () => {
    const c = chat();
    await c.say('ny idé');
    const summary = await toSummary(c, SV);
    const submit = actionData(summary, 'Skicka in');
    const mark = app.connector.calls.length;
    await Promise.all([c.click(submit), c.click(submit)]);
    const ideas = await ideasOf(app, c.options.user.id);
    expect(ideas).toHaveLength(1);
    const number = ideas[0]?.number;
    // Both turns ran at once, so their replies are read together.
    const texts = app.connector.calls
      .slice(mark)
      .map((call) => String(call.body['text'] ?? ''))
      .filter((t) => t.length > 0);
    expect(texts).toHaveLength(2);
    expect(texts.filter((t) => t.includes('Din idé är inskickad'))).toHaveLength(1);
    expect(texts.filter((t) => t.includes(`Den här idén är redan inskickad – den har nummer **#${number}**`))).toHaveLength(1);
    // Later clicks on the same card, and cancelling it, get the same polite answer.
    expect((await c.click(submit)).text).toContain(`redan inskickad – den har nummer **#${number}**`);
    expect((await c.click(actionData(summary, 'Avbryt'))).text).toContain(`redan inskickad (#${number}) och kan inte avbrytas`);
    expect(await ideasOf(app, c.options.user.id)).toHaveLength(1);
  });

  it('numbers ideas per sluice', async () => {
    const c = chat();
    const numbers: number[] = [];
    for (const title of ['Första idén', 'Andra idén']) {
      await c.say('ny idé');
      const summary = await toSummary(c, { ...SV, title });
      const done = await c.click(actionData(summary, 'Skicka in'));
      numbers.push(Number(/#(\d+)/.exec(done.text ?? '')?.[1]));
    }
    expect(numbers[1]).toBe((numbers[0] ?? 0) + 1);
  });

  it('tells a giver whose tenant has no sluice whom to ask, and stores nothing', async () => {
    const c = chat({ tenantId: OTHER_TENANT });
    const told = (await c.say('ny idé')).text ?? '';
    expect(told).toContain('inte ansluten till någon idésluss');
    // ONBOARDING_CONTACT, with its parentheses kept as text.
    expect(told).toContain('Kontakta Lars Nilsson \\(idesluss@kommun.example\\) så kan er organisation läggas till.');
    expect((await c.say('idé: Cykelpool')).text).toContain('inte ansluten till någon idésluss');
    expect((await c.say('Cykelpool')).text).toContain('Jag är inte säker på vad du menar');
    const en = new Chat(() => app, { ...c.options, locale: 'en-US' });
    expect((await en.say('new idea')).text).toContain('not connected to an idea sluice');
    expect((await en.say('new idea')).text).toContain('Contact Lars Nilsson');
  });

  it('stores nothing when the sluice stops taking the tenant before Skicka in', async () => {
    const c = chat();
    await c.say('ny idé');
    const summary = await toSummary(c, SV);
    const sluice = await app.storage.sluices.get('default');
    if (!sluice) throw new Error('no default sluice');
    await app.storage.sluices.replace({ ...sluice.value, tenantIds: [] }, sluice.etag);
    try {
      const refused = await c.click(actionData(summary, 'Skicka in'));
      expect(refused.text).toContain('inte ansluten till någon idésluss');
      expect(await ideasOf(app, c.options.user.id)).toHaveLength(0);
    } finally {
      const now = await app.storage.sluices.get('default');
      if (now) await app.storage.sluices.replace({ ...now.value, tenantIds: [TENANT] }, now.etag);
    }
  });
});

describe('cards that are stale or unknown', () => {
  it('answers a forged, unknown or old card action politely', async () => {
    const c = chat();
    const forged = await c.click({ verb: 'capture.edit', draftId: 'x', field: 'password' });
    expect(forged.status).toBeLessThan(300);
    expect(forged.text).toContain('inte längre är påbörjad');
    const unknown = await c.click({ verb: 'somethingElse', id: 42 });
    expect(unknown.text).toContain('inte längre aktuellt');
    await c.say('ny idé');
    await c.say('Cykelpool');
    const other = await c.click({ verb: 'capture.submit', draftId: 'an-old-draft' });
    expect(other.text).toContain('inte längre är påbörjad');
    expect(other.text).toContain('Vilket behov eller problem');
    await c.say('Behov');
    const who = await c.say('Idé');
    const whoCard = who.cards[0] ?? {};
    await c.click({ ...actionData(whoCard, 'Klart'), beneficiaries: 'staff' });
    const again = await c.click({ ...actionData(whoCard, 'Klart'), beneficiaries: 'residents' });
    expect(again.text).toContain('Den frågan har du redan svarat på');
    expect(again.text).toContain('vilken förvaltning');
  });

  it('answers an unsupported activity type politely', async () => {
    const c = chat();
    const result = await c.send({ ...baseActivity(c), type: 'handoff' });
    expect(result.status).toBeLessThan(300);
    expect(result.text).toContain('Det där kan jag tyvärr inte ta emot');
  });
});

function baseActivity(c: Chat): Record<string, unknown> {
  const user = c.options.user;
  return {
    id: `a-${Math.random()}`,
    channelId: 'msteams',
    serviceUrl: app.connector.serviceUrl,
    locale: 'sv-SE',
    from: { id: `29:${user.id}`, name: user.name, aadObjectId: user.id },
    recipient: { id: '28:bot', name: 'Idéslussen' },
    conversation: { id: `a:personal-${user.id}`, conversationType: 'personal', tenantId: TENANT },
    channelData: { tenant: { id: TENANT } },
  };
}

describe('help and "mina idéer" in the middle of a dialog', () => {
  it('shows help or the list, then asks the same question again', async () => {
    const c = chat();
    const empty = await c.say('mina idéer');
    expect(empty.text).toContain('Du har inte lämnat någon idé ännu');
    await c.say('ny idé');
    await c.say('Cykelpool');
    const help = await c.say('hjälp');
    expect(JSON.stringify(help.cards[0])).toContain('Det här kan jag');
    expect(JSON.stringify(help.cards[0])).toContain('nämn **@Idéslussen**');
    expect(help.text).toContain('Vilket behov eller problem');
    const mine = await c.say('mina idéer');
    expect(mine.text).toContain('Du har inte lämnat någon idé ännu');
    expect(mine.text).toContain('Vilket behov eller problem');
    expect((await c.say('Behov')).text).toContain('vad är din idé');
  });
});

describe('"mina idéer" / "my ideas"', () => {
  it("lists the giver's own ideas, newest first, with stage and coach", async () => {
    const c = chat();
    const someoneElse = chat();
    for (const [who, title] of [
      [c, 'Första'],
      [someoneElse, 'Inte min'],
      [c, 'Andra'],
    ] as const) {
      await who.say(`idé: ${title}\nText`);
      await who.say('Behov');
      await who.say('staff');
      await who.say('Kultur');
      await who.say('skicka in');
    }
    const mine = await c.say('mina idéer');
    const texts = textsOf(mine.cards[0] ?? {});
    const ideas = await ideasOf(app, c.options.user.id);
    const byTitle = (t: string) => ideas.find((i) => i.title === t)!;
    expect(texts[0]).toBe('Dina idéer');
    expect(texts).toEqual(expect.arrayContaining([`#${byTitle('Andra').number} Andra`, `#${byTitle('Första').number} Första`]));
    expect(texts.indexOf(`#${byTitle('Andra').number} Andra`)).toBeLessThan(texts.indexOf(`#${byTitle('Första').number} Första`));
    expect(texts.join('\n')).not.toContain('Inte min');
    expect(texts).toContain('Inkommen · Idécoach: Utsedd');

    // A coach who has a name, and a question to the giver, show too; and in English.
    const first = await app.storage.ideas.get('default', byTitle('Första').id);
    if (!first) throw new Error('idea missing');
    await app.storage.ideas.replace(
      { ...first.value, stage: 'screening', needsInfo: true, coach: { id: 'c', name: 'Karin Berg' } },
      first.etag,
    );
    const en = new Chat(() => app, { ...c.options, locale: 'en-US' });
    const english = textsOf((await en.say('my ideas')).cards[0] ?? {});
    expect(english[0]).toBe('Your ideas');
    expect(english).toEqual(expect.arrayContaining(['First talk · Idea coach: Karin Berg', 'Your idea coach has a question for you.']));
  });
});
