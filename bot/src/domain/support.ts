import { createHash } from 'node:crypto';
import { cleanText, type HistoryEvent, type Idea, type Person } from './idea';
import type { IdeaService } from './idea-service';
import { pendingJob } from './notifications';
import type { NotificationJob, NotificationStep, OutboxRepository } from './outbox';
import type { Clock, Versioned } from './ports';

/**
 * Support ("Jag stödjer idén") and offers of help ("Jag kan hjälpa till"): what colleagues add
 * around an idea. Both live in the `participation` container, beside the idea, not in it: a support
 * is not a change of the idea, so it neither moves the idea's etag (a coach's open panel stays
 * current) nor its history. Each document's id is derived from the idea and the person, so one
 * person has at most one support and one offer per idea however often a request is repeated or
 * raced: the second create of the same id loses.
 *
 * The rules, the same from the tab and the cards: anyone of the idea's sluice may support it or
 * offer help, except its own giver (refused: the giver's support would only count themselves), and
 * not once it is closed (Avslutad). An offer of help is also an event in the idea's history
 * (`helpOffered`), so it is in the public record and its notifications go through the outbox.
 */

/** How long the note of an offer of help may be ("Jag jobbar med samma sak på Tekniska"). */
export const HELP_NOTE_MAX = 500;

/** One person's support of one idea. */
export interface Support {
  readonly ideaId: string;
  readonly sluiceId: string;
  readonly person: Person;
  readonly at: string;
  readonly atMs: number;
}

/** One person's offer to help with one idea, with their short note. */
export interface HelpOffer {
  readonly id: string;
  readonly ideaId: string;
  readonly sluiceId: string;
  readonly helper: Person;
  readonly note: string;
  /** The idea's `helpOffered` event for this offer. */
  readonly eventId: string;
  readonly at: string;
  readonly atMs: number;
}

/** Supports and offers of help, per sluice; ids and partitions are the adapter's business. */
export interface SupportRepository {
  /** Stores the support unless the person already supports the idea; true when this call stored it. */
  add(support: Support): Promise<boolean>;
  /** Removes the person's support of the idea; true when there was one. */
  remove(sluiceId: string, ideaId: string, person: Pick<Person, 'id' | 'tenantId'>): Promise<boolean>;
  /** Whether the person supports the idea. */
  has(sluiceId: string, ideaId: string, person: Pick<Person, 'id' | 'tenantId'>): Promise<boolean>;
  /** Everyone who supports the idea, oldest first. */
  supporters(sluiceId: string, ideaId: string): Promise<Support[]>;
  /** How many support each of the ideas (an idea nobody supports is missing). */
  counts(sluiceId: string, ideaIds: readonly string[]): Promise<Map<string, number>>;
  /** Stores the offer unless the helper already offered help with the idea; answers the stored one. */
  addHelp(offer: HelpOffer): Promise<{ readonly created: boolean; readonly offer: HelpOffer }>;
  /** The offers of help for the idea, oldest first. */
  helpFor(sluiceId: string, ideaId: string): Promise<HelpOffer[]>;
}

export type SupportRefusal = 'notFound' | 'ownIdea' | 'closed';

/**
 * Each refusal described once, for every edge: the API answers with its `code` and `message` (409
 * for a conflict, 404 for `notFound`), the cards and the tab with their own sentence of the same
 * name (`card.ownIdea`, …), so a support is refused alike from the card, the tab and the chat.
 */
export const SUPPORT_REFUSALS: Readonly<
  Record<SupportRefusal, { readonly code: string; readonly conflict: boolean; readonly message: string }>
> = {
  notFound: { code: 'NotFound', conflict: false, message: 'There is no such idea in your sluice.' },
  ownIdea: { code: 'OwnIdea', conflict: true, message: 'This is your own idea: its giver cannot support it or offer help with it.' },
  closed: { code: 'Closed', conflict: true, message: 'The idea is closed: it can no longer be supported or offered help.' },
};

export type SupportResult =
  /** `changed`: false when the support already was as asked (a repeated click or request). */
  { readonly ok: true; readonly changed: boolean; readonly count: number } | { readonly ok: false; readonly error: SupportRefusal };

export type HelpResult =
  /** `created`: false when the helper had offered help before; `offer` is the stored one. */
  | { readonly ok: true; readonly created: boolean; readonly offer: HelpOffer }
  | { readonly ok: false; readonly error: SupportRefusal }
  | { readonly ok: false; readonly error: 'invalidNote'; readonly problem: 'empty' | 'tooLong'; readonly limit: number };

/** What a person sees of an idea's support and offers of help. */
export interface SupportSummary {
  readonly count: number;
  /** The viewer supports the idea. */
  readonly mine: boolean;
  /** Why the viewer may not support it (nor offer help), if so. */
  readonly refusal?: Exclude<SupportRefusal, 'notFound'>;
  readonly helpers: readonly HelpOffer[];
}

