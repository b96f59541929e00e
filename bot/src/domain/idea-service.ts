import { createHash, randomUUID } from 'node:crypto';
import type { Giver, HistoryEvent, Idea, IdeaOrigin, IdeaSource, IdeaText, LinkKind, Person } from './idea';
import { applyLinkChange, lastLinkEvent, linkEventId, linkTo, mirrorEventId, type LinkChange } from './idea-links';
import { checkIdeaText, type TextProblem } from './idea';
import type { Clock, IdeaRepository, IdeaSummary, SluiceRepository, Versioned } from './ports';
import { AlreadyExistsError, ConflictError } from './ports';
import type { Coach, Sluice } from './sluice';
import { coachForNumber, coachForTenantTurn, isMemberTenant, mayCoach, routesToOwnCoaches, withCoachName } from './sluice';
import { withReminderDue } from './reminders/policy';
import { coverOf, type Cover } from './reminders/absence';
import { markNoConnector, rerouteFromUnreachable, withoutNoReachableCoach, type UnreachableOutcome } from './reminders/unreachable';
import { recordEntry, recordYear, sealHistory } from './record';
import { stockholmDate } from './working-days';
import { noDirectory, type DirectoryPort } from './directory';
import { directoryName } from './directory-names';
import { applyAction, cleanIdeaText, COACH_ACTIONS, type IdeaAction, type TransitionError } from './transitions';

export interface SubmitRequest {
  readonly giver: Giver;
  readonly text: IdeaText;
  readonly source: IdeaSource;
  readonly origin?: IdeaOrigin;
  /** Link back to the Teams message the idea was made from. */
  readonly sourceLink?: string;
  /**
   * A key that is the same for repeated deliveries of one submission (a draft id, an invoke
   * id). A second submit with the same key returns the idea stored by the first.
   */
  readonly idempotencyKey: string;
  /** The open challenge the idea answers (checked by the caller against the giver's sluice). */
  readonly challengeId?: string;
}

export type SubmitResult =
  | { ok: true; idea: Idea; sluice: Sluice; created: boolean }
  | { ok: false; error: 'noSluice' }
  | { ok: false; error: 'invalidInput'; problems: TextProblem[] };

/** Writes tried when the idea keeps changing under an action taken on its latest state. */
const ACT_ATTEMPTS = 5;

export type ActResult =
  /** `repeated`: the request was seen before; nothing was written this time. */
  | { ok: true; idea: Versioned<Idea>; sluice: Sluice; event: Idea['history'][number]; repeated?: true }
  | { ok: false; error: 'notFound' }
  | { ok: false; error: 'stale'; current: Versioned<Idea> }
  | { ok: false; error: 'rejected'; reason: TransitionError; current: Versioned<Idea> };

export type LinkResult =
  /** `repeated`: the link already was as asked; nothing more was written on this idea. */
  | { ok: true; idea: Versioned<Idea>; repeated?: true }
  /** `notLinked`: an unlink of ideas that are not linked. */
  | { ok: false; error: 'notFound' | 'forbidden' | 'self' | 'notLinked' }
  | { ok: false; error: 'stale'; current: Versioned<Idea> };

/** Listens to what happens to ideas (notifications, cards); called after the write succeeded. */
export interface IdeaListener {
  ideaSubmitted?(idea: Idea, sluice: Sluice): Promise<void>;
  ideaChanged?(idea: Idea, sluice: Sluice, event: Idea['history'][number]): Promise<void>;
}

/**
 * The sluice's use cases for ideas: submitting and every later change. The bot, the message
 * extension and the tab API all go through here, so the rules are the same everywhere.
 */
export class IdeaService {
  private readonly listeners: IdeaListener[] = [];

  constructor(
    private readonly ideas: IdeaRepository,
    private readonly sluices: SluiceRepository,
    private readonly clock: Clock,
    /** Names coaches the sluice knows by id only (Graph when configured). */
    private readonly directory: DirectoryPort = noDirectory,
  ) {}

  /** Registers a listener for successful submissions and changes. */
  listen(listener: IdeaListener): void {
    this.listeners.push(listener);
  }

  /** The sluice the tenant (municipality) belongs to, if any. */
  async sluiceFor(tenantId: string): Promise<Versioned<Sluice> | undefined> {
    return this.sluices.findByTenant(tenantId);
  }

  /** The tenant's sluice as read at most a few seconds ago, for the chat's questions (see {@link SluiceRepository.recentByTenant}). */
  async recentSluiceFor(tenantId: string): Promise<Versioned<Sluice> | undefined> {
    return this.sluices.recentByTenant(tenantId);
  }

