import { Button, Field, Input, MessageBar, MessageBarBody, Textarea, makeStyles, tokens } from '@fluentui/react-components';
import { ArrowDownRegular, ArrowUpRegular } from '@fluentui/react-icons';
import { useState, type FormEvent, type ReactNode } from 'react';
import type { SettingsProblemBody, SluiceSettingsBody, SluiceSettingsResponse } from '../../../../bot/src/api/admin-schemas';
import type { Locale } from '../../../../bot/src/api/contracts';
import { ApiFailure } from '../../api/client';
import { useUi } from '../../context';
import { SaveOutcome, useAdminStyles, type SaveResult, type SettingsSectionProps } from './parts';
import { ADMIN_STRINGS } from './strings';

type Criterion = NonNullable<SluiceSettingsBody['criteria']>[number];

/** The server's limits (domain/scoring/criteria.ts); the server checks them again. */
const LIMITS = { criteria: 20, weight: 10 } as const;

const useStyles = makeStyles({
  fieldset: {
    minWidth: 0,
    margin: `0 0 ${tokens.spacingVerticalM}`,
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalS,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke1}`,
    borderRadius: tokens.borderRadiusMedium,
  },
  weight: { maxWidth: '8rem' },
  buttons: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS },
});

const STRINGS = {
  sv: {
    title: 'Bedömningskriterier',
    hint: 'Idécoacherna bedömer varje idé från Idésamtal på de här kriterierna, vart och ett från 1 till 5. Vikten (1–10) avgör hur mycket kriteriet räknas; idén får en viktad poäng 0–100. Bara idécoacher och administratörer ser poängen.',
    none: 'Inga kriterier än. Utan kriterier bedöms inga idéer.',
    criterion: (n: number, name: string) => (name.trim() ? `Kriterium ${n}: ${name.trim()}` : `Kriterium ${n}`),
    name: 'Namn',
    description: 'Beskrivning (vad coachen ska bedöma)',
    weight: 'Vikt (1–10)',
    share: (percent: number) => `Väger ${percent} % av poängen.`,
    up: (n: number) => `Flytta kriterium ${n} upp`,
    down: (n: number) => `Flytta kriterium ${n} ner`,
    remove: (n: number) => `Ta bort kriterium ${n}`,
    add: 'Lägg till kriterium',
    removedNote:
      'Du har tagit bort kriterier som kan ha bedömningar. När du sparar räknas de bedömningarna inte längre in i idéernas poäng, och poängen räknas om strax efteråt. Lägger du till ett kriterium med samma namn igen räknas de med igen.',
    save: 'Spara kriterier',
    saved: 'Kriterierna är sparade. Idéernas poäng följer dem nu.',
    stale: 'Någon annan sparade inställningarna under tiden. De nya visas nu; gör din ändring igen.',
    invalid: (fields: string) => `Det gick inte att spara: kontrollera ${fields}.`,
    nameRequired: 'Skriv ett namn.',
    weightInvalid: `Ska vara ett heltal 1–${LIMITS.weight}.`,
  },
  en: {
    title: 'Evaluation criteria',
    hint: 'From the first talk on, the idea coaches score each idea on these criteria, each from 1 to 5. The weight (1–10) says how much a criterion counts; the idea gets a weighted score 0–100. Only idea coaches and admins see scores.',
    none: 'No criteria yet. Without criteria no idea is scored.',
    criterion: (n: number, name: string) => (name.trim() ? `Criterion ${n}: ${name.trim()}` : `Criterion ${n}`),
    name: 'Name',
    description: 'Description (what the coach assesses)',
    weight: 'Weight (1–10)',
    share: (percent: number) => `Counts for ${percent} % of the score.`,
    up: (n: number) => `Move criterion ${n} up`,
    down: (n: number) => `Move criterion ${n} down`,
    remove: (n: number) => `Remove criterion ${n}`,
    add: 'Add criterion',
    removedNote:
      'You removed criteria that may have scores. When you save, those scores no longer count in the ideas’ scores, which are recalculated right after. Add a criterion with the same name again and they count again.',
    save: 'Save criteria',
    saved: 'The criteria are saved. The ideas’ scores follow them now.',
    stale: 'Someone else saved the settings meanwhile. They are shown now; make your change again.',
    invalid: (fields: string) => `Could not save: check ${fields}.`,
    nameRequired: 'Write a name.',
    weightInvalid: `Must be a whole number 1–${LIMITS.weight}.`,
  },
} satisfies Record<Locale, unknown>;
type Strings = (typeof STRINGS)[Locale];

interface Row {
  /** Only for React: a new row has no id until the server makes one from its name. */
  readonly key: string;
  readonly id?: string;
  readonly name: string;
  readonly description: string;
  readonly weight: string;
}

let nextKey = 0;
const rowsOf = (settings: SluiceSettingsBody): Row[] =>
  (settings.criteria ?? []).map((c) => ({
    key: `row-${nextKey++}`,
    ...(c.id ? { id: c.id } : {}),
    name: c.name,
    description: c.description ?? '',
    weight: String(c.weight),
  }));

const weightOf = (text: string): number | undefined => {
  const n = Number(text.trim());
  return text.trim() !== '' && Number.isInteger(n) && n >= 1 && n <= LIMITS.weight ? n : undefined;
};

/** The problems the form can see before sending, by field (`criteria.0.name`), in the view's words. */
function localProblems(rows: readonly Row[], t: Strings): Map<string, string> {
  const problems = new Map<string, string>();
  // Lengths and duplicates are the server's to name (a 400 per field); these two are plain to see here.
  rows.forEach((r, i) => {
    if (!r.name.trim()) problems.set(`criteria.${i}.name`, t.nameRequired);
    if (weightOf(r.weight) === undefined) problems.set(`criteria.${i}.weight`, t.weightInvalid);
  });
  return problems;
}

function bodyOf(rows: readonly Row[], base: SluiceSettingsBody): SluiceSettingsBody {
  const criteria: Criterion[] = rows.map((r) => ({
    // An edited criterion keeps its id, so the scores given on it keep counting.
    ...(r.id ? { id: r.id } : {}),
    name: r.name,
    ...(r.description.trim() ? { description: r.description } : {}),
    weight: weightOf(r.weight) ?? 0,
  }));
  return { ...base, criteria };
}

/**
 * The sluice's evaluation criteria (name, description, weight), added, edited, reordered and
 * removed, saved through `updateSluice` with the settings' eTag in its own form, like the
 * retention rules: a 412 shows the current settings, a 400 names its fields.
 */
export function CriteriaForm({ api, loaded, onStored, onCurrent }: SettingsSectionProps): ReactNode {
  const { locale } = useUi();
  const t = STRINGS[locale];
  const admin = ADMIN_STRINGS[locale];
  const s = useAdminStyles();
  const local = useStyles();
  const [rows, setRows] = useState(() => rowsOf(loaded.settings));
  const [shown, setShown] = useState(loaded);
  const [problems, setProblems] = useState<Map<string, string>>(new Map());
  const [outcome, setOutcome] = useState<SaveResult>();
  const [saving, setSaving] = useState(false);
  if (shown !== loaded) {
    setShown(loaded);
    setRows(rowsOf(loaded.settings));
    setProblems(new Map());
  }

  const storedIds = new Set((loaded.settings.criteria ?? []).flatMap((c) => (c.id ? [c.id] : [])));
  const keptIds = new Set(rows.flatMap((r) => (r.id ? [r.id] : [])));
  const removedSome = [...storedIds].some((id) => !keptIds.has(id));
  const total = rows.reduce((sum, r) => sum + (weightOf(r.weight) ?? 0), 0);

  const update = (index: number, patch: Partial<Row>): void => setRows((all) => all.map((r, i) => (i === index ? { ...r, ...patch } : r)));
  const move = (index: number, by: -1 | 1): void =>
    setRows((all) => {
      const next = [...all];
      const [row] = next.splice(index, 1);
      next.splice(index + by, 0, row!);
      return next;
    });

  const label = (field: string): string => {
    const [, index, part] = field.split('.');
    const n = Number(index) + 1;
    const name = rows[Number(index)]?.name ?? '';
    return part ? `${t.criterion(n, name)} (${part === 'name' ? t.name : part === 'weight' ? t.weight : t.description})` : t.title;
  };

  const save = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    setOutcome(undefined);
    const found = localProblems(rows, t);
    setProblems(found);
    if (found.size > 0) {
      setOutcome({ kind: 'invalid', fields: [...found.keys()].map(label).join(', ') });
      return;
    }
    setSaving(true);
    try {
      const next = await api.updateSluice(loaded.etag, bodyOf(rows, loaded.settings));
      onStored(next);
      setOutcome({ kind: 'saved' });
    } catch (error) {
      const body =
        error instanceof ApiFailure
          ? (error.body as unknown as { problems?: SettingsProblemBody[]; current?: SluiceSettingsResponse } | undefined)
          : undefined;
      if (error instanceof ApiFailure && error.status === 412 && body?.current) {
        onCurrent(body.current);
        setOutcome({ kind: 'stale' });
      } else if (error instanceof ApiFailure && error.status === 400 && body?.problems?.length) {
        const mine = body.problems.filter((p) => p.field === 'criteria' || p.field.startsWith('criteria.'));
        setProblems(new Map(mine.map((p) => [p.field, admin.problem(p)])));
        setOutcome({ kind: 'invalid', fields: (mine.length > 0 ? mine : body.problems).map((p) => label(p.field)).join(', ') });
      } else setOutcome({ kind: 'failed', error });
    } finally {
      setSaving(false);
    }
  };

  return (
    <section className={s.section} aria-labelledby="admin-criteria-title" data-testid="admin-criteria">
      <h2 className={s.h2} id="admin-criteria-title">
        {t.title}
      </h2>
      <p className={s.hint}>{t.hint}</p>
      <form aria-labelledby="admin-criteria-title" onSubmit={(e) => void save(e)} noValidate>
        {rows.length === 0 ? <p className={s.hint}>{t.none}</p> : null}
        {rows.map((r, i) => {
          const weight = weightOf(r.weight);
          return (
            <fieldset key={r.key} className={local.fieldset} data-testid="criterion-row">
              <legend>{t.criterion(i + 1, r.name)}</legend>
              <Field label={t.name} required validationMessage={problems.get(`criteria.${i}.name`)}>
                <Input value={r.name} onChange={(_e, d) => update(i, { name: d.value })} />
              </Field>
              <Field label={t.description} validationMessage={problems.get(`criteria.${i}.description`)}>
                <Textarea value={r.description} resize="vertical" onChange={(_e, d) => update(i, { description: d.value })} />
              </Field>
              <Field
                label={t.weight}
                required
                validationMessage={problems.get(`criteria.${i}.weight`)}
                hint={weight !== undefined && total > 0 ? t.share(Math.round((weight / total) * 100)) : undefined}
              >
                <Input className={local.weight} inputMode="numeric" value={r.weight} onChange={(_e, d) => update(i, { weight: d.value })} />
              </Field>
              <div className={local.buttons}>
                <Button size="small" icon={<ArrowUpRegular />} disabled={i === 0} onClick={() => move(i, -1)} aria-label={t.up(i + 1)} />
                <Button
                  size="small"
                  icon={<ArrowDownRegular />}
                  disabled={i === rows.length - 1}
                  onClick={() => move(i, 1)}
                  aria-label={t.down(i + 1)}
                />
                <Button size="small" onClick={() => setRows((all) => all.filter((_r, j) => j !== i))}>
                  {t.remove(i + 1)}
                </Button>
              </div>
            </fieldset>
          );
        })}
        {problems.get('criteria') ? (
          <MessageBar intent="error">
            <MessageBarBody>{problems.get('criteria')}</MessageBarBody>
          </MessageBar>
        ) : null}
        {removedSome ? (
          <MessageBar intent="warning" data-testid="criteria-removed-note">
            <MessageBarBody>{t.removedNote}</MessageBarBody>
          </MessageBar>
        ) : null}
        <div className={s.actions}>
          <Button
            disabled={rows.length >= LIMITS.criteria}
            onClick={() => setRows((all) => [...all, { key: `row-${nextKey++}`, name: '', description: '', weight: '1' }])}
          >
            {t.add}
          </Button>
          <Button appearance="primary" type="submit" disabled={saving}>
            {t.save}
          </Button>
        </div>
      </form>
      <SaveOutcome outcome={outcome} testId="criteria-outcome" saved={t.saved} stale={t.stale} invalid={t.invalid} />
    </section>
  );
}
