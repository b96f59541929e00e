import { CosmosClient } from '@azure/cosmos';
import { startEmbeddedCosmos } from '../../bot/src/adapters/cosmos/embedded-server';

/** One embedded Cosmos server for a test file, with a client already pointed at it. */
export interface TestCosmos {
  endpoint: string;
  key: string;
  client: CosmosClient;
  /** Disposes the client and stops the server (saving first when a data file is used). */
  stop(): Promise<void>;
}

/**
 * Starts an embedded Cosmos server on 127.0.0.1 (a free port) for one test file.
 * Without `dataFile` everything stays in memory and disappears on `stop()`.
 *
 * @example
 * let cosmos: TestCosmos;
 * beforeAll(async () => { cosmos = await startTestCosmos(); });
 * afterAll(() => cosmos.stop());
 */
export async function startTestCosmos(options: { dataFile?: string } = {}): Promise<TestCosmos> {
  const server = await startEmbeddedCosmos({
    dataFile: options.dataFile,
    // Tests want failures loud and everything else quiet.
    logger: { info: () => undefined, warn: () => undefined, error: (obj, msg) => console.error(msg, obj) },
  });
  const client = cosmosClientFor(server.endpoint, server.key);
  return {
    endpoint: server.endpoint,
    key: server.key,
    client,
    stop: async () => {
      client.dispose();
      await server.close();
    },
  };
}

/**
 * A client for the embedded server: endpoint discovery off (the server advertises an https
 * address it does not serve) and no custom agent, so plain http to loopback just works.
 */
export function cosmosClientFor(endpoint: string, key: string): CosmosClient {
  return new CosmosClient({ endpoint, key, connectionPolicy: { enableEndpointDiscovery: false } });
}
