/**
 * Jest fixture for chat end-to-end tests: starts Microsoft 365 Agents Playground (safely, through
 * scripts/playground-launcher.cjs) in front of a bot and drives it over its HTTP and WebSocket API, the
 * way the Playground page does, without a browser.
 *
 * What Playground gives and what this fixture adds:
 * - `send` as the Playground user (`currentUser`) with no locale goes through Playground's own
 *   `POST /_conversation/v1/conversations/:id/messages`, exactly like typing in the page. Playground
 *   always sends that as `currentUser` with locale `en-US`, whatever the request says, so a message as
 *   another user or in another locale is built here (in Playground's own shape) and delivered through
 *   `POST /_internal/v1/customActivities`, Playground's "custom activity" feature.
 * - In a group chat or channel the bot only hears messages that @mention it (as in Teams), so `send`
 *   adds the mention there. In a channel Playground's own path starts a post thread
 *   (`<channel id>;messageid=<id>`, as Teams does); the custom path can only use the channel id itself,
 *   because Playground accepts replies only in conversations it created.
 * - The bot's activities are collected from Playground's log stream (`WS /_ws/log/stream`), which carries
 *   every request the bot makes to Playground's connector with its raw JSON body. The conversation
 *   stream (`WS /_ws_conversation/v1/conversations/stream`) only carries the page's view of messages
 *   (no typing, no activities for chats the page user is not in), so it is not used for assertions.
 * - `send` and `install` resolve when the bot has answered Playground's HTTP request, i.e. when the
 *   turn is over; they reject if the bot answered with an error status.
 */
import { randomUUID } from 'node:crypto';
import type { Activity } from 'botbuilder';
import WebSocket from 'ws';
import { z } from 'zod';
import { startPlayground, type RunningPlayground } from '../../scripts/playground-launcher.cjs';

/** A person in Playground's demo tenant (`.m365agentsplayground.yml`). */
export interface PlaygroundUser {
  /** Channel account id, e.g. `29:karin.berg`; what Playground's API calls the user id. */
  readonly id: string;
  readonly name: string;
  /** Entra object id; what the bot sees as `from.aadObjectId`. */
  readonly aadObjectId: string;
  readonly userPrincipalName: string;
  readonly givenName: string;
  readonly surname: string;
  readonly email: string;
}

/** A conversation Playground knows from its config. */
export interface PlaygroundConversation {
  readonly id: string;
  readonly name: string;
  readonly kind: 'personal' | 'groupChat' | 'channel';
  /** Set for channels: the team's id (which is also the General channel's id). */
  readonly teamId?: string;
}

/** Playground's config as read back from `GET /_internal/v1/testConfig`. */
export interface PlaygroundConfig {
  readonly tenantId: string;
  readonly bot: { readonly id: string; readonly name: string };
  /** The user the Playground page speaks as, and the only member of the personal chat. */
  readonly currentUser: PlaygroundUser;
  /** The five other users (members, with `currentUser`, of the group chat and the team). */
  readonly users: readonly PlaygroundUser[];
  readonly personalChat: PlaygroundConversation;
  readonly groupChat: PlaygroundConversation;
  /** The team's channels, General first. */
  readonly channels: readonly PlaygroundConversation[];
  /** All of the above conversations. */
  readonly conversations: readonly PlaygroundConversation[];
}

/** Options for {@link PlaygroundFixture.send}. */
export interface SendOptions {
  /** Who speaks: a user id (`29:karin.berg`), Entra object id or display name. Defaults to `currentUser`. */
  readonly userId?: string;
  /** The activity's `locale` (and client-info locale), e.g. `sv-SE`. Playground's own path always says `en-US`. */
  readonly locale?: string;
  /** How long to wait for the bot to finish the turn; default 15 s. */
  readonly timeoutMs?: number;
}

/** What {@link PlaygroundFixture.send} did. */
export interface SendResult {
  /** The id of the activity the bot received. */
  readonly activityId: string;
  /** The conversation id the bot saw (in a channel, Playground's official path starts a new post thread). */
  readonly conversationId: string;
  /** The HTTP status the bot answered with. */
  readonly status: number;
}

/** Body of `POST /_conversation/v1/invoke`; `from` defaults to `currentUser`. */
export interface InvokeRequest {
  /** One of Playground's invoke names, e.g. `adaptiveCard/action` or `message/submitAction`. */
  readonly name: string;
  readonly value: unknown;
  readonly conversation: { readonly id: string };
  readonly from?: { readonly id: string };
  /** Required for `adaptiveCard/action`: the id of the bot message holding the card (see {@link PlaygroundFixture.activities}). */
  readonly replyToId?: string;
}

