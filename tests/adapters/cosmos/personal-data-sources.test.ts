import { participationKind } from '../../../bot/src/adapters/cosmos/personal-data-sources';
import { connectStorage, type Storage } from '../../../bot/src/adapters/cosmos/storage';
import { createSluice } from '../../../bot/src/domain/sluice';
import { startTestCosmos, type TestCosmos } from '../../helpers/embedded-cosmos';

const TENANT = 'aaaaaaaa-0000-4000-8000-0000000000a1';
const COACH = { id: 'c0000000-0000-4000-8000-0000000000c1', tenantId: TENANT, name: 'Karin Berg' };
const GIVER = { id: 'a0000000-0000-4000-8000-0000000000a1', tenantId: TENANT, name: 'Anna Lindqvist' };
const sluice = createSluice({
  id: 'pd-sluice',
  name: 'Testkommun',
  tenantIds: [TENANT],
  coachIds: [],
  now: new Date('2026-11-01T08:00:00Z'),
});

let cosmos: TestCosmos;
let storage: Storage;

beforeAll(async () => {
  cosmos = await startTestCosmos();
  storage = await connectStorage(cosmos.endpoint, cosmos.key, 'pd-sources-test');
});
afterAll(async () => {
  await storage?.close();
  await cosmos?.stop();
});

/** As an admin anonymises: when, under which basis, by whom. */
const ANONYMISATION = { at: new Date('2026-12-01T09:00:00Z'), basis: 'Art. 17.1 a GDPR', by: { id: 'admin-1', name: 'Lars Admin' } };

const comments = () =>
  participationKind(storage.containers.participation, {
    kind: 'comment',
    person: 'author',
    alsoNamedIn: ['hidden', 'by'],
    label: { sv: 'Dina kommentarer', en: 'Your comments' },
  });

it('finds and anonymises the coach who hid a comment, keeping its author, text and reason', async () => {
  const comment = {
    id: 'comment-hidden-1',
    sluiceId: sluice.id,
    kind: 'comment',
    ideaId: 'idea-1',
    at: '2026-11-02T09:00:00.000Z',
    author: GIVER,
    text: 'Bra idé, men tänk på vintern',
    hidden: { by: COACH, at: '2026-11-02T10:00:00.000Z', reason: 'Namnger en brukare' },
  };
  await storage.containers.participation.items.create(comment);
  const subject = { sluice, id: COACH.id, tenantId: TENANT };

  // The coach's data export lists the comment they hid.
  expect((await comments().collect(subject)).map((i) => i.id)).toEqual(['comment-hidden-1']);
  expect(await comments().anonymise!(subject, ANONYMISATION)).toEqual([{ kind: 'comment', count: 1, action: 'anonymised' }]);

  const { resource } = await storage.containers.participation.item('comment-hidden-1', sluice.id).read<typeof comment>();
  expect(resource?.hidden).toEqual({
    by: { id: '', tenantId: TENANT, name: 'Tidigare medarbetare' },
    at: comment.hidden.at,
    reason: comment.hidden.reason,
  });
  expect(resource?.author).toEqual(GIVER);
  expect(resource?.text).toBe(comment.text);
  expect(JSON.stringify(resource)).not.toContain(COACH.id);
  expect(JSON.stringify(resource)).not.toContain(COACH.name);
  // Nothing names the coach any more; the author is still found as the author.
  expect(await comments().collect(subject)).toEqual([]);
  expect((await comments().collect({ sluice, id: GIVER.id, tenantId: TENANT })).map((i) => i.id)).toEqual(['comment-hidden-1']);
});

it('does not take a namesake of another tenant for the person', async () => {
  await storage.containers.participation.items.create({
    id: 'comment-hidden-2',
    sluiceId: sluice.id,
    kind: 'comment',
    ideaId: 'idea-2',
    at: '2026-11-03T09:00:00.000Z',
    author: GIVER,
    text: 'Ännu en',
    hidden: { by: { ...COACH, tenantId: 'bbbbbbbb-0000-4000-8000-0000000000b1' }, at: '2026-11-03T10:00:00.000Z', reason: 'Fel tråd' },
  });
  expect(await comments().anonymise!({ sluice, id: COACH.id, tenantId: TENANT }, ANONYMISATION)).toEqual([
    { kind: 'comment', count: 0, action: 'anonymised' },
  ]);
  const { resource } = await storage.containers.participation
    .item('comment-hidden-2', sluice.id)
    .read<{ hidden: { by: { name: string } } }>();
  expect(resource?.hidden.by.name).toBe(COACH.name);
});
