import type { TestApp } from '../helpers/app';
import { startCoachFixture, type CoachFixture } from './coach/fixture';
import { startBotFrameworkIssuer, type BotFrameworkIssuer } from '../helpers/bot-framework-issuer';
import { startRecordingConnector, type ConnectorCall, type RecordingConnector } from '../../bot/src/local/connector';
import { COACH, GIVER, OTHER_TENANT, TENANT, message } from '../../bot/src/local/activities';

/** One single-tenant bot registration per member tenant of a shared sluice, both pointing at this server. */
const APP_A = 'a1b2c3d4-0000-4000-8000-00000000000a';
const APP_B = 'a1b2c3d4-0000-4000-8000-00000000000b';
const COACH_B = { id: 'c0ac0000-0000-4000-8000-0000000000b1', name: 'Lina Ek' };
const GIVER_B = { id: '61e00000-0000-4000-8000-0000000000b1', name: 'Sara Nyström' };
/** A person of tenant B the bot has never talked with: writing to them opens a chat. */
const NEWCOMER_B = { id: '61e00000-0000-4000-8000-0000000000b2', name: 'Nils Åberg' };
const personal = (person: { id: string }) => `a:personal-${person.id}`;

describe('one bot identity per member tenant (BOT_APPS)', () => {
  let fx: CoachFixture;
  let app: TestApp;
  let connector: RecordingConnector;
  let issuer: BotFrameworkIssuer;

  beforeAll(async () => {
    connector = await startRecordingConnector();
    issuer = await startBotFrameworkIssuer({
      bots: [
        { appId: APP_A, tenantId: TENANT, secret: 'secret-of-a' },
        { appId: APP_B, tenantId: OTHER_TENANT, secret: 'secret-of-b' },
      ],
    });
    fx = await startCoachFixture(
      {
        BOT_APPS: JSON.stringify([
          { appId: APP_A, tenantId: TENANT, credential: { type: 'secret', setting: 'BOT_SECRET_A' } },
          { appId: APP_B, tenantId: OTHER_TENANT, credential: { type: 'secret', secret: 'secret-of-b' } },
        ]),
        BOT_SECRET_A: 'secret-of-a',
        BOT_OPENID_METADATA_URL: issuer.metadataUrl,
        BOT_AUTHORITY_HOST: issuer.authorityHost,
      },
      connector,
    );
    app = fx.app;
    // The default sluice is shared by both tenants, with a coach in each.
    const sluice = (await app.storage.sluices.get('default'))!;
    await app.storage.sluices.replace(
      {
        ...sluice.value,
        tenantIds: [TENANT, OTHER_TENANT],
        municipalities: { [TENANT]: 'Testkommun', [OTHER_TENANT]: 'Grannkommun' },
        coaches: [
          { ...COACH, tenantId: TENANT },
          { ...COACH_B, tenantId: OTHER_TENANT },
        ],
      },
      sluice.etag,
    );
  });
  afterAll(async () => {
    await fx?.close();
    await issuer?.stop();
    await connector?.stop();
  });
  beforeEach(() => connector.reset());

  /** A message in the person's personal chat, as Teams sends it with the token of `appId`. */
  const say = async (person: { id: string; name: string }, tenantId: string, appId: string) =>
    app.post(
      '/api/messages',
      {
        ...message('hjälp', { serviceUrl: connector.serviceUrl, user: person, tenantId }),
        recipient: { id: `28:${appId}`, name: 'Idéslussen' },
      },
      { authorization: `Bearer ${await issuer.token('msteams', appId, connector.serviceUrl)}` },
    );
  const to = (conversationId: string) => (calls: ConnectorCall[]) => calls.filter((c) => c.conversationId === conversationId);
  const owners = (calls: ConnectorCall[]) => calls.map((c) => issuer.ownerOf(c.authorization));

  it.each([
    ['A', GIVER, TENANT, APP_A],
    ['B', GIVER_B, OTHER_TENANT, APP_B],
  ] as const)('lets in an activity for app %s and answers it as that app', async (_name, person, tenantId, appId) => {
    const res = await say(person, tenantId, appId);
    expect(res.status).toBe(200);
    const replies = to(personal(person))(connector.calls);
    expect(replies.length).toBeGreaterThan(0);
    expect(owners(replies)).toEqual(replies.map(() => ({ appId, tenantId })));
  });

  it('refuses an activity for an app id that is not configured with 401, sending nothing', async () => {
    const res = await say(GIVER, TENANT, 'a1b2c3d4-0000-4000-8000-0000000000ff');
    expect(res.status).toBe(401);
    expect(res.body).toMatchObject({ code: 'Unauthorized' });
    expect(connector.calls).toEqual([]);
  });

  it("sends every proactive message as the bot of the recipient's tenant", async () => {
    for (const [person, tenantId, appId] of [
      [COACH, TENANT, APP_A],
      [COACH_B, OTHER_TENANT, APP_B],
    ] as const)
      expect((await say(person, tenantId, appId)).status).toBe(200);
    connector.reset();
    // An idea from each tenant: each goes to its own tenant's coach.
    const ideas = [
      await fx.submit({ ...NEWCOMER_B, tenantId: OTHER_TENANT }, 'Belysta gångtunnlar i Grannkommun'),
      await fx.submit(GIVER, 'Belysta gångtunnlar i Testkommun'),
    ];
    expect(ideas.map((i) => i.coach?.id)).toEqual([COACH_B.id, COACH.id]);
    await fx.drain();

    for (const [person, appId, tenantId] of [
      [COACH_B, APP_B, OTHER_TENANT],
      [COACH, APP_A, TENANT],
    ] as const) {
      const calls = to(personal(person))(connector.calls);
      expect(calls.length).toBeGreaterThan(0);
      expect(owners(calls)).toEqual(calls.map(() => ({ appId, tenantId })));
    }
    // The coach asks the newcomer a question: the bot opens a chat with them in tenant B, as tenant B's bot.
    const coach = ideas[0]!.coach!.id === COACH.id ? { ...COACH, tenantId: TENANT } : { ...COACH_B, tenantId: OTHER_TENANT };
    expect((await app.services.ideas.act('default', ideas[0]!.id, coach, { type: 'take' })).ok).toBe(true);
    const question = { type: 'askInfo', question: 'Vilka tunnlar tänker du på?' } as const;
    expect((await app.services.ideas.act('default', ideas[0]!.id, coach, question)).ok).toBe(true);
    await fx.drain();
    const opened = connector.calls.filter((c) => c.method === 'POST' && c.path === '/v3/conversations');
    expect(opened.map((c) => [c.body['tenantId'], c.body['bot'], issuer.ownerOf(c.authorization)])).toEqual([
      [OTHER_TENANT, expect.objectContaining({ id: `28:${APP_B}` }), { appId: APP_B, tenantId: OTHER_TENANT }],
    ]);
    const toNewcomer = to(personal(NEWCOMER_B))(connector.calls);
    expect(toNewcomer.length).toBeGreaterThan(0);
    expect(owners(toNewcomer)).toEqual(toNewcomer.map(() => ({ appId: APP_B, tenantId: OTHER_TENANT })));
    // Every call of the run, whoever it went to, was signed by the tenant's own bot.
    for (const call of connector.calls) expect(issuer.ownerOf(call.authorization)).toBeDefined();
  });
});