/**
 * Playground's answer to an invoke: for `adaptiveCard/action` the bot's `{ type, value }` (Playground drops
 * the `statusCode`), for `message/submitAction` `{ status }`, for message extensions `{ task, composeExtension }`.
 */
export type InvokeResult = Readonly<Record<string, unknown>>;

/** A running Playground in front of a bot; see the module comment. */
export interface PlaygroundFixture {
  /** Playground's base URL, e.g. `http://127.0.0.1:41233`. */
  readonly baseUrl: string;
  /** The Playground process (pid, printed output including loopback-guard reports, log file). */
  readonly playground: RunningPlayground;
  readonly config: PlaygroundConfig;
  /** Finds a user by id, Entra object id or display name; throws if there is none. */
  user(idOrName: string): PlaygroundUser;
  /** Sends `text` into a conversation and resolves once the bot has finished the turn. */
  send(conversationId: string, text: string, options?: SendOptions): Promise<SendResult>;
  /** Clicks a card action (or another invoke) through Playground and returns the bot's invoke response. */
  invoke(body: InvokeRequest): Promise<InvokeResult>;
  /** "Installs" the bot in a conversation (installationUpdate + conversationUpdate) and waits for the bot to handle both. */
  install(conversationId: string, timeoutMs?: number): Promise<void>;
  /**
   * Resolves with the first activity the bot has sent (so far or later) that matches; `index` is its
   * position in {@link activities}, so `(a, i) => i >= mark && …` ignores earlier ones.
   */
  waitForActivity(predicate: (activity: Activity, index: number) => boolean, timeoutMs?: number): Promise<Activity>;
  /**
   * Every activity the bot has sent to Playground's connector, oldest first, as the JSON it posted.
   * `id` is the id Playground gave it (use it as `replyToId` for invokes); dates are ISO strings.
   */
  activities(): Activity[];
  /** Closes the streams and ends Playground. Safe to call twice. */
  stop(): Promise<void>;
}

/** An HTTP call to Playground answered with an error status. */
export class PlaygroundRequestError extends Error {
  constructor(
    readonly method: string,
    readonly path: string,
    readonly status: number,
    readonly body: unknown,
  ) {
    super(`Playground ${method} ${path} answered ${status}: ${typeof body === 'string' ? body : JSON.stringify(body)}`);
    this.name = 'PlaygroundRequestError';
  }
}

// Labels Playground puts on log items (schema `LabelType`).
const LABEL_PLAYGROUND = 'Microsoft 365 Agents Playground';
const LABEL_BOT = 'User Application';

const userSchema = z.object({
  id: z.string(),
  name: z.string(),
  userPrincipleName: z.string(), // sic: Playground's spelling
  aadObjectId: z.string(),
  givenName: z.string(),
  surname: z.string(),
  email: z.string(),
});

const testConfigSchema = z.object({
  config: z.object({
    tenantId: z.string(),
    bot: z.object({ id: z.string(), name: z.string() }),
    currentUser: userSchema,
    users: z.array(userSchema),
    personalChat: z.object({ id: z.string(), name: z.string() }),
    groupChats: z.array(z.object({ id: z.string(), name: z.string() })).min(1),
    teams: z
      .array(z.object({ id: z.string(), name: z.string(), channels: z.array(z.object({ id: z.string(), name: z.string() })) }))
      .min(1),
  }),
});

const logMessageSchema = z.object({
  logAction: z.literal('appendLog'),
  log: z.object({
    type: z.string(),
    from: z.string().optional(),
    to: z.string().optional(),
    request: z.object({ body: z.unknown() }).optional(),
    response: z.object({ statusCode: z.number(), body: z.unknown() }).optional(),
  }),
});

