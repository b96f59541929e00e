import { type CosmosClient, type Container, type ContainerDefinition, type Database } from '@azure/cosmos';
import { z } from 'zod';

import definitions from '../../../../infra/cosmos-containers.json';

/** The containers the app uses, in the order they are created. */
export const CONTAINER_NAMES = [
  'ideas',
  'sluices',
  'counters',
  'conversations',
  'botstate',
  'outbox',
  'stats',
  'audit',
  'participation',
] as const;

const indexPath = z.object({ path: z.string().startsWith('/') });
const containerDefinition = z.object({
  id: z.enum(CONTAINER_NAMES),
  partitionKey: z.object({ paths: z.array(z.string().startsWith('/')).length(1), kind: z.literal('Hash'), version: z.literal(2) }),
  indexingPolicy: z.object({
    indexingMode: z.literal('consistent'),
    automatic: z.boolean(),
    includedPaths: z.array(indexPath),
    excludedPaths: z.array(indexPath),
    compositeIndexes: z.array(z.array(z.object({ path: z.string().startsWith('/'), order: z.enum(['ascending', 'descending']) })).min(2)),
  }),
  uniqueKeyPolicy: z.object({ uniqueKeys: z.array(z.object({ paths: z.array(z.string().startsWith('/')).min(1) })) }).optional(),
});

/**
 * Reads the one container definition (`infra/cosmos-containers.json`, also read by the Bicep
 * module): partition keys, indexing policies, composite indexes and unique keys. Exported for the
 * test that compares it with the templates.
 */
export function containerDefinitions(source: unknown = definitions): Record<ContainerName, ContainerDefinition> {
  const parsed = z.object({ containers: z.array(containerDefinition) }).parse(source);
  const byName = new Map(parsed.containers.map((c) => [c.id, c]));
  const missing = CONTAINER_NAMES.filter((name) => !byName.has(name));
  if (missing.length > 0 || byName.size !== parsed.containers.length) {
    throw new Error(
      `infra/cosmos-containers.json must define each of ${CONTAINER_NAMES.join(', ')} once (missing: ${missing.join(', ') || 'none'})`,
    );
  }
  return Object.fromEntries(CONTAINER_NAMES.map((name) => [name, byName.get(name) as ContainerDefinition])) as Record<
    ContainerName,
    ContainerDefinition
  >;
}

/** The containers the app uses, with the partition keys and indexing its queries need. */
export const CONTAINERS: Readonly<Record<ContainerName, ContainerDefinition>> = containerDefinitions();

export type ContainerName = (typeof CONTAINER_NAMES)[number];
export type Containers = Record<ContainerName, Container>;

/**
 * Creates the database and containers when missing (locally and on first start in Azure,
 * where Bicep normally has created them already) and returns handles to them.
 */
export async function openDatabase(client: CosmosClient, databaseId: string): Promise<{ database: Database; containers: Containers }> {
  const { database } = await client.databases.createIfNotExists({ id: databaseId });
  const entries = await Promise.all(
    CONTAINER_NAMES.map(async (name) => {
      const { container, resource } = await database.containers.createIfNotExists(CONTAINERS[name]);
      await addMissingIndexes(container, CONTAINERS[name], resource?.indexingPolicy?.compositeIndexes);
      return [name, container] as const;
    }),
  );
  return { database, containers: Object.fromEntries(entries) as Containers };
}

/**
 * A container made before a composite index was added to its definition (a local database from an
 * earlier version) gets the definition's indexing policy, so a query that needs the new index does
 * not fail there. In Azure the Bicep deploy sets the policy, and the data-plane identity may not
 * replace a container: a refusal leaves the container as it is.
 */
async function addMissingIndexes(
  container: Container,
  definition: ContainerDefinition,
  current: readonly (readonly { path?: string; order?: string }[])[] | undefined,
): Promise<void> {
  const key = (index: readonly { path?: string; order?: string }[]): string => JSON.stringify(index.map((p) => [p.path, p.order]));
  const have = new Set((current ?? []).map(key));
  if ((definition.indexingPolicy?.compositeIndexes ?? []).every((index) => have.has(key(index)))) return;
  try {
    await container.replace(definition);
  } catch {
    // Not allowed here (Azure with data-plane roles only): the deploy keeps the policy.
  }
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

/** Cosmos ids may not contain / \ ? # — escape them reversibly, as botbuilder-azure does. */
export function toId(key: string): string {
  return key.replace(/[\\/?#*%]/g, (c) => `*${c.charCodeAt(0).toString(16)}`);
}

/** A continuation for pages ordered newest first by a time and an id (the audit log, gallring records). */
export function encodeTimeCursor(cursor: { ms: number; id: string }): string {
  return Buffer.from(JSON.stringify(cursor)).toString('base64url');
}

/** The cursor {@link encodeTimeCursor} made; a token not made there reads as "from the start" (the API checks its shape before). */
export function decodeTimeCursor(token: string): { ms: number; id: string } | undefined {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
    if (typeof parsed !== 'object' || parsed === null) return undefined;
    const { ms, id } = parsed as Record<string, unknown>;
    return typeof ms === 'number' && typeof id === 'string' ? { ms, id } : undefined;
  } catch {
    return undefined;
  }
}
