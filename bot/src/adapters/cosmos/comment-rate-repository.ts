import type { Container } from '@azure/cosmos';
import { RATE_LIMIT } from '../../domain/comments/comment';
import {
  allows,
  minuteOf,
  previousWeight,
  rateIdFor,
  windowAt,
  type CommentRateRepository,
  type RateWindow,
} from '../../domain/comments/comment-rate';
import type { Person } from '../../domain/idea';
import { statusOf } from './database';

/** The stored rate document: kind `commentRate`, its id a digest of the person (it names nobody). */
interface RateDocument extends RateWindow {
  readonly id: string;
  readonly sluiceId: string;
  readonly kind: 'commentRate';
}

/** Rounds of read-and-write when other requests of the same person got there first (only when the minute turns). */
const ATTEMPTS = 8;

/**
 * The comment rate limit's counter in the `participation` container, one document per person and
 * sluice. Within a minute a slot is taken by one patch (`incr count`) whose condition is the rate
 * rule itself, so the check and the count are one atomic step in Cosmos however many requests or
 * instances race; when the minute turns the document is rolled with a create or an eTag-conditional
 * replace, and a request that loses that race reads again.
 */
export class CosmosCommentRateRepository implements CommentRateRepository {
  constructor(private readonly container: Container) {}

  async take(
    sluiceId: string,
    person: Pick<Person, 'id' | 'tenantId'>,
    nowMs: number,
  ): Promise<{ ok: true } | { ok: false; window: RateWindow }> {
    const id = rateIdFor(sluiceId, person);
    const item = this.container.item(id, sluiceId);
    const minute = minuteOf(nowMs);
    let last: RateWindow = { minute, count: RATE_LIMIT, prev: 0 };
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      const stored = await this.read(id, sluiceId);
      const window = windowAt(stored?.doc, nowMs);
      last = window;
      if (!allows(window, nowMs)) return { ok: false, window };
      try {
        if (!stored) {
          const doc: RateDocument = { id, sluiceId, kind: 'commentRate', ...window, count: 1 };
          await this.container.items.create(doc);
        } else if (stored.doc.minute === minute) {
          // The rule as the patch's condition (lower-case names: Cosmos compares them as written).
          const weight = previousWeight(nowMs).toFixed(6);
          await item.patch({
            operations: [{ op: 'incr', path: '/count', value: 1 }],
            condition: `from c where c.minute = ${minute} and c.count + c.prev * ${weight} < ${RATE_LIMIT}`,
          });
        } else {
          const doc: RateDocument = { id, sluiceId, kind: 'commentRate', ...window, count: 1 };
          await item.replace(doc, { accessCondition: { type: 'IfMatch', condition: stored.etag } });
        }
        return { ok: true };
      } catch (err) {
        // Another request created, patched or rolled it first: read it again and decide anew.
        const status = statusOf(err);
        if (status !== 409 && status !== 412) throw err;
      }
    }
    // Still losing races after several rounds: this person is writing very fast; ask them to wait.
    return { ok: false, window: { ...last, count: Math.max(last.count, RATE_LIMIT) } };
  }

  private async read(id: string, sluiceId: string): Promise<{ doc: RateWindow; etag: string } | undefined> {
    try {
      const { resource } = await this.container.item(id, sluiceId).read<Record<string, unknown>>();
      if (!resource) return undefined;
      return {
        doc: { minute: Number(resource['minute']), count: Number(resource['count']), prev: Number(resource['prev']) },
        etag: String(resource['_etag']),
      };
    } catch (err) {
      if (statusOf(err) === 404) return undefined;
      throw err;
    }
  }
}
