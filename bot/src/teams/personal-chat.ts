import type { Activity, ChannelAccount, ConversationReference } from 'botbuilder';
import { userKey, type ConversationReferenceRepository, type StoredReference } from '../domain/conversations';
import type { PersonReachPort } from '../domain/directory';
import type { Clock } from '../domain/ports';
import { localeFrom, type Locale } from '../domain/stages';
import type { Logger } from '../logger';
import { SendError, type ProactiveMessenger, type SendFailure } from './coach/proactive-messenger';

/** Whom to reach, and what the caller already knows of how. */
export interface PersonAddress {
  /** Entra object id. */
  readonly personId: string;
  /**
   * The tenants the person may have a chat with the bot in (a sluice's member tenants); the
   * first is where a new chat is opened. Usually just the person's own tenant.
   */
  readonly tenantIds: readonly string[];
  /**
   * What the current turn tells about the connector, when the person is the sender of it: its
   * service URL, the bot's and the person's accounts. Without it, any service URL the bot
   * knows for the tenant is used.
   */
  readonly turn?: {
    readonly serviceUrl: string;
    readonly channelId?: string;
    readonly bot?: ChannelAccount;
    readonly user?: ChannelAccount;
    readonly locale?: string;
  };
  /** A service URL to fall back on (the sluice's coach channel). */
  readonly fallbackServiceUrl?: string;
  /** Ties the log lines of this attempt to the turn or job it serves. */
  readonly correlationId: string;
}

/**
 * Whether the person was reached — a state the caller acts on (tell the person how to install the
 * app, retry later, show it to an admin), not only a log line.
 */
export type Reach =
  | {
      readonly status: 'sent';
      readonly conversationId: string;
      readonly activityId: string;
      /** The key of the reference used or stored, for later updates of what was sent. */
      readonly referenceKey: string;
      readonly serviceUrl: string;
      /** True when the chat was opened now (no usable reference was stored). */
      readonly opened: boolean;
      /** True when a stored reference answered 403/404 and was marked stale on the way. */
      readonly markedStale: boolean;
    }
  | {
      /** Nothing to retry: the bot knows no connector for the tenant, or Teams refused the chat (app not installed for the person). */
      readonly status: 'unreachable';
      readonly reason: 'noServiceUrl' | 'refused';
      readonly markedStale: boolean;
      readonly detail: string;
    }
  /** Teams was throttling or failing (429, 5xx, no answer): try again later. */
  | { readonly status: 'retry'; readonly retryAfterMs?: number; readonly markedStale: boolean; readonly detail: string }
  /** Teams refused the message itself (400, …): retrying would not help. */
  | { readonly status: 'failed'; readonly markedStale: boolean; readonly detail: string };

export interface PersonalChatDependencies {
  readonly messenger: ProactiveMessenger;
  readonly conversations: ConversationReferenceRepository;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Installs the app for a person Teams will not open a chat with (Graph); without it such a person stays unreachable. */
  readonly reach?: PersonReachPort;
}

/**
 * The one way to write to a person in their personal chat with the bot: through the stored
 * reference of that chat when it is usable; else by asking the connector to open the chat
 * (which works once the app is installed for the person), with the turn's service URL or any
 * the bot knows for the tenant, and storing the new chat's reference. A reference that answers
 * 403/404 is marked stale. Storage failures are logged with the correlation id and rethrown
 * (before sending) or reported in the log as errors (after sending, when the message is out).
 */
export class PersonalChats {
  constructor(private readonly deps: PersonalChatDependencies) {}

  /**
   * Sends what `render` makes, in the person's language as the stored chat knows it (else the
   * turn's, else Swedish), and says how it went.
   */
  async send(address: PersonAddress, render: (locale: Locale) => Partial<Activity>): Promise<Reach> {
    const { correlationId } = address;
    const stored = await this.storage(correlationId, 'read the personal chat reference', () => this.storedReference(address));
    let markedStale = false;
    if (stored && !stored.staleSince) {
      try {
        const activity = render(localeOfReference(stored, address.turn?.locale));
        const activityId = await this.deps.messenger.send(stored.reference as Partial<ConversationReference>, activity);
        const conversation = stored.reference['conversation'] as { id?: unknown } | undefined;
        return {
          status: 'sent',
          conversationId: typeof conversation?.id === 'string' ? conversation.id : '',
          activityId,
          referenceKey: stored.key,
          serviceUrl: stored.serviceUrl,
          opened: false,
          markedStale: false,
        };
      } catch (err) {
        const failure = failureOf(err);
        if (failure.kind !== 'gone') return notSent(failure, false);
        // The bot was removed from the chat (or the app reinstalled): open a new one below.
        this.deps.logger.warn({ correlationId, key: stored.key, status: failure.status }, 'Stored personal chat is gone; marking it stale');
        await this.storage(correlationId, 'mark the personal chat stale', () =>
          this.deps.conversations.markStale(stored.key, this.deps.clock.now().toISOString()),
        );
        markedStale = true;
      }
    }
    return this.open(address, stored, markedStale, render);
  }

