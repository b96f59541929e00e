import {
  Client,
  GraphError,
  HTTPMessageHandler,
  RetryHandler,
  RetryHandlerOptions,
  type Context,
  type Middleware,
} from '@microsoft/microsoft-graph-client';
import type { GraphConfig } from '../../config';
import type {
  ActivityNotice,
  DirectoryFeatures,
  DirectoryPort,
  DirectoryProfile,
  GroupMember,
  GroupMembersPort,
  PersonReachPort,
} from '../../domain/directory';
import type { FoundPerson, PeopleDirectoryPort } from '../../domain/people-search';
import type { Logger } from '../../logger';
import { GraphTokens } from './tokens';

const PROFILE_FIELDS = 'displayName,department,jobTitle,companyName';
/** Back-off without Retry-After: about 1 s, then exponentially more; at most 3 retries. */
const RETRY_DELAY_SECONDS = 1;
const MAX_RETRIES = 3;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The fields a people search reads: only Graph's basic profile, all that the delegated
 * `User.ReadBasic.All` may read (department and job title would need `User.Read.All`).
 */
const SEARCH_FIELDS = 'id,displayName,mail';

/**
 * The organisation's directory through Microsoft Graph (`@microsoft/microsoft-graph-client`),
 * app-only in the person's own tenant. Graph's throttling (429 with `Retry-After`), 503 and 504
 * are retried with back-off by the client's retry middleware; what still fails is logged with
 * Graph's request id and reported to the caller as "unknown" or as an error to retry later,
 * never as Graph's text to a user.
 */
export class GraphDirectory implements DirectoryPort, PersonReachPort, GroupMembersPort, PeopleDirectoryPort {
  private readonly clients = new Map<string, Client>();
  private readonly tokens: GraphTokens;

  constructor(
    private readonly config: GraphConfig,
    private readonly logger: Logger,
    tokens?: GraphTokens,
  ) {
    this.tokens = tokens ?? new GraphTokens(config);
  }

  get features(): DirectoryFeatures {
    return {
      profiles: true,
      installForPeople: this.config.teamsAppId !== undefined,
      activityFeed: this.config.teamsAppId !== undefined,
      coachGroups: true,
      peopleSearch: true,
    };
  }

  async profileOf(tenantId: string, userId: string): Promise<DirectoryProfile | undefined> {
    if (!GUID.test(userId)) return undefined;
    try {
      const user = (await this.client(tenantId).api(`/users/${userId}`).select(PROFILE_FIELDS).get()) as Record<string, unknown>;
      return {
        ...text(user, 'displayName'),
        ...text(user, 'department'),
        ...text(user, 'jobTitle'),
        ...text(user, 'companyName'),
      };
    } catch (err) {
      if (err instanceof GraphError && err.statusCode === 404) return undefined;
      throw this.failure(err, 'read a profile', tenantId);
    }
  }

  async chatAddressOf(tenantId: string, userId: string): Promise<string | undefined> {
    if (!GUID.test(userId)) return undefined;
    try {
      const user = (await this.client(tenantId).api(`/users/${userId}`).select('userPrincipalName,mail').get()) as Record<string, unknown>;
      const address = [user['userPrincipalName'], user['mail']].find((v): v is string => typeof v === 'string' && v.includes('@'));
      return address;
    } catch (err) {
      if (err instanceof GraphError && err.statusCode === 404) return undefined;
      throw this.failure(err, 'read a chat address', tenantId);
    }
  }

  async installAppFor(tenantId: string, userId: string): Promise<boolean> {
    const appId = this.config.teamsAppId;
    if (!appId || !GUID.test(userId)) return false;
    const apps = this.client(tenantId).api(`/users/${userId}/teamwork/installedApps`);
    try {
      const found = (await apps.expand('teamsApp').filter(`teamsApp/id eq '${appId}'`).get()) as { value?: unknown[] };
      if ((found.value ?? []).length > 0) return true;
      await this.client(tenantId)
        .api(`/users/${userId}/teamwork/installedApps`)
        .post({ 'teamsApp@odata.bind': `https://graph.microsoft.com/v1.0/appCatalogs/teamsApps/${appId}` });
      this.logger.info({ tenantId, userId }, 'Installed the app for a person through Graph');
      return true;
    } catch (err) {
      // Installed meanwhile (another instance, an admin): what we wanted.
      if (err instanceof GraphError && err.statusCode === 409) return true;
      if (err instanceof GraphError && (err.statusCode === 403 || err.statusCode === 404)) {
        this.logger.warn(
          { tenantId, userId, status: err.statusCode, requestId: err.requestId },
          'Graph may not install the app for this person',
        );
        return false;
      }
      throw this.failure(err, 'install the app for a person', tenantId);
    }
  }

  async notify(tenantId: string, userId: string, notice: ActivityNotice): Promise<boolean> {
    if (!this.config.teamsAppId || !GUID.test(userId)) return false;
    try {
      await this.client(tenantId)
        .api(`/users/${userId}/teamwork/sendActivityNotification`)
        .post({
          topic: { source: 'text', value: notice.topic, webUrl: notice.webUrl },
          activityType: notice.activityType,
          previewText: { content: notice.previewText.slice(0, 150) },
          teamsAppId: this.config.teamsAppId,
          templateParameters: Object.entries(notice.templateParameters).map(([name, value]) => ({ name, value })),
        });
      return true;
    } catch (err) {
      if (err instanceof GraphError && (err.statusCode === 403 || err.statusCode === 404)) {
        this.logger.warn({ tenantId, userId, status: err.statusCode, requestId: err.requestId }, 'Graph refused an activity notification');
        return false;
      }
      throw this.failure(err, 'send an activity notification', tenantId);
    }
  }

