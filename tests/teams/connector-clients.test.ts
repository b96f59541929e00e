/**
 * One connector client per app, service URL and audience, made once and used by every turn after
 * (a client builds its whole HTTP pipeline when made); a client whose credentials could not be
 * made is not kept, so the next turn tries again.
 */
import { ClaimsIdentity, MicrosoftAppCredentials, ServiceClientCredentialsFactory } from 'botframework-connector';
import { ReusingBotFrameworkAuthentication } from '../../bot/src/teams/adapter';

class CountingCredentials extends ServiceClientCredentialsFactory {
  made = 0;
  failNext = false;
  async isValidAppId(): Promise<boolean> {
    return true;
  }
  async isAuthenticationDisabled(): Promise<boolean> {
    return false;
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
});
