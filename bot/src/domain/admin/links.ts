import type { Person } from '../idea';
import type { Clock, SluiceRepository, Versioned } from '../ports';
import { ConflictError } from '../ports';
import type { Sluice, SluiceLink } from '../sluice';
import { isLinked, linkWith } from '../sluice';
import { appendWithRetry } from './admin-service';
import { auditIdFor, type AuditEvent, type AuditLog } from './audit';

/**
 * A link as the admins of one sluice see it. `linked`: both sluices agreed, each sees the other's
 * tested, implemented and closed ideas; `requested`: this sluice asked and waits for the other;
 * `invited`: the other sluice asked and waits for an admin here to accept.
 */
export interface LinkView {
  readonly sluiceId: string;
  /** The other sluice's name and its municipalities' names, so the admin knows whom they link with. */
  readonly name: string;
  readonly municipalities: readonly string[];
  readonly state: SluiceLink['state'];
  readonly since: string;
}

export type LinkResult =
  | { readonly ok: true; readonly links: readonly LinkView[] }
  | {
      readonly ok: false;
      /**
       * `notFound`: the caller's sluice is gone; `unknownSluice`: there is no sluice with that id;
       * `self`: a sluice cannot link with itself; `noRequest`: nothing to accept (the other sluice
       * has not asked, or withdrew); `noLink`: nothing to remove.
       */
      readonly error: 'notFound' | 'unknownSluice' | 'self' | 'noRequest' | 'noLink';
    };

/** Writes tried when a sluice keeps changing under a link step. */
const ATTEMPTS = 5;

/**
 * The agreement between two sluices to learn from each other: an admin of one asks, an admin of
 * the other accepts, either removes it. Each sluice stores its own side of the link; the link
 * holds only while both sides say `linked`, so removing one's own side ends it at once, and a step
 * cut short between the two writes is finished by repeating it. Every step is written to the audit
 * log of both sluices. Who may call these is decided by the caller's role; this service assumes it
 * was checked.
 */
