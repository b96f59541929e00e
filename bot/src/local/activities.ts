/**
 * Teams activities as Teams sends them to the bot, and the people of the local test tenant, for
 * the tests and the benchmarks (never used by the server itself, except the persona picker's
 * fallback list of people).
 */
import { randomUUID } from 'node:crypto';

/** The local test tenant: the default sluice of every local app belongs to it. */
export const TENANT = '11111111-1111-4111-8111-111111111111';
/** A second tenant, belonging to no sluice. */
export const OTHER_TENANT = '22222222-2222-4222-8222-222222222222';
/** Idea coaches of the local sluice. */
export const COACH = { id: 'c0ac0000-0000-4000-8000-000000000001', name: 'Karin Berg' };
export const COACH_2 = { id: 'c0ac0000-0000-4000-8000-000000000002', name: 'Omar Haddad' };
/** An employee who hands in ideas. */
export const GIVER = { id: '61e00000-0000-4000-8000-000000000001', name: 'Anna Lindqvist' };

export interface ActivityOptions {
  readonly serviceUrl: string;
  readonly user?: { id: string; name: string };
  readonly tenantId?: string;
  readonly locale?: string;
  readonly conversationId?: string;
  readonly conversationType?: 'personal' | 'channel' | 'groupChat';
}

function base(type: string, o: ActivityOptions): Record<string, unknown> {
  const user = o.user ?? GIVER;
  const tenantId = o.tenantId ?? TENANT;
  const conversationType = o.conversationType ?? 'personal';
  return {
    type,
    id: randomUUID(),
    timestamp: new Date().toISOString(),
    channelId: 'msteams',
    serviceUrl: o.serviceUrl,
    locale: o.locale ?? 'sv-SE',
    from: { id: `29:${user.id}`, name: user.name, aadObjectId: user.id },
    recipient: { id: '28:bot', name: 'Idéslussen' },
    conversation: { id: o.conversationId ?? `a:${conversationType}-${user.id}`, conversationType, tenantId },
    channelData: { tenant: { id: tenantId } },
  };
}

/** A message activity as Teams sends it. */
export function message(text: string, o: ActivityOptions & { value?: unknown; attachments?: unknown[] }): Record<string, unknown> {
  return {
    ...base('message', o),
    text,
    ...(o.value !== undefined ? { value: o.value } : {}),
    ...(o.attachments ? { attachments: o.attachments } : {}),
  };
}

/** The conversationUpdate Teams sends when the app is installed in a personal chat or team. */
export function installed(o: ActivityOptions): Record<string, unknown> {
  return { ...base('conversationUpdate', o), membersAdded: [{ id: '28:bot' }] };
}

/** An invoke activity (Universal Action, message extension, ...). */
export function invoke(name: string, value: unknown, o: ActivityOptions): Record<string, unknown> {
  return { ...base('invoke', o), name, value };
}
