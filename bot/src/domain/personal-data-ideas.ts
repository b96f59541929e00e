import { createHash } from 'node:crypto';
import type { HistoryEvent, Idea } from './idea';
import {
  FORMER_EMPLOYEE,
  isSubject,
  type AnonymisedCount,
  type Anonymisation,
  type DataSubject,
  type PersonalDataItem,
  type PersonalDataSource,
} from './personal-data';
import { ConflictError, type IdeaRepository } from './ports';
import { checkHistoryChain, resealHistory } from './record';

/** How often an idea's anonymisation is tried again when a coach wrote the idea meanwhile. */
const ATTEMPTS = 5;

/**
 * What ideas hold about a person: the ideas they handed in (with the profile they had then), ideas
 * made from a message they wrote, their answers to coaches' questions, their ratings, every
 * history event they took or are named in (decisions, edits, reassignments to them), the ideas
 * they coach or back up, and the links they made between ideas.
 */
export function ideaPersonalData(ideas: IdeaRepository): PersonalDataSource {
  return {
    store: 'ideas',
    kinds: [
      { kind: 'idea', label: { sv: 'Idéer du har lämnat', en: 'Ideas you handed in' } },
      { kind: 'originatedIdea', label: { sv: 'Idéer gjorda av ditt meddelande', en: 'Ideas made from your message' } },
      { kind: 'answer', label: { sv: 'Dina svar på idécoachers frågor', en: "Your answers to coaches' questions" } },
      { kind: 'rating', label: { sv: 'Dina betyg', en: 'Your ratings' } },
      { kind: 'historyEvent', label: { sv: 'Händelser i idéers historik som nämner dig', en: "Events in ideas' history that name you" } },
      { kind: 'coachAssignment', label: { sv: 'Idéer du coachar eller är reserv för', en: 'Ideas you coach or back up' } },
      { kind: 'link', label: { sv: 'Kopplingar du har gjort mellan idéer', en: 'Links you made between ideas' } },
    ],
    async collect(subject) {
      const items: PersonalDataItem[] = [];
      for await (const idea of ideas.all(subject.sluice.id)) items.push(...itemsOf(idea, subject));
      return items;
    },
    async anonymise(subject, anonymisation) {
      let changed = 0;
      for await (const idea of ideas.all(subject.sluice.id)) {
        if (anonymisedIdea(idea, subject, anonymisation)) if (await anonymiseStored(ideas, idea, subject, anonymisation)) changed += 1;
      }
      return [{ kind: 'idea', count: changed, action: 'anonymised' } satisfies AnonymisedCount];
    },
  };
}

/** Writes the anonymised idea on the eTag it was read with, reading again when someone wrote first. */
async function anonymiseStored(ideas: IdeaRepository, seen: Idea, subject: DataSubject, anonymisation: Anonymisation): Promise<boolean> {
  for (let attempt = 1; ; attempt++) {
    const current = await ideas.get(seen.sluiceId, seen.id);
    if (!current) return false;
    const next = anonymisedIdea(current.value, subject, anonymisation);
    if (!next) return false;
    try {
      await ideas.replace(next, current.etag);
      return true;
    } catch (err) {
      if (!(err instanceof ConflictError) || attempt >= ATTEMPTS) throw err;
    }
  }
}

function ideaRef(idea: Idea): PersonalDataItem['idea'] {
  return { id: idea.id, number: idea.number, title: idea.title };
}

/** An event as the export shows it: without the server's hash and request id. */
function eventData(event: HistoryEvent): Record<string, unknown> {
  const { hash: _hash, requestId: _request, ...rest } = event;
  void _hash;
  void _request;
  return rest;
}

function itemsOf(idea: Idea, subject: DataSubject): PersonalDataItem[] {
  const items: PersonalDataItem[] = [];
  const ref = ideaRef(idea);
  const gave = isSubject(idea.giver, subject);
  if (gave) {
    items.push({
      kind: 'idea',
      id: idea.id,
      at: idea.createdAt,
      idea: ref,
      data: {
        number: idea.number,
        ...(idea.record ? { reference: idea.record.reference } : {}),
        title: idea.title,
        need: idea.need,
        idea: idea.idea,
        beneficiaries: idea.beneficiaries,
        department: idea.department,
        stage: idea.stage,
        source: idea.source,
        createdAt: idea.createdAt,
        giver: idea.giver,
        ...(idea.coach ? { coach: idea.coach } : {}),
      },
    });
    idea.satisfaction.forEach((rating, index) =>
      items.push({ kind: 'rating', id: `${idea.id}:rating:${index}`, at: rating.at, idea: ref, data: { ...rating } }),
    );
  }
  if (idea.origin && isSubject(idea.origin, subject))
    items.push({
      kind: 'originatedIdea',
      id: idea.id,
      at: idea.createdAt,
      idea: ref,
      data: { origin: idea.origin, giver: { name: idea.giver.name } },
    });
  for (const event of idea.history) {
    const acted = event.actor.id === subject.id;
    if (event.kind === 'infoAnswered' && acted)
      items.push({ kind: 'answer', id: event.id, at: event.at, idea: ref, data: eventData(event) });
    // A rating is listed once, from the idea's ratings; its event says the same.
    else if (event.kind === 'rated' && gave) continue;
    else if (acted || event.coach?.id === subject.id || event.unreachable?.id === subject.id)
      items.push({ kind: 'historyEvent', id: event.id, at: event.at, idea: ref, data: eventData(event) });
  }
  const roles = [...(idea.coach?.id === subject.id ? ['coach'] : []), ...(idea.backupCoach?.id === subject.id ? ['backupCoach'] : [])];
  if (roles.length > 0)
    items.push({ kind: 'coachAssignment', id: `${idea.id}:coach`, at: idea.updatedAt, idea: ref, data: { roles, stage: idea.stage } });
  for (const link of idea.links ?? [])
    if (link.by.id === subject.id)
      items.push({ kind: 'link', id: `${idea.id}:link:${link.ideaId}`, at: link.at, idea: ref, data: { ...link } });
  return items;
}

