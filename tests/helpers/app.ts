import { startRecordingConnector, type RecordingConnector } from '../../bot/src/local/connector';
import { startLocalApp, type LocalApp, type LocalAppOptions } from '../../bot/src/local/app';
import { message } from '../../bot/src/local/activities';

export type { LogLine } from '../../bot/src/local/app';

/** What a test may choose about the app it starts; the environment is the first argument. */
export interface TestAppOptions extends LocalAppOptions {
  /** Starts a recording Bot Framework connector with the app (`app.connector`), stopped by `close()`. */
  readonly connector?: boolean;
  /**
   * People who say "hjälp" in their personal chat once the app is up, so the bot has their
   * conversation references (needs `connector`); the connector is reset afterwards.
   */
  readonly meet?: ReadonlyArray<{ id: string; name: string }>;
}

export interface TestApp extends LocalApp {
  /** The recording connector, when started with `connector: true`. */
  readonly connector: RecordingConnector;
}

/**
 * The one way tests start the whole server (see `startLocalApp`): in-process on a free loopback
 * port, with the embedded Cosmos server in a fresh data folder and a default sluice (tenant TENANT,
 * coaches COACH and COACH_2), started for local use. `TEST_LOG_LEVEL` shows the server's log.
 *
 * @example
 * let app: TestApp;
 * beforeAll(async () => (app = await startTestApp({ OUTBOX_POLL_MS: '0' }, { connector: true, meet: [GIVER] })));
 * afterAll(() => app?.close());
 * beforeEach(() => app.connector.reset());
 */
export async function startTestApp(env: Record<string, string> = {}, options: TestAppOptions = {}): Promise<TestApp> {
  const { connector: withConnector, meet = [], ...local } = options;
  if (meet.length > 0 && !withConnector) throw new Error('startTestApp: `meet` needs `connector: true`');
  const level = process.env['TEST_LOG_LEVEL'];
  const connector = withConnector ? await startRecordingConnector() : undefined;
  const app = await startLocalApp({ ...(level && !local.captureLogs ? { LOG_LEVEL: level } : {}), ...env }, local);
  if (connector) {
    for (const person of meet) await app.post('/api/messages', message('hjälp', { serviceUrl: connector.serviceUrl, user: person }));
    connector.reset();
  }
  return {
    ...app,
    get connector(): RecordingConnector {
      if (!connector) throw new Error('This test app was started without `connector: true`');
      return connector;
    },
    async close() {
      await app.close();
      await connector?.stop();
    },
  };
}
