import type { Locale } from '../../../../bot/src/api/contracts';
import { useUi } from '../../context';

/**
 * The texts of the giver's side of the tab (the "Lämna en idé" form and the giver's actions in
 * the idea panel), in Swedish (the default) and English. Kept beside the views that use them, so
 * the giver's screens are loaded — words and all — only when they are opened.
 */
const sv = {
  formTitle: 'Lämna en idé',
  formIntro: 'Beskriv din idé – det tar ett par minuter. En idécoach tar hand om den och du kan följa den här och i chatten.',
  publicRecord:
    'Idéer är allmänna handlingar i kommunen och inte anonyma: ditt namn står med idén och den kan lämnas ut om någon begär det.',
  title: 'Rubrik',
  titleHint: 'Kort, 3–120 tecken.',
  need: 'Vilket behov eller problem ser du?',
  needHint: 'Högst 2 000 tecken.',
  idea: 'Vad är din idé?',
  ideaHint: 'Högst 4 000 tecken.',
  beneficiaries: 'Vem har nytta av idén?',
  beneficiariesHint: 'Välj en eller flera.',
  department: 'Förvaltning eller bolag',
  departmentHint: 'Välj i listan eller skriv – en förkortning räcker.',
  send: 'Skicka in idén',
  sending: 'Skickar…',
  fixFields: 'Något behöver rättas innan idén kan skickas – se fälten nedan.',
  sent: (n: number) => `Tack! Din idé är inskickad som #${n}. Du får en bekräftelse i chatten med Idéslussen.`,
  similarWhileWriting: 'Liknande idéer som redan finns',
  similarHint: 'Kanske kan du gå ihop med någon av dem?',
  // The giver's actions in the panel
  giverActions: 'Din idé',
  answer: 'Svara på frågan',
  yourAnswer: 'Ditt svar till idécoachen',
  sendAnswer: 'Skicka svaret',
  answered: 'Ditt svar är skickat till idécoachen.',
  edit: 'Ändra idén',
  saveEdit: 'Spara ändringarna',
  edited: 'Idén är ändrad.',
  nothingChanged: 'Du har inte ändrat något.',
  withdraw: 'Dra tillbaka idén',
  withdrawConfirm: 'Vill du dra tillbaka idén? Den avslutas och idécoachen får veta det. Det går inte att ångra här.',
  withdrawReason: 'Varför? (valfritt)',
  confirmWithdraw: 'Ja, dra tillbaka idén',
  withdrawn: 'Idén är tillbakadragen.',
  rate: 'Ge ditt omdöme',
  rateQuestion: (stage: string) => `Hur nöjd är du med hur din idé har tagits om hand, nu när den gick till ${stage}?`,
  stars: (n: number) => `${n} av 5`,
  rateLow: '1 = inte alls nöjd',
  rateHigh: '5 = mycket nöjd',
  rateComment: 'Något du vill säga? (valfritt)',
  sendRating: 'Skicka omdömet',
  rated: 'Tack för ditt omdöme!',
  // What went wrong
  stale: 'Någon ändrade idén medan du skrev. Här är det senaste läget – titta och försök igen. Din text finns kvar.',
  questionClosed: 'Frågan är redan besvarad, eller så har idécoachen ställt en ny. Här är det senaste läget.',
  alreadyRated: 'Du har redan gett ditt omdöme om det här beslutet.',
  notAllowedNow: 'Det går inte längre i idéns nuvarande steg. Här är det senaste läget.',
  notYours: 'Bara den som lämnade in idén kan göra det här.',
  pickRating: 'Välj ett omdöme från 1 till 5.',
  chooseOne: 'Välj minst en.',
};

export type GiverStrings = typeof sv;

const en: GiverStrings = {
  formTitle: 'Hand in an idea',
  formIntro:
    'Describe your idea – it takes a couple of minutes. An idea coach takes care of it and you can follow it here and in the chat.',
  publicRecord:
    'Ideas are public records in the municipality and not anonymous: your name is on the idea and it can be disclosed if someone asks for it.',
  title: 'Title',
  titleHint: 'Short, 3–120 characters.',
  need: 'What need or problem do you see?',
  needHint: 'At most 2,000 characters.',
  idea: 'What is your idea?',
  ideaHint: 'At most 4,000 characters.',
  beneficiaries: 'Who benefits from the idea?',
  beneficiariesHint: 'Choose one or more.',
  department: 'Department or company',
  departmentHint: 'Choose from the list or type – an abbreviation will do.',
  send: 'Hand in the idea',
  sending: 'Sending…',
  fixFields: 'Something needs fixing before the idea can be handed in – see the fields below.',
  sent: (n) => `Thank you! Your idea is handed in as #${n}. You get a confirmation in the chat with Idéslussen.`,
  similarWhileWriting: 'Similar ideas that already exist',
  similarHint: 'Perhaps you could join up with one of them?',
  giverActions: 'Your idea',
  answer: 'Answer the question',
  yourAnswer: 'Your answer to the idea coach',
  sendAnswer: 'Send the answer',
  answered: 'Your answer was sent to the idea coach.',
  edit: 'Edit the idea',
  saveEdit: 'Save the changes',
  edited: 'The idea is changed.',
  nothingChanged: 'You have not changed anything.',
  withdraw: 'Withdraw the idea',
  withdrawConfirm: 'Do you want to withdraw the idea? It is closed and the idea coach is told. This cannot be undone here.',
  withdrawReason: 'Why? (optional)',
  confirmWithdraw: 'Yes, withdraw the idea',
  withdrawn: 'The idea is withdrawn.',
  rate: 'Give your rating',
  rateQuestion: (stage) => `How satisfied are you with how your idea has been handled, now that it went to ${stage}?`,
  stars: (n) => `${n} of 5`,
  rateLow: '1 = not at all satisfied',
  rateHigh: '5 = very satisfied',
  rateComment: 'Anything you want to say? (optional)',
  sendRating: 'Send the rating',
  rated: 'Thank you for your rating!',
  stale: 'Someone changed the idea while you were writing. This is how it is now – have a look and try again. Your text is kept.',
  questionClosed: 'The question was answered already, or the idea coach asked a new one. This is how it is now.',
  alreadyRated: 'You have rated this decision already.',
  notAllowedNow: 'That is no longer possible in the idea’s current stage. This is how it is now.',
  notYours: 'Only the person who handed in the idea can do this.',
  pickRating: 'Choose a rating from 1 to 5.',
  chooseOne: 'Choose at least one.',
};

const GIVER_STRINGS: Readonly<Record<Locale, GiverStrings>> = { sv, en };

/** The giver's texts in the tab's language, and the shared ones. */
export function useGiverStrings(): { g: GiverStrings } & ReturnType<typeof useUi> {
  const ui = useUi();
  return { ...ui, g: GIVER_STRINGS[ui.locale] };
}
