import { Button, Field, MessageBar, MessageBarBody, makeStyles, tokens } from '@fluentui/react-components';
import { useId, useRef, useState, type FormEvent, type ReactNode } from 'react';
import type { FieldProblem, TabConfig } from '../../../bot/src/api/contracts';
import { ApiFailure, type ApiClient } from '../api/client';
import { DateField } from '../components/date-field';
import { coachName } from '../components/reach';
import { useUi } from '../context';
import { describeFailure } from '../errors';
import { longDate, type Strings } from '../i18n';

const useStyles = makeStyles({
  root: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalXS,
    maxWidth: '32rem',
    minWidth: 0,
  },
  row: { display: 'flex', flexWrap: 'wrap', alignItems: 'center', columnGap: tokens.spacingHorizontalS, rowGap: tokens.spacingVerticalXS },
  status: { margin: 0, overflowWrap: 'anywhere' },
  label: { fontWeight: tokens.fontWeightSemibold },
  form: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalS,
    padding: tokens.spacingHorizontalM,
    backgroundColor: tokens.colorNeutralBackground1,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke1}`,
    borderRadius: tokens.borderRadiusMedium,
  },
});

export { mayBeAway } from './absence-rule';

interface Absence {
  readonly until?: string;
  readonly coveredBy?: { readonly id: string; readonly name?: string };
}

/**
 * "Borta till …" for a coach: whether they are away and who covers, a date (the day they are
 * back) to set or change, and "Jag är tillbaka" to end it. The server checks the date
 * (`setAbsence`) and the refusal is shown beside the field.
 */
export function AbsenceSwitch({ api, config, onChanged }: { api: ApiClient; config: TabConfig; onChanged: () => void }): ReactNode {
  const { t, locale, announce } = useUi();
  const s = useStyles();
  const formId = useId();
  const [absence, setAbsence] = useState<Absence>(() => ({
    ...(config.caller.awayUntil ? { until: config.caller.awayUntil } : {}),
    ...(config.caller.coveredBy ? { coveredBy: config.caller.coveredBy } : {}),
  }));
  const [open, setOpen] = useState(false);
  const [date, setDate] = useState(absence.until ?? '');
  const [problem, setProblem] = useState<FieldProblem | undefined>();
  const [notice, setNotice] = useState<{ intent: 'success' | 'error'; text: string } | undefined>();
  const [busy, setBusy] = useState(false);
  const toggle = useRef<HTMLButtonElement>(null);

  const save = async (until: string | null): Promise<void> => {
    setBusy(true);
    setProblem(undefined);
    setNotice(undefined);
    try {
      const res = await api.setAbsence(until);
      setAbsence({ ...(res.awayUntil ? { until: res.awayUntil } : {}), ...(res.backup ? { coveredBy: res.backup } : {}) });
      const text = res.awayUntil ? t.absenceSaved(longDate(res.awayUntil, locale)) : t.absenceEnded;
      setNotice({ intent: 'success', text });
      announce(text);
      setOpen(false);
      setDate(res.awayUntil ?? '');
      toggle.current?.focus();
      onChanged();
    } catch (err) {
      const refused = err instanceof ApiFailure && err.status === 400 ? err.body?.problems?.find((p) => p.field === 'until') : undefined;
      if (refused) {
        setProblem(refused);
        announce(absenceProblem(refused, t));
      } else setNotice({ intent: 'error', text: describeFailure(err, t) });
    } finally {
      setBusy(false);
    }
  };

  const submit = (e: FormEvent): void => {
    e.preventDefault();
    // The server decides what is a date, what is too early and what too far: it has the sluice's clock.
    void save(date);
  };

  const status = absence.until
    ? t.absenceAway(longDate(absence.until, locale), absence.coveredBy ? coachName(config, absence.coveredBy, t) : undefined)
    : t.absencePresent;

  return (
    <section className={s.root} aria-label={t.absenceTitle} data-testid="absence">
      <div className={s.row}>
        <p className={s.status} data-testid="absence-status">
          <span className={s.label}>{t.absenceTitle}:</span> {status}
        </p>
      </div>
      <div className={s.row}>
        <Button
          ref={toggle}
          size="small"
          appearance={open ? 'primary' : 'secondary'}
          aria-expanded={open}
          aria-controls={formId}
          disabled={busy}
          onClick={() => {
            setOpen((o) => !o);
            setProblem(undefined);
            setNotice(undefined);
          }}
        >
          {absence.until ? t.absenceChange : t.absenceSet}
        </Button>
        {absence.until ? (
          <Button size="small" disabled={busy} onClick={() => void save(null)}>
            {t.absenceEnd}
          </Button>
        ) : null}
      </div>
      {notice ? (
        <MessageBar intent={notice.intent} role={notice.intent === 'error' ? 'alert' : undefined} data-testid="absence-notice">
          <MessageBarBody>{notice.text}</MessageBarBody>
        </MessageBar>
      ) : null}
      {open ? (
        <form id={formId} className={s.form} onSubmit={submit} aria-label={t.absenceTitle} noValidate>
          <Field
            label={t.absenceBackOn}
            hint={t.absenceHint}
            validationMessage={problem ? absenceProblem(problem, t) : undefined}
            validationState={problem ? 'error' : 'none'}
          >
            <DateField
              value={date}
              onChange={(v) => {
                setDate(v);
                setProblem(undefined);
              }}
              onEdit={() => setProblem(undefined)}
              onInvalid={() => setProblem({ field: 'until', problem: 'invalid' })}
              autoFocus
              data-testid="absence-date"
            />
          </Field>
          <div className={s.row}>
            <Button type="submit" appearance="primary" size="small" disabled={busy}>
              {t.absenceSave}
            </Button>
            <Button
              size="small"
              onClick={() => {
                setOpen(false);
                setProblem(undefined);
                setDate(absence.until ?? '');
                toggle.current?.focus();
              }}
            >
              {t.cancel}
            </Button>
          </div>
        </form>
      ) : null}
    </section>
  );
}

/** The server's refusal of the date, in the coach's language. */
function absenceProblem(problem: FieldProblem, t: Strings): string {
  if (problem.problem === 'tooEarly') return t.absenceProblem.tooEarly;
  if (problem.problem === 'tooLate') return t.absenceProblem.tooLate;
  return t.absenceProblem.invalid;
}
