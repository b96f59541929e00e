/**
 * Proves the Playground fixture against a tiny echo bot (restify + botbuilder CloudAdapter without
 * credentials) started here on a free loopback port: install, messages as named users in Swedish,
 * an adaptive card invoke round trip, and that Playground stays on loopback and dies with `stop()`.
 */
import { existsSync, readFileSync } from 'node:fs';
import net from 'node:net';
import {
  ActivityHandler,
  CardFactory,
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  MessageFactory,
  TurnContext,
  type Activity,
  type AdaptiveCardInvokeResponse,
  type AdaptiveCardInvokeValue,
} from 'botbuilder';
import restify from 'restify';
import { playgroundCommand } from '../../scripts/playground-launcher.cjs';
import { startPlaygroundFixture, type PlaygroundFixture } from './playground';

const WELCOME = 'Välkommen till Idéslussen!';
const TENANT_ID = '00000000-0000-0000-0000-0000000000a1';
const COACH = { name: 'Karin Berg', aadObjectId: '00000000-0000-0000-0000-0000000000c1' };

const ADAPTIVE_CARD = 'application/vnd.microsoft.card.adaptive';

function thanksCard(text: string): Record<string, unknown> {
  return { type: 'AdaptiveCard', version: '1.5', body: [{ type: 'TextBlock', text }] };
}

/** Echoes messages, answers with a card, welcomes on install, and answers card actions. */
class EchoBot extends ActivityHandler {
  /** Every activity the bot received, as the adapter parsed it. */
  readonly received: Activity[] = [];

  constructor() {
    super();
    this.onTurn(async (context, next) => {
      this.received.push(context.activity);
      await next();
    });
    this.onMembersAdded(async (context, next) => {
      if (context.activity.membersAdded?.some((m) => m.id === context.activity.recipient.id)) {
        await context.sendActivity(WELCOME);
      }
      await next();
    });
    this.onMessage(async (context, next) => {
      const text = TurnContext.removeRecipientMention(context.activity).trim();
      await context.sendActivity(`Hej ${context.activity.from.name ?? '?'}! Du skrev: ${text}`);
      await context.sendActivity(
        MessageFactory.attachment(
          CardFactory.adaptiveCard({
            type: 'AdaptiveCard',
            version: '1.5',
            body: [{ type: 'TextBlock', text: `Idé: ${text}`, wrap: true }],
            actions: [{ type: 'Action.Execute', title: 'Gilla', verb: 'gilla', data: { ideaId: '42' } }],
          }),
        ),
      );
      await next();
    });
  }

  protected override async onAdaptiveCardInvoke(
    context: TurnContext,
    invokeValue: AdaptiveCardInvokeValue,
  ): Promise<AdaptiveCardInvokeResponse> {
    const data: unknown = invokeValue.action.data;
    const ideaId = typeof data === 'object' && data !== null && 'ideaId' in data ? String(data.ideaId) : '?';
    // Universal Actions answer with the card that replaces the clicked one.
    return {
      statusCode: 200,
      type: ADAPTIVE_CARD,
      value: thanksCard(`Tack ${context.activity.from.name ?? '?'}! ${invokeValue.action.verb} ${ideaId}`),
    };
  }
}

