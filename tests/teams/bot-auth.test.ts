import { startTestApp, type TestApp } from '../helpers/app';
import { startRecordingConnector, type RecordingConnector } from '../helpers/recording-connector';
import { message } from '../helpers/teams-activities';

describe('Bot Framework authentication', () => {
  let app: TestApp;
  let connector: RecordingConnector;

  beforeAll(async () => {
    connector = await startRecordingConnector();
    app = await startTestApp({
      MicrosoftAppId: 'a1b2c3d4-0000-4000-8000-0000000000b0',
      MicrosoftAppPassword: 'not-a-real-secret',
      MicrosoftAppType: 'MultiTenant',
    });
  });
  afterAll(async () => {
    await app.close();
    await connector.stop();
  });

  it('refuses an activity without a token when credentials are configured, and sends nothing', async () => {
    const res = await app.post('/api/messages', message('hjälp', { serviceUrl: connector.serviceUrl }));
    expect(res.status).toBe(401);
    expect(connector.calls).toHaveLength(0);
  });

  it('refuses a forged token', async () => {
    const forged = `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${Buffer.from('{"aud":"x"}').toString('base64url')}.`;
    const res = await app.post('/api/messages', message('hjälp', { serviceUrl: connector.serviceUrl }), {
      authorization: `Bearer ${forged}`,
    });
    expect(res.status).toBe(401);
    expect(connector.calls).toHaveLength(0);
  });
});
