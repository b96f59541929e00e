/**
 * Shared set-up for the coach tests: the whole server in-process (embedded Cosmos) with the
 * outbox worker paused, a recording Bot Framework connector, and helpers that speak as Teams.
 * Tests drive the worker with `app.services.notifications.runOnce()`, so what was sent when is
 * deterministic.
 */
import { randomUUID } from 'node:crypto';
import { CosmosCardCopyRepository, CosmosOutboxRepository } from '../../../bot/src/adapters/cosmos/outbox-repository';
import type { Idea } from '../../../bot/src/domain/idea';
import type { CardCopy, CardCopyKind, NotificationJob } from '../../../bot/src/domain/outbox';
import type { Versioned } from '../../../bot/src/domain/ports';
import { startTestApp, type TestApp, type TestAppOptions } from '../../helpers/app';
import { validateCard } from '../../helpers/cards';
import type { RecordingConnector } from '../../../bot/src/local/connector';
import { COACH, COACH_2, GIVER, TENANT, invoke, message } from '../../../bot/src/local/activities';

export const CHANNEL_ID = '19:coacher@thread.tacv2';
export const TEAM_ID = '19:idelabbet@thread.tacv2';
export const ADAPTIVE = 'application/vnd.microsoft.card.adaptive';
export const ERROR = 'application/vnd.microsoft.error';

export interface Person {
  readonly id: string;
  readonly name: string;
}

export interface InvokeAnswer {
  readonly status: number;
  readonly statusCode: number;
  readonly type: string;
  readonly value: Record<string, unknown>;
}

export interface CoachFixture {
  readonly app: TestApp;
  readonly connector: RecordingConnector;
  readonly copies: CosmosCardCopyRepository;
  readonly outbox: CosmosOutboxRepository;
  /** A message from a person in their personal chat with the bot (stores their reference). */
  say(person: Person, text: string, options?: { locale?: string; tenantId?: string }): Promise<number>;
  /** A message in the coach channel (a thread of it, as Teams sends it). */
  sayInChannel(person: Person, text: string, options?: { tenantId?: string }): Promise<number>;
  /** Hands in an idea through the service, as capture does (from the giver's tenant, TENANT unless given). */
  submit(giver?: Person & { readonly tenantId?: string }, title?: string, locale?: 'sv' | 'en'): Promise<Idea>;
  /** Clicks an `Action.Execute` on a card; `replyToId`/`conversationId` say which posted message holds it. */
  click(
    person: Person,
    verb: string,
    data: Record<string, unknown>,
    where?: { conversationId?: string; replyToId?: string; conversationType?: 'personal' | 'channel'; locale?: string; tenantId?: string },
  ): Promise<InvokeAnswer>;
  /** Runs the outbox worker until nothing is due. */
  drain(): Promise<void>;
  idea(id: string): Promise<Versioned<Idea>>;
  copiesOf(ideaId: string, kind: CardCopyKind): Promise<CardCopy[]>;
  jobsOf(ideaId: string): Promise<NotificationJob[]>;
  close(): Promise<void>;
}

export function personalConversation(person: Person): string {
  return `a:personal-${person.id}`;
}

/**
 * Starts the app (worker paused unless `env` says otherwise) and a recording connector, or uses
 * the given connector (which then outlives the fixture).
 */
