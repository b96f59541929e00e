import type { AuditEventBody, SluiceSettingsResponse } from '../../../../bot/src/api/admin-schemas';
import type { Locale } from '../../../../bot/src/api/contracts';
import { COACH_GROUP_STRINGS } from './coach-group-strings';

/**
 * One readable line per audit-log entry, for every action the server writes (`AUDIT_ACTIONS`):
 * who did what is in the columns beside it, the line says what happened in the person's language.
 * A record over the action type, so an action added on the server fails the tab's type check until
 * it has a line here in both languages (and `tests/tab/audit-lines.test.ts` fails too).
 */
type Action = AuditEventBody['action'];
type SettingKey = keyof SluiceSettingsResponse['settings'];
type Line = (event: AuditEventBody) => string;

const SETTING_NAMES: Record<Locale, Partial<Record<SettingKey, string>>> = {
  sv: {
    name: 'namnet',
    coaches: 'idécoacherna',
    coachGroups: 'idécoachgrupperna',
    backupCoachId: 'reservcoachen',
    admins: 'administratörerna',
    registrators: 'registratorerna',
    recordPrefix: 'diarieprefixet',
    departments: 'förvaltningarna',
    stageLabels: 'stegens namn',
    municipalities: 'kommunerna',
    reminders: 'påminnelserna',
    retention: 'gallringsreglerna',
    criteria: 'bedömningskriterierna',
    dataController: 'personuppgiftsansvarig',
  },
  en: {
    name: 'the name',
    coaches: 'the idea coaches',
    coachGroups: 'the idea coach groups',
    backupCoachId: 'the backup coach',
    admins: 'the admins',
    registrators: 'the registrators',
    recordPrefix: 'the record prefix',
    departments: 'the departments',
    stageLabels: 'the stage names',
    municipalities: 'the municipalities',
    reminders: 'the reminders',
    retention: 'the retention rules',
    criteria: 'the evaluation criteria',
    dataController: 'the data controller',
  },
};

const RULES: Record<Locale, Record<string, string>> = {
  sv: { closed: 'Avslutad', done: 'Införd', audit: 'granskningsloggen', drafts: 'utkast' },
  en: { closed: 'Closed', done: 'Implemented', audit: 'the audit log', drafts: 'drafts' },
};

const plural = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`;
const names = (list: readonly { id: string; name: string }[] | undefined): string[] => (list ?? []).map((p) => p.name || p.id);
const fieldsOf = (e: AuditEventBody, locale: Locale): string =>
  (e.changed ?? []).map((f) => SETTING_NAMES[locale][f as SettingKey] ?? f).join(', ');
const ideaOf = (e: AuditEventBody): string => e.idea?.reference ?? (e.idea ? `#${e.idea.number}` : '');
const subjectOf = (e: AuditEventBody): string => e.personalData?.subject ?? '';
const counted = (e: AuditEventBody, action: 'anonymised' | 'deleted'): number =>
  (e.personalData?.counts ?? []).filter((c) => c.action === action).reduce((sum, c) => sum + c.count, 0);

