import { Button, Field, MessageBar, MessageBarBody, Radio, RadioGroup, Textarea, makeStyles, tokens } from '@fluentui/react-components';
import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import type { FieldProblem, GiverActionType, IdeaDetail, TabConfig } from '../../../../bot/src/api/contracts';
import { ApiFailure, type ApiClient } from '../../api/client';
import { describeFailure, describeProblem } from '../../errors';
import { parseHash } from '../../routing';
import { BENEFICIARY_ORDER, IdeaFields, focusFirstProblem, problemsByField, type IdeaField, type IdeaValues } from './idea-fields';
import { useGiverStrings, type GiverStrings } from './strings';
import { justSubmitted } from './submitted';

const useStyles = makeStyles({
  heading: { margin: `0 0 ${tokens.spacingVerticalXS}`, fontSize: tokens.fontSizeBase400, lineHeight: tokens.lineHeightBase400 },
  section: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  actions: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS },
  form: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalS,
    padding: tokens.spacingHorizontalM,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke1}`,
    borderRadius: tokens.borderRadiusMedium,
    minWidth: 0,
  },
  text: { margin: 0, whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' },
  stars: { display: 'flex', flexWrap: 'wrap', columnGap: tokens.spacingHorizontalS },
});

export interface GiverActionsProps {
  api: ApiClient;
  config: TabConfig;
  idea: IdeaDetail;
  onIdea: (idea: IdeaDetail) => void;
  onChanged: () => void;
}

type Notice = { intent: 'error' | 'warning' | 'success'; text: string };

/** The button that opens each of the giver's forms, in the order the server lists them. */
const LABEL: Readonly<Record<GiverActionType, keyof GiverStrings>> = {
  answerQuestion: 'answer',
  edit: 'edit',
  withdraw: 'withdraw',
  rate: 'rate',
};

/** `#/mine?idea=…&do=answer` (a link from "Mina idéer") opens the panel on that form. */
function actionFromAddress(): GiverActionType | undefined {
  const wanted = parseHash(window.location.hash).params.get('do');
  return wanted === 'answer' ? 'answerQuestion' : wanted === 'rate' ? 'rate' : undefined;
}

/**
 * The giver's own actions on their idea in the panel — answer the coach's question, edit while
 * allowed, withdraw (after a confirmation), rate after a decision — offered as the server's
 * `giverActions` say. Each sends the etag the giver saw; when someone changed the idea first,
 * the panel shows the idea as it is now and says so.
 */