/** One activity Playground delivered to the bot, with the bot's HTTP answer. */
interface Delivery {
  readonly activity: Readonly<Record<string, unknown>>;
  readonly status: number;
  readonly responseBody: unknown;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function conversationIdOf(activity: Readonly<Record<string, unknown>>): string | undefined {
  const conversation = activity.conversation;
  return isRecord(conversation) && typeof conversation.id === 'string' ? conversation.id : undefined;
}

function toUser(raw: z.infer<typeof userSchema>): PlaygroundUser {
  return {
    id: raw.id,
    name: raw.name,
    aadObjectId: raw.aadObjectId,
    userPrincipalName: raw.userPrincipleName,
    givenName: raw.givenName,
    surname: raw.surname,
    email: raw.email,
  };
}

function toConfig(raw: unknown): PlaygroundConfig {
  const parsed = testConfigSchema.safeParse(raw);
  if (!parsed.success) throw new Error(`Playground's /_internal/v1/testConfig has an unexpected shape: ${parsed.error.message}`);
  const c = parsed.data.config;
  // The schema guarantees one group chat and one team (`.min(1)`); Playground supports exactly one of each.
  const groupChatRaw = c.groupChats[0]!;
  const team = c.teams[0]!;
  const personalChat: PlaygroundConversation = { id: c.personalChat.id, name: c.personalChat.name, kind: 'personal' };
  const groupChat: PlaygroundConversation = { id: groupChatRaw.id, name: groupChatRaw.name, kind: 'groupChat' };
  const channels = team.channels.map((ch): PlaygroundConversation => ({ id: ch.id, name: ch.name, kind: 'channel', teamId: team.id }));
  return {
    tenantId: c.tenantId,
    bot: c.bot,
    currentUser: toUser(c.currentUser),
    users: c.users.map(toUser),
    personalChat,
    groupChat,
    channels,
    conversations: [personalChat, groupChat, ...channels],
  };
}

/** Country part of a locale (`sv-SE` → `SE`), for the Teams client-info entity. */
function countryOf(locale: string): string | undefined {
  try {
    return new Intl.Locale(locale).maximize().region;
  } catch {
    return undefined;
  }
}

/**
 * Starts Playground in front of `botEndpoint` (plain http on loopback) with the repository's
 * `.m365agentsplayground.yml`, reads its config and subscribes to its log stream.
 * Always call `stop()` (in `afterAll`), also when a test fails.
 */
export async function startPlaygroundFixture(options: {
  botEndpoint: string;
  /** Folder with `.m365agentsplayground.yml`; defaults to the repository root. */
  cwd?: string;
  /** Playground port on 127.0.0.1; default: a free one. */
  port?: number;
  /** The demo tenant file, relative to `cwd`; default `.m365agentsplayground.yml` (the coach's is `.m365agentsplayground.coach.yml`). */
  configPath?: string;
}): Promise<PlaygroundFixture> {
  const playground = await startPlayground({
    botEndpoint: options.botEndpoint,
    ...(options.configPath !== undefined ? { configPath: options.configPath } : {}),
    ...(options.cwd !== undefined ? { cwd: options.cwd } : {}),
    ...(options.port !== undefined ? { port: options.port } : {}),
  });
  let socket: WebSocket | undefined;
  try {
    const config = toConfig(await requestJson(playground.url, 'GET', '/_internal/v1/testConfig'));
    const stream = new LogStream();
    socket = await stream.connect(`ws://127.0.0.1:${playground.port}/_ws/log/stream`);
    return createFixture(playground, config, stream, socket);
  } catch (err) {
    socket?.terminate();
    await playground.stop();
    throw err;
  }
}

async function requestJson(baseUrl: string, method: 'GET' | 'POST', path: string, body?: unknown): Promise<unknown> {
  const res = await fetch(`${baseUrl}${path}`, {
    method,
    signal: AbortSignal.timeout(30_000),
    ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
  });
  const text = await res.text();
  let parsed: unknown = text;
  if (text.length > 0) {
    try {
      parsed = JSON.parse(text) as unknown;
    } catch {
      // Not JSON (Playground answers some calls with an empty or plain body): keep the text.
    }
  }
  if (!res.ok) throw new PlaygroundRequestError(method, path, res.status, parsed);
  return text.length > 0 ? parsed : undefined;
}

function rawDataToString(data: WebSocket.RawData): string {
  if (Buffer.isBuffer(data)) return data.toString('utf8');
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data).toString('utf8');
}

/** Collects Playground's log stream and wakes up waiters when something arrives. */
class LogStream {
  readonly fromBot: Activity[] = [];
  readonly toBot: Delivery[] = [];
  private readonly listeners = new Set<() => void>();
  private failure: Error | undefined;

