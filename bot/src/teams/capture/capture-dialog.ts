import { randomUUID } from 'node:crypto';
import type { Activity, TurnContext } from 'botbuilder';
import {
  EMPTY_CAPTURE_STATE,
  stepCapture,
  type CaptureFacts,
  type CaptureNeed,
  type CaptureState,
  type CaptureStateRepository,
  type CaptureStep,
  type CaptureTurn,
  type Say,
} from '../../domain/capture-machine';
import type { ConversationReferenceRepository } from '../../domain/conversations';
import type { DirectoryPort } from '../../domain/directory';
import { cleanText } from '../../domain/idea';
import type { IdeaService } from '../../domain/idea-service';
import { SIMILAR_SHOWN } from '../../domain/capture-machine';
import { markLinked, type LinkedIdeas } from '../../domain/linked-ideas';
import type { SimilarIdeas } from '../../domain/similar/similar-ideas';
import { ConflictError, type Clock, type Versioned } from '../../domain/ports';
import { RecentMap } from '../../domain/recent-map';
import type { Logger } from '../../logger';
import { incoming } from '../activity';
import type { ProactiveMessenger } from '../coach/proactive-messenger';
import { isCaptureValue, parseCaptureAction, parseChallengeAnswer } from './capture-actions';
import type { ChallengeService } from '../../domain/challenges';
import { renderSay, type ReplyOptions } from './capture-replies';
import type { IdeaLinks } from '../deep-links';
import { KeyedQueue } from './capture-state';
import { commandOf } from './commands';
import { sendToPersonalChat } from './personal-chat';

export interface CaptureDependencies {
  readonly ideas: IdeaService;
  readonly conversations: ConversationReferenceRepository;
  /** Each giver's capture state (Cosmos), so a draft survives a restart; written conditionally. */
  readonly states: CaptureStateRepository;
  readonly directory: DirectoryPort;
  readonly messenger: ProactiveMessenger;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Whom a person of a tenant in no sluice is told to ask (ONBOARDING_CONTACT). */
  readonly onboardingContact?: string;
  /** The similar-idea index: ideas like the giver's are shown once the idea is written. Without it, none are. */
  readonly similar?: Pick<SimilarIdeas, 'find'>;
  /** The sluices linked with the giver's, whose shared outcomes are suggested too; without it, only the own sluice's. */
  readonly linkedIdeas?: Pick<LinkedIdeas, 'similarScope' | 'similarScopeOf'>;
  /** The sluice's open challenges ("Svara med en idé", "Hör idén till …"); without it none are offered. */
  readonly challenges?: Pick<ChallengeService, 'recentOpen'>;
  /** Makes draft ids (the submission's idempotency key); random unless a test fixes them. */
  readonly newDraftId?: () => string;
  /** Makes the cards' "Öppna i Idéslussen" links and the similar ideas' "Öppna"; without it cards have none. */
  readonly links?: IdeaLinks;
}

type Answer = Extract<CaptureStep, { kind: 'answer' }>;

/** How many givers' states this instance keeps a copy of (the ones that wrote last). */
const RECENT_STATES = 5_000;
/** How long a giver whose copy was stale is read first on every turn (see `shared`). */
const SHARED_GIVER_MS = 10 * 60_000;
/** How often a turn steps again after losing a conditional write to a concurrent turn. */
const MAX_ATTEMPTS = 3;
/** More needs than the machine has kinds of facts would mean a fact that never arrives. */
const MAX_NEEDS = 8;

/**
 * Idea capture in chat — the Teams shell around the domain's capture machine
 * ({@link stepCapture}, where every rule of the conversation lives). Per turn it reads the
 * activity, loads the giver's state, steps the machine (fetching the facts it asks for), saves
 * the new state together with the activity's id in one conditional write, and only then says
 * what the machine said. A redelivered activity is recognised by its id and changes nothing;
 * a restarted server continues exactly where the giver stopped.
 */
export class CaptureDialog {
  private readonly queue = new KeyedQueue();
  /** Each giver's state as this instance last read or wrote it, with its eTag; never trusted without a check. */
  private readonly recent = new RecentMap<string, Versioned<CaptureState>>({ max: RECENT_STATES });
  /**
   * Givers whose copy lost a conditional write lately: their turns reach other instances too (no
   * sticky routing), so a copy would mostly be stale and cost a failed write; they are read first.
   */
  private readonly shared = new RecentMap<string, true>({ max: RECENT_STATES, maxAgeMs: SHARED_GIVER_MS });
  private readonly newDraftId: () => string;
  private readonly replyOptions: ReplyOptions;

