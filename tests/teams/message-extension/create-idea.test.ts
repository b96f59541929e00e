/**
 * "Gör till idé" / "Save as idea" through the whole server: invoke activities are POSTed to
 * /api/messages (the invoke response is the HTTP response), ideas land in the embedded Cosmos,
 * and what the bot sends afterwards (the giver's confirmation, through the outbox) is recorded by
 * the app's connector.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { userKey } from '../../../bot/src/domain/conversations';
import type { DirectoryPort, DirectoryProfile } from '../../../bot/src/domain/directory';
import type { Idea } from '../../../bot/src/domain/idea';
import { TEXT_LIMITS } from '../../../bot/src/domain/idea';
import type { NotificationJob } from '../../../bot/src/domain/outbox';
import { createSluice } from '../../../bot/src/domain/sluice';
import { startTestApp, type TestApp } from '../../helpers/app';
import { validateCard } from '../../helpers/cards';
import { startRecordingConnector, type RecordingConnector } from '../../../bot/src/local/connector';
import { COACH, COACH_2, GIVER, OTHER_TENANT, TENANT, invoke, type ActivityOptions } from '../../../bot/src/local/activities';

const AUTHOR = { id: '61e00000-0000-4000-8000-0000000000e2', name: 'Erik Johansson' };
const MENTIONED = { id: '61e00000-0000-4000-8000-0000000000e3', name: 'Fatima Hassan' };
const CHANNEL = '19:idetorget@thread.tacv2';
const LINK = 'https://teams.microsoft.com/l/message/19:idetorget@thread.tacv2/1712345678901?tenantId=11111111';

type Json = Record<string, unknown>;

let app: TestApp;

beforeAll(async () => {
  // The outbox worker (coach cards) is paused here: these tests are about the extension's own answers.
  app = await startTestApp({ OUTBOX_POLL_MS: '0', ONBOARDING_CONTACT: 'Lars Nilsson' }, { connector: true });
});
afterAll(async () => {
  await app.close();
});
beforeEach(() => app.connector.reset());

function options(extra: Partial<ActivityOptions> = {}): ActivityOptions {
  return { serviceUrl: app.connector.serviceUrl, conversationType: 'channel', conversationId: CHANNEL, ...extra };
}

/** A message action's payload as Teams sends it: HTML body, mentions, author and link. */
function messagePayload(html: string, extra: Json = {}): Json {
  return {
    id: '1712345678901',
    messageType: 'message',
    createdDateTime: '2026-03-12T08:15:00.000Z',
    linkToMessage: LINK,
    from: { user: { id: AUTHOR.id, displayName: AUTHOR.name, userIdentityType: 'aadUser' } },
    body: { contentType: 'html', content: html },
    attachments: [],
    mentions: [
      { id: 0, mentionText: 'Fatima', mentioned: { user: { id: MENTIONED.id, displayName: MENTIONED.name } } },
      { id: 1, mentionText: 'Hassan', mentioned: { user: { id: MENTIONED.id, displayName: MENTIONED.name } } },
    ],
    ...extra,
  };
}

const SUGGESTION =
  '<p>Hej alla! Vi borde låna ut elcyklar till hemtjänsten. <at id="0">Fatima</at>&nbsp;<at id="1">Hassan</at> har testat i Lerum &amp; det sparade tid.</p><p>Kostnad: ca 15&nbsp;000 kr/cykel</p>';

async function fetchTask(value: Json, extra: Partial<ActivityOptions> = {}): Promise<Json> {
  const res = await app.post('/api/messages', invoke('composeExtension/fetchTask', { commandId: 'createIdea', ...value }, options(extra)));
  expect(res.status).toBe(200);
  return res.body as Json;
}

async function submit(data: Json, value: Json = {}, extra: Partial<ActivityOptions> = {}): Promise<Json> {
  const res = await app.post(
    '/api/messages',
    invoke('composeExtension/submitAction', { commandId: 'createIdea', commandContext: 'message', data, ...value }, options(extra)),
  );
  expect(res.status).toBe(200);
  return res.body as Json;
}

/** The Adaptive Card of a `task: continue` answer, validated with the official parser. */
function formOf(response: Json): Json {
  const task = response['task'] as { type: string; value: { title: string; card: { contentType: string; content: Json } } };
  expect(task.type).toBe('continue');
  expect(task.value.card.contentType).toBe('application/vnd.microsoft.card.adaptive');
  validateCard(task.value.card.content);
  return task.value.card.content;
}

function taskMessageOf(response: Json): string {
  const task = response['task'] as { type: string; value: string };
  expect(task.type).toBe('message');
  expect(typeof task.value).toBe('string');
  return task.value;
}

/** Every element of a card, depth first (body, containers, column sets, action sets). */
function elements(card: Json): Json[] {
  const out: Json[] = [];
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (typeof node !== 'object' || node === null) return;
    const element = node as Json;
    if (typeof element['type'] === 'string') out.push(element);
    for (const key of ['body', 'items', 'columns', 'actions']) visit(element[key]);
  };
  visit(card['body']);
  visit(card['actions']);
  return out;
}

