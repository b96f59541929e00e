import { cleanText } from '../idea';
import { checkReminderSettings, MAX_CLOSED_PERIOD_DAYS, type ReminderSettings } from '../reminders/settings';
import { RECORD_PREFIX_PATTERN, recordPrefixOf } from '../record';
import type { Sluice } from '../sluice';
import { STAGES, type Locale, type Stage } from '../stages';
import { checkRetention, type RetentionSettings } from '../retention/rules';
import type { DataController } from '../sluice';
import { checkCriteria, cleanCriteria, type Criterion, type CriterionInput } from '../scoring/criteria';
import { normaliseDepartment, type Department } from './departments';

/**
 * What an admin edits in the Administration view. The coach channel, the idea counter and the
 * round-robin position are not settings: they are set by the app as it is used.
 */
export interface SluiceSettings {
  readonly name: string;
  /** Coaches in round-robin order; `tenantId` is the municipality a coach serves first. */
  readonly coaches: readonly {
    readonly id: string;
    readonly name?: string;
    readonly tenantId?: string;
    /** The Entra group the coach comes from (set by the directory sync; ignored when saving). */
    readonly fromGroup?: string;
  }[];
  /**
   * Entra groups whose transitive members are coaches, synced from the directory: one for the
   * sluice, or one per member municipality (`forMunicipality`: its members serve that
   * municipality first). Left out: kept.
   */
  readonly coachGroups?: readonly { readonly groupId: string; readonly tenantId: string; readonly forMunicipality?: boolean }[];
  /** Gets the ideas of a coach who cannot be reached or is away. */
  readonly backupCoachId?: string;
  /** Entra object ids of the process owners. */
  readonly admins: readonly string[];
  /** Entra object ids of the registrators and archivists (read records and the audit log). Left out: kept. */
  readonly registrators?: readonly string[];
  /** Prefix of the record references (`IDÉ` gives `IDÉ 2026/42`). Left out: kept. */
  readonly recordPrefix?: string;
  readonly departments: readonly Department[];
  /** Label overrides per locale; a missing stage shows its default label. */
  readonly stageLabels: Readonly<Record<Locale, Readonly<Partial<Record<Stage, string>>>>>;
  /** Member municipalities: a tenant belongs to at most one sluice. */
  readonly municipalities: readonly { readonly tenantId: string; readonly name: string; readonly employees?: number }[];
  /**
   * Limits in working days per stage and for a giver's answer, and the sluice's closed days.
   * Left out, the sluice keeps what it has; a limit left out of `limits` is the default.
   */
  readonly reminders?: ReminderSettings;
  /** Retention rules per end state and the audit log's rule. Left out: kept. */
  readonly retention?: RetentionSettings;
  /** Evaluation criteria (name, description, weight 1–10; each scored 1–5). Left out: kept. */
  readonly criteria?: readonly (Criterion | CriterionInput)[];
  /** The controller of the personal data, for the privacy page. Left out: kept. */
  readonly dataController?: DataController;
}

/** Limits of the settings, shared by the API's validation and the view. */
export const SETTINGS_LIMITS = {
  name: 80,
  personName: 100,
  department: 120,
  alias: 60,
  aliasesPerDepartment: 20,
  departments: 300,
  coaches: 200,
  coachGroups: 20,
  admins: 50,
  registrators: 50,
  recordPrefix: 12,
  municipalities: 100,
  stageLabel: 40,
  employees: 1_000_000,
  closedPeriods: 50,
  controllerText: 200,
} as const;

/** Why a setting was refused; the view words each one in the user's language. */
export const SETTINGS_PROBLEMS = [
  'required',
  'notGuid',
  'tooLong',
  'tooMany',
  'duplicate',
  'unknownMunicipality',
  'tenantInOtherSluice',
  'notACoach',
  'noAdmin',
  'notANumber',
  'badDate',
  'endsBeforeStart',
  'periodTooLong',
  'badPrefix',
] as const;
export type SettingsProblemCode = (typeof SETTINGS_PROBLEMS)[number];

