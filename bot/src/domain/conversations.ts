/**
 * How the bot can reach a person or channel later (proactive messages). The shape is Bot
 * Framework's ConversationReference, kept opaque to the domain.
 */
export interface StoredReference {
  /** `user:<tenant>:<oid>`, `channel:<conversation id>` or `connector:<tenant>`. */
  readonly key: string;
  readonly reference: Readonly<Record<string, unknown>>;
  readonly serviceUrl: string;
  readonly updatedAt: string;
  /** Set when the channel answered 403/404: the bot was removed or the user left. */
  readonly staleSince?: string;
}

export interface ConversationReferenceRepository {
  get(key: string): Promise<StoredReference | undefined>;
  /**
   * The reference as this instance read or stored it at most a minute ago (else read now): for
   * what a card shows of a person (name, Teams user id), never for where a message is sent.
   */
  recentGet(key: string): Promise<StoredReference | undefined>;
  /** Stores or refreshes a reference; cheap to call on every turn (writes only on change). */
  save(reference: StoredReference): Promise<void>;
  markStale(key: string, at: string): Promise<void>;
  /**
   * Any usable reference the bot stored in the tenant (a person's chat or a channel): tells
   * which connector (service URL) serves the tenant, so a chat can be opened with someone
   * the bot has not met yet. Undefined when the bot has met nobody there.
   */
  findInTenant(tenantId: string): Promise<StoredReference | undefined>;
  /**
   * Claims a one-time event (a welcome) across instances: true for the first caller, false for
   * any other within `withinMs` of the first claim. Teams and Playground may deliver the same
   * install more than once, at the same time.
   */
  claimOnce(key: string, now: Date, withinMs: number): Promise<boolean>;
}

export function userKey(tenantId: string, userId: string): string {
  return `user:${tenantId}:${userId}`;
}

/**
 * The connector (service URL and bot account) a tenant was last heard through, kept for turns
 * that leave no chat reference of their own (a message action in a group chat), so a personal
 * chat can later be opened from the outbox.
 */
export function connectorKey(tenantId: string): string {
  return `connector:${tenantId}`;
}

export function channelKey(conversationId: string): string {
  return `channel:${conversationId}`;
}
