import { Button, Field, MessageBar, MessageBarBody, Radio, RadioGroup, makeStyles, tokens } from '@fluentui/react-components';
import { useState, type FormEvent, type ReactNode } from 'react';
import type { IdeaDetail, TabConfig } from '../../../../bot/src/api/contracts';
import type { ScoresResponse } from '../../../../bot/src/api/scoring-contracts';
import { ApiFailure, type ApiClient } from '../../api/client';
import { useUi } from '../../context';
import { describeFailure } from '../../errors';
import { dateTime } from '../../i18n';
import { useLoad } from '../../use-load';
import { SCORING_STRINGS } from './scoring-strings';

const SCALE = [1, 2, 3, 4, 5] as const;

const useStyles = makeStyles({
  heading: { margin: `0 0 ${tokens.spacingVerticalXS}`, fontSize: tokens.fontSizeBase400, lineHeight: tokens.lineHeightBase400 },
  subheading: { margin: `${tokens.spacingVerticalS} 0 ${tokens.spacingVerticalXS}`, fontSize: tokens.fontSizeBase300 },
  text: { margin: 0 },
  meta: { margin: 0, color: tokens.colorNeutralForeground2 },
  summary: { margin: 0, fontWeight: tokens.fontWeightSemibold },
  form: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalM,
    padding: tokens.spacingHorizontalM,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke1}`,
    borderRadius: tokens.borderRadiusMedium,
    minWidth: 0,
  },
  // Six choices side by side do not fit a phone: they wrap.
  scale: { flexWrap: 'wrap' },
  list: { margin: 0, paddingLeft: tokens.spacingHorizontalL, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  detail: { margin: 0, overflowWrap: 'anywhere' },
});

type Notice = { intent: 'success' | 'warning' | 'error'; text: string };

/**
 * Bedömning in the idea panel, for the sluice's coaches and admins: each criterion with its
 * description and a 1–5 choice, "Spara bedömning", the weighted score 0–100 and every coach's
 * scores with when they were given. Who may see it is the server's decision (`getScores` answers
 * 403 to everyone else, and the section is then left out). The form is offered when the server
 * says the idea takes scores at its stage (`takesScores`: from the Idésamtal on, not once closed);
 * the rule is the domain's, not repeated here.
 */
export function IdeaScoring({
  api,
  config,
  idea,
  onIdea,
  onChanged,
}: {
  api: ApiClient;
  config: TabConfig;
  idea: IdeaDetail;
  onIdea: (idea: IdeaDetail) => void;
  onChanged: () => void;
}): ReactNode {
  // Only coaches and admins are asked; the server decides again on every call.
  const asks = config.caller.role === 'coach' || config.caller.role === 'admin';
  if (!asks) return null;
  return <ScoringSection api={api} idea={idea} onIdea={onIdea} onChanged={onChanged} />;
}

function ScoringSection({
  api,
  idea,
  onIdea,
  onChanged,
}: {
  api: ApiClient;
  idea: IdeaDetail;
  onIdea: (idea: IdeaDetail) => void;
  onChanged: () => void;
}): ReactNode {
  const { t: common, locale, announce } = useUi();
  const t = SCORING_STRINGS[locale];
  const s = useStyles();
  // Asked again when the stage changes (a take in the panel): whether it takes scores is the server's answer.
  const [load, , set] = useLoad(`scores:${idea.id}:${idea.stage}`, () => api.scores(idea.id));
  const [draft, setDraft] = useState<Record<string, number>>({});
  const [shown, setShown] = useState<ScoresResponse | undefined>();
  const [notice, setNotice] = useState<Notice | undefined>();
  const [busy, setBusy] = useState(false);

  const view = load.kind === 'ready' ? load.value : undefined;
  // The form starts from the caller's own sheet, and again whenever the server's answer changes.
  if (view && view !== shown) {
    setShown(view);
    setDraft({ ...(view.mine?.scores ?? {}) });
  }
  if (load.kind === 'error') {
    // A 403 means the server does not count the caller a coach of this sluice: nothing to show.
    if (load.error instanceof ApiFailure && load.error.status === 403) return null;
    return (
      <section aria-labelledby="idea-scoring" data-testid="idea-scoring">
        <h3 id="idea-scoring" className={s.heading}>
          {t.heading}
        </h3>
        <MessageBar intent="error">
          <MessageBarBody>{describeFailure(load.error, common)}</MessageBarBody>
        </MessageBar>
      </section>
    );
  }
  if (!view) return null;

  const names = new Map(view.criteria.map((c) => [c.id, c.name]));
  const scored = view.sheets.filter((x) => x.weighted !== undefined).length;

  const save = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    const scores = Object.fromEntries(Object.entries(draft).filter(([id]) => names.has(id)));
    if (Object.keys(scores).length === 0) return setNotice({ intent: 'error', text: t.chooseOne });
    setBusy(true);
    setNotice(undefined);
    try {
      set(await api.scoreIdea(idea.id, { scores }));
      setNotice({ intent: 'success', text: t.saved });
      announce(t.saved);
      // The idea keeps the weighted score, so its version changed: the panel's actions need the new one.
      void api.idea(idea.id).then(
        (r) => onIdea(r.idea),
        () => undefined,
      );
      onChanged();
    } catch (err) {
      setNotice(refusal(err));
      // What the server holds now (criteria an admin changed meanwhile, another coach's scores).
      if (err instanceof ApiFailure && err.status !== 0) void api.scores(idea.id).then(set, () => undefined);
      // The idea left a stage that takes scores (closed meanwhile): the panel shows its stage now.
      if (err instanceof ApiFailure && err.body?.code === 'NotAllowedNow')
        void api.idea(idea.id).then(
          (r) => onIdea(r.idea),
          () => undefined,
        );
    } finally {
      setBusy(false);
    }
  };

  const refusal = (err: unknown): Notice => {
    if (!(err instanceof ApiFailure)) return { intent: 'error', text: describeFailure(err, common) };
    if (err.status === 409 && err.body?.code === 'NoCriteria') return { intent: 'warning', text: t.refusedNoCriteria };
    // The idea moved meanwhile (taken back, closed): the form gives way to what the server says now.
    if (err.status === 409 && err.body?.code === 'NotAllowedNow') return { intent: 'warning', text: t.notNow };
    if (err.status === 400) {
      const fields = (err.body?.problems ?? []).map((p) => p.field.replace(/^scores\./, ''));
      // A criterion the server no longer knows: the admin changed the criteria while the form was open.
      if (fields.some((id) => id !== 'scores' && !names.has(id)) || fields.length === 0)
        return { intent: 'warning', text: t.changedCriteria };
      return { intent: 'error', text: t.invalid(fields.map((id) => names.get(id) ?? id).join(', ')) };
    }
    return { intent: 'error', text: describeFailure(err, common) };
  };

  return (
    <section aria-labelledby="idea-scoring" data-testid="idea-scoring">
      <h3 id="idea-scoring" className={s.heading}>
        {t.heading}
      </h3>
      <p className={s.meta}>{t.intro}</p>
      <p className={s.summary} data-testid="scoring-weighted">
        {view.weighted !== undefined ? t.weighted(view.weighted, scored) : t.noScore}
      </p>
      {notice ? (
        <MessageBar intent={notice.intent} role={notice.intent === 'error' ? 'alert' : undefined} data-testid="scoring-notice">
          <MessageBarBody>{notice.text}</MessageBarBody>
        </MessageBar>
      ) : null}
      {view.criteria.length === 0 ? (
        <p className={s.text}>{t.noCriteria}</p>
      ) : !view.takesScores ? (
        <p className={s.text}>{idea.stage === 'closed' ? t.closed : t.notTaken}</p>
      ) : (
        <form className={s.form} aria-label={t.form} onSubmit={(e) => void save(e)} noValidate>
          {view.criteria.map((c) => (
            <Field key={c.id} label={`${c.name} (${t.weight(c.weight)})`} hint={c.description}>
              <RadioGroup
                className={s.scale}
                layout="horizontal"
                value={draft[c.id] === undefined ? '' : String(draft[c.id])}
                onChange={(_e, d) =>
                  setDraft((x) => {
                    const { [c.id]: _old, ...rest } = x;
                    void _old;
                    return d.value === '' ? rest : { ...rest, [c.id]: Number(d.value) };
                  })
                }
              >
                {SCALE.map((n) => (
                  <Radio key={n} value={String(n)} label={t.scale(n)} />
                ))}
                <Radio value="" label={t.unscored} />
              </RadioGroup>
            </Field>
          ))}
          <div>
            <Button type="submit" appearance="primary" disabled={busy}>
              {t.save}
            </Button>
          </div>
        </form>
      )}
      {view.sheets.length > 0 ? (
        <>
          <h4 className={s.subheading}>{t.sheets}</h4>
          <ul className={s.list} aria-label={t.sheets} data-testid="scoring-sheets">
            {view.sheets.map((sheet) => (
              <li key={sheet.coach.id}>
                <p className={s.detail}>
                  <strong>{t.sheet(sheet.coach.name, sheet.weighted)}</strong>
                  {view.mine && view.mine.coach.id === sheet.coach.id ? ` ${t.yours}` : ''}
                </p>
                <p className={s.detail}>
                  {view.criteria
                    .filter((c) => sheet.scores[c.id] !== undefined)
                    .map((c) => `${c.name} ${sheet.scores[c.id]}`)
                    .join(' · ')}
                </p>
                <p className={s.meta}>
                  {t.scoredAt} <time dateTime={sheet.at}>{dateTime(sheet.at, locale)}</time>
                </p>
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}
