/**
 * Coaches link ideas ("liknar", "dubblett av", "hänger ihop med") through `linkIdeas` and
 * `unlinkIdeas`, against the whole server and the embedded Cosmos: the link shows on both ideas,
 * each gets one event, both givers are told once, and a duplicate can be closed with the link as
 * its reason.
 */
import { randomUUID } from 'node:crypto';
import type { ApiError, IdeaDetail, IdeaResponse, SubmitIdeaRequest } from '../../bot/src/api/contracts';
import { applyLinkChange, linkEventId } from '../../bot/src/domain/idea-links';
import { createSluice } from '../../bot/src/domain/sluice';
import { COACH, GIVER, TENANT } from '../../bot/src/local/activities';
import { startTestApp, type TestApp } from '../helpers/app';
import { validateCard } from '../helpers/cards';
import { actAs, bearer, getAs, schemaChecker, storeIdea, tokenFor, type Who } from './helpers';

const coach: Who = { ...COACH, tenantId: TENANT };
const giver: Who = { ...GIVER, tenantId: TENANT };
const OTHER_GIVER = { id: '61e00000-0000-4000-8000-0000000000b8', name: 'Lena Sjöberg' };
const otherGiver: Who = { ...OTHER_GIVER, tenantId: TENANT };
const FAR_TENANT = '77777777-7777-4777-8777-777777777777';

let app: TestApp;
let check: (schema: string, body: unknown) => void;
let n = 0;

beforeAll(async () => {
  // The outbox worker is paused: a test runs one round when it looks at what was sent.
  app = await startTestApp({ OUTBOX_POLL_MS: '0' }, { connector: true, meet: [GIVER, OTHER_GIVER] });
  check = await schemaChecker(app);
});
afterAll(() => app.close());

type Res = { status: number; body: unknown; headers: Headers };

async function call(method: string, who: Who, pathname: string, body?: unknown, etag?: string): Promise<Res> {
  const headers = { ...bearer(await tokenFor(app, who)), ...(etag !== undefined ? { 'if-match': etag } : {}) };
  return app.call(method, pathname, body, headers);
}

async function handIn(who: Who, title: string): Promise<IdeaDetail> {
  n += 1;
  const form: SubmitIdeaRequest = {
    title: `${title} ${n}`,
    need: 'Föräldrar glömmer anmälan',
    idea: 'Ett sms en vecka innan',
    beneficiaries: ['residents'],
    department: 'Kultur- och fritidsförvaltningen',
    idempotencyKey: randomUUID(),
  };
  const res = await call('POST', who, '/api/ideas', form);
  expect(res.status).toBe(201);
  return (res.body as IdeaResponse).idea;
}

async function seen(who: Who, id: string): Promise<IdeaDetail> {
  const res = await getAs(app, who, `/api/ideas/${id}`);
  expect(res.status).toBe(200);
  check('IdeaResponse', res.body);
  return (res.body as IdeaResponse).idea;
}

async function link(from: IdeaDetail, to: string, kind: string, etag = from.etag, who: Who = coach): Promise<Res> {
  return call('POST', who, `/api/ideas/${from.id}/links`, { ideaId: to, kind }, etag);
}

/** Two fresh ideas of two givers, their receipts already sent, so the connector holds only what follows. */
async function pair(): Promise<[IdeaDetail, IdeaDetail]> {
  const a = await handIn(giver, 'Påminn om simskolan');
  const b = await handIn(otherGiver, 'Sms inför simskolan');
  await app.services.notifications.runOnce();
  app.connector.reset();
  return [a, b];
}

/** What the bot sent a person's personal chat that mentions `text`. */
function sentTo(who: Who, text: string) {
  return app.connector.sent().filter((a) => a.conversationId === `a:personal-${who.id}` && JSON.stringify(a).includes(text));
}

const linkEvents = (idea: IdeaDetail) => idea.history.filter((e) => e.kind === 'linked' || e.kind === 'unlinked');

