import type { Idea, Person } from '../idea';
import type { OutboxRepository } from '../outbox';
import { ConflictError, type Clock, type IdeaRepository, type Versioned } from '../ports';
import {
  checkCommentText,
  commentIdFor,
  HIDE_REASON_MAX_CHARS,
  mayRead,
  withinEditWindow,
  type CommentKind,
  type CommentTextProblem,
  type IdeaComment,
} from './comment';
import { commentNoticeJob } from './comment-notices';
import { retryAfterMs, type CommentRateRepository } from './comment-rate';

/** Comments and notes in storage; the Cosmos implementation keeps them in the `participation` container. */
export interface CommentRepository {
  /** Stores a new comment; when its (derived) id is taken, changes nothing and returns the stored one. */
  create(comment: IdeaComment): Promise<{ readonly created: boolean; readonly comment: Versioned<IdeaComment> }>;
  get(sluiceId: string, commentId: string): Promise<Versioned<IdeaComment> | undefined>;
  /** Replaces it only if unchanged since `etag`; else throws {@link ConflictError}. */
  replace(comment: IdeaComment, etag: string): Promise<Versioned<IdeaComment>>;
  /** The idea's comments of these kinds, deleted ones too, oldest first. */
  listForIdea(sluiceId: string, ideaId: string, kinds: readonly CommentKind[]): Promise<IdeaComment[]>;
}

/** Who is asking: signed in, in which sluice, and whether they coach it (coach or admin). */
export interface CommentViewer {
  readonly person: Person;
  readonly sluiceId: string;
  readonly isCoach: boolean;
}

export type CommentError =
  | { readonly error: 'notFound' }
  | { readonly error: 'forbidden'; readonly why: 'notesAreForCoaches' | 'notAuthor' | 'onlyCoachesHide' }
  | ({ readonly error: 'invalidText'; readonly field: 'text' | 'reason' } & CommentTextProblem)
  | { readonly error: 'tooMany'; readonly retryAfterMs: number }
  | { readonly error: 'editWindowClosed' }
  | { readonly error: 'hidden' }
  | { readonly error: 'notAComment' };

export type CommentResult<T> = ({ readonly ok: true } & T) | ({ readonly ok: false } & CommentError);

export interface CommentServiceDependencies {
  readonly comments: CommentRepository;
  /** The rate limit's counter: a slot is taken atomically, so racing requests never let more through. */
  readonly rate: CommentRateRepository;
  readonly ideas: IdeaRepository;
  readonly outbox: OutboxRepository;
  readonly clock: Clock;
  readonly logger: { warn(obj: object, msg?: string): void };
  /** Called when a notification job was stored (wakes the outbox worker). */
  readonly enqueued?: () => void;
}

/** Times a change re-reads the comment when another change got there first. */
const ATTEMPTS = 4;

/**
 * Comments on ideas and coaches' internal notes: who may write, read, edit, delete and hide them,
 * decided from the signed-in person and the sluice, never from what a card or request says. The
 * tab API and the cards' "Kommentera" both come here.
 */
export class CommentService {
  constructor(private readonly deps: CommentServiceDependencies) {}

  /**
   * Adds a comment (or, for coaches, a note). `key` is the writer's idempotency key: the same key
   * again returns the comment the first call stored (`created: false`) and changes nothing.
   */
  async add(
    viewer: CommentViewer,
    ideaId: string,
    input: { readonly text: string; readonly kind: CommentKind; readonly key: string },
  ): Promise<CommentResult<{ comment: IdeaComment; created: boolean; idea: Idea }>> {
    const idea = await this.deps.ideas.get(viewer.sluiceId, ideaId);
    if (!idea) return { ok: false, error: 'notFound' };
    if (!mayRead(input.kind, viewer.isCoach)) return { ok: false, error: 'forbidden', why: 'notesAreForCoaches' };
    const checked = checkCommentText(input.text);
    if (!checked.ok) return { ...checked, error: 'invalidText', field: 'text' };
    const id = commentIdFor(viewer.sluiceId, ideaId, viewer.person.id, input.key);
    const existing = await this.deps.comments.get(viewer.sluiceId, id);
    // A late retry of a comment its author deleted since: it stays deleted.
    if (existing?.value.deletedAt) return { ok: false, error: 'notFound' };
    if (existing) {
      // A repeat: make sure its notice is queued (the first call may have died before), then answer as before.
      await this.queueNotice(existing.value, idea.value);
      return { ok: true, comment: existing.value, created: false, idea: idea.value };
    }
    const now = this.deps.clock.now();
    // One slot of the person's rate, taken with one conditional write before the comment is stored.
    const slot = await this.deps.rate.take(viewer.sluiceId, viewer.person, now.getTime());
    if (!slot.ok) return { ok: false, error: 'tooMany', retryAfterMs: retryAfterMs(slot.window, now.getTime()) };
    const comment: IdeaComment = {
      id,
      sluiceId: viewer.sluiceId,
      ideaId,
      kind: input.kind,
      author: { id: viewer.person.id, tenantId: viewer.person.tenantId, name: viewer.person.name },
      text: checked.text,
      at: now.toISOString(),
      atMs: now.getTime(),
    };
    const stored = await this.deps.comments.create(comment);
    await this.queueNotice(stored.comment.value, idea.value);
    return { ok: true, comment: stored.comment.value, created: stored.created, idea: idea.value };
  }