const sv: Record<Action, Line> = {
  'sluice.updated': (e) => `Ändrade ${fieldsOf(e, 'sv') || 'inställningarna'}`,
  'ideas.imported': (e) => {
    const created = e.import?.created ?? 0;
    const existing = e.import?.existing ?? 0;
    return `Importerade ${plural(created, 'idé', 'idéer')}${existing > 0 ? ` (${existing} fanns redan)` : ''}`;
  },
  'link.requested': (e) =>
    e.link?.state === 'invited' ? `${e.link.sluiceName} bad om en länk` : `Bad ${e.link?.sluiceName ?? ''} om en länk`,
  'link.accepted': (e) => `Länken med ${e.link?.sluiceName ?? ''} godkändes`,
  'link.removed': (e) => `Länken med ${e.link?.sluiceName ?? ''} togs bort`,
  'record.viewed': (e) => `Läste ${ideaOf(e)} som allmän handling`,
  'coaches.synced': (e) =>
    COACH_GROUP_STRINGS.sv.audit(names(e.coaches?.added), names(e.coaches?.removed), e.coaches?.named.length ?? 0) ||
    'Synkade idécoacherna med Entra-grupperna',
  'personalData.exported': (e) => `Tog ut sina egna uppgifter (${plural(e.personalData?.items ?? 0, 'post', 'poster')})`,
  'personalData.exportedFor': (e) =>
    `Tog ut uppgifterna om person ${subjectOf(e)} (${plural(e.personalData?.items ?? 0, 'post', 'poster')}), skäl: ${e.personalData?.reason ?? ''}`,
  'person.anonymised': (e) =>
    `Avidentifierade person ${subjectOf(e)} (uppgifter avidentifierade: ${counted(e, 'anonymised')}, borttagna: ${counted(e, 'deleted')}), rättslig grund: ${e.personalData?.basis ?? ''}`,
  'gallring.applied': (e) => {
    const g = e.gallring;
    const n = g?.count ?? 0;
    const what =
      g?.action === 'delete'
        ? `${plural(n, 'idé', 'idéer')} gallrades`
        : g?.action === 'removePersonalData'
          ? `personuppgifterna togs bort ur ${plural(n, 'idé', 'idéer')}`
          : g?.action === 'deleteAuditEntries'
            ? `${plural(n, 'post', 'poster')} gallrades ur granskningsloggen`
            : `${n} utkast gallrades`;
    return `Gallring enligt regeln för ${RULES.sv[g?.rule ?? ''] ?? g?.rule ?? ''}: ${what}`;
  },
  'scores.rescoreFailed': (e) =>
    `Poängen kunde inte räknas om efter de ändrade bedömningskriterierna, så idéerna har kvar sina tidigare poäng (${e.rescore?.error ?? 'okänt fel'}). Nästa ändring av kriterierna räknar om alla; driften hittar felet i loggen.`,
};

const en: Record<Action, Line> = {
  'sluice.updated': (e) => `Changed ${fieldsOf(e, 'en') || 'the settings'}`,
  'ideas.imported': (e) => {
    const created = e.import?.created ?? 0;
    const existing = e.import?.existing ?? 0;
    return `Imported ${plural(created, 'idea', 'ideas')}${existing > 0 ? ` (${existing} already there)` : ''}`;
  },
  'link.requested': (e) =>
    e.link?.state === 'invited' ? `${e.link.sluiceName} asked for a link` : `Asked ${e.link?.sluiceName ?? ''} for a link`,
  'link.accepted': (e) => `The link with ${e.link?.sluiceName ?? ''} was accepted`,
  'link.removed': (e) => `The link with ${e.link?.sluiceName ?? ''} was removed`,
  'record.viewed': (e) => `Read ${ideaOf(e)} as a public record`,
  'coaches.synced': (e) =>
    COACH_GROUP_STRINGS.en.audit(names(e.coaches?.added), names(e.coaches?.removed), e.coaches?.named.length ?? 0) ||
    'Synced the idea coaches with the Entra groups',
  'personalData.exported': (e) => `Exported their own data (${plural(e.personalData?.items ?? 0, 'item', 'items')})`,
  'personalData.exportedFor': (e) =>
    `Exported the data of person ${subjectOf(e)} (${plural(e.personalData?.items ?? 0, 'item', 'items')}), reason: ${e.personalData?.reason ?? ''}`,
  'person.anonymised': (e) =>
    `Anonymised person ${subjectOf(e)} (items anonymised: ${counted(e, 'anonymised')}, deleted: ${counted(e, 'deleted')}), legal basis: ${e.personalData?.basis ?? ''}`,
  'gallring.applied': (e) => {
    const g = e.gallring;
    const n = g?.count ?? 0;
    const what =
      g?.action === 'delete'
        ? `${plural(n, 'idea', 'ideas')} removed`
        : g?.action === 'removePersonalData'
          ? `personal data removed from ${plural(n, 'idea', 'ideas')}`
          : g?.action === 'deleteAuditEntries'
            ? `${plural(n, 'entry', 'entries')} removed from the audit log`
            : `${plural(n, 'draft', 'drafts')} removed`;
    return `Retention under the rule for ${RULES.en[g?.rule ?? ''] ?? g?.rule ?? ''}: ${what}`;
  },
  'scores.rescoreFailed': (e) =>
    `The scores could not be recalculated after the change of the evaluation criteria, so the ideas keep their earlier scores (${e.rescore?.error ?? 'unknown error'}). The next change of the criteria recalculates them all; operations find the error in the log.`,
};

export const AUDIT_LINES: Record<Locale, Record<Action, Line>> = { sv, en };

/** The entry's line in the person's language. */
export function auditLine(event: AuditEventBody, locale: Locale): string {
  return AUDIT_LINES[locale][event.action](event);
}