  /**
   * Stores a new idea in the giver's sluice with the next number and a `submitted` event,
   * and picks its responsible coach round-robin. Safe to repeat with the same idempotency key.
   */
  async submit(request: SubmitRequest): Promise<SubmitResult> {
    const text = cleanIdeaText(request.text);
    const problems = checkIdeaText(text);
    if (problems.length > 0) return { ok: false, error: 'invalidInput', problems };

    const found = await this.sluices.findByTenant(request.giver.tenantId);
    if (!found) return { ok: false, error: 'noSluice' };

    const id = ideaIdFor(found.value.id, request.giver, request.idempotencyKey);
    const existing = await this.ideas.get(found.value.id, id);
    if (existing) return { ok: true, idea: existing.value, sluice: found.value, created: false };

    const { sluice, number, coach } = await this.allocateNumber(found, request.giver.tenantId);
    // A coach the sluice knows by id only is named from the directory, so no card says "Utsedd".
    const coachName = coach && (coach.name?.trim() || (await directoryName(this.directory, sluice, coach.id)));
    const now = this.clock.now();
    const serial = await this.sluices.takeRecordSerial(sluice, recordYear(now));
    const at = now.toISOString();
    const draft: Idea = {
      id,
      sluiceId: sluice.id,
      number,
      record: recordEntry(sluice, request.giver.tenantId, now, serial),
      tenantId: request.giver.tenantId,
      ...text,
      submittedDepartment: text.department,
      giver: request.giver,
      ...(request.origin ? { origin: request.origin } : {}),
      source: request.source,
      ...(request.sourceLink ? { sourceLink: request.sourceLink } : {}),
      ...(request.challengeId ? { challengeId: request.challengeId } : {}),
      stage: 'submitted',
      needsInfo: false,
      // The responsible coach from the start (round-robin), so no new idea waits unowned.
      ...(coach ? { coach: { id: coach.id, name: coachName || '' } } : {}),
      createdAt: at,
      createdAtMs: now.getTime(),
      updatedAt: at,
      stageChangedAt: at,
      // Sealed here (not only when stored), so the caller and the listeners get exactly what is stored.
      history: sealHistory([
        { id: randomUUID(), kind: 'submitted', at, actor: { id: request.giver.id, name: request.giver.name }, to: 'submitted' },
      ]),
      satisfaction: [],
      version: 1,
    };
    // What is stored is what the listeners and the caller get.
    const idea = withReminderDue(draft, sluice);
    try {
      await this.ideas.create(idea);
    } catch (err) {
      if (!(err instanceof AlreadyExistsError)) throw err;
      const winner = await this.ideas.get(sluice.id, id);
      if (!winner) throw err;
      return { ok: true, idea: winner.value, sluice, created: false };
    }
    let told = sluice;
    if (coach && coachName && !coach.name?.trim()) {
      await this.rememberCoachName(found, coach.id, coachName);
      told = withCoachName(sluice, coach.id, coachName) ?? sluice;
    }
    for (const l of this.listeners) await l.ideaSubmitted?.(idea, told);
    return { ok: true, idea, sluice: told, created: true };
  }

  /**
   * The giver's own ideas in the sluice of their tenant, newest first, at most `limit` of them;
   * undefined when the tenant has no sluice. `more` says there are older ones; `covers` who covers
   * the ideas whose coach is away today.
   */
  async listByGiver(
    giver: Pick<Person, 'id' | 'tenantId'>,
    limit = 20,
  ): Promise<{ sluice: Sluice; ideas: readonly IdeaSummary[]; more: boolean; covers: Record<string, Cover> } | undefined> {
    const found = await this.sluices.recentByTenant(giver.tenantId);
    if (!found) return undefined;
    const page = await this.ideas.list(found.value.id, {
      filter: { giverId: giver.id, tenantId: giver.tenantId },
      sort: 'newest',
      pageSize: limit,
    });
    const today = stockholmDate(this.clock.now());
    const covers: Record<string, Cover> = {};
    for (const idea of page.items) {
      const cover = coverOf(found.value, idea, today);
      if (cover) covers[idea.id] = cover;
    }
    return { sluice: found.value, ideas: page.items, more: page.continuation !== undefined, covers };
  }

  /**
   * Remembers a coach's display name on their sluice the first time it is seen (or when it
   * changes), so cards and the tab can name the responsible coach. A concurrent change of the
   * sluice simply wins; the name is learnt on the coach's next turn.
   */
  async learnCoachName(person: Person): Promise<void> {
    // Every message asks; only a coach whose name the sluice lacks (as read lately) costs a fresh read and a write.
    const recent = await this.sluices.recentByTenant(person.tenantId);
    if (!recent || !withCoachName(recent.value, person.id, person.name)) return;
    const found = await this.sluices.findByTenant(person.tenantId);
    if (found) await this.rememberCoachName(found, person.id, person.name);
  }