/** A reference to a person after anonymisation: the name replaced, the id removed. */
const FORMER = { id: '', name: FORMER_EMPLOYEE.sv } as const;

/**
 * The idea with the person replaced by "Tidigare medarbetare" wherever it names them — as giver
 * (their department, job title and company too), as the author of the message, in every history
 * event, as coach, backup and link maker — and an `anonymised` event, with the chain re-sealed from
 * the first changed event; undefined when the idea does not name them (so doing it again changes
 * nothing). The texts are kept: the idea stays a public record.
 */
export function anonymisedIdea(idea: Idea, subject: DataSubject, anonymisation: Anonymisation): Idea | undefined {
  const person = <T extends { readonly id: string; readonly name: string }>(p: T | undefined): T | undefined =>
    p && p.id === subject.id ? ({ ...p, ...FORMER } as T) : p;
  let firstChanged = -1;
  const history = idea.history.map((event, index) => {
    const next: HistoryEvent = {
      ...event,
      actor: person(event.actor)!,
      ...(event.coach ? { coach: person(event.coach)! } : {}),
      ...(event.unreachable ? { unreachable: person(event.unreachable)! } : {}),
    };
    const same = next.actor === event.actor && next.coach === event.coach && next.unreachable === event.unreachable;
    if (!same && firstChanged < 0) firstChanged = index;
    return same ? event : next;
  });
  const gave = isSubject(idea.giver, subject);
  const originated = !!idea.origin && isSubject(idea.origin, subject);
  const coach = person(idea.coach);
  const backupCoach = person(idea.backupCoach);
  const links = idea.links?.map((l) => (l.by.id === subject.id ? { ...l, by: { ...FORMER } } : l));
  const linksChanged = !!links && links.some((l, i) => l !== idea.links?.[i]);
  if (firstChanged < 0 && !gave && !originated && coach === idea.coach && backupCoach === idea.backupCoach && !linksChanged)
    return undefined;

  const before = checkHistoryChain(idea.history);
  const at = anonymisation.at.toISOString();
  // Events from the first changed one on are sealed again (their content changed); those before keep their hashes.
  const resealFrom = firstChanged < 0 ? history.length : firstChanged;
  const event: HistoryEvent = {
    id: anonymisationEventId(idea.id, subject, at),
    kind: 'anonymised',
    at,
    actor: { id: anonymisation.by.id, name: anonymisation.by.name },
    text: anonymisation.basis,
    anonymisation: {
      basis: anonymisation.basis,
      resealedFrom: resealFrom,
      // The chain's head before, so a copy made earlier can still be compared with what was sealed then.
      priorHead: idea.history.at(-1)?.hash ?? '',
      chainWholeBefore: before.whole,
    },
  };
  const { giver } = idea;
  return {
    ...idea,
    giver: gave ? { id: '', tenantId: giver.tenantId, name: FORMER_EMPLOYEE.sv, locale: giver.locale } : giver,
    ...(idea.origin ? { origin: originated ? { name: FORMER_EMPLOYEE.sv } : idea.origin } : {}),
    ...(coach ? { coach } : {}),
    ...(backupCoach ? { backupCoach } : {}),
    ...(links ? { links } : {}),
    history: resealHistory([...history, event], resealFrom),
    updatedAt: at,
    version: idea.version + 1,
  };
}

function anonymisationEventId(ideaId: string, subject: DataSubject, at: string): string {
  return `anon-${createHash('sha256').update(`${ideaId}\n${subject.tenantId}\n${subject.id}\n${at}`).digest('hex').slice(0, 24)}`;
}

/** An anonymisation a history went through: when and under which legal basis. */
export interface ChainAnonymisation {
  readonly at: string;
  readonly basis: string;
  /** Whether the chain was whole just before (a chain broken before stays reported as such). */
  readonly chainWholeBefore: boolean;
}

/** The anonymisations recorded in a history, oldest first: the chain check names them beside "whole". */
export function anonymisationsOf(history: readonly HistoryEvent[]): ChainAnonymisation[] {
  return history
    .filter((e) => e.kind === 'anonymised' && e.anonymisation)
    .map((e) => ({ at: e.at, basis: e.anonymisation!.basis, chainWholeBefore: e.anonymisation!.chainWholeBefore }));
}
