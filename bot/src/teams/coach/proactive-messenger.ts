import {
  TurnContext,
  type Activity,
  type ChannelAccount,
  type CloudAdapter,
  type ConversationParameters,
  type ConversationReference,
} from 'botbuilder';

type TurnLogic = (context: TurnContext) => Promise<void>;

/** Why a send to the Bot Framework connector failed, and what to do about it. */
export type SendFailure =
  /** Throttled (429), a server error (5xx) or no answer: try again later. */
  | { readonly kind: 'retry'; readonly status?: number; readonly retryAfterMs?: number; readonly message: string }
  /** 403/404: the bot was removed from the conversation or the user left. */
  | { readonly kind: 'gone'; readonly status: number; readonly message: string }
  /** Anything else (400, ...): retrying would not help. */
  | { readonly kind: 'failed'; readonly status?: number; readonly message: string };

/** Thrown by {@link ProactiveMessenger} with the failure classified. */
export class SendError extends Error {
  constructor(readonly failure: SendFailure) {
    super(failure.message);
    this.name = 'SendError';
  }
}

/** What the connector needs to open a personal chat with someone the bot has not talked to. */
export interface NewPersonalChat {
  readonly serviceUrl: string;
  readonly tenantId: string;
  /** Entra object id of the person; Teams accepts it as member id in personal scope. */
  readonly userAadObjectId: string;
  /** The bot's account as Teams knows it (from any stored reference). */
  readonly bot?: ChannelAccount;
}

/** Which of the bot's identities (one per member tenant) writes to the people of a tenant. */
export interface BotSenders {
  /** The app id for `tenantId`; `''` where the connector needs no token (local), undefined when no identity serves the tenant. */
  appIdFor(tenantId: string | undefined): string | undefined;
}

/** Locally, without Bot Framework credentials: the connector needs no token. */
export const LOCAL_BOT_SENDERS: BotSenders = { appIdFor: () => '' };

/**
 * Sends, updates and starts conversations outside a turn (proactive messages), through the
 * same CloudAdapter that handles incoming activities, each as the bot of the conversation's
 * tenant. Messages are always sent as new messages to the conversation, never as replies, so in
 * a channel each card starts its own thread.
 */
export class ProactiveMessenger {
  constructor(
    private readonly adapter: CloudAdapter,
    private readonly senders: BotSenders,
  ) {}

  /** Sends an activity into a stored conversation; resolves with the new message's id. */
  async send(reference: Partial<ConversationReference>, activity: Partial<Activity>): Promise<string> {
    const appId = this.appIdFor(tenantOf(reference));
    let id = '';
    await this.run((capture) =>
      this.adapter.continueConversationAsync(
        appId,
        reference,
        capture(async (context) => {
          id = await sendAsNewMessage(context, activity);
        }),
      ),
    );
    return id;
  }

  /** Replaces a message the bot sent earlier (card updates). */
  async update(reference: Partial<ConversationReference>, activityId: string, activity: Partial<Activity>): Promise<void> {
    const appId = this.appIdFor(tenantOf(reference));
    await this.run((capture) =>
      this.adapter.continueConversationAsync(
        appId,
        reference,
        capture(async (context) => {
          await context.updateActivity({ type: 'message', ...activity, id: activityId });
        }),
      ),
    );
  }

  /** Opens (or finds) the bot's personal chat with a person and sends the activity there. */
  async sendToNewPersonalChat(chat: NewPersonalChat, activity: Partial<Activity>): Promise<{ conversationId: string; activityId: string }> {
    const appId = this.appIdFor(chat.tenantId);
    // The chat is opened by the tenant's own bot, whichever bot's reference the account came from.
    const bot = appId && chat.bot?.id !== `28:${appId}` ? { id: `28:${appId}`, name: chat.bot?.name ?? '' } : chat.bot;
    const parameters: ConversationParameters = {
      isGroup: false,
      ...(bot ? { bot } : {}),
      members: [{ id: chat.userAadObjectId, name: '' }],
      tenantId: chat.tenantId,
      channelData: { tenant: { id: chat.tenantId } },
    } as ConversationParameters;
    let result = { conversationId: '', activityId: '' };
    await this.run((capture) =>
      this.adapter.createConversationAsync(
        appId,
        'msteams',
        chat.serviceUrl,
        // Undefined lets the connector factory use the audience it was configured for (public or government cloud).
        undefined as unknown as string,
        parameters,
        capture(async (context) => {
          const activityId = await sendAsNewMessage(context, activity);
          result = { conversationId: context.activity.conversation.id, activityId };
        }),
      ),
    );
    return result;
  }