  /** Writes a coach's name on the sluice; a concurrent change wins (the name is learnt again later). */
  private async rememberCoachName(found: Versioned<Sluice>, coachId: string, name: string): Promise<void> {
    const next = withCoachName(found.value, coachId, name);
    if (!next) return;
    try {
      await this.sluices.replace(next, found.etag);
    } catch (err) {
      if (!(err instanceof ConflictError)) throw err;
    }
  }

  /** Reads one idea of a sluice. */
  async get(sluiceId: string, ideaId: string): Promise<Versioned<Idea> | undefined> {
    return this.ideas.get(sluiceId, ideaId);
  }

  /**
   * Appends an event that is no stage transition (an offer of help) to the idea's history, once: an
   * idea that already has an event with that id is answered as it is. One conditional write,
   * retried when the idea changed meanwhile; the listeners hear of the event once, after the write.
   * Undefined when there is no such idea.
   */
  async appendEvent(sluiceId: string, ideaId: string, event: HistoryEvent): Promise<Versioned<Idea> | undefined> {
    const sluice = await this.sluices.get(sluiceId);
    if (!sluice) return undefined;
    for (let attempt = 0; attempt < ACT_ATTEMPTS; attempt++) {
      const current = await this.ideas.get(sluiceId, ideaId);
      if (!current) return undefined;
      if (current.value.history.some((e) => e.id === event.id)) return current;
      const next: Idea = {
        ...current.value,
        history: [...current.value.history, event],
        updatedAt: this.clock.now().toISOString(),
        version: current.value.version + 1,
      };
      let saved: Versioned<Idea>;
      try {
        saved = await this.ideas.replace(next, current.etag);
      } catch (err) {
        if (err instanceof ConflictError) continue;
        throw err;
      }
      for (const l of this.listeners) await l.ideaChanged?.(saved.value, sluice.value, event);
      return saved;
    }
    throw new ConflictError(`Idea ${ideaId} kept changing while event ${event.id} was written`);
  }

  /**
   * Performs one action as one conditional write. With `expectedEtag` the caller says which
   * state it acted on (a card or the tab): if the idea changed since, nothing is written and
   * the current state comes back as `stale`. Without it, the action is applied to the latest
   * state, retrying on a concurrent write; `stale` then means the idea kept changing.
   *
   * With `requestId` (a card click's activity id) a request seen before changes nothing and
   * answers as the first time did: its event is found in the history. Listeners run once,
   * after the write, outside the retry: a listener's error never causes a second write.
   */
  async act(
    sluiceId: string,
    ideaId: string,
    actor: Person,
    action: IdeaAction,
    expectedEtag?: string,
    requestId?: string,
  ): Promise<ActResult> {
    const sluice = await this.sluices.get(sluiceId);
    if (!sluice) return { ok: false, error: 'notFound' };
    action = await this.withReassignedName(sluice, action);
    let written: { saved: Versioned<Idea>; event: HistoryEvent } | undefined;
    for (let attempt = 0; attempt < ACT_ATTEMPTS && !written; attempt++) {
      const current = await this.ideas.get(sluiceId, ideaId);
      if (!current) return { ok: false, error: 'notFound' };
      const repeated = requestId !== undefined ? current.value.history.find((e) => e.requestId === requestId) : undefined;
      if (repeated) return { ok: true, idea: current, sluice: sluice.value, event: repeated, repeated: true };
      if (expectedEtag !== undefined && current.etag !== expectedEtag) return { ok: false, error: 'stale', current };
      const result = applyAction(sluice.value, current.value, actor, action, this.clock.now());
      if (!result.ok) return { ok: false, error: 'rejected', reason: result.error, current };
      const event: HistoryEvent = requestId !== undefined ? { ...result.event, requestId } : result.event;
      const acted: Idea = requestId !== undefined ? { ...result.idea, history: [...result.idea.history.slice(0, -1), event] } : result.idea;
      // A coach acting on the idea has it in hand: it is no longer waiting for a reachable coach.
      const next = COACH_ACTIONS.includes(action.type) ? withoutNoReachableCoach(acted) : acted;
      try {
        // Every change moves the idea's next reminder time (stage changed, question asked or answered).
        written = { saved: await this.ideas.replace(withReminderDue(next, sluice.value), current.etag), event };
      } catch (err) {
        if (!(err instanceof ConflictError)) throw err;
        if (expectedEtag !== undefined) {
          const latest = await this.ideas.get(sluiceId, ideaId);
          if (!latest) return { ok: false, error: 'notFound' };
          return { ok: false, error: 'stale', current: latest };
        }
      }
    }
    if (!written) {
      const latest = await this.ideas.get(sluiceId, ideaId);
      if (!latest) return { ok: false, error: 'notFound' };
      return { ok: false, error: 'stale', current: latest };
    }
    for (const l of this.listeners) await l.ideaChanged?.(written.saved.value, sluice.value, written.event);
    return { ok: true, idea: written.saved, sluice: sluice.value, event: written.event };
  }

