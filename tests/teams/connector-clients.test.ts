/**
 * One connector client per app, service URL and audience, and one user token client per app, made
 * once and used by every turn after (a client builds its whole HTTP pipeline when made), by the
 * turn's own connector factory as by proactive messages; a client whose credentials could not be
 * made is not kept, so the next turn tries again.
 */
import type { Activity } from 'botbuilder';
import { ClaimsIdentity, MicrosoftAppCredentials, ServiceClientCredentialsFactory } from 'botframework-connector';
import { ReusingBotFrameworkAuthentication } from '../../bot/src/teams/adapter';

class CountingCredentials extends ServiceClientCredentialsFactory {
  made = 0;
  failNext = false;
  constructor(private readonly disabled = false) {
    super();
  }
  async isValidAppId(): Promise<boolean> {
    return true;
  }
  async isAuthenticationDisabled(): Promise<boolean> {
    return this.disabled;
  }
  async createCredentials(): Promise<MicrosoftAppCredentials> {
    this.made++;
    if (this.failNext) {
      this.failNext = false;
      throw new Error('no token service');
    }
    return MicrosoftAppCredentials.Empty;
  }
}

const identityOf = (appId: string): ClaimsIdentity => new ClaimsIdentity([{ type: 'aud', value: appId }], true);
const SERVICE = 'https://smba.trafficmanager.net/emea/';

describe('connector clients', () => {
  it('are made once per app and service URL and used by every later turn', async () => {
    const credentials = new CountingCredentials();
    const auth = new ReusingBotFrameworkAuthentication({}, credentials);
    const first = await auth.createConnectorFactory(identityOf('app-a')).create(SERVICE, 'https://api.botframework.com');
    const again = await auth.createConnectorFactory(identityOf('app-a')).create(SERVICE, 'https://api.botframework.com');
    expect(again).toBe(first);
    expect(credentials.made).toBe(1);
    const otherApp = await auth.createConnectorFactory(identityOf('app-b')).create(SERVICE, 'https://api.botframework.com');
    const otherService = await auth
      .createConnectorFactory(identityOf('app-a'))
      .create('https://smba.trafficmanager.net/amer/', 'https://api.botframework.com');
    expect(otherApp).not.toBe(first);
    expect(otherService).not.toBe(first);
    expect(otherService.conversations).toBeDefined();
    expect(credentials.made).toBe(3);
  });

  it('are not kept when their credentials could not be made', async () => {
    const credentials = new CountingCredentials();
    const auth = new ReusingBotFrameworkAuthentication({}, credentials);
    credentials.failNext = true;
    await expect(auth.createConnectorFactory(identityOf('app-a')).create(SERVICE)).rejects.toThrow('no token service');
    const client = await auth.createConnectorFactory(identityOf('app-a')).create(SERVICE);
    expect(client.conversations).toBeDefined();
    expect(credentials.made).toBe(2);
  });

  it("are the turn's own: the factory a request's check hands the adapter gives the kept client", async () => {
    // Without credentials (local) the check passes every request, as the adapter's turn sees it.
    const credentials = new CountingCredentials(true);
    const auth = new ReusingBotFrameworkAuthentication({}, credentials);
    const activity = { type: 'message', channelId: 'msteams', serviceUrl: SERVICE } as Activity;
    const first = await auth.authenticateRequest(activity, '');
    const second = await auth.authenticateRequest(activity, '');
    const client = await first.connectorFactory?.create(SERVICE, first.audience);
    expect(client?.conversations).toBeDefined();
    expect(await second.connectorFactory?.create(SERVICE, second.audience)).toBe(client);
    expect(await auth.createConnectorFactory(second.claimsIdentity).create(SERVICE, second.audience)).toBe(client);
    expect(credentials.made).toBe(1);
  });

  it('and user token clients are made once per app, none kept that failed', async () => {
    const credentials = new CountingCredentials();
    const auth = new ReusingBotFrameworkAuthentication({}, credentials);
    credentials.failNext = true;
    await expect(auth.createUserTokenClient(identityOf('app-a'))).rejects.toThrow('no token service');
    const first = await auth.createUserTokenClient(identityOf('app-a'));
    expect(await auth.createUserTokenClient(identityOf('app-a'))).toBe(first);
    expect(await auth.createUserTokenClient(identityOf('app-b'))).not.toBe(first);
    expect(credentials.made).toBe(3);
  });
});