async function startEchoBot(): Promise<{ bot: EchoBot; endpoint: string; errors: unknown[]; close(): Promise<void> }> {
  const bot = new EchoBot();
  const errors: unknown[] = [];
  // No app id: the adapter accepts Playground's unauthenticated requests and sends replies without tokens.
  const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({}));
  adapter.onTurnError = async (_context, error) => {
    errors.push(error);
  };
  const server = restify.createServer();
  server.use(restify.plugins.bodyParser());
  server.post('/api/messages', async (req, res) => {
    await adapter.process(req, res, (context) => bot.run(context));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  return {
    bot,
    errors,
    endpoint: `http://127.0.0.1:${address.port}/api/messages`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Resolves with the error code of a TCP connection attempt, or 'connected'. */
function tryConnect(host: string, port: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    socket.setTimeout(2000);
    socket.once('connect', () => {
      socket.destroy();
      resolve('connected');
    });
    socket.once('timeout', () => {
      socket.destroy();
      resolve('timeout');
    });
    socket.once('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? err.message));
  });
}

/**
 * Local addresses of the TCP sockets listening on `port`, from Linux's /proc/net/tcp{,6}
 * (hex, little-endian per 32-bit word); undefined where that table does not exist.
 */
function listeningAddresses(port: number): { address: string; loopback: boolean }[] | undefined {
  const tables = ['/proc/net/tcp', '/proc/net/tcp6'].filter((file) => existsSync(file));
  if (tables.length === 0) return undefined;
  const portHex = port.toString(16).toUpperCase().padStart(4, '0');
  const found: { address: string; loopback: boolean }[] = [];
  for (const file of tables) {
    for (const line of readFileSync(file, 'utf8').split('\n').slice(1)) {
      const [, local, , state] = line.trim().split(/\s+/);
      if (!local || state !== '0A') continue; // 0A = LISTEN
      const [addressHex, localPort] = local.split(':');
      if (localPort !== portHex || !addressHex) continue;
      const loopback =
        addressHex.length === 8
          ? addressHex.endsWith('7F') // 127.x.x.x
          : addressHex === '00000000000000000000000001000000' || addressHex === '0000000000000000FFFF00000100007F';
      found.push({ address: addressHex, loopback });
    }
  }
  return found;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('Playground fixture with an echo bot', () => {
  let echo: Awaited<ReturnType<typeof startEchoBot>> | undefined;
  let fx: PlaygroundFixture;

  beforeAll(async () => {
    echo = await startEchoBot();
    fx = await startPlaygroundFixture({ botEndpoint: echo.endpoint });
  });

  afterAll(async () => {
    // Runs also when a test failed: Playground must never outlive the test file.
    await fx?.stop();
    await echo?.close();
  });

  afterEach(() => {
    expect(echo?.errors).toEqual([]);
  });

  const bot = (): EchoBot => {
    if (!echo) throw new Error('echo bot not started');
    return echo.bot;
  };

  it('reads the Swedish demo tenant back from Playground', () => {
    expect(fx.config.tenantId).toBe(TENANT_ID);
    expect(fx.config.users).toHaveLength(5);
    expect(fx.config.currentUser.name).toBe('Anna Lindqvist');
    expect(fx.user(COACH.name).aadObjectId).toBe(COACH.aadObjectId);
    expect(fx.config.channels.map((c) => c.name)).toEqual(['General', 'Idétorget']);
    expect(fx.config.groupChat.kind).toBe('groupChat');
  });

  it('installs the bot in the personal chat and sees its welcome', async () => {
    const chat = fx.config.personalChat.id;
    await fx.install(chat);

    const welcome = await fx.waitForActivity((a) => a.type === 'message' && a.text === WELCOME && a.conversation.id === chat);
    expect(welcome.id).toEqual(expect.any(String));
    const install = bot().received.find((a) => a.type === 'conversationUpdate' && a.conversation.id === chat);
    expect(install?.from.aadObjectId).toBe(fx.config.currentUser.aadObjectId);
    expect(install?.conversation.tenantId).toBe(TENANT_ID);
    expect(bot().received.some((a) => a.type === 'installationUpdate' && a.conversation.id === chat)).toBe(true);
  });

  it('delivers a message from a named user in Swedish and brings the reply back', async () => {
    const karin = fx.user(COACH.name);
    const chat = fx.config.groupChat.id;
    const mark = fx.activities().length;

    const sent = await fx.send(chat, 'Vi borde ha cykelpool på förvaltningen', { userId: karin.id, locale: 'sv-SE' });

    const seen = bot().received.find((a) => a.id === sent.activityId);
    expect(seen?.from).toMatchObject({ id: karin.id, aadObjectId: COACH.aadObjectId, name: 'Karin Berg' });
    expect(seen?.locale).toBe('sv-SE');
    expect(seen?.conversation).toMatchObject({ id: chat, tenantId: TENANT_ID, conversationType: 'groupChat' });
    expect(seen?.channelData).toMatchObject({ tenant: { id: TENANT_ID } });
    expect(TurnContext.removeRecipientMention(seen ?? {}).trim()).toBe('Vi borde ha cykelpool på förvaltningen');

    const reply = await fx.waitForActivity((a, i) => i >= mark && a.type === 'message' && typeof a.text === 'string');
    expect(reply.text).toBe('Hej Karin Berg! Du skrev: Vi borde ha cykelpool på förvaltningen');
    expect(reply.conversation.id).toBe(chat);
    expect(reply.replyToId).toBe(sent.activityId);
  });

  it('sends as the Playground user through Playground’s own message API', async () => {
    const chat = fx.config.personalChat.id;
    const mark = fx.activities().length;

    const sent = await fx.send(chat, 'Hej från Anna');

    const seen = bot().received.find((a) => a.id === sent.activityId);
    expect(seen?.from.aadObjectId).toBe(fx.config.currentUser.aadObjectId);
    // Playground's own path is always en-US; Swedish needs `locale`, as in the test above.
    expect(seen?.locale).toBe('en-US');
    const reply = await fx.waitForActivity(
      (a, i) => i >= mark && a.type === 'message' && a.text === 'Hej Anna Lindqvist! Du skrev: Hej från Anna',
    );
    expect(reply.conversation.id).toBe(chat);
  });

  it('round-trips an adaptive card action through Playground’s invoke API', async () => {
    const chat = fx.config.personalChat.id;
    const mark = fx.activities().length;
    await fx.send(chat, 'Ett kort, tack', { locale: 'sv-SE' });
    const card = await fx.waitForActivity((a, i) => i >= mark && a.attachments?.[0]?.contentType === ADAPTIVE_CARD);

    const result = await fx.invoke({
      name: 'adaptiveCard/action',
      value: { action: { type: 'Action.Execute', verb: 'gilla', data: { ideaId: '42' } }, trigger: 'manual' },
      conversation: { id: chat },
      replyToId: card.id ?? '',
    });

    expect(result).toEqual({ type: ADAPTIVE_CARD, value: thanksCard('Tack Anna Lindqvist! gilla 42') });
    const invoke = bot().received.find((a) => a.type === 'invoke' && a.replyToId === card.id);
    expect(invoke?.name).toBe('adaptiveCard/action');
    expect(invoke?.from.aadObjectId).toBe(fx.config.currentUser.aadObjectId);
  });

  it('lets another member of the group chat click a card', async () => {
    const chat = fx.config.groupChat.id;
    const karin = fx.user(COACH.name);
    const mark = fx.activities().length;
    await fx.send(chat, 'Kort till coachen', { userId: karin.id, locale: 'sv-SE' });
    const card = await fx.waitForActivity((a, i) => i >= mark && a.attachments !== undefined && a.attachments.length > 0);

    const result = await fx.invoke({
      name: 'adaptiveCard/action',
      value: { action: { type: 'Action.Execute', verb: 'gilla', data: { ideaId: '42' } }, trigger: 'manual' },
      conversation: { id: chat },
      from: { id: karin.id },
      replyToId: card.id ?? '',
    });

    expect(result.value).toEqual(thanksCard('Tack Karin Berg! gilla 42'));
    expect(bot().received.find((a) => a.type === 'invoke' && a.replyToId === card.id)?.from.aadObjectId).toBe(COACH.aadObjectId);
  });

  it('posts in a channel, @mentioning the bot as Teams requires', async () => {
    const channel = fx.config.channels[1]!;
    const mark = fx.activities().length;

    const own = await fx.send(channel.id, 'Idé i kanalen');
    const asKarin = await fx.send(channel.id, 'Och en till', { userId: COACH.name, locale: 'sv-SE' });

    const first = bot().received.find((a) => a.id === own.activityId);
    // Playground's own path starts a new post thread in the channel.
    expect(first?.conversation).toMatchObject({ id: own.conversationId, conversationType: 'channel', tenantId: TENANT_ID });
    expect(own.conversationId.startsWith(channel.id)).toBe(true);
    const second = bot().received.find((a) => a.id === asKarin.activityId);
    expect(second?.channelData).toMatchObject({ tenant: { id: TENANT_ID }, channel: { id: channel.id } });
    for (const seen of [first, second]) {
      expect(seen?.entities).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ type: 'mention', mentioned: expect.objectContaining({ id: fx.config.bot.id }) }),
        ]),
      );
    }
    await fx.waitForActivity((a, i) => i >= mark && a.text === 'Hej Karin Berg! Du skrev: Och en till');
    await fx.waitForActivity(
      (a, i) => i >= mark && a.text === 'Hej Anna Lindqvist! Du skrev: Idé i kanalen' && a.conversation.id === own.conversationId,
    );
  });

  it('refuses to let someone else speak in the Playground user’s personal chat', async () => {
    await expect(fx.send(fx.config.personalChat.id, 'Hej', { userId: COACH.name })).rejects.toThrow(/personal chat/);
  });

  it('keeps Playground on loopback', async () => {
    const port = Number(new URL(fx.baseUrl).port);
    expect(await tryConnect('127.0.0.1', port)).toBe('connected');
    // Listening on a wildcard address would make Playground reachable from the network. Read the
    // kernel's socket table rather than probing other addresses (nothing here may leave loopback).
    const listeners = listeningAddresses(port);
    if (listeners !== undefined) {
      expect(listeners.length).toBeGreaterThan(0);
      expect(listeners.filter((a) => !a.loopback)).toEqual([]);
    }
    // The preloaded guard reports every refused non-loopback connection or DNS lookup.
    expect(fx.playground.output()).not.toContain('[loopback-guard]');
  });
});

