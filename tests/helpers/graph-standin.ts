import { startGraphStandIn, type GraphStandIn, type GraphStandInOptions } from '../../bot/src/dev/graph-standin';
import type { DemoDirectory } from '../../bot/src/dev/demo-directory';
import { COACH, COACH_2, GIVER, OTHER_TENANT, TENANT } from '../../bot/src/local/activities';

export type { GraphStandIn } from '../../bot/src/dev/graph-standin';

/** The app registration the test server calls Graph as, and its secret (known only to the stand-in). */
export const GRAPH_CLIENT_ID = '9aa90000-0000-4000-8000-000000000001';
export const GRAPH_CLIENT_SECRET = 'stand-in-secret';
/** The app's id in the stand-in's Teams app catalog. */
export const TEAMS_CATALOG_APP_ID = '7ea70000-0000-4000-8000-000000000001';
export const COACH_GROUP_ID = '6a000000-0000-4000-8000-000000000001';
/** A person of the other tenant, to show that a token of one tenant reads nothing of another. */
export const OTHER_PERSON = { id: '0e000000-0000-4000-8000-000000000001', name: 'Olle Annan' };

/** The test identities (teams-activities.ts) as the directory knows them. */
export const TEST_DIRECTORY: DemoDirectory = {
  users: [
    {
      id: GIVER.id,
      tenantId: TENANT,
      displayName: GIVER.name,
      givenName: 'Anna',
      surname: 'Lindqvist',
      userPrincipalName: 'anna@testkommun.example',
      mail: 'anna@testkommun.example',
      department: 'Socialförvaltningen',
      jobTitle: 'Socialsekreterare',
      companyName: 'Testkommunens Omsorg AB',
    },
    {
      id: COACH.id,
      tenantId: TENANT,
      displayName: COACH.name,
      givenName: 'Karin',
      surname: 'Berg',
      userPrincipalName: 'karin@testkommun.example',
      mail: 'karin@testkommun.example',
      department: 'Kommunledningskontoret',
      jobTitle: 'Utvecklingsledare',
    },
    {
      id: COACH_2.id,
      tenantId: TENANT,
      displayName: COACH_2.name,
      givenName: 'Omar',
      surname: 'Haddad',
      userPrincipalName: 'omar@testkommun.example',
      mail: 'omar@testkommun.example',
      department: 'Tekniska förvaltningen',
    },
    {
      id: OTHER_PERSON.id,
      tenantId: OTHER_TENANT,
      displayName: OTHER_PERSON.name,
      givenName: 'Olle',
      surname: 'Annan',
      userPrincipalName: 'olle@annan.example',
      mail: 'olle@annan.example',
      department: 'Annan förvaltning',
    },
  ],
  groups: [
    { id: COACH_GROUP_ID, tenantId: TENANT, displayName: 'Idécoacher', memberIds: [COACH.id, '6a000000-0000-4000-8000-000000000002'] },
    { id: '6a000000-0000-4000-8000-000000000002', tenantId: TENANT, displayName: 'Idécoacher teknik', memberIds: [COACH_2.id] },
  ],
};

/** Starts the local Graph stand-in (the same one `npm start` runs) with the test directory. */
export function startTestGraph(options: Partial<GraphStandInOptions> = {}): Promise<GraphStandIn> {
  return startGraphStandIn({
    clientId: GRAPH_CLIENT_ID,
    clientSecret: GRAPH_CLIENT_SECRET,
    directory: TEST_DIRECTORY,
    catalogAppIds: [TEAMS_CATALOG_APP_ID],
    ...options,
  });
}

/** The environment that points the server's Graph adapter at the stand-in. */
export function graphEnvironment(graph: GraphStandIn, extra: { teamsAppId?: boolean } = { teamsAppId: true }): Record<string, string> {
  return {
    GRAPH_ENABLED: 'true',
    GRAPH_BASE_URL: graph.url,
    GRAPH_AUTHORITY_HOST: graph.url,
    GRAPH_CLIENT_ID,
    GRAPH_CLIENT_SECRET,
    ...(extra.teamsAppId ? { GRAPH_TEAMS_APP_ID: TEAMS_CATALOG_APP_ID } : {}),
  };
}
