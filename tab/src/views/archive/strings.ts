import type { Locale } from '../../../../bot/src/api/contracts';

/** Texts of Arkiv, the registrator's way in; Swedish first. */
const sv = {
  intro:
    'För registratorer, arkivarier och administratörer: öppna en idé som allmän handling, se vad som har gallrats och kontrollera att ingen historik har ändrats. Varje öppnad handling skrivs i granskningsloggen.',
  notAllowed: 'Arkivet är för idéslussens administratörer och registratorer.',
  findTitle: 'Öppna en allmän handling',
  findHint: 'Skriv diarienumret (IDÉ 2026/42) eller idénumret (42).',
  findLabel: 'Diarienummer eller idénummer',
  find: 'Öppna',
  finding: 'Söker…',
  invalid: 'Skriv ett idénummer (42) eller ett diarienummer (IDÉ 2026/42).',
  none: (q: string) => `Ingen idé i idéslussen har numret eller diarienumret ${q}.`,
  removed: (what: string, day: string, rule: string, decision: string) =>
    `${what} finns inte längre: idén gallrades ${day} enligt regeln för ${rule} (${decision}).`,
  ruleName: { closed: 'Avslutad', done: 'Införd', audit: 'granskningsloggen', drafts: 'utkast' } as Record<string, string>,
};

export type ArchiveStrings = typeof sv;

const en: ArchiveStrings = {
  intro:
    'For registrators, archivists and admins: open an idea as a public record, see what has been removed under the retention rules and check that no history has been changed. Every record opened is written to the audit log.',
  notAllowed: "The archive is for the sluice's admins and registrators.",
  findTitle: 'Open a public record',
  findHint: 'Type the record reference (IDÉ 2026/42) or the idea number (42).',
  findLabel: 'Record reference or idea number',
  find: 'Open',
  finding: 'Searching…',
  invalid: 'Type an idea number (42) or a record reference (IDÉ 2026/42).',
  none: (q) => `No idea of the sluice has the number or reference ${q}.`,
  removed: (what, day, rule, decision) =>
    `${what} is no longer there: the idea was removed on ${day} under the rule for ${rule} (${decision}).`,
  ruleName: { closed: 'Closed', done: 'Implemented', audit: 'the audit log', drafts: 'drafts' },
};

export const ARCHIVE_STRINGS: Record<Locale, ArchiveStrings> = { sv, en };