describe('linkIdeas (POST /api/ideas/{id}/links)', () => {
  it('links two ideas: the link and an event are on both, and both givers are told once', async () => {
    const [a, b] = await pair();
    const res = await link(a, b.id, 'similar');
    expect(res.status).toBe(200);
    check('IdeaResponse', res.body);
    const linked = (res.body as IdeaResponse).idea;
    expect(linked.links).toEqual([{ id: b.id, number: b.number, title: b.title, stage: 'submitted', kind: 'similar' }]);
    expect(res.headers.get('etag')).toBe(linked.etag);

    const other = await seen(giver, b.id);
    expect(other.links).toEqual([{ id: a.id, number: a.number, title: a.title, stage: 'submitted', kind: 'similar' }]);
    expect(linkEvents(linked)).toEqual([
      expect.objectContaining({
        kind: 'linked',
        actor: { id: COACH.id, name: COACH.name },
        link: { ideaId: b.id, number: b.number, title: b.title, kind: 'similar' },
      }),
    ]);
    expect(linkEvents(other)).toEqual([
      expect.objectContaining({ kind: 'linked', link: { ideaId: a.id, number: a.number, title: a.title, kind: 'similar' } }),
    ]);
    // Both keep their own records, givers and the rest of their history.
    expect(other.giver.id).toBe(OTHER_GIVER.id);
    expect(other.record?.reference).not.toBe(linked.record?.reference);
    expect(other.history[0]?.kind).toBe('submitted');

    await app.services.notifications.runOnce();
    const toA = sentTo(giver, `#${b.number}`);
    const toB = sentTo(otherGiver, `#${a.number}`);
    expect(toA).toHaveLength(1);
    expect(toB).toHaveLength(1);
    const card = (toA[0]!['attachments'] as Array<{ content: Record<string, unknown> }>)[0]!.content;
    validateCard(card);
    expect(JSON.stringify(card)).toContain('har kopplat din idé till');
    expect(JSON.stringify(card)).toContain('liknar din');
  });

  it('changes nothing when linked again as it is, even with the old etag (a redelivered request)', async () => {
    const [a, b] = await pair();
    const first = (await link(a, b.id, 'related')).body as IdeaResponse;
    await app.services.notifications.runOnce();
    app.connector.reset();
    const again = await link(a, b.id, 'related');
    expect(again.status).toBe(200);
    expect((again.body as IdeaResponse).idea.version).toBe(first.idea.version);
    const fromB = await link(await seen(coach, b.id), a.id, 'related');
    expect(fromB.status).toBe(200);
    expect(linkEvents(await seen(coach, a.id))).toHaveLength(1);
    expect(linkEvents(await seen(coach, b.id))).toHaveLength(1);
    await app.services.notifications.runOnce();
    expect(sentTo(giver, 'kopplat')).toHaveLength(0);
    expect(sentTo(otherGiver, 'kopplat')).toHaveLength(0);
  });

  it('completes the other idea after a crash between the two writes, without doubling the first', async () => {
    const [a, b] = await pair();
    const sluiceId = (await app.services.ideas.sluiceFor(TENANT))!.value.id;
    const storedA = (await app.storage.ideas.get(sluiceId, a.id))!;
    const storedB = (await app.storage.ideas.get(sluiceId, b.id))!;
    // The first write as the service makes it, and then nothing: the process died.
    const eventId = linkEventId(storedA.value, b.id, 'linked', 'duplicate');
    const half = applyLinkChange(storedA.value, storedB.value, 'linked', 'duplicate', COACH, eventId, new Date());
    await app.storage.ideas.replace(half.idea, storedA.etag);
    expect((await seen(coach, b.id)).links).toEqual([]);

    const retry = await link(a, b.id, 'duplicate');
    expect(retry.status).toBe(200);
    const [afterA, afterB] = [await seen(coach, a.id), await seen(coach, b.id)];
    expect(linkEvents(afterA).map((e) => e.id)).toEqual([eventId]);
    expect(afterB.links.map((l) => [l.id, l.kind])).toEqual([[a.id, 'duplicate']]);
    expect(linkEvents(afterB)).toHaveLength(1);
  });

  it('changes the kind of an existing link on both', async () => {
    const [a, b] = await pair();
    await link(a, b.id, 'similar');
    const res = await link(await seen(coach, a.id), b.id, 'duplicate');
    expect(res.status).toBe(200);
    expect((res.body as IdeaResponse).idea.links.map((l) => l.kind)).toEqual(['duplicate']);
    expect((await seen(coach, b.id)).links.map((l) => l.kind)).toEqual(['duplicate']);
    expect(linkEvents(await seen(coach, b.id)).map((e) => e.link?.kind)).toEqual(['similar', 'duplicate']);
  });

  it('refuses a giver (403), a stale or missing etag (412, 428), itself and a bad kind (400)', async () => {
    const [a, b] = await pair();
    expect((await link(a, b.id, 'similar', a.etag, giver)).status).toBe(403);
    const stale = await link(a, b.id, 'similar', '"not-the-etag"');
    expect(stale.status).toBe(412);
    check('ApiError', stale.body);
    expect((await call('POST', coach, `/api/ideas/${a.id}/links`, { ideaId: b.id, kind: 'similar' })).status).toBe(428);
    const self = await link(a, a.id, 'similar');
    expect(self.status).toBe(400);
    expect((self.body as ApiError).problems?.[0]?.field).toBe('ideaId');
    const kind = await link(a, b.id, 'same');
    expect(kind.status).toBe(400);
    expect((kind.body as ApiError).message).toContain('kind');
    const extra = await call('POST', coach, `/api/ideas/${a.id}/links`, { ideaId: b.id, kind: 'similar', note: 'x' }, a.etag);
    expect(extra.status).toBe(400);
    expect((await seen(coach, a.id)).links).toEqual([]);
  });

  it('takes the other idea by its number, as a coach types it; an unknown number is 404, both or neither 400', async () => {
    const [a, b] = await pair();
    expect((await call('POST', coach, `/api/ideas/${a.id}/links`, { number: 99999, kind: 'related' }, a.etag)).status).toBe(404);
    const both = await call('POST', coach, `/api/ideas/${a.id}/links`, { ideaId: b.id, number: b.number, kind: 'related' }, a.etag);
    expect(both.status).toBe(400);
    expect((both.body as ApiError).problems?.[0]?.field).toBe('ideaId');
    expect((await call('POST', coach, `/api/ideas/${a.id}/links`, { kind: 'related' }, a.etag)).status).toBe(400);
    const res = await call('POST', coach, `/api/ideas/${a.id}/links`, { number: b.number, kind: 'related' }, a.etag);
    expect(res.status).toBe(200);
    expect((res.body as IdeaResponse).idea.links.map((l) => [l.id, l.kind])).toEqual([[b.id, 'related']]);
  });

  it("answers 404 for another sluice's idea, either way round", async () => {
    const [a] = await pair();
    await app.storage.sluices.create({
      ...createSluice({ id: 'fjarran', name: 'Fjärran idésluss', tenantIds: [FAR_TENANT], coachIds: [], adminIds: [], now: new Date() }),
      municipalities: { [FAR_TENANT]: 'Fjärran' },
    });
    const far = await storeIdea(app, {
      sluiceId: 'fjarran',
      tenantId: FAR_TENANT,
      giver: { id: '61e00000-0000-4000-8000-0000000000c9', tenantId: FAR_TENANT, name: 'Per Holm', locale: 'sv' },
    });
    const res = await link(a, far.id, 'similar');
    expect(res.status).toBe(404);
    check('ApiError', res.body);
    expect((await call('POST', coach, `/api/ideas/${far.id}/links`, { ideaId: a.id, kind: 'similar' }, '"x"')).status).toBe(404);
    expect((await seen(coach, a.id)).links).toEqual([]);
    expect((await app.storage.ideas.get('fjarran', far.id))!.value.links).toBeUndefined();
  });
});

