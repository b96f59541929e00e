import type { Idea } from '../idea';
import type { Stage } from '../stages';
import {
  addToHistogram,
  cellKey,
  emptyCell,
  emptyMonth,
  FUNNEL_STEPS,
  TIMED_STAGES,
  type CloseKind,
  type FunnelStep,
  type ImplementedIdea,
  type MonthAggregate,
  type TimedStage,
} from './aggregate';

/** Whole working days from one instant to a later one (0 within the same day). */
export type WorkingDayCount = (fromIso: string, toIso: string) => number;

/** One thing a history event adds to the statistics. */
export type Fact =
  | { readonly kind: 'funnel'; readonly step: FunnelStep }
  | { readonly kind: 'flow'; readonly stage: Stage; readonly delta: 1 | -1 }
  | { readonly kind: 'stay'; readonly stage: TimedStage; readonly days: number }
  | { readonly kind: 'firstTalk'; readonly days: number }
  | { readonly kind: 'rating'; readonly rating: number; readonly coachId?: string }
  | { readonly kind: 'closed'; readonly how: CloseKind; readonly from: Stage }
  | { readonly kind: 'implemented'; readonly idea: ImplementedIdea };

/** The facts of one history event, with the month and cell they count in. */
export interface EventFacts {
  /** Position of the event in the idea's history. */
  readonly index: number;
  readonly month: string;
  readonly facts: readonly Fact[];
}

const MONTH_FORMAT = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm', year: 'numeric', month: '2-digit' });

/** The calendar month (Europe/Stockholm) of an instant, `YYYY-MM`. */
export function monthOf(iso: string | Date): string {
  const parts = MONTH_FORMAT.formatToParts(typeof iso === 'string' ? new Date(iso) : iso);
  const year = parts.find((p) => p.type === 'year')?.value ?? '0000';
  const month = parts.find((p) => p.type === 'month')?.value ?? '01';
  return `${year}-${month}`;
}

/** Where an idea counts: its municipality, the department recorded when it was handed in, and the challenge it answers. */
export function cellOf(idea: CountedIdea): { tenantId: string; department: string; challengeId?: string } {
  return {
    tenantId: idea.tenantId,
    department: idea.submittedDepartment ?? idea.department,
    ...(idea.challengeId ? { challengeId: idea.challengeId } : {}),
  };
}

/** What of an idea decides where it counts. */
export type CountedIdea = Pick<Idea, 'number' | 'tenantId' | 'department' | 'submittedDepartment' | 'challengeId'>;

const isTimed = (stage: Stage | undefined): stage is TimedStage => (TIMED_STAGES as readonly string[]).includes(stage ?? '');
const isFunnelStep = (stage: Stage): stage is Stage & FunnelStep => (FUNNEL_STEPS as readonly string[]).includes(stage);

/**
 * Everything an idea's history adds to the statistics, event by event. Each fact depends only on
 * the history up to its event (and on what the idea recorded at submission), so counting the
 * events once each — incrementally or all at once from the histories — gives the same figures.
 */
export function ideaFacts(idea: Idea, workingDays: WorkingDayCount): EventFacts[] {
  const reached = new Set<FunnelStep>();
  let stage: Stage | undefined;
  let enteredAt: string | undefined;
  let submittedAt: string | undefined;
  let coachId: string | undefined;
  const { tenantId, department, challengeId } = cellOf(idea);
  const out: EventFacts[] = [];
  /** The idea as one of the implemented ideas, at the event that moved it to Införd, with its effects. */
  const implemented = (event: Idea['history'][number]): Fact => ({
    kind: 'implemented',
    idea: {
      ideaId: idea.id,
      number: idea.number,
      title: idea.title,
      at: event.at,
      tenantId,
      department,
      ...(challengeId ? { challengeId } : {}),
      effects: event.effects ?? [],
    },
  });

  idea.history.forEach((event, index) => {
    const facts: Fact[] = [];
    const first = (step: FunnelStep): boolean => {
      if (reached.has(step)) return false;
      reached.add(step);
      facts.push({ kind: 'funnel', step });
      return true;
    };
    if (event.kind === 'submitted') {
      submittedAt = event.at;
      stage = 'submitted';
      enteredAt = event.at;
      first('submitted');
      facts.push({ kind: 'flow', stage: 'submitted', delta: 1 });
    } else if (event.kind === 'imported' && stage === undefined) {
      // An imported idea is handed in at its createdAt (the file's submittedAt, or the import);
      // it reached the stage it came in at the import, and no earlier transition is known. Its
      // stay there and the time to a first talk count from the import, when the sluice got it.
      const to = event.to ?? 'submitted';
      const handedIn = monthOf(idea.createdAt);
      const month = monthOf(event.at);
      reached.add('submitted');
      if (handedIn === month) facts.push({ kind: 'funnel', step: 'submitted' });
      else out.push({ index, month: handedIn, facts: [{ kind: 'funnel', step: 'submitted' }] });
      facts.push({ kind: 'flow', stage: to, delta: 1 });
      if (to !== 'submitted' && isFunnelStep(to) && first(to) && to === 'done') {
        facts.push(implemented(event));
      }
      submittedAt = event.at;
      stage = to;
      enteredAt = event.at;
    } else if (event.to !== undefined && stage !== undefined && event.to !== stage) {
      const from = stage;
      const to = event.to;
      if (isTimed(from) && enteredAt) facts.push({ kind: 'stay', stage: from, days: workingDays(enteredAt, event.at) });
      facts.push({ kind: 'flow', stage: from, delta: -1 }, { kind: 'flow', stage: to, delta: 1 });
      if (event.kind === 'taken' && submittedAt && first('taken')) {
        facts.push({ kind: 'firstTalk', days: workingDays(submittedAt, event.at) });
      }
      if (isFunnelStep(to) && first(to)) {
        if (to === 'closed') facts.push({ kind: 'closed', how: event.kind === 'withdrawn' ? 'withdrawn' : 'declined', from });
        if (to === 'done') {
          facts.push(implemented(event));
        }
      }
      stage = to;
      enteredAt = event.at;
    }
    if (event.kind === 'rated' && event.rating !== undefined) {
      facts.push({ kind: 'rating', rating: event.rating, ...(coachId ? { coachId } : {}) });
    }
    // The responsible coach as the history tells it, for satisfaction per coach.
    if (event.kind === 'taken') coachId = event.actor.id;
    else if ((event.kind === 'reassigned' || event.kind === 'coachUnreachable') && event.coach) coachId = event.coach.id;
    else if ((event.kind === 'advanced' || event.kind === 'declined' || event.kind === 'reopened') && !coachId) coachId = event.actor.id;

    if (facts.length > 0) out.push({ index, month: monthOf(event.at), facts });
  });
  return out;
}