  /** The identity that writes to the tenant; a tenant no identity serves cannot be written to (retrying would not help). */
  private appIdFor(tenantId: string | undefined): string {
    const appId = this.senders.appIdFor(tenantId);
    if (appId === undefined)
      throw new SendError({ kind: 'failed', message: `No bot identity is configured for tenant ${tenantId ?? '(none)'} (BOT_APPS)` });
    return appId;
  }

  /**
   * Runs a proactive turn and throws a classified {@link SendError} if the connector refused. The
   * adapter hands errors thrown inside a turn to its onTurnError (which only logs), so the turn's
   * own error is captured inside the logic and rethrown here.
   */
  private async run(call: (capture: (logic: TurnLogic) => TurnLogic) => Promise<void>): Promise<void> {
    let failure: { error: unknown } | undefined;
    const capture =
      (logic: TurnLogic): TurnLogic =>
      async (context) => {
        try {
          await logic(context);
        } catch (error) {
          failure = { error };
        }
      };
    try {
      await call(capture);
    } catch (error) {
      failure ??= { error };
    }
    if (failure) throw new SendError(classifyFailure(failure.error));
  }
}

/** The tenant of a stored conversation, as Teams tells it in the conversation account. */
function tenantOf(reference: Partial<ConversationReference>): string | undefined {
  const tenantId = (reference.conversation as { tenantId?: unknown } | undefined)?.tenantId;
  return typeof tenantId === 'string' && tenantId !== '' ? tenantId : undefined;
}

async function sendAsNewMessage(context: TurnContext, activity: Partial<Activity>): Promise<string> {
  // A proactive turn carries a made-up activity id; replying to it would make Teams look for a
  // message that does not exist. Dropping replyToId posts a new message instead.
  context.onSendActivities(async (_ctx, activities, next) => {
    for (const a of activities) delete a.replyToId;
    return next();
  });
  const response = await context.sendActivity(activity);
  return response?.id ?? '';
}

/** Sorts a connector error into retry (429, 5xx, network), gone (403/404) or failed. */
export function classifyFailure(err: unknown): SendFailure {
  const record = typeof err === 'object' && err !== null ? (err as Record<string, unknown>) : {};
  const message = typeof record['message'] === 'string' ? record['message'] : String(err);
  const status = typeof record['statusCode'] === 'number' ? record['statusCode'] : undefined;
  if (status === undefined) return { kind: 'retry', message };
  if (status === 429 || status >= 500) {
    const retryAfterMs = retryAfterOf(record['response']);
    return { kind: 'retry', status, message, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) };
  }
  if (status === 403 || status === 404) return { kind: 'gone', status, message };
  return { kind: 'failed', status, message };
}

/** Retry-After in seconds or as an HTTP date, in milliseconds from now. */
export function retryAfterOf(response: unknown, now = Date.now()): number | undefined {
  const headers = typeof response === 'object' && response !== null ? (response as { headers?: unknown }).headers : undefined;
  const get = typeof headers === 'object' && headers !== null ? (headers as { get?: unknown }).get : undefined;
  if (typeof get !== 'function') return undefined;
  const value: unknown = get.call(headers, 'retry-after');
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** The ConversationReference stored for a turn, without the turn's own activity id. */
export function referenceOf(activity: Partial<Activity>): Partial<ConversationReference> {
  const reference: Partial<ConversationReference> = TurnContext.getConversationReference(activity);
  delete reference.activityId;
  return reference;
}
