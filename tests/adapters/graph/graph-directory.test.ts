import { DirectoryUnavailableError, GraphDirectory } from '../../../bot/src/adapters/graph/graph-directory';
import { loadConfig, type GraphConfig } from '../../../bot/src/config';
import { LocalIssuer } from '../../../bot/src/api/auth/local-issuer';
import { createLogger } from '../../../bot/src/logger';
import { openDirectory } from '../../../bot/src/app';
import {
  COACH_GROUP_ID,
  GRAPH_CLIENT_ID,
  graphEnvironment,
  OTHER_PERSON,
  startTestGraph,
  TEAMS_CATALOG_APP_ID,
  type GraphStandIn,
} from '../../helpers/graph-standin';
import { COACH, COACH_2, GIVER, OTHER_TENANT, TENANT } from '../../../bot/src/local/activities';

function graphConfig(graph: GraphStandIn, env: Record<string, string> = {}): GraphConfig {
  const config = loadConfig({ NODE_ENV: 'test', LOCAL_DEV: 'true', ...graphEnvironment(graph), ...env });
  if (!config.graph) throw new Error('Graph is not configured');
  return config.graph;
}

describe('GraphDirectory against the local Graph stand-in', () => {
  let graph: GraphStandIn;
  let directory: GraphDirectory;

  beforeEach(async () => {
    graph = await startTestGraph();
    directory = new GraphDirectory(graphConfig(graph), createLogger(process.env['TEST_LOG_LEVEL'] ?? 'silent'));
  });
  afterEach(async () => {
    await graph.stop();
  });

  it("reads a person's department, job title and company with $select, app-only in their tenant", async () => {
    await expect(directory.profileOf(TENANT, GIVER.id)).resolves.toEqual({
      displayName: GIVER.name,
      department: 'Socialförvaltningen',
      jobTitle: 'Socialsekreterare',
      companyName: 'Testkommunens Omsorg AB',
    });
    expect(graph.calls).toEqual([
      expect.objectContaining({ method: 'GET', path: `/v1.0/users/${GIVER.id}`, tenantId: TENANT, status: 200 }),
    ]);
    expect(decodeURIComponent(graph.calls[0]?.query ?? '')).toBe('?$select=displayName,department,jobTitle,companyName');
    expect(graph.grants).toEqual([{ tenantId: TENANT, grantType: 'client_credentials' }]);
  });

  it('caches the token per tenant and asks for one per member tenant', async () => {
    await directory.profileOf(TENANT, GIVER.id);
    await directory.profileOf(TENANT, COACH.id);
    await expect(directory.profileOf(OTHER_TENANT, OTHER_PERSON.id)).resolves.toMatchObject({ department: 'Annan förvaltning' });
    expect(graph.grants.map((g) => g.tenantId)).toEqual([TENANT, OTHER_TENANT]);
  });

  it("knows nobody of another tenant with one tenant's token: 404 is 'unknown'", async () => {
    await expect(directory.profileOf(TENANT, OTHER_PERSON.id)).resolves.toBeUndefined();
    expect(graph.calls[0]?.status).toBe(404);
  });

  it('waits out a 429 with Retry-After and then answers', async () => {
    graph.failNext(429, 1, 1);
    await expect(directory.profileOf(TENANT, COACH.id)).resolves.toMatchObject({ displayName: COACH.name });
    expect(graph.calls.map((c) => c.status)).toEqual([429, 200]);
  });

  it('retries a 503 with back-off and, when Graph stays down, throws an error that carries no Graph text', async () => {
    graph.failNext(503, 1);
    await expect(directory.profileOf(TENANT, COACH.id)).resolves.toMatchObject({ displayName: COACH.name });
    graph.failNext(503, 4, 0);
    const failure = await directory.profileOf(TENANT, COACH.id).catch((err: unknown) => err);
    expect(failure).toBeInstanceOf(DirectoryUnavailableError);
    expect((failure as Error).message).toBe('Graph could not read a profile');
    expect(graph.calls.map((c) => c.status)).toEqual([503, 200, 503, 503, 503, 503]);
  }, 30_000);

  it('refuses a wrong client secret: no token, an error to retry, nothing read', async () => {
    const wrong = new GraphDirectory(graphConfig(graph, { GRAPH_CLIENT_SECRET: 'wrong' }), createLogger('silent'));
    await expect(wrong.profileOf(TENANT, GIVER.id)).rejects.toBeInstanceOf(DirectoryUnavailableError);
    expect(graph.grants).toEqual([]);
    expect(graph.calls).toEqual([]);
  });

  it('installs the app for a person once: a second call sees it installed and posts nothing', async () => {
    await expect(directory.installAppFor(TENANT, COACH.id)).resolves.toBe(true);
    await expect(directory.installAppFor(TENANT, COACH.id)).resolves.toBe(true);
    expect(graph.isInstalled(COACH.id, TEAMS_CATALOG_APP_ID)).toBe(true);
    expect(graph.calls.map((c) => `${c.method} ${c.status}`)).toEqual(['GET 200', 'POST 201', 'GET 200']);
    expect(graph.calls[1]?.body).toEqual({
      'teamsApp@odata.bind': `https://graph.microsoft.com/v1.0/appCatalogs/teamsApps/${TEAMS_CATALOG_APP_ID}`,
    });
  });

  it('does not install without the catalog id (GRAPH_TEAMS_APP_ID) and says the features are off', async () => {
    const config = graphConfig(graph);
    const { teamsAppId: _omitted, ...withoutApp } = config;
    const plain = new GraphDirectory(withoutApp, createLogger('silent'));
    await expect(plain.installAppFor(TENANT, COACH.id)).resolves.toBe(false);
    expect(plain.features).toEqual({ profiles: true, installForPeople: false, activityFeed: false, coachGroups: true, peopleSearch: true });
    expect(graph.calls).toEqual([]);
  });

  it('raises an activity feed notification in the format Graph takes, once the app is installed', async () => {
    const notice = {
      activityType: 'ideaTask' as const,
      previewText: 'Ny idé att ta hand om',
      webUrl: 'https://teams.microsoft.com/l/entity/app/ideas?context=%7B%7D',
      topic: 'Idé 7: Digitala lånekort',
      templateParameters: { ideaNumber: '7' },
    };
    await expect(directory.notify(TENANT, COACH.id, notice)).resolves.toBe(false);
    graph.install(COACH.id, TEAMS_CATALOG_APP_ID);
    await expect(directory.notify(TENANT, COACH.id, notice)).resolves.toBe(true);
    expect(graph.notifications).toEqual([
      {
        tenantId: TENANT,
        userId: COACH.id,
        body: {
          topic: { source: 'text', value: 'Idé 7: Digitala lånekort', webUrl: notice.webUrl },
          activityType: 'ideaTask',
          previewText: { content: 'Ny idé att ta hand om' },
          teamsAppId: TEAMS_CATALOG_APP_ID,
          templateParameters: [{ name: 'ideaNumber', value: '7' }],
        },
      },
    ]);
  });

  it("lists a group's transitive members, nested groups included", async () => {
    const members = await directory.groupMembers(TENANT, COACH_GROUP_ID);
    expect(members).toEqual([
      { id: COACH.id, displayName: COACH.name },
      { id: COACH_2.id, displayName: COACH_2.name },
    ]);
    graph.setGroupMembers(COACH_GROUP_ID, [COACH.id]);
    await expect(directory.groupMembers(TENANT, COACH_GROUP_ID)).resolves.toEqual([{ id: COACH.id, displayName: COACH.name }]);
  });

  it("searches people on behalf of the tab's user, with a token from the local issuer", async () => {
    const issuer = await LocalIssuer.create(() => 'http://127.0.0.1:1');
    const { token } = await issuer.issue({ oid: GIVER.id, tid: TENANT, name: GIVER.name });
    const found = await directory.searchPeople(TENANT, token, 'kar');
    // Only the basic profile, which the delegated User.ReadBasic.All may read.
    expect(found).toEqual([{ id: COACH.id, name: COACH.name, mail: 'karin@testkommun.example' }]);
    expect(graph.grants).toEqual([{ tenantId: TENANT, grantType: 'urn:ietf:params:oauth:grant-type:jwt-bearer', userId: GIVER.id }]);
    // Both words must start words of the name.
    await expect(directory.searchPeople(TENANT, token, 'karin be')).resolves.toEqual(found);
    await expect(directory.searchPeople(TENANT, token, 'karin lind')).resolves.toEqual([]);
    // The token on behalf of the user is cached per user token: still one grant.
    expect(graph.grants).toHaveLength(1);
    const other = await issuer.issue({ oid: OTHER_PERSON.id, tid: OTHER_TENANT, name: OTHER_PERSON.name });
    // A token of another tenant gets no on-behalf-of token for this one.
    await expect(directory.searchPeople(TENANT, other.token, 'kar')).rejects.toBeInstanceOf(DirectoryUnavailableError);
  });
});