  constructor(private readonly deps: CaptureDependencies) {
    this.newDraftId = deps.newDraftId ?? randomUUID;
    this.replyOptions = {
      ...(deps.onboardingContact ? { onboardingContact: deps.onboardingContact } : {}),
      ...(deps.links ? { links: deps.links } : {}),
    };
  }

  /**
   * Handles a message if it belongs to capture and returns true; false leaves it to the
   * bot's general answers (help outside a dialog, the friendly pointer, files, stale cards).
   */
  async handle(context: TurnContext): Promise<boolean> {
    if (context.activity.type !== 'message') return false;
    const turn = this.readTurn(context);
    if (!turn) return false;
    const key = `${context.activity.channelId}/users/${context.activity.from?.id ?? ''}`;
    return this.queue.run(key, () => this.run(context, turn, key));
  }

  private async run(context: TurnContext, turn: CaptureTurn, key: string): Promise<boolean> {
    let facts: CaptureFacts = {};
    // What this instance last read or wrote of the giver's state saves the read: a turn that writes
    // is checked by its conditional write; one that would write nothing, pass, or submit reads first.
    let copy = this.shared.get(key) ? undefined : this.recent.get(key)?.value;
    for (let attempt = 1; ;) {
      const fromCopy = copy !== undefined;
      const stored = copy ?? (await this.deps.states.get(key));
      copy = undefined;
      const state = stored?.value ?? EMPTY_CAPTURE_STATE;
      let step: CaptureStep = stepCapture(state, turn, facts);
      for (let needs = 0; step.kind === 'need' && needs < MAX_NEEDS; needs++) {
        if (fromCopy && step.need.need === 'submission') break;
        facts = { ...facts, ...(await this.fetch(step.need, turn, facts)) };
        step = stepCapture(state, turn, facts);
      }
      if (fromCopy && (step.kind !== 'answer' || !step.changed)) continue;
      if (step.kind === 'need') throw new Error(`Capture still needs ${step.need.need}`);
      if (stored) this.recent.set(key, stored);
      if (step.kind === 'pass') return false;
      let etag = stored?.etag;
      try {
        if (step.changed) {
          etag = await this.deps.states.put(key, step.state, etag);
          this.recent.set(key, { value: step.state, etag });
        }
      } catch (err) {
        this.recent.delete(key);
        if (!(err instanceof ConflictError)) throw err;
        // Another turn of this giver wrote first (another instance, a redelivery): step again on what it wrote.
        if (fromCopy) {
          this.shared.set(key, true);
          continue;
        }
        if (attempt++ < MAX_ATTEMPTS) continue;
        throw err;
      }
      await this.say(context, turn, step.say);
      if (step.personal) await this.deliverPersonally(context, turn, key, step, etag);
      return true;
    }
  }

  /** Fetches what the machine asked for. */
  private async fetch(need: CaptureNeed, turn: CaptureTurn, known: CaptureFacts): Promise<CaptureFacts> {
    const { ideas, directory, logger } = this.deps;
    const { id, tenantId = '' } = turn.giver;
    switch (need.need) {
      case 'sluice':
        return { sluice: (await ideas.recentSluiceFor(tenantId))?.value ?? null };
      case 'mine':
        return { mine: (await ideas.listByGiver({ id, tenantId })) ?? null };
      case 'profile':
        try {
          return { profile: (await directory.profileOf(tenantId, id)) ?? null };
        } catch (err) {
          // The directory is a convenience: without it the giver simply types the department.
          logger.warn({ err }, 'Directory lookup failed; continuing without prefill');
          return { profile: null };
        }
      case 'submission': {
        const result = await ideas.submit(need.request);
        if (result.ok) {
          const { idea, sluice, created } = result;
          logger.info({ ideaId: idea.id, number: idea.number, sluiceId: sluice.id, created }, 'Idea submitted from chat');
        }
        return { submission: { key: need.request.idempotencyKey, result } };
      }
      case 'similar': {
        const { sluiceId, draftId, text } = need;
        try {
          // The giver's own sluice as the turn read it; the linked ones are read now (both sides must agree).
          const own = known.sluice?.id === sluiceId ? known.sluice : undefined;
          const linkedIdeas = this.deps.linkedIdeas;
          const scope = (linkedIdeas && (own ? await linkedIdeas.similarScope(own) : await linkedIdeas.similarScopeOf(sluiceId))) ?? {
            sluiceIds: [sluiceId],
            stagesOf: {},
            linked: new Map(),
          };
          const found = this.deps.similar?.find(scope.sluiceIds, text, SIMILAR_SHOWN, scope.stagesOf) ?? [];
          return { similar: { draftId, text, ideas: markLinked(found, scope) } };
        } catch (err) {
          // Suggestions help; they never stop an idea.
          logger.warn({ err }, 'Could not look up similar ideas; going on without them');
          return { similar: { draftId, text, ideas: [] } };
        }
      }
      case 'similarIdea':
        return { opened: { ideaId: need.ideaId, idea: (await ideas.get(need.sluiceId, need.ideaId))?.value ?? null } };
      case 'challenges':
        try {
          const open = (await this.deps.challenges?.recentOpen(need.sluiceId)) ?? [];
          return { challenges: open.map((c) => ({ id: c.id, title: c.title })) };
        } catch (err) {
          // The question about challenges helps; it never stops an idea.
          logger.warn({ err }, 'Could not read the open challenges; going on without them');
          return { challenges: [] };
        }
    }
  }

