/**
 * What the multi-instance reminder tests share: one embedded Cosmos server in the test process,
 * built server processes pointed at it (as several instances share one Cosmos account), a
 * recording connector they all send to, and ideas written straight into Cosmos.
 */
import { randomUUID } from 'node:crypto';
import type { JSONObject } from '@azure/cosmos';
import type { Idea } from '../../bot/src/domain/idea';
import type { NotificationJob } from '../../bot/src/domain/outbox';
import { breachesOf, withReminderDue } from '../../bot/src/domain/reminders/policy';
import type { Sluice } from '../../bot/src/domain/sluice';
import { toDocument } from '../../bot/src/adapters/cosmos/idea-repository';
import { connectStorage, type Storage } from '../../bot/src/adapters/cosmos/storage';
import { COACH, COACH_2, GIVER, message, TENANT } from '../../bot/src/local/activities';
import type { ConnectorCall, RecordingConnector } from '../../bot/src/local/connector';
import { startServerProcess, type ServerProcess } from '../helpers/server-process';
import type { TestCosmos } from '../helpers/embedded-cosmos';

export const COACHES = [COACH, COACH_2] as const;

/** The environment of a server process on the shared Cosmos, scanning and sending often, its clock at `offset`. */
export function instanceEnv(cosmos: TestCosmos, offset: string): Record<string, string> {
  return {
    COSMOS_ENDPOINT: cosmos.endpoint,
    COSMOS_KEY: cosmos.key,
    DEV_CLOCK_OFFSET: offset,
    REMINDER_SCAN_MS: '150',
    OUTBOX_POLL_MS: '100',
  };
}

export async function startInstance(cosmos: TestCosmos, offset: string): Promise<ServerProcess> {
  return startServerProcess(instanceEnv(cosmos, offset));
}

