import {
  ActivityEventNames,
  ActivityTypes,
  CloudAdapterBase,
  TurnContext,
  type Activity,
  type ConfigurationBotFrameworkAuthentication,
  type ConversationReference,
  type Middleware,
  type ResourceResponse,
} from 'botbuilder';
import { toCompatResponse, type RequestPolicy, type WebResourceLike } from '@azure/core-http-compat';
import { createDefaultHttpClient, createHttpHeaders, createPipelineRequest, type PipelineRequestOptions } from '@azure/core-rest-pipeline';
import type { ConnectorClient } from 'botframework-connector';
import type { LateReplies } from '../domain/notifications';
import type { Logger } from '../logger';
import { classifyFailure, retryAfterOf } from './coach/proactive-messenger';

/** The connector client's options as `ConfigurationBotFrameworkAuthentication` takes them. */
type ConnectorClientOptions = NonNullable<ConstructorParameters<typeof ConfigurationBotFrameworkAuthentication>[4]>;

/** A turn's send budget, found by the abort signal its connector calls carry. */
interface TurnBudget {
  readonly deadlineMs: number;
  /** Aborts every connector call of the turn still running or waiting to retry. */
  readonly controller: AbortController;
  /** Set when Teams throttled the turn: how long it asked to wait (ms). */
  retryAfterMs?: number;
}
const budgets = new WeakMap<AbortSignal, TurnBudget>();

/** A connector call's options (the library's `RequestOptionsBase`): only the signal matters here. */
type CallOptions = { abortSignal?: unknown };

/** The calls a turn makes through its connector client, each tied to the turn's budget by its signal. */
type Conversations = ConnectorClient['conversations'];

/**
 * The turn's connector client as the turn sees it: its sends, updates and deletes carry the
 * budget's abort signal (the library passes it down to the HTTP client, where {@link budgets}
 * finds the budget). Everything else is the shared client itself.
 */
function budgeted(client: ConnectorClient, signal: AbortSignal): ConnectorClient {
  const conversations = client.conversations;
  const own: Pick<Conversations, 'replyToActivity' | 'sendToConversation' | 'updateActivity' | 'deleteActivity'> = {
    replyToActivity: (conversationId, activityId, activity, options?: CallOptions) =>
      conversations.replyToActivity(conversationId, activityId, activity, { ...options, abortSignal: signal }),
    sendToConversation: (conversationId, activity, options?: CallOptions) =>
      conversations.sendToConversation(conversationId, activity, { ...options, abortSignal: signal }),
    updateActivity: (conversationId, activityId, activity, options?: CallOptions) =>
      conversations.updateActivity(conversationId, activityId, activity, { ...options, abortSignal: signal }),
    deleteActivity: (conversationId, activityId, options?: CallOptions) =>
      conversations.deleteActivity(conversationId, activityId, { ...options, abortSignal: signal }),
  } as Pick<Conversations, 'replyToActivity' | 'sendToConversation' | 'updateActivity' | 'deleteActivity'>;
  // Plain assignments on objects made alike every turn keep one object shape (a descriptor would not).
  const turnConversations = Object.assign(Object.create(conversations) as Conversations, own);
  const view = Object.create(client) as { conversations: Conversations };
  view.conversations = turnConversations;
  return view as ConnectorClient;
}

/**
 * Options for every connector client the adapter makes. Its HTTP client (under the library's
 * own retries, so it sees each try) gives each request `timeoutMs`; inside an incoming turn it
 * also ties the request to the turn's budget, and a 429 whose Retry-After outlasts the budget
 * ends the turn's sending at once instead of waiting it out.
 */
export function connectorClientOptions(timeoutMs: number): ConnectorClientOptions {
  const http = createDefaultHttpClient();
  const httpClient: RequestPolicy = {
    async sendRequest(resource: WebResourceLike) {
      // A turn's call carries its budget's signal, which also stops the library's retry loop (and its Retry-After wait).
      const signal = resource.abortSignal as AbortSignal | undefined;
      const budget = signal && budgets.get(signal);
      const response = await http.sendRequest(
        createPipelineRequest({
          url: resource.url,
          method: resource.method,
          headers: createHttpHeaders(resource.headers.toJson({ preserveCase: true })),
          body: resource.body as PipelineRequestOptions['body'],
          timeout: timeoutMs,
          // As the library's own client: plain http only where the connector is (a local stand-in).
          allowInsecureConnection: resource.url.toLowerCase().startsWith('http:'),
          ...(signal ? { abortSignal: signal } : {}),
          ...(resource.requestId ? { requestId: resource.requestId } : {}),
        }),
      );
      const retryAfterMs = response.status === 429 ? retryAfterOf(response) : undefined;
      if (budget && retryAfterMs !== undefined && Date.now() + retryAfterMs > budget.deadlineMs) {
        budget.retryAfterMs = retryAfterMs;
        budget.controller.abort();
      }
      // Answered as the library's own request: its error handling finds the operation through it.
      return { ...toCompatResponse(response), request: resource };
    },
  };
  return { httpClient } as ConnectorClientOptions;
}

