import { startRecordingConnector, type RecordingConnector } from '../../bot/src/local/connector';
import { startLocalApp, type LocalApp, type LocalAppOptions } from '../../bot/src/local/app';
import { message, type ActivityOptions } from '../../bot/src/local/activities';

export type { LogLine } from '../../bot/src/local/app';

/** What a test may choose about the app it starts; the environment is the first argument. */
export interface TestAppOptions extends LocalAppOptions {
  /**
   * `true` starts a recording Bot Framework connector with the app (`app.connector`), stopped by
   * `close()`; a given connector is used as it is and outlives the app (e.g. across a restart).
   */
  readonly connector?: boolean | RecordingConnector;
  /**
   * People who say "hjälp" in their personal chat once the app is up, so the bot has their
   * conversation references (needs `connector`); the connector is reset afterwards.
   */
  readonly meet?: ReadonlyArray<{ id: string; name: string }>;
}

export interface TestApp extends LocalApp {
  /** The recording connector, when started with `connector`. */
  readonly connector: RecordingConnector;
  /** The person says "hjälp" (in their personal chat unless `where` says otherwise): the bot stores their reference. */
  meet(person: { id: string; name: string }, where?: Omit<ActivityOptions, 'serviceUrl' | 'user'>): Promise<void>;
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
  const { connector: wanted, meet = [], ...local } = options;
  if (meet.length > 0 && !wanted) throw new Error('startTestApp: `meet` needs `connector`');
  const level = process.env['TEST_LOG_LEVEL'];
  const connector = wanted === true ? await startRecordingConnector() : wanted || undefined;
  // Without a connector nobody can be reached, so a running outbox worker would only ever write each idea's
  // "no reachable coach" state at some moment of the test, racing its reads and etags: it is paused unless
  // the test asks for it (OUTBOX_POLL_MS), as tests that deliver do.
  const outbox: Record<string, string> = wanted || 'OUTBOX_POLL_MS' in env ? {} : { OUTBOX_POLL_MS: '0' };
  const app = await startLocalApp({ ...(level && !local.captureLogs ? { LOG_LEVEL: level } : {}), ...outbox, ...env }, local);
  const recording = (): RecordingConnector => {
    if (!connector) throw new Error('This test app was started without `connector`');
    return connector;
  };
  const testApp: TestApp = {
    ...app,
    get connector(): RecordingConnector {
      return recording();
    },
    async meet(person, where = {}) {
      const res = await app.post('/api/messages', message('hjälp', { ...where, serviceUrl: recording().serviceUrl, user: person }));
      if (res.status !== 200) throw new Error(`meet ${person.name}: /api/messages answered ${res.status}`);
    },
    async close() {
      await app.close();
      if (wanted === true) await connector?.stop();
    },
  };
  for (const person of meet) await testApp.meet(person);
  if (meet.length > 0) connector?.reset();
  return testApp;
}