export async function startCoachFixture(
  env: Record<string, string> = {},
  shared?: RecordingConnector,
  options: TestAppOptions = {},
): Promise<CoachFixture> {
  const app = await startTestApp({ OUTBOX_POLL_MS: '0', REMINDER_SCAN_MS: '0', ...env }, { ...options, connector: shared ?? true });
  const connector = app.connector;
  const copies = new CosmosCardCopyRepository(app.storage.containers.outbox);
  const outbox = new CosmosOutboxRepository(app.storage.containers.outbox);

  const post = async (activity: Record<string, unknown>): Promise<{ status: number; body: unknown }> => {
    const res = await app.post('/api/messages', activity);
    return { status: res.status, body: res.body };
  };

  const fixture: CoachFixture = {
    app,
    connector,
    copies,
    outbox,
    async say(person, text, options = {}) {
      const res = await post(
        message(text, {
          serviceUrl: connector.serviceUrl,
          user: person,
          conversationId: personalConversation(person),
          ...(options.locale ? { locale: options.locale } : {}),
          ...(options.tenantId ? { tenantId: options.tenantId } : {}),
        }),
      );
      return res.status;
    },
    async sayInChannel(person, text, options = {}) {
      const activity = message(`<at>Idéslussen</at> ${text}`, {
        serviceUrl: connector.serviceUrl,
        user: person,
        conversationType: 'channel',
        conversationId: `${CHANNEL_ID};messageid=${Date.now()}`,
        ...(options.tenantId ? { tenantId: options.tenantId } : {}),
      });
      activity['entities'] = [{ type: 'mention', mentioned: { id: '28:bot', name: 'Idéslussen' }, text: '<at>Idéslussen</at>' }];
      activity['channelData'] = {
        tenant: { id: options.tenantId ?? TENANT },
        team: { id: TEAM_ID },
        channel: { id: CHANNEL_ID, name: 'Coacher' },
      };
      return (await post(activity)).status;
    },
    async submit(giver = GIVER, title = 'Tryggare gångtunnlar', locale = 'sv') {
      const result = await app.services.ideas.submit({
        giver: { ...giver, tenantId: giver.tenantId ?? TENANT, locale, department: 'Tekniska förvaltningen' },
        text: {
          title,
          need: 'Gångtunnlarna under järnvägen är mörka på kvällen och folk undviker dem.',
          idea: 'Sätt in rörelsestyrd belysning och måla väggarna ljusa, **fetstil** och [länk](https://evil.example).',
          beneficiaries: ['residents'],
          department: 'Tekniska förvaltningen',
        },
        source: 'chat',
        idempotencyKey: randomUUID(),
      });
      if (!result.ok) throw new Error(`submit failed: ${JSON.stringify(result)}`);
      return result.idea;
    },
    async click(person, verb, data, where = {}) {
      const conversationType = where.conversationType ?? 'personal';
      const activity = invoke(
        'adaptiveCard/action',
        { action: { type: 'Action.Execute', verb, data }, trigger: 'manual' },
        {
          serviceUrl: connector.serviceUrl,
          user: person,
          conversationType,
          conversationId: where.conversationId ?? personalConversation(person),
          ...(where.locale ? { locale: where.locale } : {}),
          ...(where.tenantId ? { tenantId: where.tenantId } : {}),
        },
      );
      if (where.replyToId) activity['replyToId'] = where.replyToId;
      if (conversationType === 'channel') {
        activity['channelData'] = {
          tenant: { id: where.tenantId ?? TENANT },
          team: { id: TEAM_ID },
          channel: { id: CHANNEL_ID },
        };
      }
      const res = await post(activity);
      const body = (res.body ?? {}) as { statusCode?: number; type?: string; value?: Record<string, unknown> };
      return { status: res.status, statusCode: body.statusCode ?? -1, type: body.type ?? '', value: body.value ?? {} };
    },
    async drain() {
      for (let round = 0; round < 20; round++) {
        if ((await app.services.notifications.runOnce()) === 0) return;
      }
      throw new Error('The outbox did not drain in 20 rounds');
    },
    async idea(id) {
      const found = await app.services.ideas.get('default', id);
      if (!found) throw new Error(`No idea ${id}`);
      return found;
    },
    copiesOf: (ideaId, kind) => copies.listForIdea(ideaId, kind),
    async jobsOf(ideaId) {
      const { resources } = await app.storage.containers.outbox.items
        .query<NotificationJob>({
          query: "SELECT * FROM c WHERE c.type = 'job' AND c.ideaId = @ideaId",
          parameters: [{ name: '@ideaId', value: ideaId }],
        })
        .fetchAll();
      return resources;
    },
    close: () => app.close(),
  };
  return fixture;
}