  connect(url: string): Promise<WebSocket> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url);
      ws.once('open', () => resolve(ws));
      ws.on('error', (err) => {
        this.failure ??= err;
        reject(err); // no-op once open
        this.notify();
      });
      ws.on('message', (data: WebSocket.RawData) => this.onMessage(data));
      ws.on('close', () => {
        this.failure ??= new Error('Playground closed its log stream');
        this.notify();
      });
    });
  }

  private onMessage(data: WebSocket.RawData): void {
    let json: unknown;
    try {
      json = JSON.parse(rawDataToString(data));
    } catch {
      return;
    }
    const parsed = logMessageSchema.safeParse(json);
    if (!parsed.success || parsed.data.log.type !== 'bot') return; // text log lines are for the page only
    const { from, to, request, response } = parsed.data.log;
    const body = request?.body;
    if (!isRecord(body) || typeof body.type !== 'string') return; // e.g. the bot reading members
    if (from === LABEL_BOT && to === LABEL_PLAYGROUND) {
      const answer = response?.body;
      // Playground gives each stored message its own id and returns it; invokes and updates need that id.
      const id = isRecord(answer) && typeof answer.id === 'string' ? answer.id : body.id;
      // The bot's JSON is an Activity by construction (it came from botbuilder); dates stay ISO strings.
      this.fromBot.push({ ...body, ...(typeof id === 'string' ? { id } : {}) } as unknown as Activity);
    } else if (from === LABEL_PLAYGROUND && to === LABEL_BOT && response) {
      this.toBot.push({ activity: body, status: response.statusCode, responseBody: response.body });
    }
    this.notify();
  }

  private notify(): void {
    for (const listener of [...this.listeners]) listener();
  }

  /** Resolves with the first non-undefined result of `find`, re-checked on every new log item. */
  waitFor<T>(find: () => T | undefined, timeoutMs: number, describe: () => string): Promise<T> {
    return new Promise((resolve, reject) => {
      const check = (): boolean => {
        const found = find();
        if (found !== undefined) {
          done();
          resolve(found);
          return true;
        }
        if (this.failure) {
          done();
          reject(new Error(`${describe()}: ${this.failure.message}`));
          return true;
        }
        return false;
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`Timed out after ${timeoutMs} ms waiting for ${describe()}`));
      }, timeoutMs);
      const done = (): void => {
        clearTimeout(timer);
        this.listeners.delete(listener);
      };
      const listener = (): void => {
        check();
      };
      this.listeners.add(listener);
      check();
    });
  }
}

function summarize(activity: Activity): string {
  const text = typeof activity.text === 'string' ? ` "${activity.text.slice(0, 60)}"` : '';
  const cards =
    Array.isArray(activity.attachments) && activity.attachments.length > 0 ? ` [${activity.attachments.length} attachment(s)]` : '';
  return `${activity.type}${text}${cards} → ${activity.conversation?.id ?? '?'}`;
}