  /** The idea's comments the viewer may read (notes only for coaches), oldest first; deleted ones are left out. */
  async list(viewer: CommentViewer, ideaId: string): Promise<CommentResult<{ comments: IdeaComment[] }>> {
    const idea = await this.deps.ideas.get(viewer.sluiceId, ideaId);
    if (!idea) return { ok: false, error: 'notFound' };
    const kinds: CommentKind[] = viewer.isCoach ? ['comment', 'note'] : ['comment'];
    const all = await this.deps.comments.listForIdea(viewer.sluiceId, ideaId, kinds);
    return { ok: true, comments: all.filter((c) => !c.deletedAt && mayRead(c.kind, viewer.isCoach)) };
  }

  /** Everything the idea's record holds of its comments and notes: hidden ones too (marked), deleted ones not. */
  async forRecord(sluiceId: string, ideaId: string): Promise<IdeaComment[]> {
    const all = await this.deps.comments.listForIdea(sluiceId, ideaId, ['comment', 'note']);
    return all.filter((c) => !c.deletedAt);
  }

  /** The author changes their own comment's text, within 15 minutes of writing it. */
  edit(viewer: CommentViewer, ideaId: string, commentId: string, text: string): Promise<CommentResult<{ comment: IdeaComment }>> {
    const checked = checkCommentText(text);
    if (!checked.ok) return Promise.resolve({ ...checked, ok: false, error: 'invalidText', field: 'text' });
    return this.change(viewer, ideaId, commentId, (c, now) => {
      const refused = this.authorMayChange(viewer, c, now);
      if (refused) return refused;
      if (c.text === checked.text) return { unchanged: true };
      return { next: { ...c, text: checked.text, editedAt: now.toISOString() } };
    });
  }

  /** The author deletes their own comment, within 15 minutes of writing it: its text is removed. Deleting again changes nothing. */
  remove(viewer: CommentViewer, ideaId: string, commentId: string): Promise<CommentResult<{ comment: IdeaComment }>> {
    return this.change(viewer, ideaId, commentId, (c, now) => {
      if (c.author.id !== viewer.person.id) return { error: 'forbidden', why: 'notAuthor' };
      if (c.deletedAt) return { unchanged: true };
      const refused = this.authorMayChange(viewer, c, now);
      if (refused) return refused;
      return { next: { ...c, text: '', deletedAt: now.toISOString() } };
    });
  }

  /** A coach hides a comment with a reason: nobody but coaches reads its text any more, and the record keeps it, marked. */
  hide(viewer: CommentViewer, ideaId: string, commentId: string, reason: string): Promise<CommentResult<{ comment: IdeaComment }>> {
    if (!viewer.isCoach) return Promise.resolve({ ok: false, error: 'forbidden', why: 'onlyCoachesHide' });
    const checked = checkCommentText(reason, HIDE_REASON_MAX_CHARS);
    if (!checked.ok) return Promise.resolve({ ...checked, ok: false, error: 'invalidText', field: 'reason' });
    return this.change(viewer, ideaId, commentId, (c, now) => {
      if (c.kind !== 'comment') return { error: 'notAComment' };
      if (c.hidden) return { unchanged: true };
      return {
        next: { ...c, hidden: { by: { id: viewer.person.id, name: viewer.person.name }, at: now.toISOString(), reason: checked.text } },
      };
    });
  }

  private authorMayChange(viewer: CommentViewer, c: IdeaComment, now: Date): CommentError | undefined {
    if (c.author.id !== viewer.person.id || c.author.tenantId !== viewer.person.tenantId) return { error: 'forbidden', why: 'notAuthor' };
    if (c.deletedAt) return { error: 'notFound' };
    if (c.hidden) return { error: 'hidden' };
    if (!withinEditWindow(c, now)) return { error: 'editWindowClosed' };
    return undefined;
  }

  private async change(
    viewer: CommentViewer,
    ideaId: string,
    commentId: string,
    decide: (c: IdeaComment, now: Date) => CommentError | { unchanged: true } | { next: IdeaComment },
  ): Promise<CommentResult<{ comment: IdeaComment }>> {
    for (let attempt = 0; ; attempt++) {
      const found = await this.deps.comments.get(viewer.sluiceId, commentId);
      // A note is not there for someone who may not read notes; another idea's comment is not this idea's.
      if (!found || found.value.ideaId !== ideaId || !mayRead(found.value.kind, viewer.isCoach)) return { ok: false, error: 'notFound' };
      const decision = decide(found.value, this.deps.clock.now());
      if ('error' in decision) return { ok: false, ...decision };
      if ('unchanged' in decision) return { ok: true, comment: found.value };
      try {
        return { ok: true, comment: (await this.deps.comments.replace(decision.next, found.etag)).value };
      } catch (err) {
        if (!(err instanceof ConflictError) || attempt + 1 >= ATTEMPTS) throw err;
      }
    }
  }

  /** Queues the hour's notice to the giver and coach (one job per idea and hour, so a second comment adds nothing). */
  private async queueNotice(comment: IdeaComment, idea: Idea): Promise<void> {
    if (comment.kind !== 'comment') return;
    try {
      if (await this.deps.outbox.enqueue(commentNoticeJob(idea, comment, this.deps.clock.now()))) this.deps.enqueued?.();
    } catch (err) {
      this.deps.logger.warn({ err, ideaId: idea.id, commentId: comment.id }, 'Could not queue the comment notice');
    }
  }
}