/** Makes the bot meet the giver and both coaches in personal chat, and sets the coach channel. */
export async function meetEveryone(fx: CoachFixture, options: { channel?: boolean } = {}): Promise<void> {
  for (const person of [GIVER, COACH, COACH_2]) expect(await fx.say(person, 'hjälp')).toBeLessThan(300);
  if (options.channel !== false) expect(await fx.sayInChannel(COACH, 'koppla coachkanal')).toBeLessThan(300);
  fx.connector.reset();
}

/** The Adaptive Card of a sent activity, validated with the official parser. */
export function cardOf(activity: Record<string, unknown> | undefined): Record<string, unknown> {
  const attachments = activity?.['attachments'] as Array<{ contentType: string; content: Record<string, unknown> }> | undefined;
  const card = attachments?.[0]?.content;
  if (!card) throw new Error(`No card in ${JSON.stringify(activity)}`);
  expect(attachments?.[0]?.contentType).toBe(ADAPTIVE);
  validateCard(card);
  return card;
}

/** An invoke answer that must be a card: checks the type and validates the card. */
export function answeredCard(answer: InvokeAnswer): Record<string, unknown> {
  expect({ status: answer.status, statusCode: answer.statusCode, type: answer.type }).toEqual({
    status: 200,
    statusCode: 200,
    type: ADAPTIVE,
  });
  validateCard(answer.value);
  return answer.value;
}

/** The data a card's `Action.Execute` with this verb sends (searching ShowCards too). */
export function actionData(card: Record<string, unknown>, verb: string): Record<string, unknown> {
  const found = findAction(card, verb);
  if (!found) throw new Error(`No ${verb} action on the card: ${JSON.stringify(card['actions'])}`);
  return { ...(found['data'] as Record<string, unknown>) };
}

export function verbsOf(card: Record<string, unknown>): string[] {
  const verbs: string[] = [];
  const walk = (actions: unknown): void => {
    for (const a of (actions as Array<Record<string, unknown>> | undefined) ?? []) {
      if (a['type'] === 'Action.Execute') verbs.push(String(a['verb']));
      if (a['type'] === 'Action.ShowCard') walk((a['card'] as Record<string, unknown>)['actions']);
    }
  };
  walk(card['actions']);
  return verbs;
}

function findAction(card: Record<string, unknown>, verb: string): Record<string, unknown> | undefined {
  for (const a of (card['actions'] as Array<Record<string, unknown>> | undefined) ?? []) {
    if (a['type'] === 'Action.Execute' && a['verb'] === verb) return a;
    if (a['type'] === 'Action.ShowCard') {
      const inner = findAction(a['card'] as Record<string, unknown>, verb);
      if (inner) return inner;
    }
  }
  return undefined;
}

/** Every text of a card (TextBlocks and facts), joined, for assertions on what a person reads. */
export function textOf(card: Record<string, unknown>): string {
  const parts: string[] = [];
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(walk);
    else if (value && typeof value === 'object') {
      const record = value as Record<string, unknown>;
      if (typeof record['text'] === 'string') parts.push(record['text']);
      if (typeof record['title'] === 'string' && typeof record['value'] === 'string') parts.push(`${record['title']}: ${record['value']}`);
      for (const [key, inner] of Object.entries(record)) if (key !== 'text') walk(inner);
    }
  };
  walk(card['body']);
  return parts.join('\n');
}

/** Activities the connector got for one conversation. */
export function sentTo(fx: CoachFixture, conversationId: string): Array<Record<string, unknown> & { conversationId: string }> {
  return fx.connector.sent().filter((a) => a.conversationId === conversationId);
}
