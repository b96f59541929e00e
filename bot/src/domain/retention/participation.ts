/**
 * What people added around an idea in the `participation` container — comments, coaches' internal
 * notes, supports, offers of help and score sheets — follows the idea under a retention rule: when
 * the idea is removed they are removed with it, and when its personal data is removed theirs is too
 * (the person replaced, the texts kept). Gallring records count them per kind.
 */
export const IDEA_PARTICIPATION_KINDS = ['comment', 'note', 'support', 'helpOffer', 'score'] as const;
export type IdeaParticipationKind = (typeof IDEA_PARTICIPATION_KINDS)[number];

/** How many documents of each kind (a kind with none is left out). */
export type ParticipationCounts = Partial<Record<IdeaParticipationKind, number>>;

/** The participation documents of ideas, as the gallring job removes or strips them. */
export interface IdeaParticipationStore {
  /** How many documents of each kind each idea has (an idea with none is missing), with one query. */
  countFor(sluiceId: string, ideaIds: readonly string[]): Promise<Map<string, ParticipationCounts>>;
  /** Removes every participation document of the idea; what it removed, per kind. */
  removeFor(sluiceId: string, ideaId: string): Promise<ParticipationCounts>;
  /**
   * Replaces every person the idea's participation documents name (author, supporter, helper, coach,
   * who hid a comment) with `replacement` and an empty id, keeping the texts; documents already
   * stripped are left alone. What it changed, per kind.
   */
  stripFor(sluiceId: string, ideaId: string, replacement: { readonly id: ''; readonly name: string }): Promise<ParticipationCounts>;
}

/** Per kind, the larger of the two: what was counted at the claim, or what this run found (more may have been added since). */
export function mostOf(a: ParticipationCounts | undefined, b: ParticipationCounts): ParticipationCounts {
  const out: ParticipationCounts = {};
  for (const kind of IDEA_PARTICIPATION_KINDS) {
    const n = Math.max(a?.[kind] ?? 0, b[kind] ?? 0);
    if (n > 0) out[kind] = n;
  }
  return out;
}

/** The sum per kind over several ideas. */
export function sumOf(counts: readonly (ParticipationCounts | undefined)[]): ParticipationCounts {
  const out: ParticipationCounts = {};
  for (const c of counts)
    for (const kind of IDEA_PARTICIPATION_KINDS) {
      const n = c?.[kind] ?? 0;
      if (n > 0) out[kind] = (out[kind] ?? 0) + n;
    }
  return out;
}
