import type { Locale } from '../../../../bot/src/api/contracts';
import type { ImportProblemBody, SettingsProblemBody } from '../../../../bot/src/api/admin-schemas';

/** The Administration view's texts, Swedish first; loaded with the view. */
const sv = {
  title: 'Administration',
  intro: (sluice: string) => `Här ändrar du inställningarna för ${sluice}. Varje ändring sparas i ändringsloggen.`,
  loadingSettings: 'Hämtar inställningarna…',
  forbidden: 'Bara administratörer av slussen kan se administrationen.',
  settingsTitle: 'Inställningar',
  sluiceName: 'Slussens namn',
  coachesTitle: 'Idécoacher',
  coachesHint: 'En idé från en kommun går först till den kommunens idécoacher, i tur och ordning.',
  coachId: 'Entra-id (objekt-id)',
  coachName: 'Namn',
  coachMunicipality: 'Kommun',
  wholeSluice: 'Hela slussen',
  removeCoach: (n: number) => `Ta bort idécoach ${n}`,
  addCoach: 'Lägg till idécoach',
  findCoach: 'Sök en person att lägga till som idécoach',
  noCoaches: 'Inga idécoacher än.',
  backupCoach: 'Reservcoach',
  backupHint: 'Får idéerna när en idécoach är borta eller inte går att nå.',
  noBackup: 'Ingen reservcoach',
  coachLabel: (n: number, name?: string) => (name ? name : `Idécoach ${n}`),
  recordsTitle: 'Diarium',
  recordsHint:
    'Varje idé som lämnas in är en allmän handling och får ett diarienummer, till exempel IDÉ 2026/42. Registratorer och arkivarier kan läsa varje idés handling och ändringsloggen men inte ändra något.',
  recordPrefix: 'Prefix för diarienummer',
  recordPrefixHint: 'Till exempel IDÉ eller KS. Nya idéer får prefixet, året och nästa nummer.',
  registratorId: (n: number) => `Registrator eller arkivarie ${n}, Entra-id`,
  removeRegistrator: (n: number) => `Ta bort registrator ${n}`,
  addRegistrator: 'Lägg till registrator eller arkivarie',
  findRegistrator: 'Sök en person att lägga till som registrator eller arkivarie',
  adminsTitle: 'Administratörer',
  adminId: (n: number) => `Administratör ${n}, Entra-id`,
  removeAdmin: (n: number) => `Ta bort administratör ${n}`,
  addAdmin: 'Lägg till administratör',
  findAdmin: 'Sök en person att lägga till som administratör',
  departmentsTitle: 'Förvaltningar',
  departmentsHint:
    'Boten erbjuder förvaltningarna när någon lämnar en idé. Andra stavningar (t.ex. ”IFO” eller ”soc.”) hittar rätt förvaltning.',
  departmentName: 'Namn',
  aliases: 'Andra stavningar (skilj med kommatecken)',
  removeDepartment: (n: number) => `Ta bort förvaltning ${n}`,
  addDepartment: 'Lägg till förvaltning',
  noDepartments: 'Inga förvaltningar än.',
  stageLabelsTitle: 'Namn på stegen',
  stageLabelsHint: 'Lämna tomt för standardnamnet. Stegen själva går inte att ändra.',
  stageColumn: 'Steg',
  swedish: 'Svenska',
  english: 'Engelska',
  labelFor: (stage: string, language: string) => `${stage}, ${language}`,
  municipalitiesTitle: 'Kommuner i slussen',
  municipalitiesHint:
    'En organisation (Microsoft 365-klientorganisation) kan bara höra till en sluss. En ny kommun kan använda appen direkt när den lagts till.',
  tenantId: 'Klientorganisationens id (tenant id)',
  municipalityName: 'Namn',
  employees: 'Antal anställda',
  removeMunicipality: (n: number) => `Ta bort kommun ${n}`,
  addMunicipality: 'Lägg till kommun',
  remindersTitle: 'Påminnelser',
  remindersHint:
    'Hur många arbetsdagar en idé får vänta i varje steg innan idécoachen påminns (och efter hälften till så länge reservcoachen och administratörerna). Lämna tomt för standardvärdet.',
  limit: {
    submitted: 'Inkommen: tills en idécoach tar idén',
    screening: 'Idésamtal',
    testing: 'Testas',
    implementing: 'Införs',
    infoAnswer: 'Idégivarens svar på en fråga',
  } as Record<string, string>,
  closedDaysTitle: 'Stängda dagar',
  closedDaysHint: 'Perioder då slussen är stängd utöver helger och helgdagar, till exempel juli. De räknas inte som arbetsdagar.',
  closedFrom: 'Från och med',
  closedTo: 'Till och med',
  closedLabel: (n: number) => `Stängd period ${n}`,
  removeClosed: (n: number) => `Ta bort stängd period ${n}`,
  addClosed: 'Lägg till stängd period',
  coachChannel: 'Kanal för idécoacherna',
  coachChannelSet: (name: string) => `Nya idéer läggs upp i ${name}.`,
  coachChannelUnnamed: 'Nya idéer läggs upp i en kanal.',
  coachChannelNone: 'Ingen kanal är vald.',
  coachChannelHint: 'Kanalen väljs i Teams: en idécoach skriver ”@Idéslussen koppla coachkanal” i kanalen.',
  onboardingContact: 'Kontakt för nya organisationer',
  onboardingContactHint: 'Den som används i en organisation som inte hör till någon sluss får veta att hen ska kontakta:',
  onboardingContactNone: 'Ingen kontakt är angiven (ONBOARDING_CONTACT).',
  save: 'Spara ändringar',
  saving: 'Sparar…',
  undo: 'Ångra ändringarna',
  saved: 'Ändringarna är sparade.',
  noChanges: 'Inga ändringar att spara.',
  invalid: (n: number) => (n === 1 ? 'Ett fält behöver rättas. Inget sparades.' : `${n} fält behöver rättas. Inget sparades.`),
  stale: 'Någon annan ändrade inställningarna medan du redigerade. Nu visas de aktuella värdena – gör om din ändring och spara igen.',
  unsaved: 'Du har ändringar som inte är sparade.',
  notValid: 'Värdet är inte giltigt.',
  problem: (p: SettingsProblemBody): string => {
    switch (p.code) {
      case 'required':
        return 'Fältet får inte vara tomt.';
      case 'notGuid':
        return 'Ska vara ett Entra-id, till exempel 3f2504e0-4f89-41d3-9a0c-0305e82c3301.';
      case 'tooLong':
        return `Högst ${p.limit ?? 0} tecken.`;
      case 'tooMany':
        return `Högst ${p.limit ?? 0} stycken.`;
      case 'duplicate':
        return 'Finns redan i listan.';
      case 'unknownMunicipality':
        return 'Kommunen finns inte bland slussens kommuner.';
      case 'tenantInOtherSluice':
        return `Hör redan till slussen ”${p.other ?? ''}”. En organisation kan bara höra till en sluss.`;
      case 'notACoach':
        return 'Reservcoachen måste vara en av idécoacherna.';
      case 'noAdmin':
        return 'Slussen måste ha minst en administratör.';
      case 'notANumber':
        return `Ska vara ett heltal, högst ${p.limit ?? 0}.`;
      case 'badDate':
        return 'Ska vara ett riktigt datum (ÅÅÅÅ-MM-DD).';
      case 'endsBeforeStart':
        return 'Slutar innan den börjar.';
      case 'periodTooLong':
        return `Får vara högst ${p.limit ?? 0} dagar lång.`;
      case 'badPrefix':
        return 'Bara bokstäver, siffror, mellanslag, ”-” och ”.” (inget ”/”), och det ska börja med en bokstav eller siffra.';
    }
  },
  // The audit log
  auditTitle: 'Ändringslogg',
  auditHint:
    'Vem gjorde vad och när: ändrade inställningar (med värdena före och efter), importer, lästa allmänna handlingar, utlämnade och avidentifierade personuppgifter, synkade idécoacher och gallring. Loggen kan inte ändras.',
  auditEmpty: 'Inga ändringar än.',
  auditMore: 'Visa äldre',
  auditWhen: 'När',
  auditWho: 'Vem',
  auditWhat: 'Vad',
  auditBefore: 'Före',
  auditAfter: 'Efter',
  auditDetails: 'Visa före och efter',
  // The import
  importTitle: 'Importera idéer',
  importHint:
    'Ladda upp en CSV-fil (UTF-8, komma eller semikolon) med kolumnerna title, need, idea, department och giverName, och gärna municipality, giverEmail, submittedAt och stage. Du ser först en förhandsvisning; inget sparas förrän du bekräftar. Samma fil två gånger skapar inget nytt.',
  importFile: 'CSV-fil',
  preview: 'Förhandsgranska',
  previewing: 'Läser filen…',
  previewSummary: (total: number, fresh: number, existing: number) =>
    `${total === 1 ? '1 rad' : `${total} rader`}: ${fresh} nya idéer, ${existing} fanns redan.`,
  previewProblems: (n: number) =>
    n === 1
      ? 'En rad har problem. Rätta filen och försök igen; inget har sparats.'
      : `${n} problem. Rätta filen och försök igen; inget har sparats.`,
  problemsTitle: 'Problem i filen',
  row: 'Rad',
  field: 'Kolumn',
  problemColumn: 'Problem',
  sampleTitle: (n: number) => `De första ${n} raderna som de skulle sparas`,
  sampleStatus: { new: 'ny', existing: 'finns redan' },
  title_: 'Titel',
  giver: 'Idégivare',
  department: 'Förvaltning',
  stage: 'Steg',
  submitted: 'Inkom',
  status: 'Status',
  confirmImport: (n: number) => (n === 1 ? 'Importera 1 idé' : `Importera ${n} idéer`),
  importing: 'Importerar…',
  nothingNew: 'Alla idéer i filen finns redan. Inget att importera.',
  imported: (n: number) => (n === 1 ? '1 idé importerades.' : `${n} idéer importerades.`),
  showOnBoard: 'Visa på idétavlan',
  importProblem: (p: ImportProblemBody): string => {
    switch (p.code) {
      case 'notCsv':
        return p.detail === 'encoding' ? 'Filen är inte UTF-8-text.' : 'Filen är inte en CSV-fil.';
      case 'tooLarge':
        return `Filen är större än ${(p.limit ?? 0) / 1024 / 1024} MiB. Dela upp den i mindre filer.`;
      case 'tooManyRows':
        return `Filen har fler än ${p.limit ?? 0} rader. Dela upp den.`;
      case 'empty':
        return 'Filen innehåller inga idéer.';
      case 'missingColumn':
        return `Rubrikraden saknar kolumnen ”${p.field ?? ''}”.`;
      case 'duplicateColumn':
        return `Rubrikraden har ”${p.field ?? ''}” två gånger.`;
      case 'required':
        return 'Tomt.';
      case 'tooShort':
        return `Minst ${p.limit ?? 0} tecken.`;
      case 'tooLong':
        return `Högst ${p.limit ?? 0} tecken.`;
      case 'unknownMunicipality':
        return `”${p.detail ?? ''}” är inte en av slussens kommuner.`;
      case 'unknownStage':
        return `”${p.detail ?? ''}” är inget steg.`;
      case 'badDate':
        return `”${p.detail ?? ''}” är inget datum bakåt i tiden (ÅÅÅÅ-MM-DD).`;
      case 'badEmail':
        return 'Ingen e-postadress.';
      case 'wrongColumnCount':
        return `Har ${p.detail ?? ''} fält, rubrikraden ${p.limit ?? 0}.`;
      case 'duplicateRow':
        return `Samma idé som rad ${p.detail ?? ''}.`;
    }
  },
};

