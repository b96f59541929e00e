import { translator, type Translate } from '../strings';

/**
 * What support ("Jag stödjer idén") and offers of help ("Jag kan hjälpa till") say in Teams, in
 * Swedish (the default) and English. Values are inserted as given: callers escape user text.
 */
const sv = {
  'supporter.heading': 'Idé #{number} som du stödjer',
  'supporter.testing': 'Idén du stödjer testas nu ({stage}). Tack för ditt stöd!',
  'supporter.done': 'Idén du stödjer är införd ({stage}). Tack för ditt stöd!',
  'supporter.stage': 'Steg',
  'supporter.footer': 'Du får det här för att du har tryckt på Jag stödjer idén.',
  'help.heading': 'Idé #{number}: någon vill hjälpa till',
  'help.message': '{helper} vill hjälpa till med idén.',
  'help.note': 'Meddelande',
  'help.footer': 'Öppna idén i Idéslussen för att starta en gruppchatt med {helper}, idégivaren och idécoachen.',
  'help.toCoach':
    '**{helper}** vill hjälpa till med idé #{number} {title}: "{note}". Öppna idén i Idéslussen för att starta en gruppchatt.',
  supportLabel: 'Stöd',
  'card.support': 'Jag stödjer idén',
  'card.supported': 'Du stödjer idén. {count} stödjer den.',
  'card.ownIdea': 'Det här är din egen idé, så du kan inte stödja den. {count} stödjer den.',
  'card.closed': 'Idén är avslutad och kan inte få nytt stöd.',
  'card.notFound': 'Idén finns inte längre.',
  'card.count': '{count} stödjer idén.',
  'card.refresh': 'Uppdatera',
  supportValue: '{count} stödjer idén',
};

const en: Record<SupportStringKey, string> = {
  'supporter.heading': 'Idea #{number} that you support',
  'supporter.testing': 'The idea you support is now being tested ({stage}). Thank you for your support!',
  'supporter.done': 'The idea you support is now implemented ({stage}). Thank you for your support!',
  'supporter.stage': 'Stage',
  'supporter.footer': 'You get this because you pressed I support the idea.',
  'help.heading': 'Idea #{number}: someone wants to help',
  'help.message': '{helper} wants to help with the idea.',
  'help.note': 'Message',
  'help.footer': 'Open the idea in Idéslussen to start a group chat with {helper}, the idea-giver and the idea coach.',
  'help.toCoach': '**{helper}** wants to help with idea #{number} {title}: "{note}". Open the idea in Idéslussen to start a group chat.',
  supportLabel: 'Support',
  'card.support': 'I support the idea',
  'card.supported': 'You support the idea. {count} support it.',
  'card.ownIdea': 'This is your own idea, so you cannot support it. {count} support it.',
  'card.closed': 'The idea is closed and takes no new support.',
  'card.notFound': 'The idea no longer exists.',
  'card.count': '{count} support the idea.',
  'card.refresh': 'Refresh',
  supportValue: '{count} support the idea',
};

export type SupportStringKey = keyof typeof sv;

/** Looks up a support string in the locale and fills its `{placeholders}`. */
export const st: Translate<SupportStringKey> = translator<SupportStringKey>({ sv, en });