describe('Playground launcher', () => {
  it('starts Playground with the mandatory safety flags and environment', () => {
    const { args, env } = playgroundCommand({
      botEndpoint: 'http://127.0.0.1:3978/api/messages',
      port: 56150,
      configPath: '/x/.m365agentsplayground.yml',
      logFile: '/tmp/x.log',
      recordingFile: '/tmp/y.log',
    });
    expect(args).toContain('--disable-telemetry');
    expect(args.join(' ')).toContain('--service-url http://127.0.0.1:56150/_connector');
    expect(args.some((a) => a.endsWith('loopback-guard.cjs'))).toBe(true);
    expect(env.APPLICATION_INSIGHTS_NO_STATSBEAT).toBe('true');
    expect(env.TEAMSAPPTESTER_BROWSER).toBe('none');
    expect(JSON.parse(env.APPLICATIONINSIGHTS_CONFIGURATION_CONTENT ?? '{}')).toMatchObject({ disableAppInsights: true });
  });

  it('ends the Playground process on stop()', async () => {
    // Nothing listens on port 9: Playground starts without a bot.
    const fx = await startPlaygroundFixture({ botEndpoint: 'http://127.0.0.1:9/api/messages' });
    const pid = fx.playground.pid ?? -1;
    expect(isAlive(pid)).toBe(true);
    await fx.stop();
    expect(isAlive(pid)).toBe(false);
    await fx.stop(); // twice is fine
  });
});
