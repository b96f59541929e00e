import type { Container } from '@azure/cosmos';
import { RATE_WINDOW_MS } from '../../domain/comments/comment';
import { rateIdFor } from '../../domain/comments/comment-rate';
import { userKey } from '../../domain/conversations';
import { ideaPersonalData } from '../../domain/personal-data-ideas';
import {
  FORMER_EMPLOYEE,
  subjectRef,
  type DataSubject,
  type PersonalDataItem,
  type PersonalDataKind,
  type PersonalDataSource,
} from '../../domain/personal-data';
import type { IdeaRepository } from '../../domain/ports';
import { statusOf, toId, withoutSystemFields } from './database';
import type { Containers } from './database';

/**
 * Every store that keeps something about a person, registered once. A new kind of item is one
 * more entry here: for a document in the `participation` container that names its person in one
 * field, {@link participationKind} is the whole registration, e.g.
 * `participationKind(containers.participation, { kind: 'comment', person: 'author', label: {...} })`.
 */
export function personalDataSources(containers: Containers, ideas: IdeaRepository): PersonalDataSource[] {
  return [
    ideaPersonalData(ideas),
    conversationState(containers.conversations, containers.botstate),
    auditEntries(containers.audit),
    participationKind(containers.participation, {
      kind: 'challenge',
      person: 'owner',
      label: { sv: 'Utmaningar du har publicerat', en: 'Challenges you published' },
    }),
    participationKind(containers.participation, {
      kind: 'comment',
      person: 'author',
      // The coach who hid a comment is named on it too.
      alsoNamedIn: ['hidden', 'by'],
      label: { sv: 'Dina kommentarer', en: 'Your comments' },
    }),
    participationKind(containers.participation, {
      kind: 'note',
      person: 'author',
      label: { sv: 'Interna anteckningar du har skrivit', en: 'Internal notes you wrote' },
    }),
    participationKind(containers.participation, {
      kind: 'support',
      person: 'person',
      label: { sv: 'Idéer du stödjer', en: 'Ideas you support' },
    }),
    participationKind(containers.participation, {
      kind: 'helpOffer',
      person: 'helper',
      label: { sv: 'Idéer du har erbjudit dig att hjälpa till med', en: 'Ideas you offered to help with' },
    }),
    commentRate(containers.participation),
    participationKind(containers.participation, {
      kind: 'score',
      person: 'coach',
      label: { sv: 'Idéer du har bedömt', en: 'Ideas you scored' },
    }),
  ];
}

/**
 * The comment rate limit's counter (`bot/src/adapters/cosmos/comment-rate-repository.ts`): one
 * document per person and sluice, named by a one-way digest of the person, with how many comments
 * they wrote this minute and the last. It names nobody, but the app can tell whose it is, so it is
 * personal data like the rest: the export shows it and anonymising deletes it.
 */
export function commentRate(participation: Container): PersonalDataSource {
  return {
    store: 'participation',
    kinds: [
      {
        kind: 'commentRate',
        label: {
          sv: 'Hur många kommentarer du skrev den senaste minuten (spärren mot för många i taget)',
          en: 'How many comments you wrote in the last minute (the limit on too many at once)',
        },
      },
    ],
    async collect(subject) {
      const id = rateIdFor(subject.sluice.id, subject);
      try {
        const { resource } = await participation.item(id, subject.sluice.id).read<Record<string, unknown>>();
        if (!resource) return [];
        const minute = Number(resource['minute']);
        return [
          {
            kind: 'commentRate',
            id,
            ...(Number.isFinite(minute) ? { at: new Date(minute * RATE_WINDOW_MS).toISOString() } : {}),
            data: { thisMinute: resource['count'], previousMinute: resource['prev'] },
          },
        ];
      } catch (err) {
        if (statusOf(err) === 404) return [];
        throw err;
      }
    },
    async anonymise(subject) {
      try {
        await participation.item(rateIdFor(subject.sluice.id, subject), subject.sluice.id).delete();
        return [{ kind: 'commentRate', count: 1, action: 'deleted' }];
      } catch (err) {
        if (statusOf(err) === 404) return [{ kind: 'commentRate', count: 0, action: 'deleted' }];
        throw err;
      }
    },
  };
}

/**
 * The bot's working material about a person: how to reach them (their personal chat's reference)
 * and their capture state (a draft in progress, the latest submissions, the department last given).
 * The capture state is found through the reference, which holds the Teams user id the state is keyed by.
 * Anonymising deletes both.
 */
