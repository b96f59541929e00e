import { CosmosClient, type CosmosClientOptions } from '@azure/cosmos';
import type { Config } from '../../config';
import type { Logger } from '../../logger';
import { CosmosAuditLog } from './audit-log';
import { CosmosConversationRepository } from './conversation-repository';
import { openDatabase, type Containers } from './database';
import { CosmosIdeaRepository } from './idea-repository';
import type { RestoreProblem } from './embedded-server';
import { CosmosSluiceRepository } from './sluice-repository';
import { CosmosStatsRepository } from './stats-repository';

/** Everything the app stores, behind the domain's interfaces, on one Cosmos client. */
export interface Storage {
  readonly kind: 'embedded' | 'azure';
  readonly containers: Containers;
  readonly ideas: CosmosIdeaRepository;
  readonly sluices: CosmosSluiceRepository;
  readonly conversations: CosmosConversationRepository;
  readonly stats: CosmosStatsRepository;
  /** The append-only audit log of every sluice. */
  readonly audit: CosmosAuditLog;
  /** True when the database answers. */
  ping(): Promise<boolean>;
  /** What went wrong restoring the embedded database's files on start, if anything (for /healthz). */
  readonly restoreProblem: RestoreProblem | undefined;
  /** Resolves when every write so far is on the embedded database's disk (no-op on Azure). */
  flush(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Connects to Azure Cosmos DB, or — with no account configured — starts the embedded
 * Cosmos-compatible server on loopback with its data in `DATA_DIR`. The embedded server is a
 * development dependency and is loaded only here, only then.
 */
export async function openStorage(config: Config, logger: Logger): Promise<Storage> {
  let client: CosmosClient;
  let flush = async (): Promise<void> => {};
  let stopEmbedded = async (): Promise<void> => {};
  let restoreProblem: RestoreProblem | undefined;
  if (config.cosmos.kind === 'azure') {
    client = new CosmosClient(await azureOptions(config.cosmos.endpoint, config.cosmos.key));
    logger.info({ endpoint: config.cosmos.endpoint, auth: config.cosmos.key ? 'key' : 'managed identity' }, 'Using Azure Cosmos DB');
  } else {
    const { startEmbeddedCosmos } = await import('./embedded-server.js');
    const path = await import('node:path');
    const dataFile = path.resolve(config.dataDir, 'cosmos.json');
    const embedded = await startEmbeddedCosmos({ dataFile, logger, reset: config.cosmos.reset });
    restoreProblem = embedded.restoreProblem;
    client = new CosmosClient({ endpoint: embedded.endpoint, key: embedded.key, connectionPolicy: { enableEndpointDiscovery: false } });
    flush = () => embedded.flush();
    stopEmbedded = () => embedded.close();
    logger.info({ endpoint: embedded.endpoint, dataFile }, 'No COSMOS_ENDPOINT set: using the embedded local database');
  }
  return storageOn(client, config.cosmos.kind, config.cosmos.database, { flush, stop: stopEmbedded, restoreProblem });
}

/** Storage on an already running Cosmos endpoint (tests, tools). */
export async function connectStorage(endpoint: string, key: string, databaseId: string): Promise<Storage> {
  const client = new CosmosClient({ endpoint, key, connectionPolicy: { enableEndpointDiscovery: false } });
  return storageOn(client, 'embedded', databaseId, { flush: async () => {}, stop: async () => {}, restoreProblem: undefined });
}

async function storageOn(
  client: CosmosClient,
  kind: Storage['kind'],
  databaseId: string,
  hooks: { flush(): Promise<void>; stop(): Promise<void>; restoreProblem: RestoreProblem | undefined },
): Promise<Storage> {
  const { database, containers } = await openDatabase(client, databaseId);
  return {
    kind,
    containers,
    ideas: new CosmosIdeaRepository(containers.ideas),
    sluices: new CosmosSluiceRepository(containers.sluices, containers.counters),
    conversations: new CosmosConversationRepository(containers.conversations),
    stats: new CosmosStatsRepository(containers.stats),
    audit: new CosmosAuditLog(containers.audit),
    restoreProblem: hooks.restoreProblem,
    async ping() {
      try {
        await database.read();
        return true;
      } catch {
        return false;
      }
    },
    flush: () => hooks.flush(),
    async close() {
      await hooks.flush();
      client.dispose();
      await hooks.stop();
    },
  };
}

async function azureOptions(endpoint: string, key: string | undefined): Promise<CosmosClientOptions> {
  // A Cosmos server on this machine (several local instances sharing one database) advertises an
  // https address it does not serve: talk to the given endpoint only.
  if (key && isLoopback(endpoint)) return { endpoint, key, connectionPolicy: { enableEndpointDiscovery: false } };
  if (key) return { endpoint, key };
  // Managed identity (AZURE_CLIENT_ID selects a user-assigned one); key auth is disabled in Bicep.
  const { DefaultAzureCredential } = await import('@azure/identity');
  return { endpoint, aadCredentials: new DefaultAzureCredential() };
}

function isLoopback(endpoint: string): boolean {
  const host = new URL(endpoint).hostname;
  return host === '127.0.0.1' || host === 'localhost' || host === '[::1]';
}