  /** The users among the group's transitive members (nested groups included), with their names. */
  async groupMembers(tenantId: string, groupId: string): Promise<GroupMember[]> {
    if (!GUID.test(groupId)) throw new Error('Not a group id');
    const members: Array<{ id: string; displayName: string }> = [];
    try {
      let page = (await this.client(tenantId)
        .api(`/groups/${groupId}/transitiveMembers/microsoft.graph.user`)
        .select('id,displayName')
        .top(999)
        .get()) as { value?: Array<Record<string, unknown>>; '@odata.nextLink'?: string };
      for (;;) {
        for (const user of page.value ?? []) {
          if (typeof user['id'] === 'string')
            members.push({ id: user['id'], displayName: typeof user['displayName'] === 'string' ? user['displayName'] : '' });
        }
        const next = page['@odata.nextLink'];
        if (!next) return members;
        page = (await this.client(tenantId).api(next).get()) as typeof page;
      }
    } catch (err) {
      throw this.failure(err, 'read the members of a group', tenantId);
    }
  }

  /**
   * People of the tenant whose name or address starts with the words of `query`, searched as the
   * signed-in user (on behalf of them, from the tab's SSO token): Graph answers only what that user
   * may see, in their own tenant. MSAL caches the exchanged token per user token, so a search while
   * typing costs one token request. Throws {@link DirectoryUnavailableError} when it cannot answer.
   */
  async searchPeople(tenantId: string, userToken: string, query: string, top = 10): Promise<Omit<FoundPerson, 'source'>[]> {
    const term = query.replace(/["\\]/g, ' ').trim();
    if (!term) return [];
    try {
      const token = await this.tokens.onBehalfOf(tenantId, userToken, ['https://graph.microsoft.com/User.ReadBasic.All']);
      const client = this.newClient(() => Promise.resolve(token));
      const found = (await client
        .api('/users')
        .header('ConsistencyLevel', 'eventual')
        .search(`"displayName:${term}" OR "mail:${term}"`)
        .select(SEARCH_FIELDS)
        .top(Math.min(Math.max(top, 1), 25))
        .get()) as { value?: Array<Record<string, unknown>> };
      return (found.value ?? [])
        .filter((u): u is Record<string, unknown> & { id: string } => typeof u['id'] === 'string' && GUID.test(u['id']))
        .map((u) => ({
          id: u.id,
          name: typeof u['displayName'] === 'string' ? u['displayName'].trim() : '',
          ...text(u, 'mail'),
        }));
    } catch (err) {
      throw this.failure(err, 'search people', tenantId);
    }
  }

  private client(tenantId: string): Client {
    let client = this.clients.get(tenantId);
    if (!client) {
      client = this.newClient(() => this.tokens.appToken(tenantId));
      this.clients.set(tenantId, client);
    }
    return client;
  }

  private newClient(getAccessToken: () => Promise<string>): Client {
    // The client's own chain (auth, retry, redirect) sends tokens only to https Graph hosts; this
    // chain sends the token to the configured Graph origin only (https, or the local stand-in on
    // loopback), and keeps the retry of 429 (Retry-After), 503 and 504 with exponential back-off.
    const auth = new BearerForOrigin(new URL(this.config.baseUrl).origin, getAccessToken);
    const retry = new RetryHandler(new RetryHandlerOptions(RETRY_DELAY_SECONDS, MAX_RETRIES));
    const send = new HTTPMessageHandler();
    auth.setNext(retry);
    retry.setNext(send);
    return Client.initWithMiddleware({ middleware: auth, baseUrl: `${this.config.baseUrl}/`, defaultVersion: 'v1.0' });
  }

  /** Logs what Graph said and returns an error that carries no Graph text. */
  private failure(err: unknown, what: string, tenantId: string): DirectoryUnavailableError {
    const graph = err instanceof GraphError ? { status: err.statusCode, code: err.code, requestId: err.requestId } : {};
    this.logger.warn({ err, tenantId, ...graph }, `Could not ${what} through Graph`);
    return new DirectoryUnavailableError(`Graph could not ${what}`, err instanceof GraphError ? err.statusCode : undefined);
  }
}

/** The directory could not answer now (throttled beyond the retries, down, a token problem); try again later. */
export class DirectoryUnavailableError extends Error {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'DirectoryUnavailableError';
  }
}

function text<K extends string>(record: Record<string, unknown>, key: K): Partial<Record<K, string>> {
  const value = record[key];
  return typeof value === 'string' && value.trim() !== '' ? ({ [key]: value.trim() } as Partial<Record<K, string>>) : {};
}

/** Adds the bearer token to requests for one origin, and to no other (a `nextLink` elsewhere gets none). */
class BearerForOrigin implements Middleware {
  private next?: Middleware;

  constructor(
    private readonly origin: string,
    private readonly getAccessToken: () => Promise<string>,
  ) {}

  setNext(next: Middleware): void {
    this.next = next;
  }

  async execute(context: Context): Promise<void> {
    const url = typeof context.request === 'string' ? context.request : context.request.url;
    if (new URL(url).origin === this.origin) {
      const authorization = `Bearer ${await this.getAccessToken()}`;
      const options = context.options ?? {};
      if (options.headers instanceof Headers) options.headers.set('Authorization', authorization);
      else options.headers = { ...(options.headers as Record<string, string> | undefined), Authorization: authorization };
      context.options = options;
    }
    if (!this.next) throw new Error('The Graph middleware chain has no next handler');
    await this.next.execute(context);
  }
}
