import type { Container } from '@azure/cosmos';
import type { Storage, StoreItems } from 'botbuilder';
import { statusOf } from './database';

/**
 * Bot Framework state storage (conversation and user state: the half-filled idea draft) in
 * Cosmos, on the app's own client. It does what botbuilder-azure's CosmosDbPartitionedStorage
 * does — that package pins an older Cosmos SDK — with the same eTag semantics: an item with an
 * `eTag` other than `*` is written only if unchanged since it was read.
 */
export class CosmosBotStateStorage implements Storage {
  constructor(private readonly container: Container) {}

  async read(keys: string[]): Promise<StoreItems> {
    const items: StoreItems = {};
    await Promise.all(
      keys.map(async (key) => {
        const id = toId(key);
        try {
          const { resource } = await this.container.item(id, id).read<StateDocument>();
          if (resource) items[key] = { ...resource.document, eTag: resource._etag };
        } catch (err) {
          if (statusOf(err) !== 404) throw err;
        }
      }),
    );
    return items;
  }

  async write(changes: StoreItems): Promise<void> {
    await Promise.all(
      Object.entries(changes).map(async ([key, value]: [string, Record<string, unknown>]) => {
        const { eTag, ...document } = value;
        const doc = { id: toId(key), realId: key, document };
        if (typeof eTag === 'string' && eTag !== '*' && eTag !== '') {
          await this.container.item(doc.id, doc.id).replace(doc, { accessCondition: { type: 'IfMatch', condition: eTag } });
        } else {
          await this.container.items.upsert(doc);
        }
      }),
    );
  }

  async delete(keys: string[]): Promise<void> {
    await Promise.all(
      keys.map(async (key) => {
        const id = toId(key);
        try {
          await this.container.item(id, id).delete();
        } catch (err) {
          if (statusOf(err) !== 404) throw err;
        }
      }),
    );
  }
}

interface StateDocument {
  id: string;
  realId: string;
  document: Record<string, unknown>;
  _etag: string;
}

/** Cosmos ids may not contain / \ ? # — escape them reversibly, as botbuilder-azure does. */
export function toId(key: string): string {
  return key.replace(/[\\/?#*%]/g, (c) => `*${c.charCodeAt(0).toString(16)}`);
}
