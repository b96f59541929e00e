import { Checkbox, Field, Input, Textarea, makeStyles, tokens } from '@fluentui/react-components';
import { ErrorCircleRegular } from '@fluentui/react-icons';
import type { ReactNode } from 'react';
import type { Beneficiary, FieldProblem } from '../../../../bot/src/api/contracts';
import { describeProblem } from '../../errors';
import { useGiverStrings } from './strings';

/** The chat's order of "who benefits" (the server stores them so, whatever order they are ticked). */
export const BENEFICIARY_ORDER: readonly Beneficiary[] = ['residents', 'staff', 'businesses', 'other'];

/** The idea's text as the form holds it. */
export interface IdeaValues {
  readonly title: string;
  readonly need: string;
  readonly idea: string;
  readonly beneficiaries: readonly Beneficiary[];
  readonly department: string;
}

export const EMPTY_IDEA: IdeaValues = { title: '', need: '', idea: '', beneficiaries: [], department: '' };

export type IdeaField = keyof IdeaValues;
const FIELDS: readonly IdeaField[] = ['title', 'need', 'idea', 'beneficiaries', 'department'];

/** The problems the server named, by field of the form (the first per field). */
export function problemsByField(problems: readonly FieldProblem[]): Partial<Record<IdeaField, FieldProblem>> {
  const byField: Partial<Record<IdeaField, FieldProblem>> = {};
  for (const p of problems) {
    const field = FIELDS.find((f) => p.field === f || p.field.startsWith(`${f}.`));
    if (field && !byField[field]) byField[field] = p;
  }
  return byField;
}

/** Moves the keyboard to the first field the server refused, so the reason beside it is read. */
export function focusFirstProblem(form: HTMLElement | null, problems: Partial<Record<IdeaField, FieldProblem>>): void {
  const first = FIELDS.find((f) => problems[f]);
  if (first) form?.querySelector<HTMLElement>(`[data-field="${first}"]`)?.focus();
}

const useStyles = makeStyles({
  group: {
    margin: 0,
    padding: 0,
    border: 'none',
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalXXS,
    minWidth: 0,
  },
  legend: { padding: 0, fontWeight: tokens.fontWeightSemibold, marginBottom: tokens.spacingVerticalXXS },
  required: { color: tokens.colorPaletteRedForeground3, paddingLeft: tokens.spacingHorizontalXS },
  choices: { display: 'flex', flexWrap: 'wrap', columnGap: tokens.spacingHorizontalM },
  hint: { margin: 0, color: tokens.colorNeutralForeground3, fontSize: tokens.fontSizeBase200 },
  error: {
    margin: 0,
    display: 'flex',
    alignItems: 'center',
    gap: tokens.spacingHorizontalXS,
    color: tokens.colorPaletteRedForeground1,
    fontSize: tokens.fontSizeBase200,
  },
});

/**
 * The five questions of an idea, as in the chat: title, need, idea, who benefits and department
 * (the sluice's departments are offered; anything typed is matched against their names and
 * aliases by the server). Problems the server found are shown beside their field.
 */
export function IdeaFields({
  prefix,
  values,
  onChange,
  problems,
  departments,
}: {
  prefix: string;
  values: IdeaValues;
  onChange: (values: IdeaValues) => void;
  problems: Partial<Record<IdeaField, FieldProblem>>;
  departments: readonly string[];
}): ReactNode {
  const { t, g } = useGiverStrings();
  const s = useStyles();
  const message = (f: IdeaField): string | undefined => {
    const p = problems[f];
    if (!p) return undefined;
    return f === 'beneficiaries' && p.problem === 'empty' ? g.chooseOne : describeProblem(p, t);
  };
  const set = <K extends IdeaField>(key: K, value: IdeaValues[K]): void => onChange({ ...values, [key]: value });
  const toggle = (b: Beneficiary, on: boolean): void =>
    set(
      'beneficiaries',
      BENEFICIARY_ORDER.filter((x) => (x === b ? on : values.beneficiaries.includes(x))),
    );
  const beneficiariesError = message('beneficiaries');
  const listId = `${prefix}-departments`;

  return (
    <>
      <Field label={g.title} required hint={g.titleHint} validationMessage={message('title')}>
        <Input data-field="title" value={values.title} onChange={(_e, d) => set('title', d.value)} autoComplete="off" />
      </Field>
      <Field label={g.need} required hint={g.needHint} validationMessage={message('need')}>
        <Textarea data-field="need" value={values.need} onChange={(_e, d) => set('need', d.value)} resize="vertical" rows={3} />
      </Field>
      <Field label={g.idea} required hint={g.ideaHint} validationMessage={message('idea')}>
        <Textarea data-field="idea" value={values.idea} onChange={(_e, d) => set('idea', d.value)} resize="vertical" rows={4} />
      </Field>
      <fieldset
        className={s.group}
        aria-describedby={`${prefix}-beneficiaries-hint${beneficiariesError ? ` ${prefix}-beneficiaries-error` : ''}`}
        data-testid="beneficiaries"
      >
        <legend className={s.legend}>
          {g.beneficiaries}
          <span className={s.required} aria-hidden="true">
            *
          </span>
        </legend>
        <div className={s.choices}>
          {BENEFICIARY_ORDER.map((b) => (
            <Checkbox
              key={b}
              data-field="beneficiaries"
              label={t.beneficiary[b]}
              checked={values.beneficiaries.includes(b)}
              onChange={(_e, d) => toggle(b, d.checked === true)}
              aria-invalid={beneficiariesError ? true : undefined}
            />
          ))}
        </div>
        <p id={`${prefix}-beneficiaries-hint`} className={s.hint}>
          {g.beneficiariesHint}
        </p>
        {beneficiariesError ? (
          <p id={`${prefix}-beneficiaries-error`} className={s.error}>
            <ErrorCircleRegular aria-hidden="true" />
            {beneficiariesError}
          </p>
        ) : null}
      </fieldset>
      <Field
        label={g.department}
        required
        hint={departments.length > 0 ? g.departmentHint : undefined}
        validationMessage={message('department')}
      >
        <Input
          data-field="department"
          value={values.department}
          onChange={(_e, d) => set('department', d.value)}
          autoComplete="off"
          {...(departments.length > 0 ? { list: listId } : {})}
        />
      </Field>
      {departments.length > 0 ? (
        <datalist id={listId} data-testid="department-list">
          {departments.map((d) => (
            <option key={d} value={d} />
          ))}
        </datalist>
      ) : null}
    </>
  );
}
