import { startTestApp, type LogLine, type TestApp } from '../helpers/app';
import { startBotFrameworkIssuer, type BotFrameworkIssuer } from '../helpers/bot-framework-issuer';
import { startRecordingConnector, type RecordingConnector } from '../../bot/src/local/connector';
import { invoke, message } from '../../bot/src/local/activities';

const APP_ID = 'a1b2c3d4-0000-4000-8000-0000000000b0';

describe('Bot Framework authentication of /api/messages', () => {
  let app: TestApp;
  let connector: RecordingConnector;
  let issuer: BotFrameworkIssuer;
  let stderr: string[];
  let restore: () => void;

  beforeAll(async () => {
    connector = await startRecordingConnector();
    issuer = await startBotFrameworkIssuer();
    app = await startTestApp(
      {
        MicrosoftAppId: APP_ID,
        MicrosoftAppPassword: 'not-a-real-secret',
        MicrosoftAppType: 'MultiTenant',
        BOT_OPENID_METADATA_URL: issuer.metadataUrl,
      },
      { captureLogs: true },
    );
  });
  afterAll(async () => {
    await app.close();
    await issuer.stop();
    await connector.stop();
  });

  // Whatever the server or the Bot Framework library would print to the console instead of the log.
  beforeEach(() => {
    stderr = [];
    const write = process.stderr.write.bind(process.stderr);
    const { error, warn } = console;
    process.stderr.write = ((chunk: string | Uint8Array) => {
      stderr.push(String(chunk));
      return true;
    }) as typeof process.stderr.write;
    console.error = (...args: unknown[]) => stderr.push(args.map(String).join(' '));
    console.warn = (...args: unknown[]) => stderr.push(args.map(String).join(' '));
    restore = () => {
      process.stderr.write = write;
      console.error = error;
      console.warn = warn;
    };
  });
  afterEach(() => restore());

  const activity = (channelId: string) => ({ ...message('hjälp', { serviceUrl: connector.serviceUrl }), channelId });
  const fetchTask = () =>
    invoke('composeExtension/fetchTask', { commandId: 'createIdea', commandContext: 'compose' }, { serviceUrl: connector.serviceUrl });
  const refusals = (): LogLine[] => app.logs.filter((l) => l.msg === 'Bot activity refused');

  it('lets in a Teams activity with a valid token from the Bot Framework (the tokens below are sound)', async () => {
    const res = await app.post('/api/messages', fetchTask(), {
      authorization: `Bearer ${await issuer.token('msteams', APP_ID, connector.serviceUrl)}`,
    });
    expect(res.status).toBe(200);
    expect(JSON.stringify(res.body)).toContain('"type":"continue"');
  });

  const malformed: ReadonlyArray<[string, () => Promise<string | undefined>, RegExp]> = [
    ['no Authorization header', async () => undefined, /no token/],
    ['a Basic header', async () => 'Basic a2FyaW46aGVtbGln', /not a bearer token/],
    ['an empty bearer', async () => 'Bearer ', /not a bearer token/],
    ['nonsense', async () => 'Bearer this.is.nonsense', /not a JWT/],
    ['a payload that is not an object', async () => `Bearer e30.${Buffer.from('42').toString('base64url')}.x`, /not a JWT/],
    [
      'an unsigned token (alg none)',
      async () =>
        `Bearer ${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${Buffer.from(`{"aud":"${APP_ID}","exp":9999999999}`).toString('base64url')}.`,
      /RS256/,
    ],
    [
      'a key the Bot Framework never published',
      async () => `Bearer ${await issuer.foreignToken(APP_ID, connector.serviceUrl)}`,
      /signature/,
    ],
    ['a token for another bot', async () => `Bearer ${await issuer.token('msteams', 'another-bot', connector.serviceUrl)}`, /aud/],
    [
      'a token from another issuer',
      async () => `Bearer ${await issuer.token('msteams', APP_ID, connector.serviceUrl, { iss: 'https://sts.windows.net/x/' })}`,
      /iss/,
    ],
    [
      'an expired token',
      async () =>
        `Bearer ${await issuer.token('msteams', APP_ID, connector.serviceUrl, { nbf: 1_000_000, exp: Math.floor(Date.now() / 1000) - 3600 })}`,
      /expired/i,
    ],
    [
      'a token with no expiry',
      async () => `Bearer ${await issuer.token('msteams', APP_ID, connector.serviceUrl, { exp: undefined })}`,
      /no expiry/,
    ],
    [
      'a token for another service URL',
      async () => `Bearer ${await issuer.token('msteams', APP_ID, 'http://127.0.0.1:9/elsewhere')}`,
      /service URL/,
    ],
    [
      'a Web Chat key used for a Teams activity',
      async () => `Bearer ${await issuer.token('webchat', APP_ID, connector.serviceUrl)}`,
      /not endorsed/,
    ],
  ];

  it.each(malformed)('answers %s with 401, one structured warning and nothing on stderr', async (_name, header, reason) => {
    const before = refusals().length;
    const calls = connector.calls.length;
    const authorization = await header();
    const res = await app.post('/api/messages', activity('msteams'), authorization ? { authorization } : {});
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ code: 'Unauthorized', message: expect.any(String), correlationId: expect.any(String) });
    expect(connector.calls.length).toBe(calls);
    const logged = refusals().slice(before);
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatchObject({ level: 40, status: 401, correlationId: (res.body as { correlationId: string }).correlationId });
    expect(String(logged[0]!['reason'])).toMatch(reason);
    expect(JSON.stringify(logged[0])).not.toMatch(/\n\s+at /);
    expect(stderr).toEqual([]);
  });

  it.each([
    ['webchat', 'webchat'],
    ['directline', 'directline'],
    ['msteams', ''],
  ] as const)('refuses a valid token endorsed for %s on channel "%s" with 403 before any bot code runs', async (key, channelId) => {
    const before = refusals().length;
    const calls = connector.calls.length;
    const res = await app.post('/api/messages', activity(channelId), {
      authorization: `Bearer ${await issuer.token(key, APP_ID, connector.serviceUrl)}`,
    });
    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({ code: 'ChannelNotAllowed' });
    expect(connector.calls.length).toBe(calls);
    const logged = refusals().slice(before);
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatchObject({ level: 40, status: 403, channelId, reason: expect.stringContaining('is not msteams') });
    expect(stderr).toEqual([]);
  });

  it('keeps a flood of forged tokens from flooding the log', async () => {
    const before = app.logs.filter((l) => l.level === 40).length;
    for (let i = 0; i < 60; i++) {
      const res = await app.post('/api/messages', activity('msteams'), { authorization: `Bearer x.${'e30'}.${i}` });
      expect(res.status).toBe(401);
    }
    const written = app.logs.filter((l) => l.level === 40).length - before;
    expect(written).toBeGreaterThan(0);
    expect(written).toBeLessThanOrEqual(20);
  });
});
