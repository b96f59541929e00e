import type { Locale } from '../../../../bot/src/api/contracts';

/** The statements' texts, Swedish first; loaded with the views. */
const sv = {
  // Tillgänglighetsredogörelse (lagen om tillgänglighet till digital offentlig service, DOS-lagen).
  a11yIntro:
    'Kommunen står bakom Idéslussen och vill att så många som möjligt ska kunna använda den. Här beskriver vi hur Idéslussen uppfyller lagen (2018:1937) om tillgänglighet till digital offentlig service, kända brister och hur du kan rapportera problem.',
  a11yStatusHeading: 'Hur tillgänglig är tjänsten?',
  a11yStatus:
    'Idéslussen är delvis förenlig med lagen om tillgänglighet till digital offentlig service, på grund av de brister som beskrivs nedan. Målet är nivå AA i WCAG 2.1.',
  a11yWorksHeading: 'Det här fungerar',
  a11yWorks: [
    'Fliken följer Teams ljusa, mörka och högkontrasttema.',
    'Allt kan göras med tangentbordet, och fokus syns.',
    'Rubriker, landmärken och formulärfält är märkta för skärmläsare; ändringar meddelas.',
    'Fliken fungerar på en skärm som är 320 pixlar bred och när texten förstoras.',
    'Allt som går att göra i chatten går också att göra i fliken, och tvärtom.',
  ],
  a11yGapsHeading: 'Kända brister',
  a11yGaps: [
    'Diagrammen i Statistik har en tabell med samma siffror, men diagrammen själva kan inte läsas av en skärmläsare.',
    'Adaptiva kort i chatten visas av Teams; hur de läses upp beror på Teams-klienten.',
    'Idéernas texter skrivs av medarbetare och kan sakna struktur som rubriker och listor.',
  ],
  a11yReportHeading: 'Rapportera brister',
  a11yReport: (name: string, contact: string) =>
    `Om du upptäcker problem som inte beskrivs här, eller behöver innehåll i ett annat format, kontakta ${name}: ${contact}. Beskriv vad du försökte göra och vad som inte fungerade.`,
  a11yReportNoContact:
    'Om du upptäcker problem som inte beskrivs här, eller behöver innehåll i ett annat format, kontakta kommunen via dess växel eller webbplats. Beskriv vad du försökte göra och vad som inte fungerade.',
  a11yDiggHeading: 'Tillsyn',
  a11yDigg:
    'Myndigheten för digital förvaltning (Digg) ansvarar för tillsynen över lagen om tillgänglighet till digital offentlig service. Om du inte är nöjd med hur vi hanterar dina synpunkter kan du anmäla det till Digg.',
  a11yDiggLink: 'Anmäl till Digg (digg.se)',
  a11yTestedHeading: 'Hur vi testat tjänsten',
  a11yTested:
    'Varje vy testas automatiskt med axe i alla tre teman och i 320 pixlars bredd, och med tangentbordet. Redogörelsen uppdateras när tjänsten ändras.',
  // How personal data is processed.
  privacyIntro: (sluice: string) => `Så här behandlas dina personuppgifter när du använder Idéslussen (${sluice}).`,
  controllerHeading: 'Personuppgiftsansvarig',
  controller: (name: string, contact: string) => `${name}. Kontakt: ${contact}.`,
  dpo: (contact: string) => `Dataskyddsombud: ${contact}.`,
  noController:
    'Personuppgiftsansvarig är den kommun som tagit emot idén. Administratören har ännu inte angett namn och kontaktuppgifter här.',
  municipalities: (names: string) => `Kommuner i idéslussen: ${names}.`,
  basisHeading: 'Rättslig grund',
  basis:
    'Uppgifterna behandlas för att utföra en uppgift av allmänt intresse (artikel 6.1 e i dataskyddsförordningen): kommunens arbete med att ta tillvara och utveckla medarbetarnas idéer. En idé som lämnas in är en allmän handling, och arkivlagen styr hur länge den bevaras.',
  storedHeading: 'Vilka uppgifter sparas',
  stored: [
    'Ditt namn, ditt id i kommunens katalog och din förvaltning, när du lämnar en idé.',
    'Det du skriver: idén, svar på frågor, kommentarer, omdömen, stöd och erbjudanden om hjälp.',
    'Idéns historik: vem som gjorde vad och när, med skäl.',
    'Det som behövs för att chatten ska kunna nå dig och för att fortsätta ett påbörjat utkast.',
    'En logg över vem som läst eller lämnat ut uppgifter (granskningsloggen).',
  ],
  notAnonymous: 'Idéer lämnas inte anonymt: de är allmänna handlingar och kan lämnas ut efter sekretessprövning.',
  retentionHeading: 'Hur länge uppgifterna sparas',
  rule: (stage: string, action: string, decision: string) => `${stage}: ${action} (${decision})`,
  actionKeep: 'bevaras',
  actionDelete: (years: number, stage: string) => `gallras ${years} år efter att idén blev ${stage.toLowerCase()}`,
  actionRemove: (years: number, stage: string) =>
    `personuppgifterna tas bort ${years} år efter att idén blev ${stage.toLowerCase()}, resten bevaras`,
  otherKept: 'Idéer i andra steg, och i ett steg utan regel, bevaras.',
  stageDone: 'Införd',
  stageClosed: 'Avslutad',
  noRules: 'Inga gallringsregler är satta: ingenting gallras förrän kommunen beslutat om det.',
  auditRule: (years: number | undefined, decision: string) =>
    years === undefined ? `Granskningsloggen: bevaras (${decision})` : `Granskningsloggen: gallras efter ${years} år (${decision})`,
  drafts: (days: number) => `Utkast som aldrig lämnades in är arbetsmaterial och tas bort efter ${days} dagar.`,
  rightsHeading: 'Dina rättigheter',
  openMyData: 'Se dina uppgifter under Mina uppgifter',
  rights: [
    'Du har rätt att få veta vilka uppgifter som finns om dig (registerutdrag). Under Mina uppgifter ser du själv allt som finns sparat om dig och kan ladda ned det, och i chatten räcker det att skriva mina uppgifter till Idéslussen. Du kan också be slussens administratör eller registrator om ett utdrag. Varje utdrag loggas.',
    'Du har rätt att få felaktiga uppgifter rättade, och att begära att uppgifter raderas eller begränsas där lagen tillåter det. Allmänna handlingar får bara gallras enligt ett gallringsbeslut.',
    'Du kan invända mot behandlingen. Kontakta den personuppgiftsansvariga.',
    'Du kan klaga hos Integritetsskyddsmyndigheten (IMY).',
  ],
};