export function GiverActions({ api, config, idea, onIdea, onChanged }: GiverActionsProps): ReactNode {
  const { t, g, locale, announce } = useGiverStrings();
  const s = useStyles();
  const [form, setForm] = useState<GiverActionType | undefined>(() => {
    const wanted = actionFromAddress();
    return wanted && idea.giverActions.includes(wanted) ? wanted : undefined;
  });
  const [text, setText] = useState('');
  const [rating, setRating] = useState('');
  const [values, setValues] = useState<IdeaValues>(() => valuesOf(idea));
  const [problems, setProblems] = useState<readonly FieldProblem[]>([]);
  const [notice, setNotice] = useState<Notice | undefined>(() => {
    const number = justSubmitted(idea.id);
    return number !== undefined ? { intent: 'success', text: g.sent(number) } : undefined;
  });
  const [busy, setBusy] = useState(false);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const open = form && idea.giverActions.includes(form) ? form : undefined;

  useEffect(() => {
    if (form && !idea.giverActions.includes(form)) setForm(undefined);
  }, [form, idea.giverActions]);

  const openForm = (a: GiverActionType): void => {
    setProblems([]);
    setNotice(undefined);
    if (form === a) {
      setForm(undefined);
      return;
    }
    if (a === 'edit') setValues(valuesOf(idea));
    setText('');
    setRating('');
    setForm(a);
  };

  const run = async (call: () => Promise<{ idea: IdeaDetail }>, done: string): Promise<void> => {
    setBusy(true);
    setNotice(undefined);
    setProblems([]);
    try {
      const { idea: next } = await call();
      onIdea(next);
      onChanged();
      setForm(undefined);
      setText('');
      setNotice({ intent: 'success', text: done });
      announce(done);
      headingRef.current?.focus();
    } catch (err) {
      const failure = err instanceof ApiFailure ? err : undefined;
      if (failure?.body?.current) {
        onIdea(failure.body.current);
        onChanged();
      }
      if (failure?.status === 400 && failure.body?.problems?.length) {
        setProblems(failure.body.problems);
        setTimeout(() => focusFirstProblem(formRef.current, problemsByField(failure.body?.problems ?? [])), 0);
        return;
      }
      const says = failureText(failure, open, g) ?? describeFailure(err, t);
      setNotice({ intent: failure && (failure.status === 409 || failure.status === 412) ? 'warning' : 'error', text: says });
      announce(says);
    } finally {
      setBusy(false);
    }
  };

  const submit = (e: FormEvent): void => {
    e.preventDefault();
    if (!open || busy) return;
    if (open === 'answerQuestion')
      void run(() => api.answerQuestion(idea.id, idea.etag, { answer: text, questionId: idea.openQuestionId }), g.answered);
    else if (open === 'withdraw') void run(() => api.withdrawIdea(idea.id, idea.etag, text.trim() ? { reason: text } : {}), g.withdrawn);
    else if (open === 'rate') {
      if (!rating) {
        setProblems([{ field: 'rating', problem: 'invalid' }]);
        return;
      }
      void run(
        () =>
          api.rateIdea(idea.id, idea.etag, {
            rating: Number(rating),
            decisionId: idea.ratingAsked?.decisionId,
            ...(text.trim() ? { comment: text } : {}),
          }),
        g.rated,
      );
    } else {
      const changes = changedFields(idea, values);
      if (Object.keys(changes).length === 0) {
        setNotice({ intent: 'warning', text: g.nothingChanged });
        return;
      }
      void run(() => api.editIdea(idea.id, idea.etag, changes), g.edited);
    }
  };

  const problemOf = (field: string): string | undefined => {
    const p = problems.find((x) => x.field === field);
    if (!p) return undefined;
    return field === 'rating' ? g.pickRating : describeProblem(p, t);
  };
  const labels = config.stageLabels[locale];
  // After the last action (a withdrawal) the section stays only to say it was done.
  if (idea.giverActions.length === 0 && !notice) return null;

  return (
    <section aria-labelledby="giver-actions" className={s.section} data-testid="giver-actions">
      <h3 id="giver-actions" className={s.heading} tabIndex={-1} ref={headingRef}>
        {g.giverActions}
      </h3>
      {notice ? (
        <MessageBar
          intent={notice.intent}
          role={notice.intent === 'error' ? 'alert' : undefined}
          layout="multiline"
          data-testid="giver-notice"
        >
          <MessageBarBody>{notice.text}</MessageBarBody>
        </MessageBar>
      ) : null}
      <div className={s.actions}>
        {idea.giverActions.map((a) => (
          <Button
            key={a}
            appearance={open === a ? 'primary' : 'secondary'}
            disabled={busy}
            aria-expanded={open === a}
            onClick={() => openForm(a)}
          >
            {g[LABEL[a]] as string}
          </Button>
        ))}
      </div>
      {open ? (
        <form ref={formRef} className={s.form} onSubmit={submit} aria-label={g[LABEL[open]] as string} noValidate>
          {open === 'answerQuestion' ? (
            <>
              {idea.pendingQuestion ? <p className={s.text}>{idea.pendingQuestion}</p> : null}
              <Field label={g.yourAnswer} required validationMessage={problemOf('answer')}>
                <Textarea value={text} onChange={(_e, d) => setText(d.value)} resize="vertical" autoFocus data-field="answer" />
              </Field>
            </>
          ) : null}
          {open === 'edit' ? (
            <IdeaFields
              prefix="edit-idea"
              values={values}
              onChange={setValues}
              problems={problemsByField(problems)}
              departments={config.departments}
            />
          ) : null}
          {open === 'withdraw' ? (
            <>
              <p className={s.text}>{g.withdrawConfirm}</p>
              <Field label={g.withdrawReason} validationMessage={problemOf('reason')}>
                <Textarea value={text} onChange={(_e, d) => setText(d.value)} resize="vertical" autoFocus data-field="reason" />
              </Field>
            </>
          ) : null}
          {open === 'rate' ? (
            <>
              <Field
                label={g.rateQuestion(idea.ratingAsked ? labels[idea.ratingAsked.stage] : '')}
                required
                hint={`${g.rateLow}, ${g.rateHigh}`}
                validationMessage={problemOf('rating')}
              >
                <RadioGroup
                  value={rating}
                  onChange={(_e, d) => setRating(d.value)}
                  layout="horizontal"
                  className={s.stars}
                  data-field="rating"
                >
                  {[1, 2, 3, 4, 5].map((n) => (
                    <Radio key={n} value={String(n)} label={g.stars(n)} />
                  ))}
                </RadioGroup>
              </Field>
              <Field label={g.rateComment} validationMessage={problemOf('comment')}>
                <Textarea value={text} onChange={(_e, d) => setText(d.value)} resize="vertical" data-field="comment" />
              </Field>
            </>
          ) : null}
          <div className={s.actions}>
            <Button type="submit" appearance="primary" disabledFocusable={busy}>
              {open === 'answerQuestion'
                ? g.sendAnswer
                : open === 'edit'
                  ? g.saveEdit
                  : open === 'withdraw'
                    ? g.confirmWithdraw
                    : g.sendRating}
            </Button>
            <Button
              onClick={() => {
                setForm(undefined);
                setProblems([]);
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

function valuesOf(idea: IdeaDetail): IdeaValues {
  return { title: idea.title, need: idea.need, idea: idea.idea, beneficiaries: [...idea.beneficiaries], department: idea.department };
}

/** Only what the giver changed is sent, so an edit never overwrites a field with what it was. */
function changedFields(idea: IdeaDetail, values: IdeaValues): Partial<IdeaValues> {
  const before = valuesOf(idea);
  const changes: { -readonly [K in IdeaField]?: IdeaValues[K] } = {};
  for (const key of ['title', 'need', 'idea', 'department'] as const) if (values[key] !== before[key]) changes[key] = values[key];
  const sameBeneficiaries = BENEFICIARY_ORDER.every((b) => values.beneficiaries.includes(b) === before.beneficiaries.includes(b));
  if (!sameBeneficiaries) changes.beneficiaries = values.beneficiaries;
  return changes;
}

/** What a refusal of the giver's action means, in the giver's words. */
function failureText(failure: ApiFailure | undefined, tried: GiverActionType | undefined, g: GiverStrings): string | undefined {
  if (!failure) return undefined;
  const current = failure.body?.current;
  switch (failure.body?.code) {
    case 'Stale':
      // Changed meanwhile in a way that ends this action (answered in chat, say): say that, not "try again".
      if (current && tried && !current.giverActions.includes(tried))
        return tried === 'answerQuestion' ? g.questionClosed : tried === 'rate' ? g.alreadyRated : g.notAllowedNow;
      return g.stale;
    case 'QuestionClosed':
      return g.questionClosed;
    case 'AlreadyRated':
      return g.alreadyRated;
    case 'NotAllowedNow':
      return g.notAllowedNow;
    case 'Forbidden':
      return g.notYours;
    default:
      return failure.status === 412 ? g.stale : failure.status === 409 ? g.notAllowedNow : undefined;
  }
}