/** Why `person` may not support `idea` or offer help with it, if so. */
export function refusalFor(idea: Pick<Idea, 'giver' | 'stage'>, person: Pick<Person, 'id' | 'tenantId'>): 'ownIdea' | 'closed' | undefined {
  if (isGiver(idea, person)) return 'ownIdea';
  if (idea.stage === 'closed') return 'closed';
  return undefined;
}

function isGiver(idea: Pick<Idea, 'giver'>, person: Pick<Person, 'id' | 'tenantId'>): boolean {
  return idea.giver.id === person.id && idea.giver.tenantId === person.tenantId;
}

/** The id of a person's document of one kind about one idea: the same for every request of theirs. */
export function participationId(kind: 'support' | 'help', ideaId: string, person: Pick<Person, 'id' | 'tenantId'>): string {
  return `${kind}-${digest(`${kind}\n${ideaId}\n${person.tenantId}\n${person.id}`)}`;
}

/** The id of the `helpOffered` event an offer writes, derived so a retry finds the event it wrote. */
export function helpEventId(offerId: string): string {
  const h = digest(`helpOffered\n${offerId}`);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

function digest(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 32);
}

/**
 * Support and offers of help: the rules above, over the repository and the idea service (which
 * owns the ideas and writes the `helpOffered` event, whose listeners queue the notifications).
 */
export class SupportService {
  constructor(
    private readonly supports: SupportRepository,
    private readonly ideas: Pick<IdeaService, 'get' | 'appendEvent'>,
    private readonly clock: Clock,
    /** Told when a support or withdrawal changed an idea's count, to update its posted cards (domain/support-cards.ts). */
    private readonly countChanged: (sluiceId: string, ideaId: string) => Promise<void> = () => Promise.resolve(),
  ) {}

  /** `person` supports the idea; a second support by the same person changes nothing. */
  async support(sluiceId: string, ideaId: string, person: Person): Promise<SupportResult> {
    const idea = await this.ideas.get(sluiceId, ideaId);
    if (!idea) return { ok: false, error: 'notFound' };
    const refusal = refusalFor(idea.value, person);
    if (refusal) return { ok: false, error: refusal };
    const now = this.clock.now();
    const changed = await this.supports.add({
      ideaId,
      sluiceId,
      person: { id: person.id, tenantId: person.tenantId, name: person.name },
      at: now.toISOString(),
      atMs: now.getTime(),
    });
    // A repeat stored nothing, but may be the retry of a request that died before this step.
    await this.countChanged(sluiceId, ideaId);
    return { ok: true, changed, count: await this.count(sluiceId, ideaId) };
  }

  /** `person` takes their support back; taking back a support that is not there changes nothing. */
  async withdraw(sluiceId: string, ideaId: string, person: Person): Promise<SupportResult> {
    const idea = await this.ideas.get(sluiceId, ideaId);
    if (!idea) return { ok: false, error: 'notFound' };
    const changed = await this.supports.remove(sluiceId, ideaId, person);
    if (changed) await this.countChanged(sluiceId, ideaId);
    return { ok: true, changed, count: await this.count(sluiceId, ideaId) };
  }

  /**
   * `person` offers help with a short note. One offer per person and idea: a repeated request
   * answers the first offer (its note stays). The offer is stored first, then the idea's
   * `helpOffered` event with a derived id, so a retry after a crash between the two writes the
   * event once and the giver and coach are told once.
   */
  async offerHelp(sluiceId: string, ideaId: string, person: Person, rawNote: string): Promise<HelpResult> {
    const note = cleanText(rawNote);
    if (note.length === 0) return { ok: false, error: 'invalidNote', problem: 'empty', limit: 1 };
    if ([...note].length > HELP_NOTE_MAX) return { ok: false, error: 'invalidNote', problem: 'tooLong', limit: HELP_NOTE_MAX };
    const idea = await this.ideas.get(sluiceId, ideaId);
    if (!idea) return { ok: false, error: 'notFound' };
    const id = participationId('help', ideaId, person);
    const existing = (await this.supports.helpFor(sluiceId, ideaId)).find((o) => o.id === id);
    if (!existing) {
      const refusal = refusalFor(idea.value, person);
      if (refusal) return { ok: false, error: refusal };
    }
    const now = this.clock.now();
    const { created, offer } = existing
      ? { created: false, offer: existing }
      : await this.supports.addHelp({
          id,
          ideaId,
          sluiceId,
          helper: { id: person.id, tenantId: person.tenantId, name: person.name },
          note,
          eventId: helpEventId(id),
          at: now.toISOString(),
          atMs: now.getTime(),
        });
    // Stamped now, not at the offer's time: after a crash the recovery sweep looks for recent events.
    const event: HistoryEvent = {
      id: offer.eventId,
      kind: 'helpOffered',
      at: now.toISOString(),
      actor: { id: offer.helper.id, name: offer.helper.name },
      text: offer.note,
    };
    const written = await this.ideas.appendEvent(sluiceId, ideaId, event);
    if (!written) return { ok: false, error: 'notFound' };
    return { ok: true, created, offer };
  }

