import { readActivity } from '../../bot/src/teams/activity';
import { startTestApp, type TestApp } from '../helpers/app';
import { GIVER, OTHER_TENANT, TENANT, invoke, message } from '../../bot/src/local/activities';

const BOT = { id: '28:bot', name: 'Idéslussen' };

describe('readActivity', () => {
  it('reads person, tenant, locale and text the way Teams sends them', () => {
    const read = readActivity({
      type: 'message',
      text: '<at>Idéslussen</at> ny\u200b idé\n<at>Idéslussen</at>\ufeff',
      recipient: BOT,
      from: { id: `29:${GIVER.id}`, name: GIVER.name, aadObjectId: GIVER.id },
      conversation: { id: '19:abc@thread.tacv2;messageid=123', conversationType: 'channel', tenantId: TENANT, isGroup: true, name: '' },
      channelData: { tenant: { id: TENANT }, channel: { id: '19:abc@thread.tacv2' } },
      entities: [
        { type: 'mention', text: '<at>Idéslussen</at>', mentioned: BOT },
        { type: 'clientInfo', locale: 'en-GB' },
      ],
    });
    expect(read).toEqual({
      tenantId: TENANT,
      person: { id: GIVER.id, tenantId: TENANT, name: GIVER.name },
      locale: 'en',
      text: 'ny idé',
      conversationKind: 'channel',
      conversationId: '19:abc@thread.tacv2',
      channelId: '19:abc@thread.tacv2',
      hasFiles: false,
    });
  });

  it('keeps the mention of someone else, and Swedish is the default', () => {
    const read = readActivity({
      text: '<at>Karin</at> tycker till',
      recipient: BOT,
      from: { id: '29:x', name: 'X', aadObjectId: GIVER.id },
      conversation: { id: 'a:1', tenantId: TENANT, isGroup: false, conversationType: 'personal', name: '' },
      entities: [{ type: 'mention', text: '<at>Karin</at>', mentioned: { id: '29:karin', name: 'Karin' } }],
    });
    expect(read.text).toBe('<at>Karin</at> tycker till');
    expect(read.locale).toBe('sv');
    expect(read.conversationKind).toBe('personal');
    expect(read.channelId).toBeUndefined();
  });

  it("takes a button's words (verb chat.say) as typed, and nothing else a card sends", () => {
    const from = { id: '29:x', name: 'X', aadObjectId: GIVER.id };
    const conversation = { id: 'a:1', tenantId: TENANT, isGroup: false, conversationType: 'personal', name: '' };
    const read = (value: unknown, text?: string): string =>
      readActivity({ recipient: BOT, from, conversation, value, ...(text !== undefined ? { text } : {}) }).text;
    expect(read({ verb: 'chat.say', say: 'ny idé' })).toBe('ny idé');
    // Typed words win; other verbs, other shapes and long forged words say nothing.
    expect(read({ verb: 'chat.say', say: 'ny idé' }, 'hjälp')).toBe('hjälp');
    expect(read({ verb: 'capture.submit', say: 'ny idé' })).toBe('');
    expect(read({ verb: 'chat.say', say: 42 })).toBe('');
    expect(read({ verb: 'chat.say', say: 'x'.repeat(61) })).toBe('');
    expect(read('chat.say')).toBe('');
  });

  it('is nobody without an Entra object id, with tenants that disagree, or with a malformed id', () => {
    const base = {
      recipient: BOT,
      conversation: { id: 'a:1', tenantId: TENANT, isGroup: false, conversationType: 'personal', name: '' },
      channelData: { tenant: { id: TENANT } },
    };
    // The channel's own id is no identity: Web Chat and Direct Line let the client choose it.
    expect(readActivity({ ...base, from: { id: GIVER.id, name: GIVER.name } })).toMatchObject({ personProblem: 'noObjectId' });
    expect(
      readActivity({ ...base, from: { id: 'x', name: 'x', aadObjectId: GIVER.id }, channelData: { tenant: { id: OTHER_TENANT } } }),
    ).toMatchObject({
      personProblem: 'tenantMismatch',
    });
    expect(readActivity({ ...base, from: { id: 'x', name: 'x', aadObjectId: '..' } })).toMatchObject({ personProblem: 'badObjectId' });
    const noTenant = readActivity({
      recipient: BOT,
      from: { id: 'x', name: 'x', aadObjectId: GIVER.id },
      conversation: { id: 'a:1', isGroup: false, conversationType: 'personal', name: '' },
    });
    expect(noTenant.person).toBeUndefined();
    expect(noTenant.personProblem).toBe('noTenant');
  });
});

describe('an activity that does not say who sent it', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ OUTBOX_POLL_MS: '0' }, { connector: true });
  });
  afterAll(async () => {
    await app.close();
  });
  beforeEach(() => app.connector.reset());

  /** A message as a Web Chat client could send it: `from.id` chosen to be the giver's object id. */
  function spoofed(text: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
    const activity = message(text, { serviceUrl: app.connector.serviceUrl, user: GIVER });
    return { ...activity, from: { id: GIVER.id, name: GIVER.name }, ...extra };
  }

  it('is answered plainly and starts no draft as anyone', async () => {
    const res = await app.post('/api/messages', spoofed('idé: Cykelparkering vid stadshuset'));
    expect(res.status).toBeLessThan(300);
    const sent = app.connector.sent();
    expect(sent).toHaveLength(1);
    expect(sent[0]?.['text']).toMatch(/Jag kan inte se vem du är/);
    expect(await app.storage.ideas.list('default', { filter: {}, sort: 'newest', pageSize: 10 })).toMatchObject({ items: [] });
  });

  it('is refused when the two tenant fields disagree', async () => {
    const activity = message('mina idéer', { serviceUrl: app.connector.serviceUrl, user: GIVER });
    await app.post('/api/messages', { ...activity, channelData: { tenant: { id: OTHER_TENANT } } });
    expect(app.connector.sent().map((s) => s['text'])).toEqual([expect.stringMatching(/Jag kan inte se vem du är/)]);
  });

  it('gets a 403 for a card action', async () => {
    const activity = invoke(
      'adaptiveCard/action',
      { action: { type: 'Action.Execute', verb: 'idea.refresh', data: { ideaId: 'x', sluiceId: 'default' } } },
      {
        serviceUrl: app.connector.serviceUrl,
        user: GIVER,
      },
    );
    const res = await app.post('/api/messages', { ...activity, from: { id: GIVER.id, name: GIVER.name } });
    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({ statusCode: 403, type: 'application/vnd.microsoft.error', value: { code: 'Forbidden' } });
  });
});
