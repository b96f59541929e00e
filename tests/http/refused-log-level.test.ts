import { startLocalApp, type LocalApp } from '../../bot/src/local/app';

let app: LocalApp;

beforeAll(async () => {
  app = await startLocalApp({}, { captureLogs: true });
});
afterAll(async () => {
  await app.close();
});

const refused = (method: string) => app.logs.filter((l) => l.msg === 'Request refused' && l['method'] === method);

describe('refused requests in the log', () => {
  it('logs a refused HEAD probe at debug and any other refused request at info', async () => {
    const head = await app.call('HEAD', '/api/messages');
    expect(head.status).toBe(405);
    const get = await app.get('/api/messages');
    expect(get.status).toBe(405);
    expect(get.body).toMatchObject({ message: 'This method is not allowed here.' });
    await new Promise((resolve) => setImmediate(resolve));
    expect(refused('HEAD').map((l) => l.level)).toEqual([20]);
    expect(refused('GET').map((l) => l.level)).toEqual([30]);
  });
});