export type StatementStrings = typeof sv;

const en: StatementStrings = {
  a11yIntro:
    'The municipality is behind Idéslussen and wants as many people as possible to be able to use it. This statement describes how Idéslussen complies with the Swedish act (2018:1937) on accessibility of digital public services, its known gaps and how to report a problem.',
  a11yStatusHeading: 'How accessible is the service?',
  a11yStatus: 'Idéslussen partially complies with the act, because of the gaps described below. The goal is WCAG 2.1 level AA.',
  a11yWorksHeading: 'What works',
  a11yWorks: [
    "The tab follows Teams' light, dark and high-contrast themes.",
    'Everything can be done with the keyboard, and focus is visible.',
    'Headings, landmarks and form fields are labelled for screen readers; changes are announced.',
    'The tab works on a screen 320 pixels wide and with enlarged text.',
    'What can be done in the chat can also be done in the tab, and the other way round.',
  ],
  a11yGapsHeading: 'Known gaps',
  a11yGaps: [
    'The charts in Statistics have a table with the same figures, but the charts themselves cannot be read by a screen reader.',
    'Adaptive Cards in the chat are shown by Teams; how they are read aloud depends on the Teams client.',
    'The texts of ideas are written by staff and may lack structure such as headings and lists.',
  ],
  a11yReportHeading: 'Report a problem',
  a11yReport: (name: string, contact: string) =>
    `If you find a problem not described here, or need content in another format, contact ${name}: ${contact}. Say what you tried to do and what did not work.`,
  a11yReportNoContact:
    'If you find a problem not described here, or need content in another format, contact the municipality through its switchboard or website. Say what you tried to do and what did not work.',
  a11yDiggHeading: 'Supervision',
  a11yDigg:
    'The Agency for Digital Government (Digg) supervises the act on accessibility of digital public services. If you are not satisfied with how we handle your report, you can report it to Digg.',
  a11yDiggLink: 'Report to Digg (digg.se)',
  a11yTestedHeading: 'How we tested the service',
  a11yTested:
    'Every view is tested automatically with axe in all three themes and at 320 pixels wide, and with the keyboard. The statement is updated when the service changes.',
  privacyIntro: (sluice: string) => `How your personal data is processed when you use Idéslussen (${sluice}).`,
  controllerHeading: 'Controller',
  controller: (name: string, contact: string) => `${name}. Contact: ${contact}.`,
  dpo: (contact: string) => `Data protection officer: ${contact}.`,
  noController:
    'The controller is the municipality that received the idea. The administrator has not yet given its name and contact details here.',
  municipalities: (names: string) => `Municipalities of the sluice: ${names}.`,
  basisHeading: 'Legal basis',
  basis:
    "The data is processed to perform a task in the public interest (Article 6(1)(e) GDPR): the municipality's work with its staff's ideas. An idea handed in is a public record, and the archives act decides how long it is kept.",
  storedHeading: 'What is stored',
  stored: [
    "Your name, your id in the municipality's directory and your department, when you hand in an idea.",
    'What you write: the idea, answers to questions, comments, ratings, supports and offers of help.',
    "The idea's history: who did what and when, with reasons.",
    'What the chat needs to reach you and to continue a draft you started.',
    'A log of who read or handed out data (the audit log).',
  ],
  notAnonymous: 'Ideas are not anonymous: they are public records and can be handed out after a secrecy review.',
  retentionHeading: 'How long data is kept',
  rule: (stage: string, action: string, decision: string) => `${stage}: ${action} (${decision})`,
  actionKeep: 'kept',
  actionDelete: (years: number, stage: string) => `removed ${years} years after the idea became ${stage.toLowerCase()}`,
  actionRemove: (years: number, stage: string) =>
    `personal data removed ${years} years after the idea became ${stage.toLowerCase()}, the rest kept`,
  otherKept: 'Ideas in other stages, and in a stage without a rule, are kept.',
  stageDone: 'Implemented',
  stageClosed: 'Closed',
  noRules: 'No retention rules are set: nothing is removed until the municipality has decided so.',
  auditRule: (years: number | undefined, decision: string) =>
    years === undefined ? `The audit log: kept (${decision})` : `The audit log: removed after ${years} years (${decision})`,
  drafts: (days: number) => `Drafts never handed in are working material and are removed after ${days} days.`,
  rightsHeading: 'Your rights',
  openMyData: 'See your data under My data',
  rights: [
    'You have the right to know what data is held about you. Under My data you see everything stored about you yourself and can download it, and in chat it is enough to write my data to Idéslussen. You can also ask the sluice’s admin or registrator for an extract. Every extract is logged.',
    'You have the right to have wrong data corrected, and to ask for erasure or restriction where the law allows. Public records may only be removed under a retention decision.',
    'You can object to the processing. Contact the controller.',
    'You can complain to the Swedish Authority for Privacy Protection (IMY).',
  ],
};

export const STATEMENT_STRINGS: Record<Locale, StatementStrings> = { sv, en };
