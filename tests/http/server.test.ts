import { startTestApp, type TestApp } from '../helpers/app';
import { GIVER, TENANT, installed, message } from '../../bot/src/local/activities';
import { userKey } from '../../bot/src/domain/conversations';
import { validateCard } from '../helpers/cards';

let app: TestApp;

beforeAll(async () => {
  app = await startTestApp({}, { connector: true });
});
afterAll(async () => {
  await app.close();
});
beforeEach(() => app.connector.reset());

describe('health', () => {
  it('reports ok and the embedded storage', async () => {
    const res = await app.get('/healthz');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'ok', storage: 'embedded' });
  });
});

describe('bad input', () => {
  it('answers a non-JSON body to /api/messages with 400 and a message, and stays up', async () => {
    const res = await app.post('/api/messages', '{not json', { 'content-type': 'application/json' });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ message: 'The request body is not valid JSON.' });
    expect(JSON.stringify(res.body)).not.toMatch(/at .*\.js:\d+/);
    expect((await app.get('/healthz')).status).toBe(200);
  });

  it('answers an oversized body with 413', async () => {
    const res = await app.post('/api/messages', { type: 'message', text: 'x'.repeat(400 * 1024) });
    expect(res.status).toBe(413);
    expect(res.body).toMatchObject({ message: expect.stringContaining('too large') });
  });

  it('answers JSON that is not an activity with 400', async () => {
    const res = await app.post('/api/messages', [1, 2, 3]);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ message: expect.stringContaining('activity') });
  });

  it('answers an unknown route with 404 JSON', async () => {
    const res = await app.get('/api/nothing-here');
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ code: 'ResourceNotFound', message: 'There is nothing at this address.' });
  });
});

describe('bot basics', () => {
  it('sends a welcome card on install, in Swedish by default', async () => {
    const res = await app.post('/api/messages', installed({ serviceUrl: app.connector.serviceUrl }));
    expect(res.status).toBeLessThan(300);
    await app.connector.waitFor(() => app.connector.sent().length > 0);
    const [activity] = app.connector.sent();
    const card = (activity?.['attachments'] as Array<{ content: Record<string, unknown> }>)[0]?.content;
    expect(card).toBeDefined();
    validateCard(card!);
    expect(JSON.stringify(card)).toContain('Välkommen till Idéslussen Testkommun');
  });

  it('welcomes once when the same install is delivered twice at the same time', async () => {
    const activity = installed({ serviceUrl: app.connector.serviceUrl, conversationId: 'a:twice-installed' });
    await Promise.all([app.post('/api/messages', activity), app.post('/api/messages', { ...activity, id: 'second-delivery' })]);
    const welcomes = app.connector.sent().filter((a) => a.conversationId === 'a:twice-installed');
    expect(welcomes).toHaveLength(1);
  });

  it('answers "hjälp" with the help card and "help" in English', async () => {
    await app.post('/api/messages', message('hjälp', { serviceUrl: app.connector.serviceUrl }));
    await app.post('/api/messages', message('help', { serviceUrl: app.connector.serviceUrl, locale: 'en-US' }));
    await app.connector.waitFor(() => app.connector.sent().length >= 2);
    const texts = app.connector.sent().map((a) => JSON.stringify(a['attachments']));
    expect(texts[0]).toContain('Det här kan jag');
    expect(texts[1]).toContain('What I can do');
    for (const a of app.connector.sent()) validateCard((a['attachments'] as Array<{ content: Record<string, unknown> }>)[0]!.content);
  });

  it('points unknown text to help instead of staying silent', async () => {
    await app.post('/api/messages', message('blablabla', { serviceUrl: app.connector.serviceUrl }));
    await app.connector.waitFor(() => app.connector.sent().length > 0);
    expect(app.connector.sent()[0]?.['text']).toContain('hjälp');
  });

  it('stores the conversation reference of a user it meets', async () => {
    await app.post('/api/messages', message('hjälp', { serviceUrl: app.connector.serviceUrl }));
    const ref = await app.storage.conversations.get(userKey(TENANT, GIVER.id));
    expect(ref?.serviceUrl).toBe(app.connector.serviceUrl);
  });
});

describe('health when the database is gone', () => {
  it('answers 503 when storage does not answer', async () => {
    const other = await startTestApp();
    try {
      await other.storage.close();
      const res = await other.get('/healthz');
      expect(res.status).toBe(503);
      expect(res.body).toMatchObject({ status: 'unavailable', storage: 'embedded' });
    } finally {
      await new Promise<void>((resolve) => other.server.close(() => resolve()));
    }
  });
});
