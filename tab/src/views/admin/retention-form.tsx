import { Button, Field, Input, Select, makeStyles } from '@fluentui/react-components';
import { useState, type FormEvent, type ReactNode } from 'react';
import type { SettingsProblemBody, SluiceSettingsBody, SluiceSettingsResponse } from '../../../../bot/src/api/admin-schemas';
import type { Locale } from '../../../../bot/src/api/contracts';
import { ApiFailure } from '../../api/client';
import { useUi } from '../../context';
import { SaveOutcome, useAdminStyles, type SaveResult, type SettingsSectionProps } from './parts';

type Retention = NonNullable<SluiceSettingsBody['retention']>;
type Rule = Retention['rules'][number];
type EndStage = Rule['stage'];
type Action = Rule['action'] | '';

const STAGES: readonly EndStage[] = ['closed', 'done'];

// A fieldset and a select are as wide as their longest content unless told otherwise: at 320 px they must shrink.
const useStyles = makeStyles({ fieldset: { minWidth: 0 }, select: { minWidth: 0, maxWidth: '100%' } });

const STRINGS = {
  sv: {
    title: 'Gallringsregler och personuppgiftsansvarig',
    hint: 'Reglerna kommer från kommunens informationshanteringsplan. Varje regel anger sitt gallringsbeslut. Ingenting gallras utan en regel.',
    stage: { closed: 'Avslutad', done: 'Införd' } as Record<EndStage, string>,
    action: 'Vad händer',
    none: 'Ingen regel (bevaras)',
    keep: 'Bevaras',
    delete: 'Gallras (idén tas bort)',
    removePersonalData: 'Personuppgifterna tas bort, resten bevaras',
    years: 'Antal år efter att idén nådde steget',
    decision: 'Gallringsbeslut',
    audit: 'Granskningsloggen',
    auditYears: 'Antal år en händelse sparas (tomt: bevaras)',
    controllerName: 'Personuppgiftsansvarig',
    controllerContact: 'Kontakt',
    dpo: 'Dataskyddsombud (kontakt)',
    save: 'Spara gallringsregler',
    saved: 'Gallringsreglerna är sparade.',
    stale: 'Någon annan sparade inställningarna under tiden. De nya visas nu; gör din ändring igen.',
    invalid: (fields: string) => `Det gick inte att spara: kontrollera ${fields}.`,
  },
  en: {
    title: 'Retention rules and controller',
    hint: "The rules come from the municipality's records management plan. Each rule names its retention decision. Nothing is removed without a rule.",
    stage: { closed: 'Closed', done: 'Implemented' } as Record<EndStage, string>,
    action: 'What happens',
    none: 'No rule (kept)',
    keep: 'Kept',
    delete: 'Removed (the idea is deleted)',
    removePersonalData: 'Personal data removed, the rest kept',
    years: 'Years after the idea reached the stage',
    decision: 'Retention decision',
    audit: 'The audit log',
    auditYears: 'Years an entry is kept (empty: kept)',
    controllerName: 'Controller',
    controllerContact: 'Contact',
    dpo: 'Data protection officer (contact)',
    save: 'Save retention rules',
    saved: 'The retention rules are saved.',
    stale: 'Someone else saved the settings meanwhile. They are shown now; make your change again.',
    invalid: (fields: string) => `Could not save: check ${fields}.`,
  },
} satisfies Record<Locale, unknown>;

interface Draft {
  rules: Record<EndStage, { action: Action; years: string; decision: string }>;
  auditYears: string;
  auditDecision: string;
  name: string;
  contact: string;
  dpo: string;
}

function draftOf(settings: SluiceSettingsBody): Draft {
  const rule = (stage: EndStage) => {
    const r = settings.retention?.rules.find((x) => x.stage === stage);
    return { action: (r?.action ?? '') as Action, years: r?.years === undefined ? '' : String(r.years), decision: r?.decision ?? '' };
  };
  const audit = settings.retention?.audit;
  return {
    rules: { closed: rule('closed'), done: rule('done') },
    auditYears: audit?.years === undefined ? '' : String(audit.years),
    auditDecision: audit?.decision ?? '',
    name: settings.dataController?.name ?? '',
    contact: settings.dataController?.contact ?? '',
    dpo: settings.dataController?.dpoContact ?? '',
  };
}

function bodyOf(draft: Draft, base: SluiceSettingsBody): SluiceSettingsBody {
  const number = (text: string): number | undefined => (text.trim() ? Number(text.trim()) : undefined);
  const rules: Rule[] = STAGES.flatMap((stage) => {
    const r = draft.rules[stage];
    if (!r.action) return [];
    const years = r.action === 'keep' ? undefined : number(r.years);
    return [{ stage, action: r.action, ...(years !== undefined ? { years } : {}), decision: r.decision }];
  });
  const auditYears = number(draft.auditYears);
  const audit =
    draft.auditDecision.trim() || auditYears !== undefined
      ? { ...(auditYears !== undefined ? { years: auditYears } : {}), decision: draft.auditDecision }
      : undefined;
  const controller =
    draft.name.trim() || draft.contact.trim()
      ? { name: draft.name, contact: draft.contact, ...(draft.dpo.trim() ? { dpoContact: draft.dpo } : {}) }
      : undefined;
  return {
    ...base,
    retention: { rules, ...(audit ? { audit } : {}) },
    ...(controller ? { dataController: controller } : {}),
  };
}