/** The months an idea's history counts in. */
export function monthsOf(facts: readonly EventFacts[]): string[] {
  return [...new Set(facts.map((f) => f.month))].sort();
}

/**
 * The update rule: counts in `month` the idea's events that its ledger entry there has not
 * counted yet, and moves the entry. Returns the new aggregate, or undefined when everything was
 * already counted (a repeated delivery, or a newer state counted first).
 */
export function countIdeaInMonth(
  current: MonthAggregate | undefined,
  sluiceId: string,
  month: string,
  idea: CountedIdea,
  facts: readonly EventFacts[],
): MonthAggregate | undefined {
  return countIdeasInMonth(current, sluiceId, month, [{ idea, facts }]);
}

/** {@link countIdeaInMonth} for many ideas at once (an import): the aggregate is copied once, not once per idea. */
export function countIdeasInMonth(
  current: MonthAggregate | undefined,
  sluiceId: string,
  month: string,
  ideas: readonly {
    readonly idea: CountedIdea;
    readonly facts: readonly EventFacts[];
  }[],
): MonthAggregate | undefined {
  let next: MonthAggregate | undefined;
  for (const { idea, facts } of ideas) {
    const done = (next ?? current)?.applied[String(idea.number)] ?? -1;
    const fresh = facts.filter((f) => f.month === month && f.index > done);
    if (fresh.length === 0) continue;
    next ??= current ? structuredClone(current) : emptyMonth(sluiceId, month);
    countInto(next, idea, fresh);
  }
  return next;
}

/** Adds events' facts to an aggregate in place and moves the idea's ledger entry. */
function countInto(next: MonthAggregate, idea: CountedIdea, fresh: readonly EventFacts[]): void {
  const { tenantId, department, challengeId } = cellOf(idea);
  const ck = cellKey(tenantId, department, challengeId);
  const cell = (next.cells[ck] ??= emptyCell(tenantId, department, challengeId));
  const flow = (next.flow[ck] ??= {});
  for (const { facts: list } of fresh) {
    for (const fact of list) {
      switch (fact.kind) {
        case 'funnel':
          cell.funnel[fact.step] = (cell.funnel[fact.step] ?? 0) + 1;
          break;
        case 'flow': {
          const n = (flow[fact.stage] ?? 0) + fact.delta;
          if (n === 0) delete flow[fact.stage];
          else flow[fact.stage] = n;
          break;
        }
        case 'stay':
          addToHistogram((cell.timeInStage[fact.stage] ??= {}), fact.days);
          break;
        case 'firstTalk':
          addToHistogram(cell.firstTalk, fact.days);
          break;
        case 'rating':
          addToHistogram(cell.ratings, fact.rating);
          if (fact.coachId) addToHistogram((cell.ratingsByCoach[fact.coachId] ??= {}), fact.rating);
          break;
        case 'closed': {
          const byStage = (cell.closed[fact.how] ??= {});
          byStage[fact.from] = (byStage[fact.from] ?? 0) + 1;
          break;
        }
        case 'implemented':
          next.implemented = [...next.implemented.filter((i) => i.ideaId !== fact.idea.ideaId), fact.idea].sort(
            (a, b) => a.number - b.number,
          );
          break;
      }
    }
  }
  next.applied[String(idea.number)] = Math.max(...fresh.map((f) => f.index));
}

/** Counts every idea from its history: what `npm run stats:rebuild` writes, and what the kept figures must equal. */
export function recount(sluiceId: string, ideas: Iterable<Idea>, workingDays: WorkingDayCount): Map<string, MonthAggregate> {
  const months = new Map<string, MonthAggregate>();
  for (const idea of ideas) addIdea(months, sluiceId, idea, workingDays);
  return months;
}

/** Adds one idea's whole history to months being recounted. */
export function addIdea(months: Map<string, MonthAggregate>, sluiceId: string, idea: Idea, workingDays: WorkingDayCount): void {
  const facts = ideaFacts(idea, workingDays);
  for (const month of monthsOf(facts)) {
    let target = months.get(month);
    if (!target) months.set(month, (target = emptyMonth(sluiceId, month)));
    const done = target.applied[String(idea.number)] ?? -1;
    countInto(
      target,
      idea,
      facts.filter((f) => f.month === month && f.index > done),
    );
  }
}
