import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import type { ClientRequest } from 'node:http';
import {
  CosmosClient,
  CosmosDbDiagnosticLevel,
  CosmosDiagnostics,
  PluginOn,
  type Container,
  type CosmosClientOptions,
  type ItemResponse,
  type Plugin,
  type PluginConfig,
} from '@azure/cosmos';
import { startTestCosmos, type TestCosmos } from '../../helpers/embedded-cosmos';

/**
 * What patches/@azure+cosmos+4.10.1.patch changes in the SDK, checked over HTTP against the
 * embedded server: a query scoped to one partition is sent as one request, without the query plan
 * the SDK otherwise asks for beside every item query (and then ignores unless the gateway says it
 * needs one); and at the info level the diagnostics are not formatted as text no one writes.
 */

interface Doc {
  id: string;
  tenantId: string;
  n: number;
}

let cosmos: TestCosmos;
let container: Container;
const DATABASE = 'plan';
const CONTAINER = 'docs';

beforeAll(async () => {
  cosmos = await startTestCosmos();
  const { database } = await cosmos.client.databases.createIfNotExists({ id: DATABASE });
  ({ container } = await database.containers.createIfNotExists({ id: CONTAINER, partitionKey: { paths: ['/tenantId'] } }));
  for (let i = 0; i < 6; i += 1) await container.items.create<Doc>({ id: `d${i}`, tenantId: i < 4 ? 'a' : 'b', n: i });
});

afterAll(async () => {
  await cosmos.stop();
});

interface Sent {
  method: string;
  queryPlan: boolean;
  query: boolean;
}

/** The requests to the embedded server while `act` runs, as the HTTP client started them. */
async function requestsDuring<T>(act: () => Promise<T>): Promise<{ result: T; sent: Sent[] }> {
  const port = new URL(cosmos.endpoint).port;
  const sent: Sent[] = [];
  const onStart = (message: unknown): void => {
    const request = (message as { request: ClientRequest }).request;
    if (!String(request.getHeader('host') ?? '').endsWith(`:${port}`)) return;
    sent.push({
      method: request.method,
      queryPlan: request.getHeader('x-ms-cosmos-is-query-plan-request') !== undefined,
      query: request.getHeader('x-ms-documentdb-isquery') !== undefined,
    });
  };
  subscribe('http.client.request.start', onStart);
  try {
    return { result: await act(), sent };
  } finally {
    unsubscribe('http.client.request.start', onStart);
  }
}

const countIn = (tenantId: string) => ({
  query: 'SELECT VALUE COUNT(1) FROM c WHERE c.tenantId = @tenantId',
  parameters: [{ name: '@tenantId', value: tenantId }],
});

/**
 * A second client on the same server, with options of its own: the diagnostic level, or request
 * plugins (an option the SDK reads but leaves out of its public types) to stand in for the gateway.
 */
function clientWith(options: Partial<CosmosClientOptions> & { plugins?: PluginConfig[] }): CosmosClient {
  const all: CosmosClientOptions = {
    endpoint: cosmos.endpoint,
    key: cosmos.key,
    connectionPolicy: { enableEndpointDiscovery: false },
    ...options,
  };
  return new CosmosClient(all);
}

