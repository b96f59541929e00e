import { translator, type Translate } from '../strings';

/** What reminders, escalations, absence and digests say, in Swedish and English. */
const sv = {
  'wait.line': 'Har väntat {waited} arbetsdagar (gräns {limit})',
  'overdue.label': 'Försenad',
  'overdue.value': '{over} arbetsdagar över gränsen ({waited} av {limit})',
  'remind.coach': 'Påminnelse: {line}. Ta gärna idén vidare i dag.',
  'remind.cover': 'Påminnelse: {line}. {coach} är borta, så du täcker upp.',
  'escalate.notice': 'Eskalering: {line}. Ansvarig idécoach är {coach}.',
  'escalate.role.backup': 'Du är reservcoach för idén.',
  'escalate.role.admin': 'Du får det här som administratör av idéslussen.',
  'giver.reminder':
    'Hej! Idécoachen undrar fortfarande över din idé #{number} "{title}". Frågan har väntat {waited} arbetsdagar. Svara när du kan – det räcker med några rader.',
  'coach.giverReminded':
    '{giver} har inte svarat på din fråga om idé #{number} "{title}" på {waited} arbetsdagar (gräns {limit}). Jag har påmint dem en gång.',
  'away.set':
    'Okej! Du är borta till och med {lastDay}. Nya idéer går till andra idécoacher och {backup} täcker upp för dina. Det slutar av sig självt {until}.',
  'away.noBackup': 'ingen annan idécoach (administratörerna får påminnelserna)',
  'away.ended': 'Välkommen tillbaka! Du får nya idéer igen.',
  'away.unreadable': 'Jag förstod inte datumet. Skriv till exempel **borta till 10 januari** eller **borta till 2027-01-10**.',
  'away.past': 'Det datumet har redan varit. Skriv dagen du är tillbaka, till exempel **borta till 10 januari**.',
  'away.tooFar': 'Du kan vara borta högst ett år framåt. Skriv ett tidigare datum.',
  'away.notCoach': 'Bara idécoacher kan säga att de är borta. Du är inte idécoach i {sluice}.',
  'away.busy': 'Någon ändrade idéslussen samtidigt. Skriv samma sak en gång till.',
  'subscribe.done': 'Den här kanalen får nu "Vad hände med våra idéer?" en gång i månaden.',
  'subscribe.already': 'Den här kanalen prenumererar redan på månadens sammanfattning.',
  'subscribe.ended': 'Den här kanalen får inte längre månadens sammanfattning.',
  'subscribe.notChannel': 'Prenumerera i en kanal i ett team: nämn **@Idéslussen prenumerera** där.',
  'subscribe.noSluice': 'Det här teamet hör inte till någon idésluss än.',
  'covers.line': '{coach} är borta till {until}; {backup} täcker upp.',
} as const;

export type ReminderStringKey = keyof typeof sv;

const en: Record<ReminderStringKey, string> = {
  'wait.line': 'Has waited {waited} working days (limit {limit})',
  'overdue.label': 'Overdue',
  'overdue.value': '{over} working days past the limit ({waited} of {limit})',
  'remind.coach': 'Reminder: {line}. Please move the idea on today.',
  'remind.cover': 'Reminder: {line}. {coach} is away, so you are covering.',
  'escalate.notice': 'Escalation: {line}. The responsible coach is {coach}.',
  'escalate.role.backup': 'You are the backup coach of this idea.',
  'escalate.role.admin': 'You get this as an admin of the idea sluice.',
  'giver.reminder':
    'Hello! The idea coach is still wondering about your idea #{number} "{title}". The question has waited {waited} working days. Answer when you can – a few lines will do.',
  'coach.giverReminded':
    '{giver} has not answered your question about idea #{number} "{title}" in {waited} working days (limit {limit}). I have reminded them once.',
  'away.set':
    'OK! You are away up to and including {lastDay}. New ideas go to other coaches and {backup} covers yours. It ends by itself on {until}.',
  'away.noBackup': 'no other coach (the admins get the reminders)',
  'away.ended': 'Welcome back! You get new ideas again.',
  'away.unreadable': 'I did not understand the date. Write for example **away until 10 January** or **away until 2027-01-10**.',
  'away.past': 'That date has already passed. Write the day you are back, for example **away until 10 January**.',
  'away.tooFar': 'You can be away at most a year ahead. Write an earlier date.',
  'away.notCoach': 'Only idea coaches can say they are away. You are not a coach in {sluice}.',
  'away.busy': 'Someone changed the idea sluice at the same time. Please write the same again.',
  'subscribe.done': 'This channel now gets "What happened to our ideas?" once a month.',
  'subscribe.already': 'This channel already gets the monthly summary.',
  'subscribe.ended': 'This channel no longer gets the monthly summary.',
  'subscribe.notChannel': 'Subscribe in a team channel: mention **@Idéslussen subscribe** there.',
  'subscribe.noSluice': 'This team does not belong to an idea sluice yet.',
  'covers.line': '{coach} is away until {until}; {backup} is covering.',
};

export const rt: Translate<ReminderStringKey> = translator<ReminderStringKey>({ sv, en });
