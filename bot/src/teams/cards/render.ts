import type { Attachment } from 'botbuilder';
import { CardFactory } from 'botbuilder';
import * as ACData from 'adaptivecards-templating';

/** An Adaptive Card as JSON (what Teams receives). */
export type CardJson = Record<string, unknown>;

/**
 * Expands a designer-compatible card template with data. Templates live as JSON files in
 * ./templates; data is typed per card by its render function. Text values must already be
 * escaped for markdown where they are user-written.
 */
export function expand(template: object, data: object): CardJson {
  const expanded: unknown = new ACData.Template(template).expand({ $root: data });
  if (typeof expanded !== 'object' || expanded === null) throw new Error('Card template expanded to nothing');
  return expanded as CardJson;
}

export function asAttachment(card: CardJson): Attachment {
  return CardFactory.adaptiveCard(card);
}
