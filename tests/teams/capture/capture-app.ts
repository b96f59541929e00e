/**
 * Drives capture through the whole server: the real app (restify, CloudAdapter, IdeaBot, the
 * embedded Cosmos server with bot state) in-process, Teams activities POSTed to /api/messages,
 * and what the bot sends recorded by a loopback connector. Every card the bot sends or updates
 * is validated with the official Adaptive Cards parser as it is collected.
 */
import { randomUUID } from 'node:crypto';
import type { App } from '../../../bot/src/app';
import type { Idea } from '../../../bot/src/domain/idea';
import type { Clock } from '../../../bot/src/domain/ports';
import { startTestApp, type TestApp, type TestAppOptions } from '../../helpers/app';
import { validateCard } from '../../helpers/cards';
import { message, type ActivityOptions } from '../../../bot/src/local/activities';

export const ADAPTIVE_CARD = 'application/vnd.microsoft.card.adaptive';

/** The app capture tests drive (the one test factory's app). */
export type CaptureApp = TestApp;

/** A clock the test moves by hand. */
export class ManualClock implements Clock {
  constructor(private current = new Date()) {}
  now(): Date {
    return new Date(this.current);
  }
  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}

/**
 * Starts the app through the one test factory with a recording connector (its own, or the one
 * given), and notifications paused so the connector records only capture.
 */
export async function startCaptureApp(options: TestAppOptions & { env?: Record<string, string> } = {}): Promise<CaptureApp> {
  const { env, ...rest } = options;
  return startTestApp({ OUTBOX_POLL_MS: '0', ...env }, { connector: true, ...rest });
}

/** The ideas a person has handed in to the default sluice. */
export async function ideasOf(app: Pick<App, 'storage'>, userId: string): Promise<Idea[]> {
  const found: Idea[] = [];
  for await (const idea of app.storage.ideas.all('default')) if (idea.giver.id === userId) found.push(idea);
  return found;
}

/** One activity the bot sent, read the way a test wants it. */
export interface Sent {
  readonly conversationId: string;
  readonly text: string;
  readonly cards: Record<string, unknown>[];
  /** Titles of the suggested actions (one-click answers). */
  readonly choices: string[];
  readonly id?: string;
}

/** What the bot did in one turn. */
export interface TurnResult {
  readonly status: number;
  readonly sent: Sent[];
  /** Cards the bot replaced (PUT), e.g. the summary after Skicka in. */
  readonly updated: Array<{ activityId: string; cards: Record<string, unknown>[] }>;
  /** Conversations the bot created (proactive 1:1). */
  readonly created: Array<Record<string, unknown>>;
  /** All texts and card JSON of the turn, for `toContain` checks. */
  readonly all: string;
  /** The texts the bot sent in the turn, one per line. */
  readonly text: string;
  /** The cards the bot sent in the turn, in order. */
  readonly cards: Record<string, unknown>[];
  /** The one-click answers offered in the turn. */
  readonly choices: string[];
}

function cardsOf(body: Record<string, unknown>): Record<string, unknown>[] {
  const attachments = (body['attachments'] as Array<{ contentType?: string; content?: Record<string, unknown> }> | undefined) ?? [];
  const cards = attachments.filter((a) => a.contentType === ADAPTIVE_CARD).map((a) => a.content ?? {});
  for (const card of cards) validateCard(card);
  return cards;
}

/** A person talking to the bot in one conversation. */
export class Chat {
  /** `app` is read at each turn, so a chat goes on across a restart; its connector records the turn. */
  constructor(
    private readonly app: () => Pick<TestApp, 'url' | 'connector'>,
    readonly options: Omit<ActivityOptions, 'serviceUrl'> & { user: { id: string; name: string } },
  ) {}

  private get connector() {
    return this.app().connector;
  }

  /** Sends a text message (with optional extras) and returns what the bot did in the turn. */
  say(
    text: string,
    extra: { value?: unknown; attachments?: unknown[]; replyToId?: string; mentionBot?: boolean } = {},
  ): Promise<TurnResult> {
    const activity: Record<string, unknown> = message(text, {
      ...this.options,
      serviceUrl: this.connector.serviceUrl,
      ...(extra.value !== undefined ? { value: extra.value } : {}),
      ...(extra.attachments ? { attachments: extra.attachments } : {}),
    });
    if (extra.replyToId) activity['replyToId'] = extra.replyToId;
    if (extra.mentionBot) {
      activity['text'] = `<at>Idéslussen</at> ${text}`;
      activity['entities'] = [{ type: 'mention', mentioned: { id: '28:bot', name: 'Idéslussen' }, text: '<at>Idéslussen</at>' }];
    }
    return this.send(activity);
  }