export type AdminStrings = typeof sv;

const en: AdminStrings = {
  title: 'Administration',
  intro: (sluice) => `Change the settings of ${sluice} here. Every change is kept in the change log.`,
  loadingSettings: 'Loading the settings…',
  forbidden: 'Only the admins of the sluice can see the administration.',
  settingsTitle: 'Settings',
  sluiceName: 'Name of the sluice',
  coachesTitle: 'Idea coaches',
  coachesHint: "An idea from a municipality goes to that municipality's coaches first, in turn.",
  coachId: 'Entra id (object id)',
  coachName: 'Name',
  coachMunicipality: 'Municipality',
  wholeSluice: 'The whole sluice',
  removeCoach: (n) => `Remove idea coach ${n}`,
  addCoach: 'Add idea coach',
  findCoach: 'Search for a person to add as idea coach',
  noCoaches: 'No idea coaches yet.',
  backupCoach: 'Backup coach',
  backupHint: 'Gets the ideas when a coach is away or cannot be reached.',
  noBackup: 'No backup coach',
  coachLabel: (n, name) => (name ? name : `Idea coach ${n}`),
  recordsTitle: 'Records',
  recordsHint:
    'Every idea handed in is a public record and gets a reference, such as IDÉ 2026/42. Registrators and archivists can read every idea’s record and the change log but change nothing.',
  recordPrefix: 'Prefix of record references',
  recordPrefixHint: 'For example IDÉ or KS. New ideas get the prefix, the year and the next number.',
  registratorId: (n) => `Registrator or archivist ${n}, Entra id`,
  removeRegistrator: (n) => `Remove registrator ${n}`,
  addRegistrator: 'Add registrator or archivist',
  findRegistrator: 'Search for a person to add as registrator or archivist',
  adminsTitle: 'Admins',
  adminId: (n) => `Admin ${n}, Entra id`,
  removeAdmin: (n) => `Remove admin ${n}`,
  addAdmin: 'Add admin',
  findAdmin: 'Search for a person to add as admin',
  departmentsTitle: 'Departments',
  departmentsHint:
    'The bot offers the departments when someone hands in an idea. Other spellings (e.g. "IFO" or "soc.") find the right department.',
  departmentName: 'Name',
  aliases: 'Other spellings (separate with commas)',
  removeDepartment: (n) => `Remove department ${n}`,
  addDepartment: 'Add department',
  noDepartments: 'No departments yet.',
  stageLabelsTitle: 'Stage names',
  stageLabelsHint: 'Leave empty for the default name. The stages themselves cannot change.',
  stageColumn: 'Stage',
  swedish: 'Swedish',
  english: 'English',
  labelFor: (stage, language) => `${stage}, ${language}`,
  municipalitiesTitle: 'Municipalities in the sluice',
  municipalitiesHint:
    'An organisation (Microsoft 365 tenant) can belong to one sluice only. A new municipality can use the app as soon as it is added.',
  tenantId: 'Tenant id',
  municipalityName: 'Name',
  employees: 'Number of employees',
  removeMunicipality: (n) => `Remove municipality ${n}`,
  addMunicipality: 'Add municipality',
  remindersTitle: 'Reminders',
  remindersHint:
    'How many working days an idea may wait in each stage before its coach is reminded (and after half as long again, the backup coach and the admins). Leave empty for the default.',
  limit: {
    submitted: 'Submitted: until a coach takes the idea',
    screening: 'First talk',
    testing: 'Being tested',
    implementing: 'Being implemented',
    infoAnswer: "The giver's answer to a question",
  },
  closedDaysTitle: 'Closed days',
  closedDaysHint: 'Periods the sluice is closed besides weekends and public holidays, e.g. July. They do not count as working days.',
  closedFrom: 'From',
  closedTo: 'To (included)',
  closedLabel: (n) => `Closed period ${n}`,
  removeClosed: (n) => `Remove closed period ${n}`,
  addClosed: 'Add closed period',
  coachChannel: "The coaches' channel",
  coachChannelSet: (name) => `New ideas are posted in ${name}.`,
  coachChannelUnnamed: 'New ideas are posted in a channel.',
  coachChannelNone: 'No channel is chosen.',
  coachChannelHint: 'The channel is chosen in Teams: a coach writes "@Idéslussen set coach channel" in the channel.',
  onboardingContact: 'Contact for new organisations',
  onboardingContactHint: 'Someone in an organisation that belongs to no sluice is told to contact:',
  onboardingContactNone: 'No contact is set (ONBOARDING_CONTACT).',
  save: 'Save changes',
  saving: 'Saving…',
  undo: 'Undo the changes',
  saved: 'The changes are saved.',
  noChanges: 'No changes to save.',
  invalid: (n) => (n === 1 ? 'One field needs correcting. Nothing was saved.' : `${n} fields need correcting. Nothing was saved.`),
  stale: 'Someone else changed the settings while you were editing. The current values are shown now – make your change again and save.',
  unsaved: 'You have changes that are not saved.',
  notValid: 'The value is not valid.',
  problem: (p) => {
    switch (p.code) {
      case 'required':
        return 'This field must not be empty.';
      case 'notGuid':
        return 'Must be an Entra id, such as 3f2504e0-4f89-41d3-9a0c-0305e82c3301.';
      case 'tooLong':
        return `At most ${p.limit ?? 0} characters.`;
      case 'tooMany':
        return `At most ${p.limit ?? 0} entries.`;
      case 'duplicate':
        return 'Is already in the list.';
      case 'unknownMunicipality':
        return 'Is not one of the municipalities of the sluice.';
      case 'tenantInOtherSluice':
        return `Already belongs to the sluice "${p.other ?? ''}". An organisation can belong to one sluice only.`;
      case 'notACoach':
        return 'The backup coach must be one of the idea coaches.';
      case 'noAdmin':
        return 'The sluice must have at least one admin.';
      case 'notANumber':
        return `Must be a whole number, at most ${p.limit ?? 0}.`;
      case 'badDate':
        return 'Must be a real date (YYYY-MM-DD).';
      case 'endsBeforeStart':
        return 'Ends before it starts.';
      case 'periodTooLong':
        return `May be at most ${p.limit ?? 0} days long.`;
      case 'badPrefix':
        return 'Only letters, digits, spaces, "-" and "." (no "/"), starting with a letter or digit.';
    }
  },
  auditTitle: 'Change log',
  auditHint:
    'Who did what and when: settings changed (with the values before and after), imports, public records read, personal data exported or anonymised, idea coaches synced and retention. The log cannot be changed.',
  auditEmpty: 'No changes yet.',
  auditMore: 'Show older',
  auditWhen: 'When',
  auditWho: 'Who',
  auditWhat: 'What',
  auditBefore: 'Before',
  auditAfter: 'After',
  auditDetails: 'Show before and after',
  importTitle: 'Import ideas',
  importHint:
    'Upload a CSV file (UTF-8, comma or semicolon) with the columns title, need, idea, department and giverName, and optionally municipality, giverEmail, submittedAt and stage. You see a preview first; nothing is stored until you confirm. The same file twice creates nothing new.',
  importFile: 'CSV file',
  preview: 'Preview',
  previewing: 'Reading the file…',
  previewSummary: (total, fresh, existing) => `${total === 1 ? '1 row' : `${total} rows`}: ${fresh} new ideas, ${existing} already there.`,
  previewProblems: (n) =>
    n === 1
      ? 'One problem. Correct the file and try again; nothing has been stored.'
      : `${n} problems. Correct the file and try again; nothing has been stored.`,
  problemsTitle: 'Problems in the file',
  row: 'Row',
  field: 'Column',
  problemColumn: 'Problem',
  sampleTitle: (n) => `The first ${n} rows as they would be stored`,
  sampleStatus: { new: 'new', existing: 'already there' },
  title_: 'Title',
  giver: 'Idea giver',
  department: 'Department',
  stage: 'Stage',
  submitted: 'Submitted',
  status: 'Status',
  confirmImport: (n) => (n === 1 ? 'Import 1 idea' : `Import ${n} ideas`),
  importing: 'Importing…',
  nothingNew: 'Every idea in the file is already there. Nothing to import.',
  imported: (n) => (n === 1 ? '1 idea was imported.' : `${n} ideas were imported.`),
  showOnBoard: 'Show on the idea board',
  importProblem: (p) => {
    switch (p.code) {
      case 'notCsv':
        return p.detail === 'encoding' ? 'The file is not UTF-8 text.' : 'The file is not a CSV file.';
      case 'tooLarge':
        return `The file is larger than ${(p.limit ?? 0) / 1024 / 1024} MiB. Split it into smaller files.`;
      case 'tooManyRows':
        return `The file has more than ${p.limit ?? 0} rows. Split it.`;
      case 'empty':
        return 'The file has no ideas.';
      case 'missingColumn':
        return `The header row has no "${p.field ?? ''}" column.`;
      case 'duplicateColumn':
        return `The header row has "${p.field ?? ''}" twice.`;
      case 'required':
        return 'Empty.';
      case 'tooShort':
        return `At least ${p.limit ?? 0} characters.`;
      case 'tooLong':
        return `At most ${p.limit ?? 0} characters.`;
      case 'unknownMunicipality':
        return `"${p.detail ?? ''}" is not one of the municipalities of the sluice.`;
      case 'unknownStage':
        return `"${p.detail ?? ''}" is not a stage.`;
      case 'badDate':
        return `"${p.detail ?? ''}" is not a date in the past (YYYY-MM-DD).`;
      case 'badEmail':
        return 'Not an e-mail address.';
      case 'wrongColumnCount':
        return `Has ${p.detail ?? ''} fields, the header ${p.limit ?? 0}.`;
      case 'duplicateRow':
        return `The same idea as row ${p.detail ?? ''}.`;
    }
  },
};

export const ADMIN_STRINGS: Readonly<Record<Locale, AdminStrings>> = { sv, en };