describe('closing a duplicate (actOnIdea decline with duplicateOf)', () => {
  it('closes the idea with the link as its reason, naming "#12 …"; only a linked idea is taken', async () => {
    const [a, b] = await pair();
    const unlinked = await actAs(app, coach, a.id, { type: 'decline', duplicateOf: b.id }, a.etag);
    expect(unlinked.status).toBe(400);
    expect((unlinked.body as ApiError).problems?.[0]?.field).toBe('duplicateOf');

    const linked = (await link(a, b.id, 'duplicate')).body as IdeaResponse;
    const res = await actAs(app, coach, a.id, { type: 'decline', duplicateOf: b.id, reason: 'Samma idé, längre kommen' }, linked.idea.etag);
    expect(res.status).toBe(200);
    check('IdeaResponse', res.body);
    const closed = (res.body as IdeaResponse).idea;
    expect(closed.stage).toBe('closed');
    expect(closed.history.at(-1)).toMatchObject({
      kind: 'declined',
      text: `Dubblett av #${b.number} ${b.title} — Samma idé, längre kommen`,
      link: { ideaId: b.id, kind: 'duplicate' },
    });
    // The other idea goes on, still linked.
    const other = await seen(coach, b.id);
    expect(other.stage).toBe('submitted');
    expect(other.links).toEqual([{ id: a.id, number: a.number, title: a.title, stage: 'closed', kind: 'duplicate' }]);
  });

  it('still needs a reason when it is not closed as a duplicate', async () => {
    const [a] = await pair();
    const res = await actAs(app, coach, a.id, { type: 'decline' }, a.etag);
    expect(res.status).toBe(400);
    expect((res.body as ApiError).problems?.[0]?.field).toBe('reason');
  });
});