  /** Says it in the turn's own conversation, in order; a card that cannot be replaced is only logged. */
  private async say(context: TurnContext, turn: CaptureTurn, says: readonly Say[]): Promise<void> {
    for (const say of says) {
      const rendered = renderSay(say, turn.giver.locale, context.activity.from.id, this.replyOptions);
      if (rendered.kind === 'send') {
        await context.sendActivities(rendered.messages);
        continue;
      }
      try {
        await context.updateActivity(rendered.activity);
      } catch (err) {
        // The giver still gets the answer; an old card with buttons left is answered politely if clicked.
        this.deps.logger.warn({ err, activityId: rendered.activity.id }, 'Could not update the summary card');
      }
    }
  }

  /**
   * From a channel or group chat: says the machine's answer in the giver's personal chat, then
   * where the turn came from that it did (or how to make it possible). When the personal chat
   * cannot be reached, the state goes back to what it was, with the activity still recorded.
   */
  private async deliverPersonally(context: TurnContext, turn: CaptureTurn, key: string, step: Answer, etag?: string): Promise<void> {
    const personal = step.personal;
    if (!personal) return;
    const { messenger, conversations, clock, logger } = this.deps;
    let reached = true;
    for (const say of personal.say) {
      const rendered = renderSay(say, turn.giver.locale, context.activity.from.id, this.replyOptions);
      const messages: Partial<Activity>[] = rendered.kind === 'send' ? rendered.messages : [];
      for (const message of messages) {
        reached = reached && (await sendToPersonalChat(context, message, { messenger, conversations, clock, logger }));
      }
    }
    if (!reached && step.changed) {
      this.recent.delete(key);
      await this.deps.states
        .put(key, personal.stateIfUnreached, etag)
        .catch((err: unknown) => logger.warn({ err }, 'Could not take back the draft the giver could not be told about'));
    }
    await this.say(context, turn, reached ? personal.reached : personal.unreached);
  }

  /** The turn as the machine takes it; undefined when the activity does not say who sent it. */
  private readTurn(context: TurnContext): CaptureTurn | undefined {
    const read = incoming(context);
    if (!read.person) return undefined;
    const activity = context.activity;
    const text = cleanText(read.text);
    const command = text ? commandOf(text) : undefined;
    const value: unknown = activity.value;
    const challengeId = parseChallengeAnswer(value);
    const input: CaptureTurn['input'] = challengeId
      ? { kind: 'challenge', challengeId }
      : isCaptureValue(value)
        ? { kind: 'click', ...clickOf(value), ...(activity.replyToId ? { cardId: activity.replyToId } : {}) }
        : value !== undefined && !text
          ? { kind: 'otherCard' }
          : { kind: 'message', text, ...(command ? { command } : {}), hasFiles: read.hasFiles };
    return {
      ...(activity.id ? { activityId: activity.id } : {}),
      where: read.conversationKind === 'personal' ? 'personal' : 'shared',
      now: this.deps.clock.now(),
      giver: { ...read.person, locale: read.locale },
      input,
      newDraftId: this.newDraftId(),
    };
  }
}

function clickOf(value: unknown): { click?: NonNullable<ReturnType<typeof parseCaptureAction>> } {
  const click = parseCaptureAction(value);
  return click ? { click } : {};
}