function createFixture(playground: RunningPlayground, config: PlaygroundConfig, stream: LogStream, socket: WebSocket): PlaygroundFixture {
  const baseUrl = playground.url;
  const allUsers = [config.currentUser, ...config.users];

  const user = (idOrName: string): PlaygroundUser => {
    const found = allUsers.find((u) => u.id === idOrName || u.aadObjectId === idOrName || u.name === idOrName);
    if (!found) throw new Error(`No Playground user "${idOrName}"; known: ${allUsers.map((u) => `${u.name} (${u.id})`).join(', ')}`);
    return found;
  };

  const waitForDelivery = async (mark: number, matches: (d: Delivery) => boolean, timeoutMs: number, what: string): Promise<Delivery> => {
    const delivery = await stream.waitFor(
      () => stream.toBot.slice(mark).find(matches),
      timeoutMs,
      () => `the bot to handle ${what}`,
    );
    if (delivery.status >= 400) {
      throw new Error(`The bot answered ${delivery.status} to ${what}: ${JSON.stringify(delivery.responseBody)}`);
    }
    return delivery;
  };

  /** The activity Playground would build for a typed message, but from `sender` and in `locale`. */
  const buildMessage = (
    conversationId: string,
    conversation: PlaygroundConversation | undefined,
    sender: PlaygroundUser,
    text: string,
    mention: { text: string } | undefined,
    locale: string,
  ): Record<string, unknown> => {
    const now = new Date().toISOString();
    const timezone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    const isChannel = conversation?.kind === 'channel';
    const country = countryOf(locale);
    return {
      type: 'message',
      id: randomUUID(),
      timestamp: now,
      localTimestamp: now,
      localTimezone: timezone,
      channelId: 'msteams',
      serviceUrl: playground.serviceUrl,
      from: { id: sender.id, name: sender.name, aadObjectId: sender.aadObjectId },
      recipient: { id: config.bot.id, name: config.bot.name },
      // Same shape as Playground's TeamsStrategy; a conversation the bot created itself is a 1:1 chat.
      conversation: {
        id: conversationId,
        ...(conversation && conversation.kind !== 'personal'
          ? { isGroup: true, conversationType: conversation.kind }
          : { conversationType: 'personal' }),
        tenantId: config.tenantId,
      },
      text,
      textFormat: 'plain',
      locale,
      entities: [
        ...(mention ? [{ type: 'mention', mentioned: { id: config.bot.id, name: config.bot.name }, text: mention.text }] : []),
        { type: 'clientInfo', locale, ...(country ? { country } : {}), platform: 'Web', timezone },
      ],
      channelData: {
        tenant: { id: config.tenantId },
        ...(isChannel && conversation.teamId
          ? {
              teamsTeamId: conversation.teamId,
              teamsChannelId: conversation.id,
              team: { id: conversation.teamId },
              channel: { id: conversation.id },
            }
          : {}),
      },
    };
  };

  const send = async (conversationId: string, text: string, options: SendOptions = {}): Promise<SendResult> => {
    const timeoutMs = options.timeoutMs ?? 15_000;
    const conversation = config.conversations.find((c) => c.id === conversationId);
    const sender = options.userId === undefined ? config.currentUser : user(options.userId);
    if (conversation?.kind === 'personal' && sender.id !== config.currentUser.id) {
      throw new Error(
        `${conversationId} is ${config.currentUser.name}'s personal chat; ${sender.name} can talk to the bot in the group chat or a channel`,
      );
    }
    // Teams only delivers group chat and channel messages that @mention the bot; so does Playground.
    const mention = conversation && conversation.kind !== 'personal' ? { text: `<at>${config.bot.name}</at>` } : undefined;
    const fullText = mention ? `${mention.text} ${text}` : text;
    const mark = stream.toBot.length;
    const what = `the message "${text}" in ${conversationId}`;

    if (conversation && sender.id === config.currentUser.id && options.locale === undefined) {
      // Exactly what the Playground page does when its user types.
      const answer = await requestJson(baseUrl, 'POST', `/_conversation/v1/conversations/${encodeURIComponent(conversationId)}/messages`, {
        from: { id: sender.id },
        text: fullText,
        textFormat: 'plain',
        ...(mention ? { mentions: [{ mentioned: { id: config.bot.id }, text: mention.text }] } : {}),
      });
      // In a channel Playground starts a new post thread, and the bot sees that thread's id.
      const target = isRecord(answer) && typeof answer.postConversationId === 'string' ? answer.postConversationId : conversationId;
      const delivery = await waitForDelivery(
        mark,
        (d) => d.activity.type === 'message' && d.activity.text === fullText && conversationIdOf(d.activity) === target,
        timeoutMs,
        what,
      );
      return { activityId: String(delivery.activity.id), conversationId: target, status: delivery.status };
    }

    const activity = buildMessage(conversationId, conversation, sender, fullText, mention, options.locale ?? 'en-US');
    await requestJson(baseUrl, 'POST', '/_internal/v1/customActivities', activity);
    const delivery = await waitForDelivery(mark, (d) => d.activity.id === activity.id, timeoutMs, what);
    return { activityId: String(activity.id), conversationId, status: delivery.status };
  };

  const invoke = async (body: InvokeRequest): Promise<InvokeResult> => {
    const answer = await requestJson(baseUrl, 'POST', '/_conversation/v1/invoke', {
      ...body,
      from: body.from ?? { id: config.currentUser.id },
    });
    if (!isRecord(answer)) throw new Error(`Playground answered the invoke with ${JSON.stringify(answer)}, not an object`);
    return answer;
  };

  const install = async (conversationId: string, timeoutMs = 15_000): Promise<void> => {
    const mark = stream.toBot.length;
    await requestJson(baseUrl, 'POST', `/_debug/conversation/${encodeURIComponent(conversationId)}/installation`, {});
    // On the msteams channel Playground sends both, concurrently, in no fixed order.
    for (const type of ['installationUpdate', 'conversationUpdate']) {
      await waitForDelivery(
        mark,
        (d) => d.activity.type === type && conversationIdOf(d.activity) === conversationId,
        timeoutMs,
        `the ${type} for ${conversationId}`,
      );
    }
  };

  const waitForActivity = (predicate: (activity: Activity, index: number) => boolean, timeoutMs = 10_000): Promise<Activity> =>
    stream.waitFor(
      () => stream.fromBot.find((a, i) => predicate(a, i)),
      timeoutMs,
      () => {
        const seen = stream.fromBot.map((a, i) => `  ${i}: ${summarize(a)}`).join('\n');
        return `a matching activity from the bot; it has sent ${stream.fromBot.length}${seen ? `:\n${seen}` : ''}`;
      },
    );

  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      socket.terminate();
      await playground.stop();
    })();
    return stopping;
  };

  return {
    baseUrl,
    playground,
    config,
    user,
    send,
    invoke,
    install,
    waitForActivity,
    activities: () => [...stream.fromBot],
    stop,
  };
}