  /**
   * A reassignment to a coach the sluice knows by id only, and the caller could not name, names
   * them from the directory (and remembers the name on the sluice), so the history never shows an id.
   */
  private async withReassignedName(sluice: Versioned<Sluice>, action: IdeaAction): Promise<IdeaAction> {
    if (action.type !== 'reassign' || action.coachName) return action;
    const known = sluice.value.coaches.find((c) => c.id === action.coachId);
    if (!known || known.name?.trim()) return action;
    const name = await directoryName(this.directory, sluice.value, action.coachId);
    if (!name) return action;
    await this.rememberCoachName(sluice, action.coachId, name);
    return { ...action, coachName: name };
  }

  /**
   * A coach links idea `ideaId` to `otherId` of the same sluice (or changes the link's kind): one
   * conditional write on each idea, each with a `linked` event naming the other. Linking again as
   * it is changes nothing (and answers `repeated` whatever `expectedEtag`, so a redelivered request
   * is harmless); it also completes the other idea if a crash came between the two writes.
   */
  async link(sluiceId: string, ideaId: string, otherId: string, actor: Person, kind: LinkKind, expectedEtag?: string): Promise<LinkResult> {
    return this.changeLink(sluiceId, ideaId, otherId, actor, 'linked', kind, expectedEtag);
  }

  /** Removes the link between two ideas from both, with an `unlinked` event on each; safe to repeat like {@link link}. */
  async unlink(sluiceId: string, ideaId: string, otherId: string, actor: Person, expectedEtag?: string): Promise<LinkResult> {
    return this.changeLink(sluiceId, ideaId, otherId, actor, 'unlinked', undefined, expectedEtag);
  }

  private async changeLink(
    sluiceId: string,
    ideaId: string,
    otherId: string,
    actor: Person,
    change: LinkChange,
    kind: LinkKind | undefined,
    expectedEtag: string | undefined,
  ): Promise<LinkResult> {
    const sluice = await this.sluices.get(sluiceId);
    if (!sluice) return { ok: false, error: 'notFound' };
    if (!mayCoach(sluice.value, actor)) return { ok: false, error: 'forbidden' };
    if (ideaId === otherId) return { ok: false, error: 'self' };
    for (let attempt = 0; attempt < ACT_ATTEMPTS; attempt++) {
      const [current, other] = await Promise.all([this.ideas.get(sluiceId, ideaId), this.ideas.get(sluiceId, otherId)]);
      if (!current || !other) return { ok: false, error: 'notFound' };
      const existing = linkTo(current.value, otherId);
      const asAsked = change === 'linked' ? existing?.kind === kind : !existing;
      if (asAsked) {
        const source = lastLinkEvent(current.value, otherId);
        if (!source && change === 'unlinked') return { ok: false, error: 'notLinked' };
        if (source) await this.mirrorLink(sluice.value, current.value, otherId, source);
        return { ok: true, idea: current, repeated: true };
      }
      if (expectedEtag !== undefined && current.etag !== expectedEtag) return { ok: false, error: 'stale', current };
      const linkKind = kind ?? existing!.kind;
      const eventId = linkEventId(current.value, otherId, change, linkKind);
      const { idea, event } = applyLinkChange(current.value, other.value, change, linkKind, actor, eventId, this.clock.now());
      let saved: Versioned<Idea>;
      try {
        saved = await this.ideas.replace(idea, current.etag);
      } catch (err) {
        if (err instanceof ConflictError) continue;
        throw err;
      }
      for (const l of this.listeners) await l.ideaChanged?.(saved.value, sluice.value, event);
      await this.mirrorLink(sluice.value, saved.value, otherId, event);
      return { ok: true, idea: saved };
    }
    const latest = await this.ideas.get(sluiceId, ideaId);
    if (!latest) return { ok: false, error: 'notFound' };
    return { ok: false, error: 'stale', current: latest };
  }

