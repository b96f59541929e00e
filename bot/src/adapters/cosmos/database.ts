import { type CosmosClient, type Container, type ContainerDefinition, type Database } from '@azure/cosmos';

/** The containers the app uses, with partition keys and indexing that its queries need. */
export const CONTAINERS = {
  ideas: {
    id: 'ideas',
    partitionKey: { paths: ['/sluiceId'] },
    indexingPolicy: {
      indexingMode: 'consistent',
      automatic: true,
      includedPaths: [{ path: '/*' }],
      excludedPaths: [{ path: '/history/*' }, { path: '/need/?' }, { path: '/idea/?' }, { path: '/"_etag"/?' }],
      compositeIndexes: [
        [
          { path: '/createdAtMs', order: 'descending' },
          { path: '/id', order: 'descending' },
        ],
        [
          { path: '/createdAtMs', order: 'ascending' },
          { path: '/id', order: 'ascending' },
        ],
        [
          { path: '/stageChangedAt', order: 'descending' },
          { path: '/id', order: 'descending' },
        ],
        [
          { path: '/number', order: 'descending' },
          { path: '/id', order: 'descending' },
        ],
      ],
    },
  },
  sluices: { id: 'sluices', partitionKey: { paths: ['/id'] } },
  conversations: { id: 'conversations', partitionKey: { paths: ['/id'] } },
  botstate: { id: 'botstate', partitionKey: { paths: ['/id'] } },
  outbox: { id: 'outbox', partitionKey: { paths: ['/partition'] } },
} as const satisfies Record<string, ContainerDefinition>;

export type ContainerName = keyof typeof CONTAINERS;
export type Containers = Record<ContainerName, Container>;

/**
 * Creates the database and containers when missing (locally and on first start in Azure,
 * where Bicep normally has created them already) and returns handles to them.
 */
export async function openDatabase(client: CosmosClient, databaseId: string): Promise<{ database: Database; containers: Containers }> {
  const { database } = await client.databases.createIfNotExists({ id: databaseId });
  const entries = await Promise.all(
    (Object.keys(CONTAINERS) as ContainerName[]).map(async (name) => {
      const { container } = await database.containers.createIfNotExists(CONTAINERS[name] as ContainerDefinition);
      return [name, container] as const;
    }),
  );
  return { database, containers: Object.fromEntries(entries) as Containers };
}

/** The Cosmos error codes the repositories translate into domain errors. */
export function statusOf(err: unknown): number | undefined {
  if (typeof err === 'object' && err !== null && 'code' in err) {
    const code = (err as { code: unknown }).code;
    if (typeof code === 'number') return code;
  }
  return undefined;
}

/** Removes Cosmos' system properties so the domain sees only its own fields. */
export function withoutSystemFields<T>(doc: Record<string, unknown>): T {
  const { _rid, _self, _etag, _attachments, _ts, ...rest } = doc;
  void _rid;
  void _self;
  void _etag;
  void _attachments;
  void _ts;
  return rest as T;
}