describe('people search on behalf of the user', () => {
  it("is refused by Entra ID's stand-in for a user token issued for another app (the assertion's audience)", async () => {
    const graph = await startTestGraph({ assertionAudiences: ['api://localhost/another-app'] });
    try {
      const directory = new GraphDirectory(graphConfig(graph), createLogger('silent'));
      const issuer = await LocalIssuer.create(() => 'http://127.0.0.1:1');
      const { token } = await issuer.issue({ oid: GIVER.id, tid: TENANT, name: GIVER.name });
      await expect(directory.searchPeople(TENANT, token, 'kar')).rejects.toBeInstanceOf(DirectoryUnavailableError);
      expect(graph.grants).toEqual([]);
      expect(graph.calls.filter((c) => c.path === '/v1.0/users')).toEqual([]);
    } finally {
      await graph.stop();
    }
  });

  it("is on only when Graph's app registration is the tab's, whose SSO token it exchanges", async () => {
    const graph = await startTestGraph();
    try {
      const env = { NODE_ENV: 'test', LOCAL_DEV: 'true', ...graphEnvironment(graph) };
      const logger = createLogger('silent');
      const local = openDirectory(loadConfig(env), logger);
      expect(local.features.peopleSearch).toBe(true);
      expect(local.people).toBeDefined();
      const tab = (clientId: string) => ({ ...env, ENTRA_CLIENT_ID: clientId, ENTRA_APP_ID_URI: `api://localhost/${clientId}` });
      const same = openDirectory(loadConfig(tab(GRAPH_CLIENT_ID)), logger);
      expect(same.features.peopleSearch).toBe(true);
      const other = openDirectory(loadConfig(tab('5ab00000-0000-4000-8000-000000000009')), logger);
      expect(other.features.peopleSearch).toBe(false);
      expect(other.people).toBeUndefined();
      // The rest of the directory works as before.
      expect(other.features).toMatchObject({ profiles: true, coachGroups: true });
    } finally {
      await graph.stop();
    }
  });
});
