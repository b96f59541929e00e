import { translator, type Translate } from '../strings';

/**
 * What the cards' "Kommentera" and the hourly comment notice say, in Swedish (the default) and
 * English. Values are inserted as given: callers escape user text for markdown first.
 */
const sv = {
  'action.comment': 'Kommentera',
  'action.commentLabel': 'Din kommentar',
  'action.commentHint': 'Alla i idéslussen kan läsa kommentarer.',
  'action.commentRequired': 'Skriv en kommentar.',
  'action.commentSubmit': 'Skicka kommentaren',
  saved: 'Din kommentar är sparad. Alla i idéslussen kan läsa den under Kommentarer i fliken.',
  empty: 'Kommentaren måste innehålla text. Skriv något och skicka igen.',
  tooLong: 'En kommentar får vara högst {limit} tecken. Korta den gärna och skicka igen.',
  tooMany: 'Du har skrivit många kommentarer på kort tid. Vänta {seconds} sekunder och försök igen.',
  'notice.heading': 'Nya kommentarer på idé #{number}',
  'notice.intro.one': '1 ny kommentar den senaste timmen:',
  'notice.intro.many': '{count} nya kommentarer den senaste timmen:',
  'notice.by': '{author}, {time}',
  'notice.footer': 'Läs dem och svara under Kommentarer i idépanelen i Idéslussens flik.',
} as const;

export type CommentStringKey = keyof typeof sv;

const en: Record<CommentStringKey, string> = {
  'action.comment': 'Comment',
  'action.commentLabel': 'Your comment',
  'action.commentHint': 'Everyone in the idea sluice can read comments.',
  'action.commentRequired': 'Write a comment.',
  'action.commentSubmit': 'Send the comment',
  saved: 'Your comment is saved. Everyone in the idea sluice can read it under Comments in the tab.',
  empty: 'A comment needs some text. Write something and send it again.',
  tooLong: 'A comment can be at most {limit} characters. Please shorten it and send it again.',
  tooMany: 'You have written many comments in a short time. Wait {seconds} seconds and try again.',
  'notice.heading': 'New comments on idea #{number}',
  'notice.intro.one': '1 new comment in the last hour:',
  'notice.intro.many': '{count} new comments in the last hour:',
  'notice.by': '{author}, {time}',
  'notice.footer': 'Read and answer them under Comments in the idea panel of the Idéslussen tab.',
};

/** Looks up a comment string in the locale and fills its `{placeholders}`. */
export const commentText: Translate<CommentStringKey> = translator<CommentStringKey>({ sv, en });