describe('query plans', () => {
  it('sends a query scoped to one partition as one request, with no query plan', async () => {
    const { result, sent } = await requestsDuring(() => container.items.query<number>(countIn('a'), { partitionKey: 'a' }).fetchAll());
    expect(result.resources).toEqual([4]);
    expect(sent).toEqual([{ method: 'POST', queryPlan: false, query: true }]);
  });

  it('pages a partition-scoped query with fetchNext, still without a query plan', async () => {
    const iterator = container.items.query<Doc>('SELECT * FROM c WHERE c.tenantId = "a"', { partitionKey: 'a', maxItemCount: 3 });
    const { result, sent } = await requestsDuring(async () => {
      const first = await iterator.fetchNext();
      const second = await iterator.fetchNext();
      return [...first.resources, ...second.resources].map((d) => d.id).sort();
    });
    expect(result).toEqual(['d0', 'd1', 'd2', 'd3']);
    expect(sent.filter((s) => s.queryPlan)).toEqual([]);
    expect(sent.length).toBeGreaterThanOrEqual(2);
  });

  it('still sends the plan request of a query across partitions beside it', async () => {
    const { result, sent } = await requestsDuring(() => container.items.query<number>('SELECT VALUE COUNT(1) FROM c').fetchAll());
    expect(result.resources.reduce((sum, n) => sum + n, 0)).toBe(6);
    expect(sent.filter((s) => s.queryPlan)).toHaveLength(1);
  });

  it('asks for the plan when the gateway answers that a partition-scoped query needs one, and answers the query by it', async () => {
    // Stands in for the gateway, which the embedded server is not here: it refuses the query once
    // (400 with the reason, as the gateway answers a query it cannot serve as it stands) and
    // answers the plan request in the gateway's format (the embedded server refuses plan requests).
    const seen: string[] = [];
    const gateway: Plugin<unknown> = async (context, _diagnosticNode, next) => {
      const headers = context.headers as Record<string, unknown>;
      if (headers['x-ms-cosmos-is-query-plan-request'] !== undefined) {
        seen.push('plan');
        const plan = {
          partitionedQueryExecutionInfoVersion: 2,
          queryInfo: {
            distinctType: 'None',
            orderBy: [],
            orderByExpressions: [],
            groupByExpressions: [],
            groupByAliases: [],
            aggregates: [],
            groupByAliasToAggregateType: {},
            rewrittenQuery: '',
            hasSelectValue: false,
            hasNonStreamingOrderBy: false,
          },
          queryRanges: [{ min: '', max: 'FF', isMinInclusive: true, isMaxInclusive: false }],
        };
        return { headers: {}, result: plan, code: 200 };
      }
      if (headers['x-ms-documentdb-isquery'] !== undefined && !seen.includes('refused')) {
        seen.push('refused');
        throw Object.assign(new Error('The query cannot be served as it stands; a query plan is needed'), {
          code: 400,
          body: { code: 'BadRequest', additionalErrorInfo: '{}' },
        });
      }
      if (headers['x-ms-documentdb-isquery'] !== undefined) seen.push('query');
      return next(context);
    };
    const client = clientWith({ plugins: [{ on: PluginOn.request, plugin: gateway }] });
    try {
      const docs = client.database(DATABASE).container(CONTAINER);
      const { resources } = await docs.items.query<Doc>('SELECT * FROM c WHERE c.tenantId = "b"', { partitionKey: 'b' }).fetchAll();
      expect(seen.slice(0, 2)).toEqual(['refused', 'plan']);
      expect(seen.slice(2).every((s) => s === 'query')).toBe(true);
      expect(resources.map((d) => d.id).sort()).toEqual(['d4', 'd5']);
    } finally {
      client.dispose();
    }
  });
});

describe('diagnostics', () => {
  afterEach(() => jest.restoreAllMocks());

  /** How often `act` made JSON text of a response's diagnostics (what the SDK's formatter does). */
  async function diagnosticsFormatted(act: () => Promise<unknown>): Promise<number> {
    const stringify = jest.spyOn(JSON, 'stringify');
    await act();
    const count = stringify.mock.calls.filter(([value]) => value instanceof CosmosDiagnostics).length;
    stringify.mockRestore();
    return count;
  }

  it('keeps each response diagnostics at the info level without formatting them as text', async () => {
    let read: ItemResponse<Doc> | undefined;
    const formatted = await diagnosticsFormatted(async () => {
      read = await container.item('d0', 'a').read<Doc>();
    });
    expect(read?.resource?.id).toBe('d0');
    expect(read?.diagnostics).toBeInstanceOf(CosmosDiagnostics);
    expect(read?.diagnostics.clientSideRequestStatistics.requestDurationInMs).toBeGreaterThanOrEqual(0);
    expect(formatted).toBe(0);
  });

  it('formats them at the debug level, where they are written', async () => {
    const client = clientWith({ diagnosticLevel: CosmosDbDiagnosticLevel.debug });
    try {
      const formatted = await diagnosticsFormatted(() => client.database(DATABASE).container(CONTAINER).item('d0', 'a').read<Doc>());
      expect(formatted).toBeGreaterThan(0);
    } finally {
      client.dispose();
    }
  });
});
