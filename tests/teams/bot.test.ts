/**
 * The bot's own bookkeeping reads the app's one clock: the reference it stores of a person it
 * meets, and the one welcome per install (claimed for ten minutes); and every reply says its text
 * is markdown, as Teams reads it, so other clients (Agents Playground) render it alike.
 */
import { userKey } from '../../bot/src/domain/conversations';
import { GIVER, TENANT, installed, message } from '../../bot/src/local/activities';
import { startTestApp, type TestApp } from '../helpers/app';
import { ManualClock } from './capture/capture-app';

const clock = new ManualClock(new Date('2031-03-04T05:06:07.000Z'));
let app: TestApp;
beforeAll(async () => (app = await startTestApp({ OUTBOX_POLL_MS: '0' }, { connector: true, clock })));
afterAll(() => app?.close());
beforeEach(() => app.connector.reset());

describe('the bot and the clock', () => {
  it('dates the conversation reference of a person it meets by the app clock', async () => {
    await app.meet(GIVER);
    const stored = await app.storage.conversations.get(userKey(TENANT, GIVER.id));
    expect(stored?.updatedAt).toBe('2031-03-04T05:06:07.000Z');
  });

  it('welcomes once per install, and again when the app clock says the claim has run out', async () => {
    const install = (): Record<string, unknown> => installed({ serviceUrl: app.connector.serviceUrl, conversationId: 'a:clocked-install' });
    const welcomes = (): number => app.connector.sent().filter((a) => a.conversationId === 'a:clocked-install').length;
    await app.post('/api/messages', install());
    await app.post('/api/messages', install());
    expect(welcomes()).toBe(1);
    clock.advance(10 * 60_000 + 1);
    await app.post('/api/messages', install());
    expect(welcomes()).toBe(2);
  });
});

describe('the text of a reply', () => {
  it('is marked as markdown, so **bold** renders in every client as it does in Teams', async () => {
    const conversationId = 'a:markdown-chat';
    await app.post('/api/messages', message('ny idé', { serviceUrl: app.connector.serviceUrl, conversationId }));
    const replies = app.connector
      .sent()
      .filter((a) => a.conversationId === conversationId && a.type === 'message' && typeof a.text === 'string');
    expect(replies.length).toBeGreaterThan(0);
    expect(replies.map((a) => a.textFormat)).toEqual(replies.map(() => 'markdown'));
  });
});
