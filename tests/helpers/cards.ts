import * as AC from 'adaptivecards';

/**
 * Parses a card with the official Adaptive Cards library and fails on any parse error or
 * validation failure (unknown element, missing required property, bad version, ...).
 */
export function validateCard(card: Record<string, unknown>): AC.AdaptiveCard {
  const errors: AC.IValidationEvent[] = [];
  const parsed = new AC.AdaptiveCard();
  const context = new AC.SerializationContext();
  parsed.parse(card, context);
  for (let i = 0; i < context.eventCount; i++) errors.push(context.getEventAt(i));
  const results = parsed.validateProperties();
  errors.push(...results.validationEvents);
  if (errors.length > 0) {
    throw new Error(`Adaptive Card is not valid:\n${errors.map((e) => `- ${e.message}`).join('\n')}\n${JSON.stringify(card, null, 2)}`);
  }
  return parsed;
}