export function conversationState(conversations: Container, botstate: Container): PersonalDataSource {
  const read = async (container: Container, id: string): Promise<Record<string, unknown> | undefined> => {
    try {
      const { resource } = await container.item(id, id).read<Record<string, unknown>>();
      return resource ? withoutSystemFields<Record<string, unknown>>(resource) : undefined;
    } catch (err) {
      if (statusOf(err) === 404) return undefined;
      throw err;
    }
  };
  const remove = async (container: Container, id: string): Promise<boolean> => {
    try {
      await container.item(id, id).delete();
      return true;
    } catch (err) {
      if (statusOf(err) === 404) return false;
      throw err;
    }
  };
  const captureIdOf = (reference: Record<string, unknown> | undefined): string | undefined => {
    const ref = reference?.['reference'] as { channelId?: unknown; user?: { id?: unknown } } | undefined;
    if (typeof ref?.channelId !== 'string' || typeof ref.user?.id !== 'string') return undefined;
    return toId(`${ref.channelId}/users/${ref.user.id}`);
  };
  return {
    store: 'botstate',
    kinds: [
      { kind: 'conversationReference', label: { sv: 'Hur Idéslussen når dig i chatten', en: 'How Idéslussen reaches you in chat' } },
      { kind: 'draft', label: { sv: 'Utkast och läget i chatten', en: 'Drafts and where the chat stands' } },
    ],
    async collect(subject) {
      const referenceId = toId(userKey(subject.tenantId, subject.id));
      const reference = await read(conversations, referenceId);
      const items: PersonalDataItem[] = [];
      if (reference) {
        const { reference: ref, serviceUrl, updatedAt, staleSince } = reference;
        items.push({
          kind: 'conversationReference',
          id: referenceId,
          ...(typeof updatedAt === 'string' ? { at: updatedAt } : {}),
          data: { reference: ref, serviceUrl, ...(staleSince ? { staleSince } : {}) },
        });
      }
      const captureId = captureIdOf(reference);
      const capture = captureId ? await read(botstate, captureId) : undefined;
      const state = (capture?.['document'] as { capture?: Record<string, unknown> } | undefined)?.capture;
      if (captureId && state) {
        const { handled: _handled, ...kept } = state;
        void _handled;
        items.push({ kind: 'draft', id: captureId, data: kept });
      }
      return items;
    },
    async anonymise(subject) {
      const referenceId = toId(userKey(subject.tenantId, subject.id));
      const captureId = captureIdOf(await read(conversations, referenceId));
      // The draft first: it is found through the reference.
      const draft = captureId ? await remove(botstate, captureId) : false;
      const reference = await remove(conversations, referenceId);
      return [
        { kind: 'draft', count: draft ? 1 : 0, action: 'deleted' },
        { kind: 'conversationReference', count: reference ? 1 : 0, action: 'deleted' },
      ];
    },
  };
}

/**
 * Audit entries that name the person: what they did as an admin, coach or registrator, the coach
 * group syncs that made them a coach (or no longer one), and the exports of their data and
 * anonymisations made about them (named by {@link subjectRef}). The log
 * is append-only and kept by its own retention rule, so anonymising leaves it as it is.
 */
export function auditEntries(audit: Container): PersonalDataSource {
  return {
    store: 'audit',
    kinds: [{ kind: 'auditEntry', label: { sv: 'Poster i granskningsloggen som nämner dig', en: 'Audit log entries that name you' } }],
    async collect(subject) {
      const { resources } = await audit.items
        .query<Record<string, unknown>>(
          {
            query:
              // A coach group sync names the coaches it added, removed or named (`coaches.*[].id`).
              'SELECT * FROM c WHERE c.sluiceId = @sluiceId AND ((c.actor.id = @id AND c.actor.tenantId = @tenantId) OR c.personalData.subject = @ref' +
              ' OR ARRAY_CONTAINS(c.coaches.added, { "id": @id }, true) OR ARRAY_CONTAINS(c.coaches.removed, { "id": @id }, true)' +
              ' OR ARRAY_CONTAINS(c.coaches.named, { "id": @id }, true))',
            parameters: [
              { name: '@sluiceId', value: subject.sluice.id },
              { name: '@id', value: subject.id },
              { name: '@tenantId', value: subject.tenantId },
              { name: '@ref', value: subjectRef(subject.tenantId, subject.id) },
            ],
          },
          { partitionKey: subject.sluice.id },
        )
        .fetchAll();
      return resources.map((doc) => {
        const entry = withoutSystemFields<Record<string, unknown>>(doc);
        return { kind: 'auditEntry', id: String(entry['id']), at: String(entry['at']), data: entry };
      });
    },
  };
}

