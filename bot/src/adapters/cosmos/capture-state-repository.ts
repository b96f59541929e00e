import type { Container } from '@azure/cosmos';
import type { CaptureState, CaptureStateRepository } from '../../domain/capture-machine';
import { ConflictError, type Versioned } from '../../domain/ports';
import { statusOf, toId } from './database';

/** The bot state document: the same shape Bot Framework's user state wrote, so existing drafts are kept. */
interface CaptureDocument {
  id: string;
  realId: string;
  document: { capture?: CaptureState };
  _etag?: string;
}

/**
 * The givers' capture state in the `botstate` container, one document per person, every write
 * conditional: `IfMatch` on the eTag that was read, or a create that fails when someone else
 * created the document first.
 */
export class CosmosCaptureStateRepository implements CaptureStateRepository {
  constructor(private readonly container: Container) {}

  async get(key: string): Promise<Versioned<CaptureState> | undefined> {
    const id = toId(key);
    try {
      const { resource } = await this.container.item(id, id).read<CaptureDocument>();
      if (!resource?._etag) return undefined;
      return { value: { submitted: [], ...resource.document.capture }, etag: resource._etag };
    } catch (err) {
      if (statusOf(err) === 404) return undefined;
      throw err;
    }
  }

  async put(key: string, state: CaptureState, etag: string | undefined): Promise<string> {
    const id = toId(key);
    const doc: CaptureDocument = { id, realId: key, document: { capture: state } };
    try {
      const { resource } = etag
        ? await this.container.item(id, id).replace(doc, { accessCondition: { type: 'IfMatch', condition: etag } })
        : await this.container.items.create(doc);
      if (!resource?._etag) throw new Error('Cosmos returned no eTag for the capture state');
      return resource._etag;
    } catch (err) {
      const status = statusOf(err);
      // 404: the document was removed (gallring, anonymisation) since the eTag was read.
      if (status === 412 || status === 409 || status === 404) throw new ConflictError('The capture state was changed by another turn');
      throw err;
    }
  }
}
