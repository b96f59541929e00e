/**
 * The givers' capture state on the embedded Cosmos server over HTTP: every write is
 * conditional, so a turn that read an older state never overwrites a newer one.
 */
import { CosmosCaptureStateRepository } from '../../../bot/src/adapters/cosmos/capture-state-repository';
import { connectStorage, type Storage } from '../../../bot/src/adapters/cosmos/storage';
import { ConflictError } from '../../../bot/src/domain/ports';
import { startTestCosmos, type TestCosmos } from '../../helpers/embedded-cosmos';

let cosmos: TestCosmos;
let storage: Storage;
let states: CosmosCaptureStateRepository;

beforeAll(async () => {
  cosmos = await startTestCosmos();
  storage = await connectStorage(cosmos.endpoint, cosmos.key, 'capture-state-test');
  states = new CosmosCaptureStateRepository(storage.containers.botstate);
});
afterAll(async () => {
  await storage?.close();
  await cosmos?.stop();
});

describe('capture state', () => {
  it('is created once, then replaced only by a writer that read the latest version', async () => {
    const key = 'msteams/users/29:anna';
    expect(await states.get(key)).toBeUndefined();

    const first = await states.put(key, { submitted: [], handled: ['a1'] }, undefined);
    // A second "first" write (another instance that also found nothing) loses.
    await expect(states.put(key, { submitted: [], handled: ['b1'] }, undefined)).rejects.toBeInstanceOf(ConflictError);

    const read = await states.get(key);
    expect(read).toEqual({ value: { submitted: [], handled: ['a1'] }, etag: first });
    const second = await states.put(key, { submitted: [], handled: ['a2', 'a1'] }, first);
    // A writer holding the older version loses too, and the newer state stays.
    await expect(states.put(key, { submitted: [], handled: ['b2'] }, first)).rejects.toBeInstanceOf(ConflictError);
    expect(await states.get(key)).toEqual({ value: { submitted: [], handled: ['a2', 'a1'] }, etag: second });
  });

  it('keeps keys with characters Cosmos ids may not contain apart', async () => {
    await states.put('msteams/users/29:x?y', { submitted: [], lastDepartment: 'Kultur' }, undefined);
    await states.put('msteams/users/29:x#y', { submitted: [], lastDepartment: 'Vård' }, undefined);
    expect((await states.get('msteams/users/29:x?y'))?.value.lastDepartment).toBe('Kultur');
    expect((await states.get('msteams/users/29:x#y'))?.value.lastDepartment).toBe('Vård');
  });
});
