import { userKey, type ConversationReferenceRepository, type StoredReference } from '../../domain/conversations';
import type { Idea } from '../../domain/idea';
import { isCoach, type Sluice } from '../../domain/sluice';
import { coachName, type CoachInfo } from './describe';

/** A coach or admin of a sluice, as cards need them. */
export interface SluiceCoach extends CoachInfo {
  /** Coaches can be given ideas; admins may act on cards but are not in the reassign list. */
  readonly role: 'coach' | 'admin';
}

/**
 * Finds what the bot knows about a sluice's coaches from the conversation references it stored
 * when it met them: their Teams user id (for card refresh) and display name. Reads only, each
 * reference as this instance read it at most a minute ago: a card shows the name a coach had
 * then, and every card and refresh no longer reads every coach.
 */
export class CoachDirectory {
  constructor(private readonly conversations: ConversationReferenceRepository) {}

  /** The stored personal-chat reference of a person in any member tenant of the sluice (a minute old at most); fresh ones first. */
  private async referenceOf(sluice: Pick<Sluice, 'tenantIds'>, personId: string): Promise<StoredReference | undefined> {
    const found = await Promise.all(sluice.tenantIds.map((tenantId) => this.conversations.recentGet(userKey(tenantId, personId))));
    const known = found.filter((r): r is StoredReference => r !== undefined);
    return known.find((r) => !r.staleSince) ?? known[0];
  }

  /** Every coach and admin of the sluice, with names and Teams user ids where known. */
  async coachesOf(sluice: Sluice, idea?: Pick<Idea, 'history'>): Promise<SluiceCoach[]> {
    const ids = [...new Set([...sluice.coaches.map((c) => c.id), ...sluice.admins])];
    const references = await Promise.all(ids.map((id) => this.referenceOf(sluice, id)));
    const fromTeams: CoachInfo[] = ids.map((id, i) => {
      const user = references[i]?.reference['user'] as { id?: unknown; name?: unknown } | undefined;
      return {
        id,
        name: typeof user?.name === 'string' ? user.name : '',
        ...(typeof user?.id === 'string' ? { userId: user.id } : {}),
      };
    });
    const known = fromTeams.filter((c) => c.name !== '');
    return fromTeams.map((c) => ({
      ...c,
      name: coachName(c.id, sluice, known, idea),
      role: isCoach(sluice, c.id) ? 'coach' : 'admin',
    }));
  }
}