  /** Writes on `otherId` the event that mirrors `source` (a link change on `idea`), unless it is there. */
  private async mirrorLink(sluice: Sluice, idea: Idea, otherId: string, source: HistoryEvent): Promise<void> {
    const eventId = mirrorEventId(source.id, otherId);
    for (let attempt = 0; attempt < ACT_ATTEMPTS; attempt++) {
      const other = await this.ideas.get(sluice.id, otherId);
      if (!other || other.value.history.some((e) => e.id === eventId)) return;
      const change = source.kind === 'unlinked' ? 'unlinked' : 'linked';
      const kind = source.link?.kind ?? 'related';
      // Already as the source says (e.g. the source is itself the mirror of a change made on the other idea).
      const mirrored = linkTo(other.value, idea.id);
      if (change === 'linked' ? mirrored?.kind === kind : !mirrored) return;
      const { idea: next, event } = applyLinkChange(other.value, idea, change, kind, source.actor, eventId, this.clock.now());
      let saved: Versioned<Idea>;
      try {
        saved = await this.ideas.replace(next, other.etag);
      } catch (err) {
        if (err instanceof ConflictError) continue;
        throw err;
      }
      for (const l of this.listeners) await l.ideaChanged?.(saved.value, sluice, event);
      return;
    }
    throw new ConflictError(`Idea ${otherId} kept changing while its link to ${idea.id} was written`);
  }

  /**
   * The bot could not reach `coachId`, the idea's responsible coach, with its task card: the idea
   * goes to the next reachable coach in the round-robin (or is marked as having none), as one
   * conditional write with a `coachUnreachable` event whose id is derived from the idea and the
   * coach, so a redelivered or repeated call writes nothing more. The listeners (the outbox)
   * then queue the new coach's card and the admins' notice once.
   */
  async coachUnreachable(
    sluiceId: string,
    ideaId: string,
    coachId: string,
    reason: 'refused' | 'noConnector' = 'refused',
  ): Promise<UnreachableOutcome> {
    const sluice = await this.sluices.get(sluiceId);
    if (!sluice) return 'notResponsible';
    for (let attempt = 0; attempt < ACT_ATTEMPTS; attempt++) {
      const current = await this.ideas.get(sluiceId, ideaId);
      if (!current) return 'notResponsible';
      const { outcome, idea, event } = (reason === 'refused' ? rerouteFromUnreachable : markNoConnector)(
        current.value,
        sluice.value,
        coachId,
        this.clock.now(),
      );
      if (!idea || !event) return outcome;
      let saved: Versioned<Idea>;
      try {
        saved = await this.ideas.replace(withReminderDue(idea, sluice.value), current.etag);
      } catch (err) {
        if (err instanceof ConflictError) continue;
        throw err;
      }
      for (const l of this.listeners) await l.ideaChanged?.(saved.value, sluice.value, event);
      return outcome;
    }
    throw new ConflictError(`Idea ${ideaId} kept changing while its unreachable coach was recorded`);
  }

  /**
   * The next number from the sluice's counter (one atomic increment, no conflict however many
   * submit at once) and the responsible coach: in a shared sluice the giver's municipality's own
   * coaches take its ideas in turn (a turn counter of its own); a municipality without coaches, or
   * whose coaches are all away, gets the whole sluice's round-robin by number. The sluice document
   * is not written; the returned copy names the coach as `lastAssignedCoachId` for the listeners.
   */
  private async allocateNumber(found: Versioned<Sluice>, tenantId: string): Promise<{ sluice: Sluice; number: number; coach?: Coach }> {
    const number = await this.sluices.takeIdeaNumber(found.value);
    const today = stockholmDate(this.clock.now());
    const coach = routesToOwnCoaches(found.value, tenantId, today)
      ? coachForTenantTurn(found.value, tenantId, await this.sluices.takeCoachTurn(found.value, tenantId), today)
      : coachForNumber(found.value, number, today);
    if (!coach) return { sluice: found.value, number };
    return { sluice: { ...found.value, lastAssignedCoachId: coach.id }, number, coach };
  }
}

/** A stable idea id: the same giver and key in the same sluice always give the same id. */
export function ideaIdFor(sluiceId: string, giver: Person, key: string): string {
  const hash = createHash('sha256').update(`${sluiceId}\n${giver.tenantId}\n${giver.id}\n${key}`).digest('hex');
  return `${hash.slice(0, 8)}-${hash.slice(8, 12)}-${hash.slice(12, 16)}-${hash.slice(16, 20)}-${hash.slice(20, 32)}`;
}

export { isMemberTenant };