/** A kind of `participation` document that names its person in one field (`{ id, name }`, a tenant id optional). */
export interface ParticipationKind extends PersonalDataKind {
  /** The field naming the person, e.g. `author` for `{ author: { id, tenantId, name } }`. */
  readonly person: string;
  /** A nested field that may name another person, e.g. `['hidden', 'by']` for the coach who hid a comment. */
  readonly alsoNamedIn?: readonly [string, string];
}

/**
 * One kind of document of the `participation` container (comments, supports, offers of help …):
 * exported when its `person` field names the subject; anonymised by replacing that field with
 * "Tidigare medarbetare" with an empty id (the tenant kept: it names the municipality), the rest (the
 * text) kept, with a conditional write.
 */
export function participationKind(container: Container, kind: ParticipationKind): PersonalDataSource {
  // The fields go into the query's text (a property path cannot be a parameter): plain names only.
  const paths: (readonly string[])[] = [[kind.person], ...(kind.alsoNamedIn ? [kind.alsoNamedIn] : [])];
  for (const field of paths.flat()) if (!/^[A-Za-z][A-Za-z0-9]{0,63}$/.test(field)) throw new Error(`"${field}" is not a field name`);
  const at = (doc: Record<string, unknown>, path: readonly string[]): unknown =>
    path.reduce<unknown>((v, key) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[key] : undefined), doc);
  /** Whether the person at `path` of the document is the subject (their id, and their tenant when it is written). */
  const names = (doc: Record<string, unknown>, path: readonly string[], subject: DataSubject): boolean => {
    const person = at(doc, path) as { id?: unknown; tenantId?: unknown } | undefined;
    return person?.id === subject.id && (person.tenantId === undefined || person.tenantId === subject.tenantId);
  };
  // One query per field, merged by id. Properties are quoted (`c["hidden"]["by"]`): `by` is a
  // keyword of Cosmos SQL.
  const find = async (subject: DataSubject): Promise<Record<string, unknown>[]> => {
    const found = new Map<string, Record<string, unknown>>();
    for (const path of paths) {
      const { resources } = await container.items
        .query<Record<string, unknown>>(
          {
            query: `SELECT * FROM c WHERE c.sluiceId = @sluiceId AND c.kind = @kind AND c${path.map((field) => `["${field}"]`).join('')}.id = @id`,
            parameters: [
              { name: '@sluiceId', value: subject.sluice.id },
              { name: '@kind', value: kind.kind },
              { name: '@id', value: subject.id },
            ],
          },
          { partitionKey: subject.sluice.id },
        )
        .fetchAll();
      for (const doc of resources) if (names(doc, path, subject)) found.set(String(doc['id']), doc);
    }
    return [...found.values()];
  };
  /** The document with each field that names the subject replaced by "Tidigare medarbetare" (the tenant kept). */
  const anonymised = (doc: Record<string, unknown>, subject: DataSubject): Record<string, unknown> => {
    let next = withoutSystemFields<Record<string, unknown>>(doc);
    for (const path of paths) {
      if (!names(next, path, subject)) continue;
      const tenantId = (at(next, path) as Record<string, unknown>)['tenantId'];
      const former = { id: '', ...(typeof tenantId === 'string' ? { tenantId } : {}), name: FORMER_EMPLOYEE.sv };
      const [first, second] = path;
      next =
        second === undefined
          ? { ...next, [first!]: former }
          : { ...next, [first!]: { ...(next[first!] as Record<string, unknown>), [second]: former } };
    }
    return next;
  };
  return {
    store: 'participation',
    kinds: [{ kind: kind.kind, label: kind.label }],
    async collect(subject) {
      return (await find(subject)).map((doc) => {
        const data = withoutSystemFields<Record<string, unknown>>(doc);
        const at = data['at'];
        return { kind: kind.kind, id: String(data['id']), ...(typeof at === 'string' ? { at } : {}), data };
      });
    },
    async anonymise(subject) {
      let count = 0;
      for (const doc of await find(subject)) {
        const next = anonymised(doc, subject);
        try {
          await container
            .item(String(doc['id']), subject.sluice.id)
            .replace(next, { accessCondition: { type: 'IfMatch', condition: String(doc['_etag']) } });
          count += 1;
        } catch (err) {
          // Changed or removed meanwhile: the next anonymisation (it is repeatable) finds it again.
          if (statusOf(err) !== 412 && statusOf(err) !== 404) throw err;
        }
      }
      return [{ kind: kind.kind, count, action: 'anonymised' }];
    },
  };
}
