import type { Activity, TurnContext } from 'botbuilder';
import type { Person } from '../domain/idea';
import { isId } from '../domain/ids';
import { localeFrom, type Locale } from '../domain/stages';

/** Where an activity was sent: the bot's personal chat, a group chat, or a team's channel. */
export type ConversationKind = 'personal' | 'groupChat' | 'channel';

/** Why an activity speaks for nobody, for the log line. */
export type PersonProblem = 'noObjectId' | 'badObjectId' | 'noTenant' | 'badTenant' | 'tenantMismatch';

/** What an incoming activity says, read once, the same way for every feature. */
export interface Incoming {
  /** The tenant (municipality) of the conversation, when Teams named one consistently. */
  readonly tenantId?: string;
  /**
   * Who sent it: the Entra object id (`from.aadObjectId`, never the channel's `from.id`) in the
   * conversation's tenant. Undefined when the activity does not say both; such an activity is
   * never processed as anyone.
   */
  readonly person?: Person;
  /** Why there is no person, when there is none. */
  readonly personProblem?: PersonProblem;
  /** `sv` unless Teams (or the local `LOCALE_OVERRIDE`) says English. */
  readonly locale: Locale;
  /** The text without the bot's @mention and zero-width characters, trimmed; line breaks kept. */
  readonly text: string;
  readonly conversationKind: ConversationKind;
  /** The conversation id, for a channel without the thread's `;messageid=…`. */
  readonly conversationId?: string;
  /** The Teams channel id of a channel conversation (the channel a thread belongs to). */
  readonly channelId?: string;
  /** Files or pictures attached (Teams' own `text/html` rendering of the message does not count). */
  readonly hasFiles: boolean;
}

const ZERO_WIDTH = /[\u200b-\u200d\u2060\ufeff]/g;

/** Reads an activity. Pure: the activity is not changed (unlike `TurnContext.removeRecipientMention`). */
export function readActivity(activity: Partial<Activity>): Incoming {
  const { tenantId, problem: tenantProblem } = tenantOf(activity);
  const objectId = activity.from?.aadObjectId;
  const personProblem: PersonProblem | undefined =
    objectId === undefined || objectId === '' ? 'noObjectId' : !isId(objectId) ? 'badObjectId' : tenantProblem;
  const kind = conversationKindOf(activity);
  const conversationId = activity.conversation?.id ? baseConversationId(activity.conversation.id) : undefined;
  const channelId = kind === 'channel' ? (channelDataOf(activity).channel?.id ?? conversationId) : undefined;
  return {
    ...(tenantId ? { tenantId } : {}),
    ...(personProblem === undefined && objectId && tenantId
      ? { person: { id: objectId, tenantId, name: activity.from?.name ?? '' } }
      : { personProblem: personProblem ?? 'noTenant' }),
    locale: localeOf(activity),
    text: textOf(activity),
    conversationKind: kind,
    ...(conversationId ? { conversationId } : {}),
    ...(channelId ? { channelId } : {}),
    hasFiles: (activity.attachments ?? []).some((a) => a.contentType !== 'text/html'),
  };
}

const INCOMING = Symbol('incoming activity');

/** The reading of the turn's activity, made once per turn and shared by every handler. */
export function incoming(context: TurnContext): Incoming {
  const cached = context.turnState.get<Incoming | undefined>(INCOMING);
  if (cached) return cached;
  const read = readActivity(context.activity);
  context.turnState.set(INCOMING, read);
  return read;
}

/**
 * Treats the activity as if Teams had reported `locale` (local testing only: Agents Playground
 * always says `en-US`). Applied before anything reads the activity, so stored conversation
 * references and the giver's language follow it too.
 */
export function applyLocaleOverride(activity: Partial<Activity>, locale: string): void {
  activity.locale = locale;
  for (const entity of activity.entities ?? []) if (entity.type === 'clientInfo') entity['locale'] = locale;
}

/**
 * The tenant as Teams sends it, in `channelData.tenant.id` and `conversation.tenantId`: where both
 * are present they must agree, and it must be an id.
 */
function tenantOf(activity: Partial<Activity>): { tenantId?: string; problem?: PersonProblem } {
  const fromChannelData = channelDataOf(activity).tenant?.id;
  const fromConversation = activity.conversation?.tenantId;
  const candidates = [fromChannelData, fromConversation].filter((v): v is string => typeof v === 'string' && v !== '');
  const [first] = candidates;
  if (first === undefined) return { problem: 'noTenant' };
  if (candidates.some((c) => c !== first)) return { problem: 'tenantMismatch' };
  if (!isId(first)) return { problem: 'badTenant' };
  return { tenantId: first };
}

function localeOf(activity: Partial<Activity>): Locale {
  const clientInfo = activity.entities?.find((e) => e.type === 'clientInfo')?.['locale'];
  return localeFrom(activity.locale ?? (typeof clientInfo === 'string' ? clientInfo : undefined));
}

function conversationKindOf(activity: Partial<Activity>): ConversationKind {
  const type = activity.conversation?.conversationType;
  return type === 'channel' || type === 'groupChat' ? type : 'personal';
}

/** The text with every @mention of the bot taken out. */
function textOf(activity: Partial<Activity>): string {
  let text = activity.text || saidByButton(activity.value);
  const botId = activity.recipient?.id;
  for (const entity of activity.entities ?? []) {
    if (entity.type !== 'mention') continue;
    const mentioned = (entity['mentioned'] as { id?: unknown } | undefined)?.id;
    const mentionText = entity['text'];
    if (botId && mentioned === botId && typeof mentionText === 'string' && mentionText) text = text.split(mentionText).join('');
  }
  return text.replace(ZERO_WIDTH, '').trim();
}

/**
 * The words a card button says for the person (`{ verb: 'chat.say', say: 'ny idé' }`): the welcome
 * and confirmation cards start a command this way rather than with Teams' `imBack`, which some
 * clients (Agents Playground) cannot send. Taken as if typed, so it goes the same way as the words.
 */
function saidByButton(value: unknown): string {
  if (typeof value !== 'object' || value === null) return '';
  const { verb, say } = value as { verb?: unknown; say?: unknown };
  return verb === SAY_VERB && typeof say === 'string' && say.length <= 60 ? say : '';
}

/** The verb of a card button that says words for the person; see {@link saidByButton}. */
export const SAY_VERB = 'chat.say';

function channelDataOf(activity: Partial<Activity>): { tenant?: { id?: string }; channel?: { id?: string } } {
  const data: unknown = activity.channelData;
  return typeof data === 'object' && data !== null ? (data as { tenant?: { id?: string }; channel?: { id?: string } }) : {};
}

/**
 * A Teams channel conversation id without the `;messageid=…` of a thread: the bot posts to the
 * channel, Teams reports actions from the thread.
 */
export function baseConversationId(conversationId: string): string {
  return conversationId.split(';')[0] ?? conversationId;
}

/** Collapses white space (line breaks too): how single-line words such as "hjälp" are compared. */
export function singleLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
