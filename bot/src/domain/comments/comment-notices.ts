import { createHash } from 'node:crypto';
import type { Idea } from '../idea';
import type { NotificationJob, NotificationStep } from '../outbox';
import { pendingJob } from '../notifications';
import type { IdeaComment } from './comment';

/** The giver and the coach hear about new comments at most once per this window and idea. */
export const NOTICE_WINDOW_MS = 60 * 60_000;
/**
 * The notice goes out this long after its hour ends, so a comment written in the hour's last
 * moment on an instance whose clock is a little behind is still in it.
 */
export const NOTICE_GRACE_MS = 60_000;

/** The hour window [fromMs, toMs) a moment falls in. */
export function noticeWindow(atMs: number): { fromMs: number; toMs: number } {
  const fromMs = Math.floor(atMs / NOTICE_WINDOW_MS) * NOTICE_WINDOW_MS;
  return { fromMs, toMs: fromMs + NOTICE_WINDOW_MS };
}

/**
 * The outbox job that tells the idea's giver and coach about the comments of one hour. Its id is
 * derived from the idea and the hour, so every comment of that hour (on any instance, repeated or
 * not) names the same job and only the first stores it: one message per person per hour. It is
 * due when the hour is over; what it lists is read then.
 */
export function commentNoticeJob(idea: Pick<Idea, 'id' | 'sluiceId'>, comment: Pick<IdeaComment, 'atMs'>, now: Date): NotificationJob {
  const { fromMs, toMs } = noticeWindow(comment.atMs);
  const hash = createHash('sha256').update(`${idea.sluiceId}\n${idea.id}\n${fromMs}`).digest('hex').slice(0, 32);
  const steps: NotificationStep[] = [
    { kind: 'commentNotice', to: 'giver', fromMs, toMs },
    { kind: 'commentNotice', to: 'coach', fromMs, toMs },
  ];
  return pendingJob(
    {
      id: `comments-${hash}`,
      ideaId: idea.id,
      sluiceId: idea.sluiceId,
      eventId: `comments:${fromMs}`,
      eventKind: 'comments',
      eventAt: new Date(fromMs).toISOString(),
    },
    steps,
    now,
    toMs + NOTICE_GRACE_MS,
  );
}

/**
 * What one person is told about an hour's comments: the ones others wrote that are still to be
 * seen (not deleted, not hidden), oldest first. Empty means nothing is sent.
 */
export function commentsToTell(
  comments: readonly IdeaComment[],
  recipientId: string,
  window: { fromMs: number; toMs: number },
): IdeaComment[] {
  return comments.filter(
    (c) =>
      c.kind === 'comment' && !c.deletedAt && !c.hidden && c.author.id !== recipientId && c.atMs >= window.fromMs && c.atMs < window.toMs,
  );
}
