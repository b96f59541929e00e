import { translator, type Translate } from '../strings';

/**
 * What the "Gör till idé" message extension says, in Swedish (the default) and English. Kept
 * beside the extension so the shared strings file stays small. Values are inserted as given:
 * callers escape user text for markdown first where the string goes into a card's TextBlock.
 */
const sv = {
  taskTitle: 'Gör till idé',
  'heading.message': 'Gör meddelandet till en idé',
  'heading.compose': 'Lämna en idé',
  intro: 'Komplettera det som saknas och skicka. En idécoach tar emot idén och hör av sig till dig.',
  source: 'Från ett meddelande av {author}',
  sourceUnknown: 'Från ett meddelande i Teams',
  origin: '{author} skrev meddelandet och krediteras som idéns upphov. Du lämnar in idén och följer den som idégivare.',
  openMessage: 'Öppna meddelandet',
  'placeholder.title': 'Kort, så att andra förstår vad idén handlar om',
  'placeholder.need': 'Vad fungerar inte i dag, eller vad saknas?',
  'placeholder.idea': 'Hur skulle det kunna lösas?',
  'placeholder.department': 'T.ex. Socialförvaltningen',
  'field.share': 'Visa ett kort i konversationen om att idén är skickad',
  submit: 'Skicka idén',
  'error.summary': 'Något behöver rättas innan idén kan skickas – se markeringarna nedan. Inget har sparats ännu.',
  imageOnly:
    'Meddelandet innehåller bara bilder eller filer, och en idé behöver text. Välj Gör till idé på ett meddelande med text, eller skriv idén i chatten med Idéslussen.',
  empty:
    'Meddelandet har ingen text som kan bli en idé. Välj Gör till idé på ett meddelande med text, eller skriv idén i chatten med Idéslussen.',
  tooLong:
    'Meddelandet är för långt för en idé ({length} tecken, högst {limit}). Skriv en kortare sammanfattning i chatten med Idéslussen, eller välj Gör till idé i meddelandefältet och klistra in det viktigaste.',
  unknownCommand:
    'Idéslussen känner inte igen det här kommandot. Appen kan behöva uppdateras – be den som sköter Teams-apparna i din kommun.',
  notSaved: 'Idén kunde inte sparas just nu, så inget har skickats. Försök igen om en stund.',
  notOpened: 'Formuläret kunde inte öppnas just nu. Försök igen om en stund.',
  staleForm: 'Formuläret är inte längre giltigt, så inget har sparats. Stäng det och välj Gör till idé igen.',
  sent: 'Tack! Idé #{number} är skickad till {sluice}. Du följer den under Mina idéer i Idéslussen.',
  'shared.heading': 'Idé #{number} skickad till Idéslussen',
  'shared.byline': 'Lämnad av {giver} · {stage}',
} as const;

export type ExtensionStringKey = keyof typeof sv;

const en: Record<ExtensionStringKey, string> = {
  taskTitle: 'Save as idea',
  'heading.message': 'Turn the message into an idea',
  'heading.compose': 'Hand in an idea',
  intro: 'Add what is missing and send. An idea coach receives the idea and gets in touch with you.',
  source: 'From a message by {author}',
  sourceUnknown: 'From a message in Teams',
  origin: '{author} wrote the message and is credited as the originator of the idea. You hand it in and follow it as the idea-giver.',
  openMessage: 'Open the message',
  'placeholder.title': 'Short, so that others see what the idea is about',
  'placeholder.need': 'What does not work today, or what is missing?',
  'placeholder.idea': 'How could it be solved?',
  'placeholder.department': 'E.g. Social Services',
  'field.share': 'Show a card in the conversation saying the idea was sent',
  submit: 'Send the idea',
  'error.summary': 'Something needs fixing before the idea can be sent – see the marked fields below. Nothing has been saved yet.',
  imageOnly:
    'The message only holds pictures or files, and an idea needs text. Choose Save as idea on a message with text, or write the idea in your chat with Idéslussen.',
  empty:
    'The message has no text that could become an idea. Choose Save as idea on a message with text, or write the idea in your chat with Idéslussen.',
  tooLong:
    'The message is too long for an idea ({length} characters, at most {limit}). Write a shorter summary in your chat with Idéslussen, or choose Save as idea in the message box and paste the essentials.',
  unknownCommand:
    'Idéslussen does not recognise this command. The app may need an update – please ask whoever manages Teams apps in your municipality.',
  notSaved: 'The idea could not be saved just now, so nothing was sent. Please try again in a moment.',
  notOpened: 'The form could not be opened just now. Please try again in a moment.',
  staleForm: 'This form is no longer valid, so nothing was saved. Please close it and choose Save as idea again.',
  sent: 'Thank you! Idea #{number} was sent to {sluice}. You can follow it under My ideas in Idéslussen.',
  'shared.heading': 'Idea #{number} sent to Idéslussen',
  'shared.byline': 'Handed in by {giver} · {stage}',
};

/** Looks up a message-extension string in the locale and fills its `{placeholders}`. */
export const mt: Translate<ExtensionStringKey> = translator<ExtensionStringKey>({ sv, en });