/** The retention rules per end state, the audit log's rule and the controller, saved through `updateSluice`. */
export function RetentionForm({ api, loaded, onStored, onCurrent }: SettingsSectionProps): ReactNode {
  const { locale } = useUi();
  const t = STRINGS[locale];
  const s = useAdminStyles();
  const local = useStyles();
  const [draft, setDraft] = useState(() => draftOf(loaded.settings));
  const [shown, setShown] = useState(loaded);
  if (shown !== loaded) {
    setShown(loaded);
    setDraft(draftOf(loaded.settings));
  }
  const [outcome, setOutcome] = useState<SaveResult>();
  const [saving, setSaving] = useState(false);

  const save = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    setSaving(true);
    setOutcome(undefined);
    try {
      const next = await api.updateSluice(loaded.etag, bodyOf(draft, loaded.settings));
      setOutcome({ kind: 'saved' });
      onStored(next);
    } catch (error) {
      // The settings' refusals carry the field problems, or the current settings after a 412.
      const body =
        error instanceof ApiFailure
          ? (error.body as unknown as { problems?: SettingsProblemBody[]; current?: SluiceSettingsResponse } | undefined)
          : undefined;
      if (error instanceof ApiFailure && error.status === 412 && body?.current) {
        setOutcome({ kind: 'stale' });
        onCurrent(body.current);
      } else if (error instanceof ApiFailure && error.status === 400 && body?.problems?.length) {
        setOutcome({ kind: 'invalid', fields: body.problems.map((p) => p.field).join(', ') });
      } else setOutcome({ kind: 'failed', error });
    } finally {
      setSaving(false);
    }
  };

  return (
    <section className={s.section} aria-labelledby="admin-retention-title">
      <h2 className={s.h2} id="admin-retention-title">
        {t.title}
      </h2>
      <p className={s.hint}>{t.hint}</p>
      <form aria-labelledby="admin-retention-title" onSubmit={(e) => void save(e)}>
        {STAGES.map((stage) => {
          const r = draft.rules[stage];
          const set = (patch: Partial<Draft['rules'][EndStage]>) =>
            setDraft((d) => ({ ...d, rules: { ...d.rules, [stage]: { ...d.rules[stage], ...patch } } }));
          return (
            <fieldset key={stage} className={local.fieldset} data-testid={`retention-${stage}`}>
              <legend>{t.stage[stage]}</legend>
              <Field label={t.action}>
                <Select className={local.select} value={r.action} onChange={(_, d) => set({ action: d.value as Action })}>
                  <option value="">{t.none}</option>
                  <option value="keep">{t.keep}</option>
                  <option value="delete">{t.delete}</option>
                  <option value="removePersonalData">{t.removePersonalData}</option>
                </Select>
              </Field>
              {r.action && r.action !== 'keep' ? (
                <Field label={t.years}>
                  <Input inputMode="numeric" value={r.years} onChange={(_, d) => set({ years: d.value })} />
                </Field>
              ) : null}
              {r.action ? (
                <Field label={t.decision}>
                  <Input value={r.decision} onChange={(_, d) => set({ decision: d.value })} />
                </Field>
              ) : null}
            </fieldset>
          );
        })}
        <fieldset className={local.fieldset}>
          <legend>{t.audit}</legend>
          <Field label={t.auditYears}>
            <Input inputMode="numeric" value={draft.auditYears} onChange={(_, d) => setDraft((x) => ({ ...x, auditYears: d.value }))} />
          </Field>
          <Field label={`${t.audit}: ${t.decision}`}>
            <Input value={draft.auditDecision} onChange={(_, d) => setDraft((x) => ({ ...x, auditDecision: d.value }))} />
          </Field>
        </fieldset>
        <Field label={t.controllerName}>
          <Input value={draft.name} onChange={(_, d) => setDraft((x) => ({ ...x, name: d.value }))} />
        </Field>
        <Field label={t.controllerContact}>
          <Input value={draft.contact} onChange={(_, d) => setDraft((x) => ({ ...x, contact: d.value }))} />
        </Field>
        <Field label={t.dpo}>
          <Input value={draft.dpo} onChange={(_, d) => setDraft((x) => ({ ...x, dpo: d.value }))} />
        </Field>
        <div className={s.actions}>
          <Button appearance="primary" type="submit" disabled={saving}>
            {t.save}
          </Button>
        </div>
      </form>
      <SaveOutcome outcome={outcome} testId="retention-outcome" saved={t.saved} stale={t.stale} invalid={t.invalid} />
    </section>
  );
}