describe('unlinkIdeas (DELETE /api/ideas/{id}/links/{otherId})', () => {
  it('removes the link from both with an event on each; again is a no-op; never linked is 404', async () => {
    const [a, b] = await pair();
    const linked = (await link(a, b.id, 'related')).body as IdeaResponse;
    expect((await call('DELETE', giver, `/api/ideas/${a.id}/links/${b.id}`, undefined, linked.idea.etag)).status).toBe(403);
    const res = await call('DELETE', coach, `/api/ideas/${a.id}/links/${b.id}`, undefined, linked.idea.etag);
    expect(res.status).toBe(200);
    check('IdeaResponse', res.body);
    const after = (res.body as IdeaResponse).idea;
    expect(after.links).toEqual([]);
    expect(linkEvents(after).map((e) => e.kind)).toEqual(['linked', 'unlinked']);
    const other = await seen(coach, b.id);
    expect(other.links).toEqual([]);
    expect(linkEvents(other).map((e) => e.kind)).toEqual(['linked', 'unlinked']);

    const again = await call('DELETE', coach, `/api/ideas/${a.id}/links/${b.id}`, undefined, linked.idea.etag);
    expect(again.status).toBe(200);
    expect(linkEvents(await seen(coach, a.id))).toHaveLength(2);
    expect(linkEvents(await seen(coach, b.id))).toHaveLength(2);

    const [c] = await pair();
    const never = await call('DELETE', coach, `/api/ideas/${c.id}/links/${b.id}`, undefined, c.etag);
    expect(never.status).toBe(404);

    // Linked again after the unlink: a new event on each, not the first one's id.
    const relinked = await link(await seen(coach, a.id), b.id, 'related');
    expect(relinked.status).toBe(200);
    const ids = linkEvents((relinked.body as IdeaResponse).idea).map((e) => e.id);
    expect(new Set(ids).size).toBe(3);
  });
});

describe('the OpenAPI document', () => {
  it('names linkIdeas and unlinkIdeas', async () => {
    const doc = (await app.get('/api/openapi.json')).body as { paths: Record<string, Record<string, { operationId: string }>> };
    expect(doc.paths['/api/ideas/{id}/links']?.['post']?.operationId).toBe('linkIdeas');
    expect(doc.paths['/api/ideas/{id}/links/{otherId}']?.['delete']?.operationId).toBe('unlinkIdeas');
  });
});
