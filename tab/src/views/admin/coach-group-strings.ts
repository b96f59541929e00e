import type { Locale } from '../../../../bot/src/api/contracts';

/** Texts of the coach groups part of the Administration view (coaches from Entra groups). */
const sv = {
  title: 'Idécoacher från Entra-grupper',
  hint: 'Medlemmarna i gruppen (även i grupper inuti den) blir idécoacher, och den som lämnar gruppen slutar vara idécoach. Synkas varje timme. Idécoacher du lagt till själv påverkas inte.',
  off: 'Katalogen (Microsoft Graph) är inte påslagen på den här servern: grupperna sparas men synkas inte.',
  none: 'Inga grupper.',
  groupId: 'Gruppens objekt-id i Entra',
  tenant: 'Gruppen finns i',
  forMunicipality: 'Medlemmarna är kommunens egna idécoacher',
  add: 'Lägg till grupp',
  remove: (n: number) => `Ta bort grupp ${n}`,
  label: (n: number) => `Grupp ${n}`,
  fromGroup: 'Från Entra-grupp',
  sync: 'Synka nu',
  syncing: 'Synkar…',
  saveFirst: 'Spara ändringarna innan du synkar.',
  synced: (added: number, removed: number, named: number) =>
    added + removed + named === 0
      ? 'Idécoacherna stämmer redan med grupperna.'
      : `Synkat: ${added} tillagda, ${removed} borttagna, ${named} fick namn från katalogen.`,
  unavailable: (n: number) =>
    n === 1
      ? 'En grupp gick inte att läsa just nu; dess idécoacher är kvar. Försök igen om en stund.'
      : `${n} grupper gick inte att läsa just nu; deras idécoacher är kvar. Försök igen om en stund.`,
  audit: (added: readonly string[], removed: readonly string[], named: number) =>
    [
      added.length > 0 ? `Nya idécoacher från grupp: ${added.join(', ')}` : '',
      removed.length > 0 ? `Inte längre idécoacher: ${removed.join(', ')}` : '',
      named > 0 ? `${named} idécoacher fick namn från katalogen` : '',
    ]
      .filter(Boolean)
      .join('. ') || 'Synkade idécoacherna med katalogen',
};

export type CoachGroupStrings = typeof sv;

const en: CoachGroupStrings = {
  title: 'Idea coaches from Entra groups',
  hint: 'The members of the group (also of groups inside it) become idea coaches, and whoever leaves the group stops being one. Synced every hour. Idea coaches you added yourself are not affected.',
  off: 'The directory (Microsoft Graph) is not on for this server: the groups are saved but not synced.',
  none: 'No groups.',
  groupId: "The group's object id in Entra",
  tenant: 'The group is in',
  forMunicipality: "The members are the municipality's own idea coaches",
  add: 'Add group',
  remove: (n) => `Remove group ${n}`,
  label: (n) => `Group ${n}`,
  fromGroup: 'From an Entra group',
  sync: 'Sync now',
  syncing: 'Syncing…',
  saveFirst: 'Save your changes before syncing.',
  synced: (added, removed, named) =>
    added + removed + named === 0
      ? 'The idea coaches already match the groups.'
      : `Synced: ${added} added, ${removed} removed, ${named} named from the directory.`,
  unavailable: (n) =>
    n === 1
      ? 'One group could not be read just now; its idea coaches stay. Try again in a while.'
      : `${n} groups could not be read just now; their idea coaches stay. Try again in a while.`,
  audit: (added, removed, named) =>
    [
      added.length > 0 ? `New idea coaches from a group: ${added.join(', ')}` : '',
      removed.length > 0 ? `No longer idea coaches: ${removed.join(', ')}` : '',
      named > 0 ? `${named} idea coaches named from the directory` : '',
    ]
      .filter(Boolean)
      .join('. ') || 'Synced the idea coaches with the directory',
};

export const COACH_GROUP_STRINGS: Readonly<Record<Locale, CoachGroupStrings>> = { sv, en };
