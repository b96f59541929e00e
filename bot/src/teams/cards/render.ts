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
  const expanded: unknown = prepared(template).expand({ $root: data });
  if (typeof expanded !== 'object' || expanded === null) throw new Error('Card template expanded to nothing');
  return expanded as CardJson;
}

/**
 * Each template parsed once. `new Template()` parses every `${…}` of the card with the expression
 * grammar, which was the costliest part of a capture turn; `expand` only evaluates what was parsed
 * and keeps no state between calls (it sets its evaluation context on each call, synchronously).
 */
const parsedTemplates = new WeakMap<object, ACData.Template>();

function prepared(template: object): ACData.Template {
  let parsed = parsedTemplates.get(template);
  if (!parsed) {
    parsed = new ACData.Template(template);
    parsedTemplates.set(template, parsed);
  }
  return parsed;
}

export function asAttachment(card: CardJson): Attachment {
  return CardFactory.adaptiveCard(card);
}