  private async open(
    address: PersonAddress,
    stored: StoredReference | undefined,
    markedStale: boolean,
    render: (locale: Locale) => Partial<Activity>,
  ): Promise<Reach> {
    const { correlationId, personId } = address;
    const tenantId = address.tenantIds[0];
    if (!tenantId) return { status: 'unreachable', reason: 'noServiceUrl', markedStale, detail: 'No tenant to open the chat in' };
    const known = address.turn
      ? { serviceUrl: address.turn.serviceUrl, ...(address.turn.bot ? { bot: address.turn.bot } : {}) }
      : await this.storage(correlationId, 'find a service URL of the tenant', () =>
          this.knownConnector(tenantId, stored, address.fallbackServiceUrl),
        );
    if (!known) {
      this.deps.logger.info({ correlationId, tenantId, personId }, 'No service URL known for the tenant: cannot open a personal chat yet');
      return { status: 'unreachable', reason: 'noServiceUrl', markedStale, detail: 'The bot knows no service URL for the tenant yet' };
    }
    const locale = localeOfReference(stored, address.turn?.locale);
    const openChat = () =>
      this.deps.messenger.sendToNewPersonalChat(
        { serviceUrl: known.serviceUrl, tenantId, userAadObjectId: personId, ...(known.bot ? { bot: known.bot } : {}) },
        render(locale),
      );
    let chat: { conversationId: string; activityId: string };
    try {
      chat = await openChat();
    } catch (err) {
      const failure = failureOf(err);
      if (failure.kind !== 'gone') return notSent(failure, markedStale);
      this.deps.logger.info(
        { correlationId, tenantId, personId, status: failure.status },
        'Teams refused a personal chat (app not installed for the person?)',
      );
      const installed = await this.installFor(tenantId, personId, correlationId);
      if (installed === 'later') return { status: 'retry', markedStale, detail: 'The directory could not install the app now' };
      if (installed === 'cannot')
        return { status: 'unreachable', reason: 'refused', markedStale, detail: `${failure.status} ${failure.message}` };
      try {
        chat = await openChat();
      } catch (again) {
        const second = failureOf(again);
        if (second.kind === 'gone')
          return { status: 'unreachable', reason: 'refused', markedStale, detail: `installed, then ${second.status} ${second.message}` };
        return notSent(second, markedStale);
      }
    }
    const key = userKey(tenantId, personId);
    const reference: Partial<ConversationReference> = {
      channelId: address.turn?.channelId ?? 'msteams',
      serviceUrl: known.serviceUrl,
      ...(known.bot ? { bot: known.bot } : {}),
      user: { ...(address.turn?.user ?? { id: personId, name: '' }), aadObjectId: personId },
      conversation: { id: chat.conversationId, conversationType: 'personal', tenantId, isGroup: false, name: '' },
      ...(address.turn?.locale ? { locale: address.turn.locale } : {}),
    };
    try {
      // Remembered so the next message (a coach's decision, a reminder) uses this chat.
      await this.deps.conversations.save({
        key,
        reference: { ...reference },
        serviceUrl: known.serviceUrl,
        updatedAt: this.deps.clock.now().toISOString(),
      });
    } catch (err) {
      // The message is out; the chat is opened again (Teams returns the same one) next time.
      this.deps.logger.error({ err, correlationId, key }, 'Could not store the new personal chat reference');
    }
    return { status: 'sent', ...chat, referenceKey: key, serviceUrl: known.serviceUrl, opened: true, markedStale };
  }

  /**
   * Installs the app for the person through the directory, so Teams lets the bot open the chat:
   * installed (now or before), or it cannot (no directory, not permitted), or not now (the
   * directory failed for now: the delivery is retried later).
   */
  private async installFor(tenantId: string, personId: string, correlationId: string): Promise<'installed' | 'cannot' | 'later'> {
    const { reach, logger } = this.deps;
    if (!reach) return 'cannot';
    try {
      return (await reach.installAppFor(tenantId, personId)) ? 'installed' : 'cannot';
    } catch (err) {
      logger.warn({ err, correlationId, tenantId, personId }, 'Could not install the app for the person now; trying again later');
      return 'later';
    }
  }

  /** The stored personal chat in any of the tenants; a usable one first. */
  private async storedReference(address: PersonAddress): Promise<StoredReference | undefined> {
    const found = await Promise.all(address.tenantIds.map((tenantId) => this.deps.conversations.get(userKey(tenantId, address.personId))));
    const known = found.filter((r): r is StoredReference => r !== undefined);
    return known.find((r) => !r.staleSince) ?? known[0];
  }

  /** A connector the bot has used in the tenant: the person's old chat, anyone's chat or channel there, or the fallback. */
  private async knownConnector(
    tenantId: string,
    stored: StoredReference | undefined,
    fallback: string | undefined,
  ): Promise<{ serviceUrl: string; bot?: ChannelAccount } | undefined> {
    if (stored) return { serviceUrl: stored.serviceUrl, ...botOf(stored.reference) };
    const inTenant = await this.deps.conversations.findInTenant(tenantId);
    if (inTenant) return { serviceUrl: inTenant.serviceUrl, ...botOf(inTenant.reference) };
    return fallback ? { serviceUrl: fallback } : undefined;
  }

  private async storage<T>(correlationId: string, what: string, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (err) {
      this.deps.logger.error({ err, correlationId }, `Could not ${what}`);
      throw err;
    }
  }
}

function failureOf(err: unknown): SendFailure {
  if (err instanceof SendError) return err.failure;
  throw err;
}

function notSent(failure: SendFailure, markedStale: boolean): Reach {
  if (failure.kind === 'retry') {
    return {
      status: 'retry',
      markedStale,
      detail: failure.message,
      ...(failure.retryAfterMs !== undefined ? { retryAfterMs: failure.retryAfterMs } : {}),
    };
  }
  return { status: 'failed', markedStale, detail: `${failure.status ?? ''} ${failure.message}`.trim() };
}

function botOf(reference: Readonly<Record<string, unknown>>): { bot?: ChannelAccount } {
  const bot = reference['bot'] as ChannelAccount | undefined;
  return bot && typeof bot.id === 'string' ? { bot } : {};
}

/** The language Teams reported in the person's chat, else the turn's, else Swedish. */
export function localeOfReference(stored: StoredReference | undefined, fallback?: string): Locale {
  const locale = stored?.reference['locale'];
  return localeFrom(typeof locale === 'string' ? locale : fallback);
}