export interface SendBudgetOptions {
  /** How long all the sends of one incoming turn may take together. */
  readonly budgetMs: number;
  /** Stores messages the turn could not send in time, for the outbox to send later. */
  handOff(replies: LateReplies): Promise<void>;
  readonly logger: Logger;
}

/**
 * A turn never waits for a slow Teams: the messages an incoming turn sends must go out within
 * one budget. A message whose send times out, is throttled (429) or fails on Teams' side (5xx),
 * and every message after it in the same turn, is handed to the outbox instead — durable, and
 * sent later with back-off — so the turn ends in time and Teams does not redeliver it. Proactive
 * turns (the outbox's own sends) are left alone: the outbox has its own retries.
 */
export class SendBudget implements Middleware {
  constructor(private readonly options: SendBudgetOptions) {}

  async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
    if (isProactive(context.activity)) return next();
    const controller = new AbortController();
    const budget: TurnBudget = { deadlineMs: Date.now() + this.options.budgetMs, controller };
    budgets.set(controller.signal, budget);
    // No async context: the turn's own view of its connector client carries the budget's signal.
    const clientKey = context.adapter instanceof CloudAdapterBase ? context.adapter.ConnectorClientKey : undefined;
    const client = clientKey && context.turnState.get<ConnectorClient | undefined>(clientKey);
    if (clientKey && client) context.turnState.set(clientKey, budgeted(client, controller.signal));
    const timer = setTimeout(() => controller.abort(), this.options.budgetMs);
    timer.unref();
    let spent = false;
    let handOffs = 0;
    context.onSendActivities(async (ctx, activities, nextSend) => {
      if (!activities.every((a) => a.type === ActivityTypes.Message || a.type === ActivityTypes.Typing)) return nextSend();
      const responses: ResourceResponse[] = [];
      for (const [index, activity] of activities.entries()) {
        if (!spent && !controller.signal.aborted) {
          try {
            const [response] = await ctx.adapter.sendActivities(ctx, [activity]);
            responses.push(response ?? { id: '' });
            ctx.responded = true;
            continue;
          } catch (err) {
            if (!controller.signal.aborted && classifyFailure(err).kind !== 'retry') throw err;
            this.options.logger.warn(
              { err, activityId: ctx.activity.id, conversationId: ctx.activity.conversation?.id },
              'Teams did not take a reply in time; the rest of this turn goes through the outbox',
            );
          }
        }
        spent = true;
        const late = activities.slice(index).filter((a) => a.type === ActivityTypes.Message);
        await this.handOff(ctx, late, handOffs++, budget.retryAfterMs);
        ctx.responded = true;
        for (let i = index; i < activities.length; i++) responses.push({ id: '' });
        break;
      }
      return responses;
    });
    try {
      await next();
    } finally {
      clearTimeout(timer);
    }
  }

  private async handOff(
    context: TurnContext,
    messages: readonly Partial<Activity>[],
    sequence: number,
    retryAfterMs: number | undefined,
  ): Promise<void> {
    if (messages.length === 0) return;
    const reference: Partial<ConversationReference> = TurnContext.getConversationReference(context.activity);
    delete reference.activityId;
    await this.options.handOff({
      activityId: context.activity.id ?? '',
      conversationId: context.activity.conversation?.id ?? '',
      sequence,
      ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
      reference: { ...reference },
      messages: messages.map(ownFields),
    });
  }
}

/** A message without what the conversation reference adds again when it is sent. */
function ownFields(activity: Partial<Activity>): Record<string, unknown> {
  const own = JSON.parse(JSON.stringify(activity)) as Record<string, unknown>;
  for (const field of ['id', 'from', 'recipient', 'conversation', 'serviceUrl', 'channelId', 'replyToId']) delete own[field];
  return own;
}

/** The adapter's own turns for proactive sends (the outbox, opened chats). */
function isProactive(activity: Partial<Activity>): boolean {
  return (
    activity.type === ActivityTypes.Event &&
    (activity.name === ActivityEventNames.ContinueConversation || activity.name === ActivityEventNames.CreateConversation)
  );
}
