import { Button, Field, Input, MessageBar, MessageBarBody, Select } from '@fluentui/react-components';
import { AddRegular, DeleteRegular } from '@fluentui/react-icons';
import { useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { SettingsProblemBody, SluiceSettingsBody, SluiceSettingsResponse } from '../../../../bot/src/api/admin-schemas';
import type { Stage } from '../../../../bot/src/api/contracts';
import { ApiFailure } from '../../api/client';
import { ErrorState } from '../../components/states';
import { DateField } from '../../components/date-field';
import { useUi } from '../../context';
import { ALL_STAGES } from '../../routing';
import { CoachGroups, type CoachGroupDraft } from './coach-groups';
import { PeoplePicker } from './people-picker';
import { COACH_GROUP_STRINGS } from './coach-group-strings';
import { ScrollTable, useAdminStyles, type SettingsSectionProps } from './parts';
import { ADMIN_STRINGS, type AdminStrings } from './strings';

/**
 * What the form edits: the settings with every list row given a key (so React keeps each row's
 * input when another row is removed) and numbers and aliases as the text typed.
 */
interface Draft {
  name: string;
  coaches: { key: number; id: string; name: string; tenantId: string; fromGroup: boolean }[];
  coachGroups: CoachGroupDraft[];
  backupCoachId: string;
  /** `name`: when picked by name in this edit (the settings keep ids only). */
  admins: { key: number; id: string; name?: string }[];
  registrators: { key: number; id: string; name?: string }[];
  recordPrefix: string;
  departments: { key: number; name: string; aliases: string }[];
  stageLabels: Record<'sv' | 'en', Partial<Record<Stage, string>>>;
  municipalities: { key: number; tenantId: string; name: string; employees: string }[];
  /** Working days per limit as typed; empty is the default. */
  limits: Record<LimitKey, string>;
  closedDays: { key: number; from: string; to: string }[];
}

/** The reminder limits an admin sets, as `REMINDER_LIMIT_KEYS` on the server. */
const LIMIT_KEYS = ['submitted', 'screening', 'testing', 'implementing', 'infoAnswer'] as const;
type LimitKey = (typeof LIMIT_KEYS)[number];
/** As `MAX_LIMIT_DAYS` on the server. */
const MAX_LIMIT_DAYS = 500;

/** As `SETTINGS_LIMITS.employees` on the server. */
const EMPLOYEES_LIMIT = 1_000_000;

let nextKey = 1;
const key = (): number => nextKey++;

function draftOf(settings: SluiceSettingsBody): Draft {
  return {
    name: settings.name,
    coaches: settings.coaches.map((c) => ({
      key: key(),
      id: c.id,
      name: c.name ?? '',
      tenantId: c.tenantId ?? '',
      fromGroup: !!c.fromGroup,
    })),
    coachGroups: (settings.coachGroups ?? []).map((g) => ({
      key: key(),
      groupId: g.groupId,
      tenantId: g.tenantId,
      forMunicipality: g.forMunicipality ?? false,
    })),
    backupCoachId: settings.backupCoachId ?? '',
    admins: settings.admins.map((id) => ({ key: key(), id })),
    registrators: (settings.registrators ?? []).map((id) => ({ key: key(), id })),
    recordPrefix: settings.recordPrefix ?? '',
    departments: settings.departments.map((d) => ({ key: key(), name: d.name, aliases: d.aliases.join(', ') })),
    stageLabels: { sv: { ...settings.stageLabels.sv }, en: { ...settings.stageLabels.en } },
    municipalities: settings.municipalities.map((m) => ({
      key: key(),
      tenantId: m.tenantId,
      name: m.name,
      employees: m.employees === undefined ? '' : String(m.employees),
    })),
    limits: Object.fromEntries(
      LIMIT_KEYS.map((k) => {
        const v = settings.reminders?.limits?.[k];
        return [k, v === undefined ? '' : String(v)];
      }),
    ) as Record<LimitKey, string>,
    closedDays: (settings.reminders?.closedDays ?? []).map((p) => ({ key: key(), from: p.from, to: p.to })),
  };
}

/**
 * The settings to send. Everything the form does not edit (e.g. settings added to the API later)
 * goes back as it was read, so saving never drops them.
 */
function settingsOf(draft: Draft, base: SluiceSettingsBody): SluiceSettingsBody {
  const employees = (text: string): number | undefined => {
    const trimmed = text.trim();
    return trimmed ? Number(trimmed) : undefined;
  };
  const limits = Object.fromEntries(LIMIT_KEYS.flatMap((k) => (draft.limits[k].trim() ? [[k, Number(draft.limits[k].trim())]] : [])));
  const closedDays = draft.closedDays.map((p) => ({ from: p.from.trim(), to: p.to.trim() }));
  // Nothing set and nothing there before: no reminder settings at all (the defaults).
  const none = Object.keys(limits).length === 0 && closedDays.length === 0 && !base.reminders;
  const { reminders: _before, ...rest } = base;
  void _before;
  return {
    ...rest,
    ...(none ? {} : { reminders: { limits, closedDays } }),
    name: draft.name,
    coaches: draft.coaches.map((c) => ({
      id: c.id,
      ...(c.name.trim() ? { name: c.name } : {}),
      ...(c.tenantId ? { tenantId: c.tenantId } : {}),
    })),
    coachGroups: draft.coachGroups.map((g) => ({
      groupId: g.groupId,
      tenantId: g.tenantId,
      ...(g.forMunicipality ? { forMunicipality: true } : {}),
    })),
    ...(draft.backupCoachId ? { backupCoachId: draft.backupCoachId } : { backupCoachId: undefined }),
    admins: draft.admins.map((a) => a.id),
    registrators: draft.registrators.map((a) => a.id),
    ...(draft.recordPrefix || base.recordPrefix !== undefined ? { recordPrefix: draft.recordPrefix } : {}),
    departments: draft.departments.map((d) => ({
      name: d.name,
      aliases: d.aliases
        .split(',')
        .map((a) => a.trim())
        .filter((a) => a.length > 0),
    })),
    stageLabels: draft.stageLabels,
    municipalities: draft.municipalities.map((m) => {
      const n = employees(m.employees);
      return { tenantId: m.tenantId, name: m.name, ...(n !== undefined ? { employees: n } : {}) };
    }),
  };
}

type Outcome = { kind: 'saved' } | { kind: 'stale' } | { kind: 'invalid'; count: number } | { kind: 'failed'; error: unknown };

/** The sluice's settings as one form, saved as a whole with the eTag it was read with. */
export function SettingsForm({ api, loaded, onStored, onCurrent }: SettingsSectionProps): ReactNode {
  const { locale } = useUi();
  const t = ADMIN_STRINGS[locale];
  const s = useAdminStyles();
  const [draft, setDraft] = useState(() => draftOf(loaded.settings));
  const [problems, setProblems] = useState<readonly SettingsProblemBody[]>([]);
  const [outcome, setOutcome] = useState<Outcome | undefined>(undefined);
  const [saving, setSaving] = useState(false);
  const form = useRef<HTMLFormElement>(null);

  // New settings from the server (saved, or someone else's) replace what is edited.
  const [shown, setShown] = useState(loaded);
  if (shown !== loaded) {
    setShown(loaded);
    setDraft(draftOf(loaded.settings));
  }

  const body = useMemo(() => settingsOf(draft, loaded.settings), [draft, loaded.settings]);
  const dirty = JSON.stringify(body) !== JSON.stringify(settingsOf(draftOf(loaded.settings), loaded.settings));
  const byField = useMemo(() => {
    const map = new Map<string, string>();
    for (const p of problems) {
      // An alias's problem is shown at the department's alias field.
      const field = p.field.replace(/^(departments\.\d+\.aliases)\.\d+$/, '$1');
      // A shape the server's schema refused has no code of ours: a plain "not valid".
      if (!map.has(field)) map.set(field, (p.code as string | undefined) ? t.problem(p) : t.notValid);
    }
    return map;
  }, [problems, t]);
  const error = (field: string): { validationMessage?: string; validationState?: 'error' } => {
    const message = byField.get(field);
    return message ? { validationMessage: message, validationState: 'error' } : {};
  };

  useEffect(() => {
    // After a refused save, the first field to correct gets the focus.
    if (outcome?.kind !== 'invalid') return;
    form.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [outcome]);

  const save = async (): Promise<void> => {
    // A number field is checked here: what is no whole number cannot be sent as one.
    const local: SettingsProblemBody[] = [
      ...draft.municipalities.flatMap((m, i) =>
        m.employees.trim() && !/^\d{1,7}$/.test(m.employees.trim())
          ? [{ field: `municipalities.${i}.employees`, code: 'notANumber' as const, limit: EMPLOYEES_LIMIT, message: '' }]
          : [],
      ),
      ...LIMIT_KEYS.flatMap((k) =>
        draft.limits[k].trim() && !/^\d{1,4}$/.test(draft.limits[k].trim())
          ? [{ field: `reminders.limits.${k}`, code: 'notANumber' as const, limit: MAX_LIMIT_DAYS, message: '' }]
          : [],
      ),
    ];
    if (local.length > 0) {
      setProblems(local);
      setOutcome({ kind: 'invalid', count: local.length });
      return;
    }
    setSaving(true);
    setOutcome(undefined);
    try {
      const next = await api.updateSluice(loaded.etag, body);
      setProblems([]);
      setOutcome({ kind: 'saved' });
      onStored(next);
    } catch (err) {
      const body =
        err instanceof ApiFailure
          ? (err.body as unknown as { problems?: SettingsProblemBody[]; current?: SluiceSettingsResponse })
          : undefined;
      if (err instanceof ApiFailure && err.status === 412 && body?.current) {
        setProblems([]);
        setOutcome({ kind: 'stale' });
        onCurrent(body.current);
      } else if (err instanceof ApiFailure && err.status === 400 && body?.problems?.length) {
        setProblems(body.problems);
        setOutcome({ kind: 'invalid', count: body.problems.length });
      } else setOutcome({ kind: 'failed', error: err });
    } finally {
      setSaving(false);
    }
  };

  const update = (change: (d: Draft) => Draft): void => {
    setDraft(change);
    if (outcome?.kind === 'saved') setOutcome(undefined);
  };
  const municipalities = draft.municipalities.filter((m) => m.tenantId.trim());

  return (
    <form
      ref={form}
      className={s.section}
      aria-labelledby="admin-settings-title"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <h2 className={s.h2} id="admin-settings-title">
        {t.settingsTitle}
      </h2>
      <Outcome outcome={outcome} t={t} />

      <Field label={t.sluiceName} required {...error('name')}>
        <Input value={draft.name} onChange={(_, d) => update((x) => ({ ...x, name: d.value }))} />
      </Field>

      <h3 className={s.h3}>{t.coachesTitle}</h3>
      <p className={s.hint}>{t.coachesHint}</p>
      {byField.get('coaches') ? <FieldMessage text={byField.get('coaches')!} /> : null}
      {draft.coaches.length === 0 ? <p>{t.noCoaches}</p> : null}
      {draft.coaches.map((c, i) => (
        <ListRow
          key={c.key}
          label={t.coachLabel(i + 1, c.name)}
          removeLabel={t.removeCoach(i + 1)}
          onRemove={() => update((x) => ({ ...x, coaches: x.coaches.filter((y) => y.key !== c.key) }))}
        >
          {c.fromGroup ? <span className={s.hint}>{COACH_GROUP_STRINGS[locale].fromGroup}</span> : null}
          <Field label={t.coachId} required {...error(`coaches.${i}.id`)}>
            <Input
              value={c.id}
              onChange={(_, d) => update((x) => ({ ...x, coaches: x.coaches.map((y) => (y.key === c.key ? { ...y, id: d.value } : y)) }))}
            />
          </Field>
          <Field label={t.coachName} {...error(`coaches.${i}.name`)}>
            <Input
              value={c.name}
              onChange={(_, d) => update((x) => ({ ...x, coaches: x.coaches.map((y) => (y.key === c.key ? { ...y, name: d.value } : y)) }))}
            />
          </Field>
          <Field label={t.coachMunicipality} {...error(`coaches.${i}.tenantId`)}>
            <Select
              className={s.select}
              value={c.tenantId}
              onChange={(_, d) =>
                update((x) => ({ ...x, coaches: x.coaches.map((y) => (y.key === c.key ? { ...y, tenantId: d.value } : y)) }))
              }
            >
              <option value="">{t.wholeSluice}</option>
              {municipalities.map((m) => (
                <option key={m.key} value={m.tenantId.trim().toLowerCase()}>
                  {m.name || m.tenantId}
                </option>
              ))}
              {c.tenantId && !municipalities.some((m) => m.tenantId.trim().toLowerCase() === c.tenantId) ? (
                <option value={c.tenantId}>{c.tenantId}</option>
              ) : null}
            </Select>
          </Field>
        </ListRow>
      ))}
      <PeoplePicker
        api={api}
        label={t.findCoach}
        testId="find-coach"
        exclude={draft.coaches.map((c) => c.id)}
        onPick={(p) =>
          update((x) => ({ ...x, coaches: [...x.coaches, { key: key(), id: p.id, name: p.name, tenantId: '', fromGroup: false }] }))
        }
      />
      <div className={s.actions}>
        <Button
          icon={<AddRegular />}
          onClick={() =>
            update((x) => ({ ...x, coaches: [...x.coaches, { key: key(), id: '', name: '', tenantId: '', fromGroup: false }] }))
          }
        >
          {t.addCoach}
        </Button>
      </div>
      <CoachGroups
        api={api}
        loaded={loaded}
        groups={draft.coachGroups}
        municipalities={draft.municipalities}
        onChange={(coachGroups) => update((x) => ({ ...x, coachGroups }))}
        newKey={key}
        dirty={dirty}
        error={error}
        onSynced={onStored}
      />
      <Field label={t.backupCoach} hint={t.backupHint} {...error('backupCoachId')}>
        <Select className={s.select} value={draft.backupCoachId} onChange={(_, d) => update((x) => ({ ...x, backupCoachId: d.value }))}>
          <option value="">{t.noBackup}</option>
          {draft.coaches
            .filter((c) => c.id.trim())
            .map((c, i) => (
              <option key={c.key} value={c.id.trim().toLowerCase()}>
                {t.coachLabel(i + 1, c.name.trim() || c.id.trim())}
              </option>
            ))}
          {draft.backupCoachId && !draft.coaches.some((c) => c.id.trim().toLowerCase() === draft.backupCoachId) ? (
            <option value={draft.backupCoachId}>{draft.backupCoachId}</option>
          ) : null}
        </Select>
      </Field>

      <h3 className={s.h3}>{t.adminsTitle}</h3>
      {byField.get('admins') ? <FieldMessage text={byField.get('admins')!} /> : null}
      {draft.admins.map((a, i) => (
        <ListRow
          key={a.key}
          {...(a.name ? { label: a.name } : {})}
          removeLabel={t.removeAdmin(i + 1)}
          onRemove={() => update((x) => ({ ...x, admins: x.admins.filter((y) => y.key !== a.key) }))}
        >
          {a.name ? <span className={s.hint}>{a.name}</span> : null}
          <Field label={t.adminId(i + 1)} required {...error(`admins.${i}`)}>
            <Input
              value={a.id}
              onChange={(_, d) => update((x) => ({ ...x, admins: x.admins.map((y) => (y.key === a.key ? { ...y, id: d.value } : y)) }))}
            />
          </Field>
        </ListRow>
      ))}
      <PeoplePicker
        api={api}
        label={t.findAdmin}
        testId="find-admin"
        exclude={draft.admins.map((a) => a.id)}
        onPick={(p) => update((x) => ({ ...x, admins: [...x.admins, { key: key(), id: p.id, name: p.name }] }))}
      />
      <div className={s.actions}>
        <Button icon={<AddRegular />} onClick={() => update((x) => ({ ...x, admins: [...x.admins, { key: key(), id: '' }] }))}>
          {t.addAdmin}
        </Button>
      </div>

      <h3 className={s.h3}>{t.recordsTitle}</h3>
      <p className={s.hint}>{t.recordsHint}</p>
      <Field label={t.recordPrefix} hint={t.recordPrefixHint} required {...error('recordPrefix')}>
        <Input value={draft.recordPrefix} onChange={(_, d) => update((x) => ({ ...x, recordPrefix: d.value }))} />
      </Field>
      {byField.get('registrators') ? <FieldMessage text={byField.get('registrators')!} /> : null}
      {draft.registrators.map((a, i) => (
        <ListRow
          key={a.key}
          {...(a.name ? { label: a.name } : {})}
          removeLabel={t.removeRegistrator(i + 1)}
          onRemove={() => update((x) => ({ ...x, registrators: x.registrators.filter((y) => y.key !== a.key) }))}
        >
          {a.name ? <span className={s.hint}>{a.name}</span> : null}
          <Field label={t.registratorId(i + 1)} required {...error(`registrators.${i}`)}>
            <Input
              value={a.id}
              onChange={(_, d) =>
                update((x) => ({ ...x, registrators: x.registrators.map((y) => (y.key === a.key ? { ...y, id: d.value } : y)) }))
              }
            />
          </Field>
        </ListRow>
      ))}
      <PeoplePicker
        api={api}
        label={t.findRegistrator}
        testId="find-registrator"
        exclude={draft.registrators.map((a) => a.id)}
        onPick={(p) => update((x) => ({ ...x, registrators: [...x.registrators, { key: key(), id: p.id, name: p.name }] }))}
      />
      <div className={s.actions}>
        <Button icon={<AddRegular />} onClick={() => update((x) => ({ ...x, registrators: [...x.registrators, { key: key(), id: '' }] }))}>
          {t.addRegistrator}
        </Button>
      </div>

      <h3 className={s.h3}>{t.departmentsTitle}</h3>
      <p className={s.hint}>{t.departmentsHint}</p>
      {byField.get('departments') ? <FieldMessage text={byField.get('departments')!} /> : null}
      {draft.departments.length === 0 ? <p>{t.noDepartments}</p> : null}
      {draft.departments.map((dep, i) => (
        <ListRow
          key={dep.key}
          label={dep.name || t.removeDepartment(i + 1)}
          removeLabel={t.removeDepartment(i + 1)}
          onRemove={() => update((x) => ({ ...x, departments: x.departments.filter((y) => y.key !== dep.key) }))}
        >
          <Field label={t.departmentName} required {...error(`departments.${i}.name`)}>
            <Input
              value={dep.name}
              onChange={(_, d) =>
                update((x) => ({ ...x, departments: x.departments.map((y) => (y.key === dep.key ? { ...y, name: d.value } : y)) }))
              }
            />
          </Field>
          <Field label={t.aliases} {...error(`departments.${i}.aliases`)}>
            <Input
              value={dep.aliases}
              onChange={(_, d) =>
                update((x) => ({ ...x, departments: x.departments.map((y) => (y.key === dep.key ? { ...y, aliases: d.value } : y)) }))
              }
            />
          </Field>
        </ListRow>
      ))}
      <div className={s.actions}>
        <Button
          icon={<AddRegular />}
          onClick={() => update((x) => ({ ...x, departments: [...x.departments, { key: key(), name: '', aliases: '' }] }))}
        >
          {t.addDepartment}
        </Button>
      </div>

      <h3 className={s.h3}>{t.stageLabelsTitle}</h3>
      <p className={s.hint}>{t.stageLabelsHint}</p>
      <ScrollTable
        label={t.stageLabelsTitle}
        columns={[t.stageColumn, t.swedish, t.english]}
        rows={ALL_STAGES}
        rowKey={(stage) => stage}
        cells={(stage) => [
          <code key="key">{stage}</code>,
          ...(['sv', 'en'] as const).map((l) => (
            <Field key={l} {...error(`stageLabels.${l}.${stage}`)}>
              <Input
                aria-label={t.labelFor(stage, l === 'sv' ? t.swedish : t.english)}
                value={draft.stageLabels[l][stage] ?? ''}
                onChange={(_, d) =>
                  update((x) => ({ ...x, stageLabels: { ...x.stageLabels, [l]: { ...x.stageLabels[l], [stage]: d.value } } }))
                }
              />
            </Field>
          )),
        ]}
      />

      <h3 className={s.h3}>{t.municipalitiesTitle}</h3>
      <p className={s.hint}>{t.municipalitiesHint}</p>
      {byField.get('municipalities') ? <FieldMessage text={byField.get('municipalities')!} /> : null}
      {draft.municipalities.map((m, i) => (
        <ListRow
          key={m.key}
          label={m.name || t.removeMunicipality(i + 1)}
          removeLabel={t.removeMunicipality(i + 1)}
          onRemove={() => update((x) => ({ ...x, municipalities: x.municipalities.filter((y) => y.key !== m.key) }))}
        >
          <Field label={t.tenantId} required {...error(`municipalities.${i}.tenantId`)}>
            <Input
              value={m.tenantId}
              onChange={(_, d) =>
                update((x) => ({ ...x, municipalities: x.municipalities.map((y) => (y.key === m.key ? { ...y, tenantId: d.value } : y)) }))
              }
            />
          </Field>
          <Field label={t.municipalityName} required {...error(`municipalities.${i}.name`)}>
            <Input
              value={m.name}
              onChange={(_, d) =>
                update((x) => ({ ...x, municipalities: x.municipalities.map((y) => (y.key === m.key ? { ...y, name: d.value } : y)) }))
              }
            />
          </Field>
          <Field label={t.employees} {...error(`municipalities.${i}.employees`)}>
            <Input
              inputMode="numeric"
              value={m.employees}
              onChange={(_, d) =>
                update((x) => ({ ...x, municipalities: x.municipalities.map((y) => (y.key === m.key ? { ...y, employees: d.value } : y)) }))
              }
            />
          </Field>
        </ListRow>
      ))}
      <div className={s.actions}>
        <Button
          icon={<AddRegular />}
          onClick={() =>
            update((x) => ({ ...x, municipalities: [...x.municipalities, { key: key(), tenantId: '', name: '', employees: '' }] }))
          }
        >
          {t.addMunicipality}
        </Button>
      </div>

      <h3 className={s.h3}>{t.remindersTitle}</h3>
      <p className={s.hint}>{t.remindersHint}</p>
      <div className={s.grid}>
        {LIMIT_KEYS.map((k) => (
          <Field key={k} label={t.limit[k]} {...error(`reminders.limits.${k}`)}>
            <Input
              inputMode="numeric"
              value={draft.limits[k]}
              onChange={(_, d) => update((x) => ({ ...x, limits: { ...x.limits, [k]: d.value } }))}
            />
          </Field>
        ))}
      </div>
      <h3 className={s.h3}>{t.closedDaysTitle}</h3>
      <p className={s.hint}>{t.closedDaysHint}</p>
      {byField.get('reminders.closedDays') ? <FieldMessage text={byField.get('reminders.closedDays')!} /> : null}
      {draft.closedDays.map((p, i) => (
        <ListRow
          key={p.key}
          label={t.closedLabel(i + 1)}
          removeLabel={t.removeClosed(i + 1)}
          onRemove={() => update((x) => ({ ...x, closedDays: x.closedDays.filter((y) => y.key !== p.key) }))}
        >
          <Field label={t.closedFrom} {...error(`reminders.closedDays.${i}`)}>
            <DateField
              value={p.from}
              onChange={(v) => update((x) => ({ ...x, closedDays: x.closedDays.map((y) => (y.key === p.key ? { ...y, from: v } : y)) }))}
            />
          </Field>
          <Field label={t.closedTo}>
            <DateField
              value={p.to}
              onChange={(v) => update((x) => ({ ...x, closedDays: x.closedDays.map((y) => (y.key === p.key ? { ...y, to: v } : y)) }))}
            />
          </Field>
        </ListRow>
      ))}
      <div className={s.actions}>
        <Button
          icon={<AddRegular />}
          onClick={() => update((x) => ({ ...x, closedDays: [...x.closedDays, { key: key(), from: '', to: '' }] }))}
        >
          {t.addClosed}
        </Button>
      </div>

      <h3 className={s.h3}>{t.coachChannel}</h3>
      <p>
        {loaded.coachChannel
          ? loaded.coachChannel.name
            ? t.coachChannelSet(loaded.coachChannel.name)
            : t.coachChannelUnnamed
          : t.coachChannelNone}{' '}
        {t.coachChannelHint}
      </p>
      <h3 className={s.h3}>{t.onboardingContact}</h3>
      <p>{loaded.onboardingContact ? `${t.onboardingContactHint} ${loaded.onboardingContact}` : t.onboardingContactNone}</p>

      <div className={s.actions}>
        <Button appearance="primary" type="submit" disabled={saving}>
          {saving ? t.saving : t.save}
        </Button>
        <Button
          disabled={!dirty || saving}
          onClick={() => {
            setDraft(draftOf(loaded.settings));
            setProblems([]);
            setOutcome(undefined);
          }}
        >
          {t.undo}
        </Button>
        {dirty ? <span>{t.unsaved}</span> : null}
      </div>
    </form>
  );
}

function Outcome({ outcome, t }: { outcome: Outcome | undefined; t: AdminStrings }): ReactNode {
  const s = useAdminStyles();
  if (!outcome) return null;
  if (outcome.kind === 'failed') return <ErrorState error={outcome.error} />;
  const [intent, text] =
    outcome.kind === 'saved'
      ? (['success', t.saved] as const)
      : outcome.kind === 'stale'
        ? (['warning', t.stale] as const)
        : (['error', t.invalid(outcome.count)] as const);
  return (
    <MessageBar intent={intent} className={s.message} role={outcome.kind === 'saved' ? 'status' : 'alert'} layout="multiline">
      <MessageBarBody>{text}</MessageBarBody>
    </MessageBar>
  );
}

/** A problem of a whole list (e.g. "at least one admin"), shown above it. */
function FieldMessage({ text }: { text: string }): ReactNode {
  const s = useAdminStyles();
  return (
    <MessageBar intent="error" className={s.message} layout="multiline">
      <MessageBarBody>{text}</MessageBarBody>
    </MessageBar>
  );
}

/** One entry of a list (a coach, an admin, a department, a municipality): its fields and a remove button. */
function ListRow({
  label,
  removeLabel,
  onRemove,
  children,
}: {
  label?: string;
  removeLabel: string;
  onRemove: () => void;
  children: ReactNode;
}): ReactNode {
  const s = useAdminStyles();
  return (
    <div className={s.row} {...(label ? { role: 'group', 'aria-label': label } : {})}>
      {children}
      <Button className={s.remove} icon={<DeleteRegular />} aria-label={removeLabel} onClick={onRemove} />
    </div>
  );
}