function input(card: Json, id: string): Json {
  const found = elements(card).find((e) => e['id'] === id);
  if (!found) throw new Error(`No input ${id} in ${JSON.stringify(card)}`);
  return found;
}

/** The text blocks shown right after an input (its error line, if any). */
function errorAfter(card: Json, id: string): string | undefined {
  const all = elements(card);
  const next = all[all.findIndex((e) => e['id'] === id) + 1];
  return next?.['type'] === 'TextBlock' && next['color'] === 'Attention' ? String(next['text']) : undefined;
}

function texts(card: Json): string[] {
  return elements(card)
    .filter((e) => e['type'] === 'TextBlock')
    .map((e) => String(e['text']));
}

function submitDataOf(card: Json): Json {
  const submitAction = (card['actions'] as Json[]).find((a) => a['type'] === 'Action.Submit');
  return submitAction?.['data'] as Json;
}

/** What Teams sends on submit: the submit action's data merged with the inputs. */
function filled(card: Json, inputs: Json): Json {
  const current: Json = {};
  for (const id of ['title', 'need', 'idea', 'beneficiaries', 'department']) current[id] = input(card, id)['value'] ?? '';
  return { ...submitDataOf(card), ...current, ...inputs };
}

/** Polls `read` until it yields a value (work after the reply finishes a little after the answer). */
async function eventually<T>(read: () => Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error('Timed out waiting for a value');
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function ideasOfSluice(): Promise<Idea[]> {
  const sluice = await app.services.ideas.sluiceFor(TENANT);
  const all: Idea[] = [];
  for await (const idea of app.storage.ideas.all(sluice!.value.id)) all.push(idea);
  return all;
}

describe('composeExtension/fetchTask on a message', () => {
  it('opens the form prefilled from the message: plain text, names for mentions, a suggested title, author, link and credit', async () => {
    const card = formOf(await fetchTask({ commandContext: 'message', messagePayload: messagePayload(SUGGESTION) }));

    const idea = String(input(card, 'idea')['value']);
    expect(idea).toBe(
      'Hej alla! Vi borde låna ut elcyklar till hemtjänsten. Fatima Hassan har testat i Lerum & det sparade tid.\n\nKostnad: ca 15 000 kr/cykel',
    );
    expect(input(card, 'title')['value']).toBe('Vi borde låna ut elcyklar till hemtjänsten');
    expect(input(card, 'need')['value']).toBe('');
    expect(input(card, 'need')['isRequired']).toBe(true);
    expect(input(card, 'beneficiaries')['isMultiSelect']).toBe(true);
    // Labels are the chat capture's.
    expect(input(card, 'need')['label']).toBe('Behov eller problem');

    const shown = texts(card);
    expect(shown).toContain('Från ett meddelande av Erik Johansson');
    expect(shown).toContain(
      'Erik Johansson skrev meddelandet och krediteras som idéns upphov. Du lämnar in idén och följer den som idégivare.',
    );
    expect(shown.some((t) => t.includes('allmänna handlingar'))).toBe(true);
    const openUrl = elements(card).find((e) => e['type'] === 'Action.OpenUrl');
    expect(openUrl?.['url']).toBe(LINK);
    // No "share in the conversation" toggle on a message action.
    expect(elements(card).some((e) => e['id'] === 'share')).toBe(false);

    // The form carries back only its own id and context: the credit and the link are read
    // again from the message payload on submit, so the form's data cannot change them.
    const data = submitDataOf(card);
    expect(data['draftId']).toMatch(/^[0-9a-f-]{36}$/);
    expect(data).toEqual({ draftId: data['draftId'], formContext: 'message' });
  });

  it('gives every opened form its own draft id', async () => {
    const value = { commandContext: 'message', messagePayload: messagePayload(SUGGESTION) };
    const first = submitDataOf(formOf(await fetchTask(value)))['draftId'];
    const second = submitDataOf(formOf(await fetchTask(value)))['draftId'];
    expect(first).not.toBe(second);
  });

  it('does not credit anyone else when the giver made the idea from their own message', async () => {
    const payload = messagePayload('<p>Digitala lås på förskolorna.</p>', { from: { user: { id: GIVER.id, displayName: GIVER.name } } });
    const card = formOf(await fetchTask({ commandContext: 'message', messagePayload: payload }));
    expect(texts(card)).toContain(`Från ett meddelande av ${GIVER.name}`);
    expect(texts(card).some((t) => t.includes('krediteras'))).toBe(false);
  });

  it('escapes the author name, so a name cannot become a link or formatting', async () => {
    const payload = messagePayload('<p>Bättre skyltning.</p>', {
      from: { user: { id: AUTHOR.id, displayName: '[Godkänn](https://evil.example) **x**' } },
    });
    const card = formOf(await fetchTask({ commandContext: 'message', messagePayload: payload }));
    const source = texts(card).find((t) => t.startsWith('Från ett meddelande av'));
    expect(source).toBe('Från ett meddelande av \\[Godkänn\\]\\(https://evil.example\\) \\*\\*x\\*\\*');
  });

  it('shows no link button for a link that is not https', async () => {
    const payload = messagePayload('<p>Bättre skyltning.</p>', { linkToMessage: 'javascript:alert(1)' });
    const card = formOf(await fetchTask({ commandContext: 'message', messagePayload: payload }));
    expect(elements(card).some((e) => e['type'] === 'Action.OpenUrl')).toBe(false);
  });

  it('speaks English when Teams does', async () => {
    const res = await fetchTask({ commandContext: 'message', messagePayload: messagePayload(SUGGESTION) }, { locale: 'en-GB' });
    expect((res['task'] as { value: { title: string } }).value.title).toBe('Save as idea');
    const card = formOf(res);
    expect(texts(card)).toContain('From a message by Erik Johansson');
    expect(input(card, 'need')['label']).toBe('Need or problem');
    expect(texts(card).some((t) => t.includes('public records'))).toBe(true);
  });

  it('prefills the department from the giver’s last idea', async () => {
    const other = { id: '61e00000-0000-4000-8000-0000000000f1', name: 'Lars Nilsson' };
    const first = formOf(await fetchTask({ commandContext: 'compose' }, { user: other }));
    expect(input(first, 'department')['value']).toBe('');
    const stored = await submit(
      filled(first, {
        title: 'Salt på cykelbanor',
        need: 'Halt',
        idea: 'Salta tidigt',
        beneficiaries: 'residents',
        department: 'Tekniska förvaltningen',
      }),
      { commandContext: 'compose' },
      { user: other },
    );
    taskMessageOf(stored);
    const next = formOf(await fetchTask({ commandContext: 'compose' }, { user: other }));
    expect(input(next, 'department')['value']).toBe('Tekniska förvaltningen');
  });
});

describe('composeExtension/fetchTask refuses with a message a person can act on', () => {
  it('for a message that is only a picture', async () => {
    const payload = messagePayload('<p><img src="https://x.example/bild.png" alt="bild"></p>');
    const text = taskMessageOf(await fetchTask({ commandContext: 'message', messagePayload: payload }));
    expect(text).toContain('bara bilder eller filer');
    expect(text).not.toMatch(/something went wrong|något gick fel/i);
  });

  it('for a message that is only an attached file', async () => {
    const payload = messagePayload('<attachment id="abc"></attachment>', {
      attachments: [{ id: 'abc', contentType: 'reference', name: 'plan.docx' }],
    });
    expect(taskMessageOf(await fetchTask({ commandContext: 'message', messagePayload: payload }))).toContain('bara bilder eller filer');
  });

  it('for a message longer than an idea may be, with the numbers', async () => {
    const long = 'å'.repeat(TEXT_LIMITS.idea.max + 5);
    const text = taskMessageOf(await fetchTask({ commandContext: 'message', messagePayload: messagePayload(`<p>${long}</p>`) }));
    expect(text).toContain(`${TEXT_LIMITS.idea.max + 5} tecken, högst ${TEXT_LIMITS.idea.max}`);
  });

  it('for a message with no text at all (a card from another app)', async () => {
    const payload = messagePayload('', { from: { application: { id: 'x', displayName: 'Planner' } } });
    expect(taskMessageOf(await fetchTask({ commandContext: 'message', messagePayload: payload }))).toContain('ingen text');
  });

  it('for a person whose organisation has no sluice', async () => {
    const text = taskMessageOf(
      await fetchTask({ commandContext: 'message', messagePayload: messagePayload(SUGGESTION) }, { tenantId: OTHER_TENANT }),
    );
    expect(text).toContain('inte ansluten till någon idésluss');
    expect(text).toContain('Kontakta Lars Nilsson');
  });

  it('for a command this app does not have', async () => {
    const res = await app.post(
      '/api/messages',
      invoke('composeExtension/fetchTask', { commandId: 'somethingElse', commandContext: 'compose' }, options()),
    );
    expect(taskMessageOf(res.body as Json)).toContain('känner inte igen');
  });
});

describe('composeExtension/fetchTask from the message box', () => {
  it('opens the same form, empty, with the choice to share a card in the conversation', async () => {
    const card = formOf(await fetchTask({ commandContext: 'compose' }));
    for (const id of ['title', 'need', 'idea']) expect(input(card, id)['value']).toBe('');
    expect(input(card, 'share')).toMatchObject({ type: 'Input.Toggle', value: 'false', valueOn: 'true' });
    expect(texts(card).some((t) => t.startsWith('Från ett meddelande'))).toBe(false);
    expect(submitDataOf(card)).toMatchObject({ formContext: 'compose' });
  });
});

describe('composeExtension/submitAction', () => {
  it('stores the idea with source message, the author as origin and the link, and confirms to the giver in personal chat', async () => {
    const payload = messagePayload(SUGGESTION);
    const card = formOf(await fetchTask({ commandContext: 'message', messagePayload: payload }));
    const before = (await ideasOfSluice()).length;
    const answer = await submit(
      filled(card, {
        need: 'Hemtjänsten hinner inte mellan besöken.',
        beneficiaries: 'residents,staff',
        department: 'Socialförvaltningen',
      }),
      { messagePayload: payload },
    );
    const text = taskMessageOf(answer);
    expect(text).toMatch(/^Tack! Idé #\d+ är skickad till Idéslussen Testkommun\./);

    const ideas = await ideasOfSluice();
    expect(ideas).toHaveLength(before + 1);
    const idea = ideas.find((i) => i.title === 'Vi borde låna ut elcyklar till hemtjänsten')!;
    expect(idea).toMatchObject({
      source: 'message',
      stage: 'submitted',
      need: 'Hemtjänsten hinner inte mellan besöken.',
      department: 'Socialförvaltningen',
      beneficiaries: ['residents', 'staff'],
      giver: { id: GIVER.id, tenantId: TENANT, name: GIVER.name },
      origin: { name: AUTHOR.name, id: AUTHOR.id, messageLink: LINK },
      sourceLink: LINK,
    });
    expect(idea.idea).toContain('Fatima Hassan har testat i Lerum & det sparade tid.');
    expect(text).toContain(`#${idea.number}`);

    // Nothing is sent inside the turn: the receipt waits in the outbox (paused in these tests).
    expect(app.connector.sent()).toHaveLength(0);
    await app.services.notifications.runOnce();
    // The confirmation goes to the giver's personal chat, opened because the bot had none yet.
    const created = app.connector.calls.find(
      (c) => c.method === 'POST' && c.path === '/v3/conversations' && JSON.stringify(c.body).includes(GIVER.id),
    );
    expect(created?.body).toMatchObject({ isGroup: false, members: [{ id: GIVER.id }], tenantId: TENANT });
    const [confirmation] = app.connector.sent().filter((a) => a.conversationId === `a:personal-${GIVER.id}`);
    expect(confirmation?.conversationId).toBe(`a:personal-${GIVER.id}`);
    const confirmationCard = (confirmation?.['attachments'] as Array<{ content: Json }>)[0]!.content;
    validateCard(confirmationCard);
    expect(JSON.stringify(confirmationCard)).toContain(`Idé #${idea.number}: Vi borde låna ut elcyklar till hemtjänsten`);
    // ... and is remembered, so later notifications reach the giver there.
    const stored = await eventually(() => app.storage.conversations.get(userKey(TENANT, GIVER.id)));
    expect(stored.reference).toMatchObject({ conversation: { id: `a:personal-${GIVER.id}` } });
  });

  it('credits whom the message payload names, whatever the form’s data says (a forged credit or link changes nothing)', async () => {
    const payload = messagePayload('<p>Solceller på simhallens tak.</p>');
    const card = formOf(await fetchTask({ commandContext: 'message', messagePayload: payload }));
    const forged = {
      origin: { name: 'Kommunstyrelsens ordförande', id: COACH.id, messageLink: 'https://evil.example/phish' },
      sourceAuthor: 'Kommunstyrelsens ordförande',
      sourceLink: 'https://evil.example/phish',
    };
    taskMessageOf(
      await submit(filled(card, { ...forged, need: 'Dyr el', beneficiaries: 'residents', department: 'Fritid' }), {
        messagePayload: payload,
      }),
    );
    const idea = (await ideasOfSluice()).find((i) => i.title === 'Solceller på simhallens tak')!;
    expect(idea.origin).toEqual({ name: AUTHOR.name, id: AUTHOR.id, messageLink: LINK });
    expect(idea.sourceLink).toBe(LINK);
    expect(JSON.stringify(idea)).not.toContain('evil.example');
  });

  it('stores no credit or link from the form when Teams sent no message (the message box), even if the form claims one', async () => {
    const card = formOf(await fetchTask({ commandContext: 'compose' }));
    const forged = {
      formContext: 'message',
      origin: { name: AUTHOR.name, id: AUTHOR.id, messageLink: LINK },
      sourceAuthor: AUTHOR.name,
      sourceLink: LINK,
    };
    taskMessageOf(
      await submit(
        filled(card, {
          ...forged,
          title: 'Fler laddplatser',
          need: 'Köer',
          idea: 'Bygg fler',
          beneficiaries: 'staff',
          department: 'Teknik',
        }),
        { commandContext: 'compose' },
      ),
    );
    const idea = (await ideasOfSluice()).find((i) => i.title === 'Fler laddplatser')!;
    expect(idea.source).toBe('message');
    expect(idea.origin).toBeUndefined();
    expect(idea.sourceLink).toBeUndefined();
  });

  it('does not store an author id that is not an id (it would name a Cosmos path elsewhere)', async () => {
    const payload = messagePayload('<p>Gemensam kalender för lokalbokning.</p>', {
      from: { user: { id: '../sluices', displayName: AUTHOR.name } },
    });
    const card = formOf(await fetchTask({ commandContext: 'message', messagePayload: payload }));
    taskMessageOf(
      await submit(filled(card, { need: 'Dubbelbokningar', beneficiaries: 'staff', department: 'Service' }), { messagePayload: payload }),
    );
    const idea = (await ideasOfSluice()).find((i) => i.title === 'Gemensam kalender för lokalbokning')!;
    expect(idea.origin).toEqual({ name: AUTHOR.name, messageLink: LINK });
  });

  it('refuses a form whose draft id is not an id, with a message and without storing anything', async () => {
    const card = formOf(await fetchTask({ commandContext: 'compose' }));
    const before = (await ideasOfSluice()).length;
    for (const draftId of ['.', '..', '../ideas', 'a/b', '', 'x'.repeat(129), 42]) {
      const data = filled(card, { draftId, title: 'Trasig', need: 'x', idea: 'y', beneficiaries: 'staff', department: 'z' });
      expect(taskMessageOf(await submit(data, { commandContext: 'compose' }))).toContain('inte längre giltigt');
    }
    expect(await ideasOfSluice()).toHaveLength(before);
  });

  it('reaches the responsible coach with the task card, through the same outbox as a chat-captured idea', async () => {
    // The coaches have talked to the bot, so it knows their personal chats.
    for (const coach of [COACH, COACH_2]) await app.meet(coach);
    app.connector.reset();
    const card = formOf(await fetchTask({ commandContext: 'message', messagePayload: messagePayload('<p>Tyst rum i biblioteket.</p>') }));
    taskMessageOf(await submit(filled(card, { need: 'Svårt att plugga', beneficiaries: 'residents', department: 'Kultur' })));
    const idea = (await ideasOfSluice()).find((i) => i.title === 'Tyst rum i biblioteket')!;
    expect([COACH.id, COACH_2.id]).toContain(idea.coach?.id);

    // The worker is paused in these tests; one round sends what the submission queued.
    await app.services.notifications.runOnce();
    const coachCard = app.connector
      .sent()
      .find(
        (a) => a.conversationId === `a:personal-${idea.coach!.id}` && JSON.stringify(a['attachments']).includes('Tyst rum i biblioteket'),
      );
    expect(coachCard).toBeDefined();
    validateCard((coachCard!['attachments'] as Array<{ content: Json }>)[0]!.content);
  });

  it('sends the confirmation through the stored personal chat when the bot already has one', async () => {
    const giver = { id: '61e00000-0000-4000-8000-0000000000f2', name: 'Åsa Öberg' };
    await app.meet(giver);
    app.connector.reset();

    const card = formOf(await fetchTask({ commandContext: 'compose' }, { user: giver }));
    taskMessageOf(
      await submit(
        filled(card, {
          title: 'Läxhjälp på biblioteket',
          need: 'Barn saknar stöd',
          idea: 'Volontärer',
          beneficiaries: 'residents',
          department: 'Kultur',
        }),
        { commandContext: 'compose' },
        { user: giver },
      ),
    );
    await app.services.notifications.runOnce();
    expect(app.connector.calls.some((c) => c.path === '/v3/conversations' && JSON.stringify(c.body).includes(giver.id))).toBe(false);
    expect(app.connector.sent()[0]?.conversationId).toBe(`a:personal-${giver.id}`);
  });

  it('opens a new personal chat when the stored one is gone (403), and remembers the new one', async () => {
    const giver = { id: '61e00000-0000-4000-8000-0000000000f3', name: 'Nils Holm' };
    await app.meet(giver, { conversationId: 'a:old-chat' });
    app.connector.reset();

    const card = formOf(await fetchTask({ commandContext: 'compose' }, { user: giver }));
    app.connector.failNext(403);
    taskMessageOf(
      await submit(
        filled(card, { title: 'Cykelparkering', need: 'Fullt', idea: 'Fler ställ', beneficiaries: 'staff', department: 'Teknik' }),
        { commandContext: 'compose' },
        { user: giver },
      ),
    );
    // The receipt is the job's first step, so the refusal hits the stored chat.
    await app.services.notifications.runOnce();
    expect(app.connector.sent()[0]?.conversationId).toBe(`a:personal-${giver.id}`);
    const stored = await eventually(async () => {
      const reference = await app.storage.conversations.get(userKey(TENANT, giver.id));
      return (reference?.reference['conversation'] as { id?: string } | undefined)?.id === `a:personal-${giver.id}` ? reference : undefined;
    });
    expect(stored.staleSince).toBeUndefined();
  });

  it('shows what is wrong beside each field, keeps what was written, and stores nothing', async () => {
    const payload = messagePayload(SUGGESTION);
    const card = formOf(await fetchTask({ commandContext: 'message', messagePayload: payload }));
    const before = (await ideasOfSluice()).length;
    const tooLongTitle = 'x'.repeat(TEXT_LIMITS.title.max + 1);
    const again = formOf(
      await submit(filled(card, { title: tooLongTitle, need: '  ', beneficiaries: '', department: 'Socialförvaltningen' }), {
        messagePayload: payload,
      }),
    );

    expect(errorAfter(again, 'title')).toBe(
      `Det blev för långt: ${TEXT_LIMITS.title.max + 1} tecken, och här får det vara högst ${TEXT_LIMITS.title.max}. Korta gärna ner och skicka igen.`,
    );
    expect(errorAfter(again, 'need')).toBe('Jag behöver ett svar här för att kunna gå vidare.');
    expect(errorAfter(again, 'beneficiaries')).toBe('Välj minst ett alternativ.');
    expect(errorAfter(again, 'idea')).toBeUndefined();
    expect(errorAfter(again, 'department')).toBeUndefined();
    expect(texts(again)[2]).toContain('Inget har sparats');
    // What was written comes back, and it is still the same form (same draft, same credit).
    expect(input(again, 'title')['value']).toBe(tooLongTitle);
    expect(input(again, 'department')['value']).toBe('Socialförvaltningen');
    expect(submitDataOf(again)).toEqual(submitDataOf(card));
    expect(texts(again)).toContain('Från ett meddelande av Erik Johansson');
    expect(await ideasOfSluice()).toHaveLength(before);
  });

  it('puts a small card into the conversation from the message box when the giver chooses to share', async () => {
    const card = formOf(await fetchTask({ commandContext: 'compose' }));
    const answer = await submit(
      filled(card, {
        title: 'Fler *bänkar* [här](https://x.example)',
        need: 'Äldre behöver vila',
        idea: 'Bänkar längs promenaden',
        beneficiaries: 'residents',
        department: 'Stadsbyggnad',
        share: 'true',
      }),
      { commandContext: 'compose' },
    );
    expect(answer['task']).toBeUndefined();
    const result = answer['composeExtension'] as { type: string; attachments: Array<{ contentType: string; content: Json }> };
    expect(result.type).toBe('result');
    expect(result.attachments).toHaveLength(1);
    const shared = result.attachments[0]!.content;
    validateCard(shared);
    const idea = (await ideasOfSluice()).find((i) => i.title.startsWith('Fler *bänkar*'))!;
    expect(texts(shared)).toEqual([
      `Idé #${idea.number} skickad till Idéslussen`,
      'Fler \\*bänkar\\* \\[här\\]\\(https://x.example\\)',
      `Lämnad av ${GIVER.name} · Inkommen`,
    ]);
    expect(idea).toMatchObject({ source: 'message' });
    expect(idea.origin).toBeUndefined();
  });

  it('answers with a thank-you instead when the giver does not share', async () => {
    const card = formOf(await fetchTask({ commandContext: 'compose' }, { locale: 'en-US' }));
    const answer = await submit(
      filled(card, {
        title: 'Quiet room',
        need: 'Open office is loud',
        idea: 'Book a room',
        beneficiaries: 'staff',
        department: 'HR',
        share: 'false',
      }),
      { commandContext: 'compose' },
      { locale: 'en-US' },
    );
    expect(taskMessageOf(answer)).toMatch(/^Thank you! Idea #\d+ was sent to Idéslussen Testkommun\./);
  });

  it('refuses a form it did not render (no draft id), and stores nothing', async () => {
    const before = (await ideasOfSluice()).length;
    const text = taskMessageOf(await submit({ title: 'Utan formulär', need: 'x', idea: 'y', beneficiaries: 'staff', department: 'z' }));
    expect(text).toContain('inte längre giltigt');
    expect(await ideasOfSluice()).toHaveLength(before);
  });

  it('says so when the organisation has no sluice, and stores nothing', async () => {
    const card = formOf(await fetchTask({ commandContext: 'compose' }));
    const text = taskMessageOf(
      await submit(
        filled(card, { title: 'Någon idé', need: 'x', idea: 'y', beneficiaries: 'staff', department: 'z' }),
        { commandContext: 'compose' },
        { tenantId: OTHER_TENANT },
      ),
    );
    expect(text).toContain('inte ansluten till någon idésluss');
  });
});

describe('a double submit of one form', () => {
  it('stores one idea and confirms once', async () => {
    // Its own server, so that stopping it waits for every confirmation and the count is final.
    const own = await startTestApp({ OUTBOX_POLL_MS: '0' }, { connector: true });
    try {
      const post = async (name: string, value: Json): Promise<Json> => {
        const res = await own.post(
          '/api/messages',
          invoke(name, { commandId: 'createIdea', ...value }, { serviceUrl: own.connector.serviceUrl }),
        );
        return res.body as Json;
      };
      const payload = messagePayload('<p>Gemensam bilpool.</p>');
      const card = formOf(await post('composeExtension/fetchTask', { commandContext: 'message', messagePayload: payload }));
      const data = filled(card, { need: 'Bilar står still', beneficiaries: 'staff', department: 'Kommunledningskontoret' });
      const [first, second] = await Promise.all([
        post('composeExtension/submitAction', { commandContext: 'message', data, messagePayload: payload }),
        post('composeExtension/submitAction', { commandContext: 'message', data, messagePayload: payload }),
      ]);
      expect(taskMessageOf(first!)).toBe(taskMessageOf(second!));

      const sluice = await own.services.ideas.sluiceFor(TENANT);
      const stored: Idea[] = [];
      for await (const idea of own.storage.ideas.all(sluice!.value.id)) stored.push(idea);
      expect(stored).toHaveLength(1);
      // Two rounds: the second finds nothing more to send.
      await own.services.notifications.runOnce();
      await own.services.notifications.runOnce();
    } finally {
      await own.close();
    }
    expect(own.connector.sent().filter((a) => a.conversationId === `a:personal-${GIVER.id}`)).toHaveLength(1);
  });
});

describe('the department from the directory', () => {
  let own: TestApp;
  const profiles = new Map<string, DirectoryProfile | Error>();
  const directory: DirectoryPort = {
    profileOf: (_tenantId, userId) => {
      const profile = profiles.get(userId);
      return profile instanceof Error ? Promise.reject(profile) : Promise.resolve(profile);
    },
  };

  beforeAll(async () => {
    own = await startTestApp({ OUTBOX_POLL_MS: '0', DEFAULT_COACH_IDS: '' }, { directory });
  });
  afterAll(() => own.close());

  async function formFor(user: { id: string; name: string }): Promise<Json> {
    const res = await fetch(`${own.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(invoke('composeExtension/fetchTask', { commandId: 'createIdea', commandContext: 'compose' }, options({ user }))),
    });
    return formOf((await res.json()) as Json);
  }

  it('prefills the giver’s department from their directory profile', async () => {
    const user = { id: '61e00000-0000-4000-8000-0000000000a1', name: 'Karin Svensson' };
    profiles.set(user.id, { department: 'Socialförvaltningen', jobTitle: 'Socialsekreterare' });
    expect(input(await formFor(user), 'department')['value']).toBe('Socialförvaltningen');
  });

  it('still opens the form when the directory fails', async () => {
    const user = { id: '61e00000-0000-4000-8000-0000000000a2', name: 'Per Ek' };
    profiles.set(user.id, new Error('Graph is down'));
    expect(input(await formFor(user), 'department')['value']).toBe('');
  });
});

describe('similar ideas in the form', () => {
  const THIRD_TENANT = '33333333-3333-4333-8333-333333333333';
  const SWIM = '<p>Föräldrar glömmer simskolan. Vi borde skicka en påminnelse med sms före varje simlektion.</p>';
  let swim: Idea;
  let swim2: Idea;

  async function stored(title: string, need: string, idea: string, tenantId = TENANT): Promise<Idea> {
    const department = 'Kultur- och fritidsförvaltningen';
    const result = await app.services.ideas.submit({
      giver: { ...GIVER, tenantId, locale: 'sv', department },
      text: { title, need, idea, department, beneficiaries: ['residents'] },
      source: 'chat',
      idempotencyKey: `similar-form:${title}:${tenantId}`,
    });
    if (!result.ok) throw new Error(`submit failed: ${JSON.stringify(result)}`);
    return result.idea;
  }

  beforeAll(async () => {
    await app.storage.sluices.create(
      createSluice({ id: 'third', name: 'Tredje slussen', tenantIds: [THIRD_TENANT], coachIds: [], now: new Date() }),
    );
    swim = await stored(
      'Påminn föräldrar om simskolan',
      'Barn kommer inte till simskolan, föräldrarna glömmer tiderna.',
      'Skicka en påminnelse med sms dagen före varje simlektion.',
    );
    swim2 = await stored(
      'SMS-påminnelse inför simlektioner',
      'Barnen uteblir från simlektionerna.',
      'Automatiska påminnelser kvällen innan simlektionen.',
    );
    await stored(
      'Påminnelser om simskolan till föräldrar',
      'Föräldrar glömmer simskolan.',
      'SMS-påminnelse om simlektionen dagen före.',
      THIRD_TENANT,
    );
  });

  /** The texts of the "Liknande idéer" section, or undefined when the form has none. */
  function similarSection(card: Json): string[] | undefined {
    const all = elements(card);
    const heading = all.findIndex((e) => e['type'] === 'TextBlock' && e['text'] === 'Liknande idéer');
    if (heading < 0) return undefined;
    // It sits under the idea, before who benefits.
    expect(heading).toBeGreaterThan(all.findIndex((e) => e['id'] === 'idea'));
    expect(heading).toBeLessThan(all.findIndex((e) => e['id'] === 'beneficiaries'));
    return all
      .slice(
        heading,
        all.findIndex((e) => e['id'] === 'beneficiaries'),
      )
      .filter((e) => e['type'] === 'TextBlock')
      .map((e) => String(e['text']));
  }

  it('lists the sluice’s ideas like the message under the idea when the form opens, never another sluice’s', async () => {
    const card = formOf(await fetchTask({ commandContext: 'message', messagePayload: messagePayload(SWIM) }));
    const section = similarSection(card);
    expect(section).toBeDefined();
    const text = (section ?? []).join('\n');
    expect(text).toContain(`#${swim.number} Påminn föräldrar om simskolan`);
    expect(text).toContain(`#${swim2.number} SMS\\-påminnelse inför simlektioner`);
    expect(text).toContain('Inkommen · Kultur\\- och fritidsförvaltningen');
    expect(text).toMatch(/Gemensamt: .*simlektion/);
    expect(text).not.toContain('Påminnelser om simskolan till föräldrar');
    expect(text).not.toContain('elcyklar');
    // The other sluice's idea is in the index: it is shown in its own sluice's form.
    const theirs = formOf(await fetchTask({ commandContext: 'message', messagePayload: messagePayload(SWIM) }, { tenantId: THIRD_TENANT }));
    expect((similarSection(theirs) ?? []).join('\n')).toContain('Påminnelser om simskolan till föräldrar');
  });

  it('lists none for a one-word message, an unrelated one, or the empty form of the message box', async () => {
    expect(
      similarSection(formOf(await fetchTask({ commandContext: 'message', messagePayload: messagePayload('<p>Simskolan!</p>') }))),
    ).toBeUndefined();
    const unrelated = messagePayload('<p>Vi borde bygga ett tak över cykelställen vid stadshuset.</p>');
    expect(similarSection(formOf(await fetchTask({ commandContext: 'message', messagePayload: unrelated })))).toBeUndefined();
    expect(similarSection(formOf(await fetchTask({ commandContext: 'compose' })))).toBeUndefined();
  });

  it('lists them again when a refused submit shows the form anew, for what it then holds', async () => {
    const payload = messagePayload(SWIM);
    const card = formOf(await fetchTask({ commandContext: 'message', messagePayload: payload }));
    const again = formOf(await submit(filled(card, { need: '', beneficiaries: '' }), { messagePayload: payload }));
    expect((similarSection(again) ?? []).join('\n')).toContain(`#${swim.number} Påminn föräldrar om simskolan`);
  });
});

describe('the giver’s receipt is durable', () => {
  async function submitFromGroupChat(target: TestApp, serviceUrl: string, title: string): Promise<Idea> {
    const payload = messagePayload(`<p>${title}.</p>`);
    const at = { serviceUrl, conversationType: 'groupChat', conversationId: '19:gruppchatt@thread.v2' } as const;
    const opened = await target.post(
      '/api/messages',
      invoke('composeExtension/fetchTask', { commandId: 'createIdea', commandContext: 'message', messagePayload: payload }, at),
    );
    const data = filled(formOf(opened.body as Json), { need: 'Behov', beneficiaries: 'staff', department: 'Service' });
    const answer = await target.post(
      '/api/messages',
      invoke('composeExtension/submitAction', { commandId: 'createIdea', commandContext: 'message', data, messagePayload: payload }, at),
    );
    taskMessageOf(answer.body as Json);
    const sluice = await target.services.ideas.sluiceFor(TENANT);
    for await (const idea of target.storage.ideas.all(sluice!.value.id)) if (idea.title === title) return idea;
    throw new Error(`No idea ${title}`);
  }

  function receiptsTo(recorded: RecordingConnector, idea: Idea): Json[] {
    return recorded
      .sent()
      .filter((a) => a.conversationId === `a:personal-${GIVER.id}` && JSON.stringify(a['attachments']).includes(`Idé #${idea.number}:`));
  }

  it('survives a restart right after the answer: the next instance sends it (from a group chat the bot has no other chat in)', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'ideslussen-receipt-'));
    const own = await startTestApp({ OUTBOX_POLL_MS: '0', DEFAULT_COACH_IDS: '' }, { dataDir });
    const ownConnector = await startRecordingConnector();
    let again: TestApp | undefined;
    try {
      const idea = await submitFromGroupChat(own, ownConnector.serviceUrl, 'Lånecyklar vid stationen');
      await own.close();
      expect(ownConnector.sent()).toHaveLength(0);

      again = await startTestApp({ OUTBOX_POLL_MS: '0', DEFAULT_COACH_IDS: '' }, { dataDir });
      await again.services.notifications.runOnce();
      const [receipt, ...more] = receiptsTo(ownConnector, idea);
      expect(more).toHaveLength(0);
      validateCard((receipt!['attachments'] as Array<{ content: Json }>)[0]!.content);
      // Opened through the connector the invoke came through: the bot had met nobody in the tenant.
      expect(ownConnector.calls.find((c) => c.path === '/v3/conversations')?.body).toMatchObject({ members: [{ id: GIVER.id }] });
    } finally {
      await again?.close();
      await ownConnector.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('is retried when the connector is throttling, and arrives once', async () => {
    const own = await startTestApp({ OUTBOX_POLL_MS: '0', DEFAULT_COACH_IDS: '' });
    const ownConnector = await startRecordingConnector();
    try {
      const idea = await submitFromGroupChat(own, ownConnector.serviceUrl, 'Matsvinn i skolköket');
      // More 429s than the Bot Framework client retries by itself, so the outbox's own retry is needed.
      ownConnector.failNext(429, 4);
      await own.services.notifications.runOnce();
      expect(receiptsTo(ownConnector, idea)).toHaveLength(0);
      const [job] = await jobsOf(own, idea);
      expect(job?.steps.find((s) => s.key === 'confirmGiver')).toMatchObject({ status: 'pending', lastError: expect.any(String) });

      await own.services.notifications.runOnce();
      expect(receiptsTo(ownConnector, idea)).toHaveLength(1);
      const [done] = await jobsOf(own, idea);
      expect(done).toMatchObject({ status: 'done' });
    } finally {
      await own.close();
      await ownConnector.stop();
    }
  });
});

async function jobsOf(target: TestApp, idea: Idea): Promise<NotificationJob[]> {
  const { resources } = await target.storage.containers.outbox.items
    .query<NotificationJob>({
      query: "SELECT * FROM c WHERE c.type = 'job' AND c.ideaId = @id",
      parameters: [{ name: '@id', value: idea.id }],
    })
    .fetchAll();
  return resources;
}
