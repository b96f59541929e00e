import type { MessageActionsPayload } from 'botbuilder';
import { isId } from '../../domain/ids';
import { htmlToPlainText, plainMessageText, type MessageMention, type MessageText } from '../../domain/message-text';

/** The Teams message an idea is being made from, as the domain needs it. */
export interface SourceMessage {
  readonly text: MessageText;
  /**
   * Who wrote it; `personId` (Entra object id) is there for people, not for apps, and only when
   * it is in the server's id format (it is stored as the idea's origin).
   */
  readonly author?: { readonly name: string; readonly personId?: string; readonly isApp: boolean };
  /** Teams' link back to the message (https only). */
  readonly link?: string;
}

/** Longest author name and link kept; Teams' own are far shorter. */
const MAX_NAME = 200;
const MAX_LINK = 2048;

/** Accepts only an absolute https address, so the link button can never run script or open a file. */
export function safeLink(raw: unknown): string | undefined {
  if (typeof raw !== 'string' || raw.length > MAX_LINK) return undefined;
  try {
    const url = new URL(raw);
    return url.protocol === 'https:' ? url.toString() : undefined;
  } catch {
    return undefined;
  }
}

function nameOf(raw: unknown): string | undefined {
  if (typeof raw !== 'string') return undefined;
  const name = raw.replace(/\s+/g, ' ').trim();
  return name.length > 0 ? [...name].slice(0, MAX_NAME).join('') : undefined;
}

/**
 * Reads the `messagePayload` Teams sends with a message action: the text as plain text (HTML
 * stripped, mentions resolved to names), the author and the link back to the message.
 */
export function readSourceMessage(payload: MessageActionsPayload | undefined): SourceMessage {
  const body = payload?.body;
  const mentions: MessageMention[] = [];
  for (const m of payload?.mentions ?? []) {
    const who = m.mentioned?.user ?? m.mentioned?.application ?? m.mentioned?.conversation;
    const name = nameOf(who?.displayName) ?? nameOf(m.mentionText);
    if (typeof m.id !== 'number' || !name) continue;
    mentions.push({ id: m.id, name, ...(isId(who?.id) ? { personId: who.id } : {}) });
  }
  const content = typeof body?.content === 'string' ? body.content : '';
  const text = body?.contentType === 'text' ? plainMessageText(content) : htmlToPlainText(content, mentions);
  // Attachments (files, pictures sent as files, cards) are not text an idea can hold.
  const hasAttachments = (payload?.attachments ?? []).length > 0;

  const user = payload?.from?.user;
  const app = payload?.from?.application;
  const userName = nameOf(user?.displayName);
  const appName = nameOf(app?.displayName);
  const author = userName
    ? { name: userName, ...(isId(user?.id) ? { personId: user.id } : {}), isApp: false }
    : appName
      ? { name: appName, isApp: true }
      : undefined;
  const link = safeLink(payload?.linkToMessage);
  return {
    text: { text: text.text, hadImages: text.hadImages || hasAttachments },
    ...(author ? { author } : {}),
    ...(link ? { link } : {}),
  };
}