  /** The idea's support and offers of help as `viewer` sees them. */
  async summary(idea: Versioned<Idea>, viewer: Pick<Person, 'id' | 'tenantId'>): Promise<SupportSummary> {
    const { sluiceId, id } = idea.value;
    const [supporters, helpers] = await Promise.all([this.supports.supporters(sluiceId, id), this.supports.helpFor(sluiceId, id)]);
    const refusal = refusalFor(idea.value, viewer);
    return {
      count: supporters.length,
      mine: supporters.some((s) => s.person.id === viewer.id && s.person.tenantId === viewer.tenantId),
      ...(refusal ? { refusal } : {}),
      helpers,
    };
  }

  /** How many support each idea (missing: none), for the board. */
  async counts(sluiceId: string, ideaIds: readonly string[]): Promise<Map<string, number>> {
    return ideaIds.length === 0 ? new Map() : this.supports.counts(sluiceId, ideaIds);
  }

  /** Everyone who supports the idea now, for the notification when it is tested or implemented. */
  async supporters(sluiceId: string, ideaId: string): Promise<Support[]> {
    return this.supports.supporters(sluiceId, ideaId);
  }

  private async count(sluiceId: string, ideaId: string): Promise<number> {
    return (await this.supports.counts(sluiceId, [ideaId])).get(ideaId) ?? 0;
  }
}

/** A person of a group chat: their name and, when the directory knows it, the address Teams needs. */
export interface ChatMember {
  readonly name: string;
  readonly address?: string;
}

/**
 * The Teams deep link to a new group chat (`/l/chat/0/0?users=…&topicName=…`) with the members whose
 * address is known, and the names of those whose address is not (the person adds them in Teams).
 * No link when no address is known: a chat with nobody in it is no chat.
 */
export function groupChatLink(members: readonly ChatMember[], topic: string): { readonly url?: string; readonly missing: string[] } {
  const addresses = [...new Set(members.flatMap((m) => (m.address ? [m.address] : [])))];
  const missing = members.filter((m) => !m.address).map((m) => m.name);
  if (addresses.length === 0) return { missing };
  const query = `users=${addresses.map(encodeURIComponent).join(',')}&topicName=${encodeURIComponent([...topic].slice(0, 100).join(''))}`;
  return { url: `https://teams.microsoft.com/l/chat/0/0?${query}`, missing };
}

/**
 * The outbox job that tells one supporter about the event of `parent` (an `advanced` to Testas or
 * Införd). Its id comes from the event and the supporter, so queueing it again stores nothing.
 */
export function supporterJob(parent: NotificationJob, supporter: Pick<Support, 'ideaId' | 'person'>, now: Date): NotificationJob {
  const step: NotificationStep = { kind: 'tellSupporter', personId: supporter.person.id, tenantId: supporter.person.tenantId };
  return pendingJob(
    {
      id: `supporter:${parent.eventId}:${participationId('support', supporter.ideaId, supporter.person)}`,
      ideaId: parent.ideaId,
      sluiceId: parent.sluiceId,
      eventId: parent.eventId,
      eventKind: parent.eventKind,
      eventAt: parent.eventAt,
    },
    [step],
    now,
  );
}

/**
 * Carries out a `tellSupporters` step: one job per person who supports the idea now. A repeated
 * step (a crash, a retry) finds the jobs stored and queues nobody twice; each supporter's job is
 * then sent, retried and recovered like every other notification.
 */
export class SupporterNotices {
  constructor(
    private readonly supports: Pick<SupportRepository, 'supporters' | 'has' | 'counts'>,
    private readonly outbox: Pick<OutboxRepository, 'enqueue'>,
    private readonly clock: Clock,
    private readonly queued: () => void = () => undefined,
  ) {}

  /** Queues the supporters' jobs for `parent`; how many were new. */
  async fanOut(parent: NotificationJob): Promise<number> {
    const supporters = await this.supports.supporters(parent.sluiceId, parent.ideaId);
    let stored = 0;
    for (const s of supporters) if (await this.outbox.enqueue(supporterJob(parent, s, this.clock.now()))) stored++;
    if (stored > 0) this.queued();
    return stored;
  }

  /** How many support the idea now (the task card's "Stöd" line). */
  async count(sluiceId: string, ideaId: string): Promise<number> {
    return (await this.supports.counts(sluiceId, [ideaId])).get(ideaId) ?? 0;
  }

  /** Whether the person still supports the idea (one who took the support back is not told). */
  async stillSupports(sluiceId: string, ideaId: string, person: Pick<Person, 'id' | 'tenantId'>): Promise<boolean> {
    return this.supports.has(sluiceId, ideaId, person);
  }
}
