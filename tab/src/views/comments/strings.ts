import type { Locale } from '../../../../bot/src/api/contracts';
import { useUi } from '../../context';

/** The texts of "Kommentarer" in the idea panel, in Swedish (the default) and English. */
const sv = {
  heading: 'Kommentarer',
  none: 'Inga kommentarer än. Skriv den första!',
  loadFailed: 'Kommentarerna kunde inte hämtas just nu.',
  retry: 'Försök igen',
  newComment: 'Ny kommentar',
  write: 'Skriv en kommentar',
  writeHint: 'Alla i idéslussen kan läsa kommentarer. Högst 2 000 tecken.',
  asNote: 'Intern anteckning – syns bara för idécoacher och administratörer',
  send: 'Skicka',
  sending: 'Skickar…',
  count: (n: number) => `${n} av 2 000 tecken`,
  empty: 'Skriv något först – bara mellanslag räcker inte.',
  tooLong: 'En kommentar får vara högst 2 000 tecken.',
  tooMany: 'Du har skrivit många kommentarer på kort tid. Vänta en minut och försök igen.',
  windowClosed: 'En kommentar kan bara ändras eller tas bort inom 15 minuter.',
  sent: 'Kommentaren är skickad.',
  noteSent: 'Anteckningen är sparad.',
  edited: 'ändrad',
  note: 'Intern anteckning',
  edit: 'Ändra',
  editLabel: 'Ändra din kommentar',
  save: 'Spara',
  cancel: 'Avbryt',
  saved: 'Ändringen är sparad.',
  remove: 'Ta bort',
  removed: 'Kommentaren är borttagen.',
  hide: 'Dölj',
  hideReason: 'Varför döljs kommentaren?',
  hideReasonHint: 'Alla ser skälet i stället för kommentaren. Den finns kvar i idéns allmänna handling.',
  hideSubmit: 'Dölj kommentaren',
  hidden: 'Kommentaren är dold.',
  hiddenBy: (name: string, reason: string) => `Dold av ${name}: ${reason}`,
  hiddenText: 'Den dolda texten (syns bara för idécoacher):',
  reasonEmpty: 'Skriv ett skäl.',
  editUntil: (time: string) => `Du kan ändra eller ta bort den till ${time}.`,
};

export type CommentStrings = typeof sv;

const en: CommentStrings = {
  heading: 'Comments',
  none: 'No comments yet. Write the first!',
  loadFailed: 'The comments could not be loaded just now.',
  retry: 'Try again',
  newComment: 'New comment',
  write: 'Write a comment',
  writeHint: 'Everyone in the idea sluice can read comments. At most 2,000 characters.',
  asNote: 'Internal note – only idea coaches and admins see it',
  send: 'Send',
  sending: 'Sending…',
  count: (n: number) => `${n} of 2,000 characters`,
  empty: 'Write something first – spaces alone are not enough.',
  tooLong: 'A comment can be at most 2,000 characters.',
  tooMany: 'You have written many comments in a short time. Wait a minute and try again.',
  windowClosed: 'A comment can only be changed or deleted within 15 minutes.',
  sent: 'The comment is sent.',
  noteSent: 'The note is saved.',
  edited: 'edited',
  note: 'Internal note',
  edit: 'Edit',
  editLabel: 'Edit your comment',
  save: 'Save',
  cancel: 'Cancel',
  saved: 'The change is saved.',
  remove: 'Delete',
  removed: 'The comment is deleted.',
  hide: 'Hide',
  hideReason: 'Why is the comment hidden?',
  hideReasonHint: "Everyone sees the reason instead of the comment. It stays in the idea's public record.",
  hideSubmit: 'Hide the comment',
  hidden: 'The comment is hidden.',
  hiddenBy: (name: string, reason: string) => `Hidden by ${name}: ${reason}`,
  hiddenText: 'The hidden text (only idea coaches see it):',
  reasonEmpty: 'Write a reason.',
  editUntil: (time: string) => `You can edit or delete it until ${time}.`,
};

const STRINGS: Readonly<Record<Locale, CommentStrings>> = { sv, en };

/** The comment texts in the tab's language, and the shared ones. */
export function useCommentStrings(): { c: CommentStrings } & ReturnType<typeof useUi> {
  const ui = useUi();
  return { ...ui, c: STRINGS[ui.locale] };
}