  /** Clicks an Action.Submit: Teams sends a message whose value is the button's data (plus inputs). */
  click(value: Record<string, unknown>, replyToId?: string): Promise<TurnResult> {
    return this.say('', { value, ...(replyToId ? { replyToId } : {}) });
  }

  /**
   * Goes past the similar ideas the bot shows once an idea is written, if it showed any (by
   * "Lämna in min ändå"), so a test about other questions reads the next one; else the turn itself.
   */
  async pastSimilar(turn: TurnResult): Promise<TurnResult> {
    const goOn = turn.cards
      .flatMap(findActions)
      .find((a) => (a['data'] as { verb?: unknown } | undefined)?.verb === 'capture.similarContinue');
    return goOn ? this.click(goOn['data'] as Record<string, unknown>) : turn;
  }

  /** Posts any activity and collects the bot's calls to the connector during the turn. */
  async send(activity: Record<string, unknown>): Promise<TurnResult> {
    const mark = this.connector.calls.length;
    const res = await fetch(`${this.app().url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(activity),
    });
    await res.text();
    const calls = this.connector.calls.slice(mark);
    const sent = calls
      .filter((c) => c.method === 'POST' && c.path.includes('/activities') && c.conversationId !== undefined)
      .map((c) => {
        const suggested = (c.body['suggestedActions'] as { actions?: Array<{ title?: string }> } | undefined)?.actions ?? [];
        return {
          conversationId: c.conversationId as string,
          text: typeof c.body['text'] === 'string' ? c.body['text'] : '',
          cards: cardsOf(c.body),
          choices: suggested.map((a) => a.title ?? ''),
        };
      });
    const updated = calls.filter((c) => c.method === 'PUT').map((c) => ({ activityId: c.activityId ?? '', cards: cardsOf(c.body) }));
    const created = calls.filter((c) => c.method === 'POST' && c.path === '/v3/conversations').map((c) => c.body);
    const all = sent.map((s) => `${s.text}\n${JSON.stringify(s.cards)}`).join('\n');
    return {
      status: res.status,
      sent,
      updated,
      created,
      all,
      text: sent
        .map((m) => m.text)
        .filter((t) => t.length > 0)
        .join('\n'),
      cards: sent.flatMap((m) => m.cards),
      choices: sent.flatMap((m) => m.choices),
    };
  }
}

/** A fresh person (own id, so own bot state) in the test tenant. */
export function newUser(name = 'Anna Lindqvist'): { id: string; name: string } {
  return { id: randomUUID(), name };
}

/** The `data` of the card action with this title (searching show-cards too). */
export function actionData(card: Record<string, unknown>, title: string): Record<string, unknown> {
  const found = findActions(card).find((a) => a['title'] === title);
  if (!found) throw new Error(`No action "${title}" in ${JSON.stringify(card)}`);
  return found['data'] as Record<string, unknown>;
}

export function findActions(card: Record<string, unknown>): Array<Record<string, unknown>> {
  const actions = (card['actions'] as Array<Record<string, unknown>> | undefined) ?? [];
  return [
    ...actions.flatMap((a) => [a, ...(a['card'] ? findActions(a['card'] as Record<string, unknown>) : [])]),
    ...bodyActionSets(card['body']),
  ];
}

/** Actions of the ActionSets inside a card's body (e.g. "Öppna #12" under each similar idea). */
function bodyActionSets(node: unknown): Array<Record<string, unknown>> {
  if (Array.isArray(node)) return node.flatMap(bodyActionSets);
  if (!node || typeof node !== 'object') return [];
  const record = node as Record<string, unknown>;
  if (record['type'] === 'ActionSet') return findActions(record);
  return Object.entries(record).flatMap(([key, value]) => (key === 'actions' ? [] : bodyActionSets(value)));
}

/** Every TextBlock text of a card, in order. */
export function textsOf(card: Record<string, unknown>): string[] {
  const out: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      const record = node as Record<string, unknown>;
      if (record['type'] === 'TextBlock' && typeof record['text'] === 'string') out.push(record['text']);
      if (record['type'] === 'FactSet') for (const f of record['facts'] as Array<{ value: string }>) out.push(f.value);
      for (const [key, value] of Object.entries(record)) if (key !== 'text') walk(value);
    }
  };
  walk(card);
  return out;
}