/** The coaches say "hjälp" to the bot in their personal chat, so it knows how to reach them. */
export async function meetCoaches(server: ServerProcess, connector: RecordingConnector): Promise<void> {
  for (const person of COACHES) {
    const res = await fetch(`${server.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(message('hjälp', { serviceUrl: connector.serviceUrl, user: person })),
    });
    if (res.status !== 200) throw new Error(`hjälp from ${person.name}: ${res.status}`);
  }
}

/** A title that names the idea's number, so a sent card says which idea it is about. */
export const titleOf = (n: number): string => `Skanningsidé ${String(n).padStart(4, '0')}`;

/** `count` ideas waiting in Inkommen since `at`, their coaches taking turns, with the due time the app would store. */
export function waitingIdeas(sluice: Sluice, count: number, at: Date): Idea[] {
  const iso = at.toISOString();
  return Array.from({ length: count }, (_, i): Idea => {
    const coach = COACHES[i % COACHES.length] ?? COACH;
    return withReminderDue(
      {
        id: randomUUID(),
        sluiceId: sluice.id,
        number: 1000 + i,
        tenantId: TENANT,
        title: titleOf(i),
        need: 'Ett behov som väntar på en idécoach.',
        idea: 'En idé som ingen har tagit ännu.',
        beneficiaries: ['staff'],
        department: 'Tekniska förvaltningen',
        giver: { id: GIVER.id, tenantId: TENANT, name: GIVER.name, locale: 'sv' },
        source: 'chat',
        stage: 'submitted',
        needsInfo: false,
        coach: { id: coach.id, name: coach.name },
        createdAt: iso,
        createdAtMs: at.getTime() + i,
        updatedAt: iso,
        stageChangedAt: iso,
        history: [{ id: randomUUID(), kind: 'submitted', at: iso, actor: { id: GIVER.id, name: GIVER.name }, to: 'submitted' }],
        satisfaction: [],
        version: 1,
      },
      sluice,
    );
  });
}

/** Writes the ideas in transactional batches of 100: each batch appears to the scanners at once. */
export async function storeIdeas(storage: Storage, ideas: readonly Idea[]): Promise<void> {
  for (let i = 0; i < ideas.length; i += 100) {
    const batch = ideas
      .slice(i, i + 100)
      .map((idea) => ({ operationType: 'Create' as const, resourceBody: toDocument(idea) as unknown as JSONObject }));
    const response = await storage.containers.ideas.items.batch(batch, ideas[i]?.sluiceId);
    const failed = response.result?.find((r) => r.statusCode !== 201);
    if (failed) throw new Error(`batch create failed with ${failed.statusCode}`);
  }
}

/**
 * A clock offset (whole hours, as DEV_CLOCK_OFFSET takes it) that puts a server an hour past the
 * moment ideas handed in at `at` get their first reminder, and at least a day before the escalation.
 */
export function offsetPastReminder(sluice: Sluice, at: Date, extraHours = 0): string {
  const [sample] = waitingIdeas(sluice, 1, at);
  if (!sample) throw new Error('no sample idea');
  const breaches = breachesOf(sample, sluice);
  const reminded = breaches.find((b) => b.kind === 'reminded')?.dueAt.getTime() ?? 0;
  const escalated = breaches.find((b) => b.kind === 'escalated')?.dueAt.getTime() ?? 0;
  const hours = Math.ceil((reminded - at.getTime()) / 3_600_000) + 1 + extraHours;
  if (at.getTime() + (hours + 24) * 3_600_000 > escalated) throw new Error('The reminder and the escalation are too close for this test');
  return `+${hours}h`;
}

/** The tests count reminders: the Monday and monthly digests the moved clocks would pass are recorded as sent. */
export async function withoutDigests(storage: Storage): Promise<void> {
  const stored = await storage.sluices.get('default');
  if (!stored) throw new Error('No default sluice');
  await storage.sluices.replace({ ...stored.value, digestsQueued: { weekly: '9999-12-31', monthly: '9999-12' } }, stored.etag);
}

export async function openSharedStorage(cosmos: TestCosmos): Promise<Storage> {
  return connectStorage(cosmos.endpoint, cosmos.key, 'ideslussen');
}

/** The task-card reminders among the calls, as the number of the idea each is about and who got it. */
export function remindersIn(calls: readonly ConnectorCall[]): Array<{ idea: number; conversationId: string }> {
  const found: Array<{ idea: number; conversationId: string }> = [];
  for (const call of calls) {
    if (call.method !== 'POST' || !call.path.includes('/activities') || !call.conversationId) continue;
    const text = JSON.stringify(call.body);
    if (!text.includes('Påminnelse: Har väntat')) continue;
    const number = /Skanningsidé (\d{4})/.exec(text)?.[1];
    if (number) found.push({ idea: Number(number), conversationId: call.conversationId });
  }
  return found;
}

/** Resolves when `done()` holds, checking every 500 ms (the test shares the Cosmos server with the instances); fails after `timeoutMs` with `what` and `state()`. */
export async function until(what: string, done: () => Promise<boolean>, timeoutMs = 60_000, state?: () => Promise<unknown>): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await done())) {
    if (Date.now() > end) throw new Error(`Timed out waiting: ${what} (${JSON.stringify(await state?.())})`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

/** True when every idea has its reminder in its history and no outbox job is left pending. */
export async function settled(storage: Storage, count: number): Promise<boolean> {
  return (await remindedIdeas(storage)) >= count && (await pendingJobs(storage)) === 0;
}

/** How many ideas have a `reminded` event in their history. */
export async function remindedIdeas(storage: Storage): Promise<number> {
  const { resources } = await storage.containers.ideas.items.query<{ history: Idea['history'] }>('SELECT c.history FROM c').fetchAll();
  return resources.filter((doc) => doc.history.some((e) => e.kind === 'reminded')).length;
}

export async function pendingJobs(storage: Storage): Promise<number> {
  return (await pendingJobList(storage)).length;
}

/** The outbox jobs not done yet. */
export async function pendingJobList(storage: Storage): Promise<Array<Record<string, unknown>>> {
  const { resources } = await storage.containers.outbox.items
    .query<Record<string, unknown>>("SELECT * FROM c WHERE c.type = 'job' AND c.status = 'pending'")
    .fetchAll();
  return resources;
}

/**
 * The ideas (by their index in `ideas`) whose reminder the outbox has written down as sent: a job
 * whose `remind` step is no longer pending. A reminder Teams answered that is not among them was
 * in flight when the process died (sent, not yet written down), and may be sent again.
 */
export async function recordedReminders(storage: Storage, ideas: readonly Idea[]): Promise<Set<number>> {
  const indexOf = new Map(ideas.map((idea, i) => [idea.id, i]));
  const { resources } = await storage.containers.outbox.items
    .query<Pick<NotificationJob, 'ideaId' | 'steps'>>("SELECT c.ideaId, c.steps FROM c WHERE c.type = 'job'")
    .fetchAll();
  const recorded = new Set<number>();
  for (const job of resources) {
    const index = indexOf.get(job.ideaId);
    if (index !== undefined && job.steps.some((s) => s.step.kind === 'remind' && s.status !== 'pending')) recorded.add(index);
  }
  return recorded;
}
