import { ConflictError, type SluiceRepository } from './ports';
import type { Sluice } from './sluice';

/** Times a sluice is read again when someone else changed it at the same moment. */
const ATTEMPTS = 5;

/**
 * Changes one sluice with a conditional replace, reading it again when another instance or an
 * admin changed it meanwhile. `change` gets the sluice as it is now and gives the sluice to store,
 * or undefined when there is nothing to write. Answers the sluice as stored (or as it was, when
 * nothing was written); undefined when the sluice is gone or kept changing under every attempt.
 */
export async function changeSluice(
  sluices: Pick<SluiceRepository, 'get' | 'replace'>,
  sluiceId: string,
  change: (current: Sluice) => Sluice | undefined,
): Promise<Sluice | undefined> {
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const current = await sluices.get(sluiceId);
    if (!current) return undefined;
    const next = change(current.value);
    if (!next) return current.value;
    try {
      return (await sluices.replace(next, current.etag)).value;
    } catch (err) {
      if (!(err instanceof ConflictError)) throw err;
    }
  }
  return undefined;
}