/** One refused setting. `field` is a path such as `coaches.2.id` or `stageLabels.sv.testing`. */
export interface SettingsProblem {
  readonly field: string;
  readonly code: SettingsProblemCode;
  readonly limit?: number;
  /** The other sluice a tenant already belongs to (`tenantInOtherSluice`). */
  readonly other?: string;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isGuid(value: string): boolean {
  return GUID.test(value);
}

/** The settings of a sluice as the view shows them. */
export function settingsOf(sluice: Sluice): SluiceSettings {
  const aliases = sluice.departmentAliases ?? {};
  const employees = sluice.municipalityEmployees ?? {};
  return {
    name: sluice.name,
    coaches: sluice.coaches.map((c) => ({
      id: c.id,
      ...(c.name ? { name: c.name } : {}),
      ...(c.tenantId ? { tenantId: c.tenantId } : {}),
      ...(c.fromGroup ? { fromGroup: c.fromGroup } : {}),
    })),
    coachGroups: (sluice.coachGroups ?? []).map((g) => ({
      groupId: g.groupId,
      tenantId: g.tenantId,
      ...(g.forMunicipality ? { forMunicipality: true } : {}),
    })),
    ...(sluice.backupCoachId ? { backupCoachId: sluice.backupCoachId } : {}),
    admins: [...sluice.admins],
    registrators: [...(sluice.registrators ?? [])],
    recordPrefix: recordPrefixOf(sluice),
    departments: sluice.departments.map((name) => ({ name, aliases: [...(aliases[name] ?? [])] })),
    stageLabels: { sv: { ...sluice.stageLabels.sv }, en: { ...sluice.stageLabels.en } },
    municipalities: sluice.tenantIds.map((tenantId) => ({
      tenantId,
      // A seeded sluice has no municipality names yet; the sluice's own name is the best guess.
      name: sluice.municipalities[tenantId] ?? sluice.name,
      ...(employees[tenantId] !== undefined ? { employees: employees[tenantId] } : {}),
    })),
    reminders: {
      limits: { ...(sluice.reminders?.limits ?? {}) },
      closedDays: (sluice.reminders?.closedDays ?? []).map((p) => ({ from: p.from, to: p.to })),
    },
    retention: {
      rules: (sluice.retention?.rules ?? []).map((r) => ({ ...r })),
      ...(sluice.retention?.audit ? { audit: { ...sluice.retention.audit } } : {}),
    },
    criteria: (sluice.criteria ?? []).map((c) => ({ ...c })),
    ...(sluice.dataController ? { dataController: { ...sluice.dataController } } : {}),
  };
}

/** Trims every text and leaves out empty labels and aliases, so the stored settings are clean. */
export function cleanSettings(input: SluiceSettings): SluiceSettings {
  const labels = (l: Readonly<Partial<Record<Stage, string>>> | undefined): Partial<Record<Stage, string>> =>
    Object.fromEntries(
      STAGES.flatMap((s) => {
        const v = cleanText(l?.[s] ?? '');
        return v ? [[s, v]] : [];
      }),
    );
  return {
    name: cleanText(input.name),
    coaches: input.coaches.map((c) => {
      const name = cleanText(c.name ?? '');
      return {
        id: c.id.trim().toLowerCase(),
        ...(name ? { name } : {}),
        ...(c.tenantId ? { tenantId: c.tenantId.trim().toLowerCase() } : {}),
      };
    }),
    ...(input.coachGroups
      ? {
          coachGroups: input.coachGroups.map((g) => ({
            groupId: g.groupId.trim().toLowerCase(),
            tenantId: g.tenantId.trim().toLowerCase(),
            ...(g.forMunicipality ? { forMunicipality: true } : {}),
          })),
        }
      : {}),
    ...(input.backupCoachId?.trim() ? { backupCoachId: input.backupCoachId.trim().toLowerCase() } : {}),
    admins: input.admins.map((a) => a.trim().toLowerCase()),
    ...(input.registrators ? { registrators: input.registrators.map((a) => a.trim().toLowerCase()) } : {}),
    ...(input.recordPrefix !== undefined ? { recordPrefix: cleanText(input.recordPrefix) } : {}),
    departments: input.departments.map((d) => ({
      name: cleanText(d.name),
      aliases: d.aliases.map((a) => cleanText(a)).filter((a) => a.length > 0),
    })),
    stageLabels: { sv: labels(input.stageLabels.sv), en: labels(input.stageLabels.en) },
    municipalities: input.municipalities.map((m) => ({
      tenantId: m.tenantId.trim().toLowerCase(),
      name: cleanText(m.name),
      ...(m.employees !== undefined ? { employees: m.employees } : {}),
    })),
    ...(input.reminders
      ? {
          reminders: {
            ...(input.reminders.limits ? { limits: { ...input.reminders.limits } } : {}),
            ...(input.reminders.closedDays
              ? { closedDays: input.reminders.closedDays.map((p) => ({ from: p.from.trim(), to: p.to.trim() })) }
              : {}),
          },
        }
      : {}),
    ...(input.retention
      ? {
          retention: {
            rules: input.retention.rules.map((r) => ({
              stage: r.stage,
              action: r.action,
              ...(r.years !== undefined && r.action !== 'keep' ? { years: r.years } : {}),
              decision: cleanText(r.decision),
            })),
            ...(input.retention.audit
              ? {
                  audit: {
                    ...(input.retention.audit.years !== undefined ? { years: input.retention.audit.years } : {}),
                    decision: cleanText(input.retention.audit.decision),
                  },
                }
              : {}),
          },
        }
      : {}),
    ...(input.criteria ? { criteria: cleanCriteria(input.criteria) } : {}),
    ...(input.dataController
      ? {
          dataController: {
            name: cleanText(input.dataController.name),
            contact: cleanText(input.dataController.contact),
            ...(input.dataController.dpoContact?.trim() ? { dpoContact: cleanText(input.dataController.dpoContact) } : {}),
          },
        }
      : {}),
  };
}

/** What the check needs to know beyond the settings themselves. */
export interface SettingsContext {
  /** The sluice another tenant already belongs to, if any (other than this one). */
  readonly sluiceOfTenant: (tenantId: string) => { readonly id: string; readonly name: string } | undefined;
}

/**
 * Every problem of a (cleaned) settings value, each naming its field; an empty list means the
 * settings can be stored. Pure: the route, the view's tests and the domain tests share it.
 */
export function checkSettings(settings: SluiceSettings, context: SettingsContext): SettingsProblem[] {
  const problems: SettingsProblem[] = [];
  const add = (field: string, code: SettingsProblemCode, extra: Omit<SettingsProblem, 'field' | 'code'> = {}): void => {
    problems.push({ field, code, ...extra });
  };
  const length = (value: string): number => [...value].length;
  const L = SETTINGS_LIMITS;

  if (!settings.name) add('name', 'required');
  else if (length(settings.name) > L.name) add('name', 'tooLong', { limit: L.name });

  // Member municipalities first: coaches refer to them.
  if (settings.municipalities.length === 0) add('municipalities', 'required');
  if (settings.municipalities.length > L.municipalities) add('municipalities', 'tooMany', { limit: L.municipalities });
  const tenants = new Set<string>();
  settings.municipalities.forEach((m, i) => {
    const at = `municipalities.${i}`;
    if (!isGuid(m.tenantId)) add(`${at}.tenantId`, 'notGuid');
    else if (tenants.has(m.tenantId)) add(`${at}.tenantId`, 'duplicate');
    else {
      tenants.add(m.tenantId);
      const other = context.sluiceOfTenant(m.tenantId);
      if (other) add(`${at}.tenantId`, 'tenantInOtherSluice', { other: other.name });
    }
    if (!m.name) add(`${at}.name`, 'required');
    else if (length(m.name) > L.name) add(`${at}.name`, 'tooLong', { limit: L.name });
    if (m.employees !== undefined && (!Number.isInteger(m.employees) || m.employees < 0 || m.employees > L.employees))
      add(`${at}.employees`, 'notANumber', { limit: L.employees });
  });

  if (settings.coaches.length > L.coaches) add('coaches', 'tooMany', { limit: L.coaches });
  const coaches = new Set<string>();
  settings.coaches.forEach((c, i) => {
    const at = `coaches.${i}`;
    if (!isGuid(c.id)) add(`${at}.id`, 'notGuid');
    else if (coaches.has(c.id)) add(`${at}.id`, 'duplicate');
    else coaches.add(c.id);
    if (c.name && length(c.name) > L.personName) add(`${at}.name`, 'tooLong', { limit: L.personName });
    if (c.tenantId !== undefined && !tenants.has(c.tenantId)) add(`${at}.tenantId`, 'unknownMunicipality');
  });
  if (settings.backupCoachId !== undefined && !coaches.has(settings.backupCoachId)) add('backupCoachId', 'notACoach');

  const groups = settings.coachGroups ?? [];
  if (groups.length > L.coachGroups) add('coachGroups', 'tooMany', { limit: L.coachGroups });
  const groupIds = new Set<string>();
  groups.forEach((g, i) => {
    const at = `coachGroups.${i}`;
    if (!isGuid(g.groupId)) add(`${at}.groupId`, 'notGuid');
    else if (groupIds.has(g.groupId)) add(`${at}.groupId`, 'duplicate');
    else groupIds.add(g.groupId);
    if (!tenants.has(g.tenantId)) add(`${at}.tenantId`, 'unknownMunicipality');
  });

  if (settings.admins.length === 0) add('admins', 'noAdmin');
  if (settings.admins.length > L.admins) add('admins', 'tooMany', { limit: L.admins });
  const admins = new Set<string>();
  settings.admins.forEach((a, i) => {
    if (!isGuid(a)) add(`admins.${i}`, 'notGuid');
    else if (admins.has(a)) add(`admins.${i}`, 'duplicate');
    else admins.add(a);
  });

  const registrators = settings.registrators ?? [];
  if (registrators.length > L.registrators) add('registrators', 'tooMany', { limit: L.registrators });
  const seenRegistrators = new Set<string>();
  registrators.forEach((a, i) => {
    if (!isGuid(a)) add(`registrators.${i}`, 'notGuid');
    else if (seenRegistrators.has(a)) add(`registrators.${i}`, 'duplicate');
    else seenRegistrators.add(a);
  });
  if (settings.recordPrefix !== undefined) {
    if (!settings.recordPrefix) add('recordPrefix', 'required');
    else if (length(settings.recordPrefix) > L.recordPrefix) add('recordPrefix', 'tooLong', { limit: L.recordPrefix });
    else if (!RECORD_PREFIX_PATTERN.test(settings.recordPrefix)) add('recordPrefix', 'badPrefix');
  }

  if (settings.departments.length > L.departments) add('departments', 'tooMany', { limit: L.departments });
  // A name or alias may stand for one department only, or "socialförvaltn." could mean two.
  const spellings = new Map<string, number>();
  settings.departments.forEach((d, i) => {
    const at = `departments.${i}`;
    if (!d.name) add(`${at}.name`, 'required');
    else if (length(d.name) > L.department) add(`${at}.name`, 'tooLong', { limit: L.department });
    else if (spellings.has(normaliseDepartment(d.name))) add(`${at}.name`, 'duplicate');
    else spellings.set(normaliseDepartment(d.name), i);
    if (d.aliases.length > L.aliasesPerDepartment) add(`${at}.aliases`, 'tooMany', { limit: L.aliasesPerDepartment });
    d.aliases.forEach((a, j) => {
      const key = normaliseDepartment(a);
      if (length(a) > L.alias) add(`${at}.aliases.${j}`, 'tooLong', { limit: L.alias });
      else if (spellings.has(key) && spellings.get(key) !== i) add(`${at}.aliases.${j}`, 'duplicate');
      else spellings.set(key, i);
    });
  });

  for (const locale of ['sv', 'en'] as const)
    for (const stage of STAGES) {
      const label = settings.stageLabels[locale][stage];
      if (label !== undefined && length(label) > L.stageLabel) add(`stageLabels.${locale}.${stage}`, 'tooLong', { limit: L.stageLabel });
    }

  for (const p of checkReminderSettings(settings.reminders ?? {}))
    if (p.problem === 'notWholeDays') add(`reminders.${p.field}`, 'notANumber', { limit: p.max });
    else if (p.problem === 'tooLong') add(`reminders.${p.field}`, 'periodTooLong', { limit: MAX_CLOSED_PERIOD_DAYS });
    else add(`reminders.${p.field}`, p.problem);
  if ((settings.reminders?.closedDays?.length ?? 0) > L.closedPeriods) add('reminders.closedDays', 'tooMany', { limit: L.closedPeriods });

  for (const p of checkRetention(settings.retention ?? { rules: [] }))
    add(`retention.${p.field}`, p.code, p.code === 'tooLong' ? { limit: 200 } : p.code === 'notANumber' ? { limit: 100 } : {});
  for (const p of checkCriteria(cleanCriteria(settings.criteria ?? [])))
    add(p.field ? `criteria.${p.field}` : 'criteria', p.code, 'limit' in p ? { limit: p.limit } : {});
  if (settings.dataController) {
    const c = settings.dataController;
    for (const [field, value] of [
      ['name', c.name],
      ['contact', c.contact],
    ] as const)
      if (!value) add(`dataController.${field}`, 'required');
      else if (length(value) > L.controllerText) add(`dataController.${field}`, 'tooLong', { limit: L.controllerText });
    if (c.dpoContact && length(c.dpoContact) > L.controllerText) add('dataController.dpoContact', 'tooLong', { limit: L.controllerText });
  }
  return problems;
}

/** The sluice with new settings; everything the app maintains itself is kept. */
export function withSettings(sluice: Sluice, settings: SluiceSettings): Sluice {
  const previous = new Map(sluice.coaches.map((c) => [c.id, c]));
  const { backupCoachId: _oldBackup, ...rest } = sluice;
  void _oldBackup;
  return {
    ...rest,
    name: settings.name,
    tenantIds: settings.municipalities.map((m) => m.tenantId),
    municipalities: Object.fromEntries(settings.municipalities.map((m) => [m.tenantId, m.name])),
    municipalityEmployees: Object.fromEntries(
      settings.municipalities.flatMap((m) => (m.employees !== undefined ? [[m.tenantId, m.employees]] : [])),
    ),
    coaches: settings.coaches.map((c) => {
      // What the app keeps on a coach (an absence) stays; a name it learnt from the coach's own
      // messages is kept when the admin left the name empty.
      const { name: learnt, tenantId: _tenant, ...kept } = previous.get(c.id) ?? { id: c.id };
      void _tenant;
      const name = c.name ?? learnt;
      return { ...kept, id: c.id, ...(name ? { name } : {}), ...(c.tenantId ? { tenantId: c.tenantId } : {}) };
    }),
    ...(settings.coachGroups ? { coachGroups: settings.coachGroups.map((g) => ({ ...g })) } : {}),
    ...(settings.backupCoachId ? { backupCoachId: settings.backupCoachId } : {}),
    admins: [...settings.admins],
    ...(settings.registrators ? { registrators: [...settings.registrators] } : {}),
    ...(settings.recordPrefix !== undefined ? { recordPrefix: settings.recordPrefix } : {}),
    departments: settings.departments.map((d) => d.name),
    departmentAliases: Object.fromEntries(settings.departments.filter((d) => d.aliases.length > 0).map((d) => [d.name, [...d.aliases]])),
    stageLabels: { sv: { ...settings.stageLabels.sv }, en: { ...settings.stageLabels.en } },
    ...(settings.reminders ? { reminders: settings.reminders } : {}),
    ...(settings.retention ? { retention: settings.retention } : {}),
    ...(settings.criteria ? { criteria: cleanCriteria(settings.criteria) } : {}),
    ...(settings.dataController ? { dataController: settings.dataController } : {}),
  };
}

/** The top-level settings that differ, for the audit log's one-line summary. */
export function changedSettings(before: SluiceSettings, after: SluiceSettings): (keyof SluiceSettings)[] {
  const keys = Object.keys({ ...before, ...after }) as (keyof SluiceSettings)[];
  return keys.filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k])).sort();
}