export class SluiceLinkService {
  constructor(
    private readonly sluices: SluiceRepository,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {}

  /** The sluice's links and pending requests, with the other sluice's name. */
  async links(sluiceId: string): Promise<readonly LinkView[] | undefined> {
    const own = await this.sluices.get(sluiceId);
    return own ? this.viewsOf(own.value) : undefined;
  }

  /**
   * Asks the other sluice for a link. When the other sluice has already asked this one, asking
   * back is agreeing: the link is made.
   */
  async request(sluiceId: string, actor: Person, otherId: string): Promise<LinkResult> {
    const found = await this.both(sluiceId, otherId);
    if (!found.ok) return found;
    const { own, other } = found;
    if (linkWith(other.value, sluiceId)?.state === 'requested') return this.accept(sluiceId, actor, otherId);
    if (isLinked(own.value, other.value)) return this.result(sluiceId);
    await this.step(sluiceId, actor, other.value, 'link.requested', 'requested');
    await this.step(otherId, actor, own.value, 'link.requested', 'invited');
    return this.result(sluiceId);
  }

  /** Accepts the other sluice's request; repeating it finishes an accept cut short. */
  async accept(sluiceId: string, actor: Person, otherId: string): Promise<LinkResult> {
    const found = await this.both(sluiceId, otherId);
    if (!found.ok) return found;
    const { own, other } = found;
    const theirs = linkWith(other.value, sluiceId)?.state;
    const ours = linkWith(own.value, otherId)?.state;
    if ((theirs !== 'requested' && theirs !== 'linked') || (ours !== 'invited' && ours !== 'linked'))
      return { ok: false, error: 'noRequest' };
    if (ours !== 'linked') await this.step(sluiceId, actor, other.value, 'link.accepted', 'linked');
    if (theirs !== 'linked') await this.step(otherId, actor, own.value, 'link.accepted', 'linked');
    return this.result(sluiceId);
  }

  /**
   * Ends the link, or withdraws or declines a request: this sluice's side first (the link ends
   * there and then), then the other's.
   */
  async remove(sluiceId: string, actor: Person, otherId: string): Promise<LinkResult> {
    const found = await this.both(sluiceId, otherId);
    if (!found.ok) return found;
    const { own, other } = found;
    const ours = linkWith(own.value, otherId);
    const theirs = linkWith(other.value, sluiceId);
    if (!ours && !theirs) return { ok: false, error: 'noLink' };
    if (ours) await this.step(sluiceId, actor, other.value, 'link.removed', 'none');
    if (theirs) await this.step(otherId, actor, own.value, 'link.removed', 'none');
    return this.result(sluiceId);
  }

  private async both(
    sluiceId: string,
    otherId: string,
  ): Promise<{ ok: true; own: Versioned<Sluice>; other: Versioned<Sluice> } | { ok: false; error: 'notFound' | 'unknownSluice' | 'self' }> {
    if (otherId === sluiceId) return { ok: false, error: 'self' };
    const [own, other] = await Promise.all([this.sluices.get(sluiceId), this.sluices.get(otherId)]);
    if (!own) return { ok: false, error: 'notFound' };
    if (!other) return { ok: false, error: 'unknownSluice' };
    return { ok: true, own, other };
  }

  private async result(sluiceId: string): Promise<LinkResult> {
    const links = await this.links(sluiceId);
    return links ? { ok: true, links } : { ok: false, error: 'notFound' };
  }

  /**
   * Sets `sluiceId`'s side of its link with `other` (`none` removes it) with a conditional write,
   * retried on a concurrent change, then writes the step to that sluice's audit log.
   */
  private async step(
    sluiceId: string,
    actor: Person,
    other: Sluice,
    action: 'link.requested' | 'link.accepted' | 'link.removed',
    state: SluiceLink['state'] | 'none',
  ): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      const current = await this.sluices.get(sluiceId);
      if (!current) return;
      const now = this.clock.now();
      const kept = (current.value.links ?? []).filter((l) => l.sluiceId !== other.id);
      const link: SluiceLink | undefined =
        state === 'none' ? undefined : { sluiceId: other.id, state, since: now.toISOString(), by: { id: actor.id, name: actor.name } };
      try {
        await this.sluices.replace({ ...current.value, links: link ? [...kept, link] : kept }, current.etag);
      } catch (err) {
        if (err instanceof ConflictError && attempt < ATTEMPTS) continue;
        throw err;
      }
      const event: AuditEvent = {
        // Keyed on the version the step was made against: a retried append is one entry.
        id: auditIdFor(sluiceId, current.etag),
        sluiceId,
        at: now.toISOString(),
        atMs: now.getTime(),
        actor: { id: actor.id, tenantId: actor.tenantId, name: actor.name },
        action,
        link: { sluiceId: other.id, sluiceName: other.name, state },
      };
      await appendWithRetry(this.audit, event);
      return;
    }
  }

  private async viewsOf(sluice: Sluice): Promise<LinkView[]> {
    const views = await Promise.all(
      (sluice.links ?? []).map(async (ours): Promise<LinkView | undefined> => {
        const other = (await this.sluices.get(ours.sluiceId))?.value;
        const state = other && effectiveState(ours, linkWith(other, sluice.id));
        if (!other || !state) return undefined;
        return {
          sluiceId: other.id,
          name: other.name,
          municipalities: other.tenantIds.map((t) => other.municipalities[t] ?? t),
          state,
          since: ours.since,
        };
      }),
    );
    return views.filter((v): v is LinkView => v !== undefined).sort((a, b) => a.name.localeCompare(b.name, 'sv'));
  }
}

/**
 * What a link is, seen from one side, given both sides: `linked` only when both agreed;
 * `requested` while this side's request waits; `invited` while the other's request waits for an
 * accept here (also when an accept was cut short after this side's write). A side whose
 * counterpart is gone (removed or withdrawn there) is nothing.
 */
export function effectiveState(ours: SluiceLink, theirs: SluiceLink | undefined): SluiceLink['state'] | undefined {
  if (ours.state === 'linked' && theirs?.state === 'linked') return 'linked';
  if (ours.state === 'requested' && theirs) return 'requested';
  if (theirs?.state === 'requested') return 'invited';
  return undefined;
}
