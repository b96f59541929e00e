import {
  Button,
  DrawerBody,
  DrawerHeader,
  DrawerHeaderTitle,
  Field,
  Input,
  MessageBar,
  MessageBarBody,
  OverlayDrawer,
  Select,
  Textarea,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { DismissRegular } from '@fluentui/react-icons';
import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import type {
  CoachActionRequest,
  CoachActionType,
  EffectRequest,
  FieldProblem,
  IdeaDetail,
  TabConfig,
} from '../../../bot/src/api/contracts';
import { ApiFailure, type ApiClient } from '../api/client';
import { ErrorState, Loading } from '../components/states';
import { StageBadges } from '../components/stage-badges';
import { CoverLine, NoReachableCoachBadge, NoReachableCoachNotice } from '../components/reach';
import { useUi } from '../context';
import { describeFailure, describeProblem } from '../errors';
import type { Host } from '../host/host';
import { dateTime } from '../i18n';
import { recordHref } from '../routing';
import { useLoad } from '../use-load';
import { GiverActions } from './giver/giver-actions';
import { SimilarIdeas } from './similar-ideas';
import { IdeaLinks } from './idea-links';
import { ideaLinkHere } from '../host/tab-links';
import { IdeaSupport } from './idea-support';
import { CommentsSection } from './comments/comments-section';
import { IdeaScoring } from './scoring/idea-scoring';

const useStyles = makeStyles({
  body: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL, paddingBottom: tokens.spacingVerticalXXL },
  badges: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS },
  facts: {
    display: 'grid',
    gridTemplateColumns: 'minmax(8rem, max-content) 1fr',
    gap: `${tokens.spacingVerticalXS} ${tokens.spacingHorizontalM}`,
    margin: 0,
    '@media (max-width: 480px)': { gridTemplateColumns: '1fr' },
  },
  term: { color: tokens.colorNeutralForeground2, fontWeight: tokens.fontWeightSemibold },
  definition: { margin: 0, overflowWrap: 'anywhere' },
  heading: { margin: `0 0 ${tokens.spacingVerticalXS}`, fontSize: tokens.fontSizeBase400, lineHeight: tokens.lineHeightBase400 },
  text: { margin: 0, whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' },
  actions: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS },
  form: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalS,
    padding: tokens.spacingHorizontalM,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke1}`,
    borderRadius: tokens.borderRadiusMedium,
  },
  timeline: { listStyleType: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  event: { borderLeft: `${tokens.strokeWidthThick} solid ${tokens.colorNeutralStroke1}`, paddingLeft: tokens.spacingHorizontalM },
  eventLine: { margin: 0 },
  eventTime: { margin: 0, color: tokens.colorNeutralForeground2, fontSize: tokens.fontSizeBase200 },
  quote: { margin: `${tokens.spacingVerticalXS} 0 0`, whiteSpace: 'pre-wrap', overflowWrap: 'anywhere', fontStyle: 'italic' },
  list: { margin: 0, paddingLeft: tokens.spacingHorizontalL },
});

type FormKind = Exclude<CoachActionType, 'take'>;

export interface IdeaPanelProps {
  api: ApiClient;
  host: Host;
  config: TabConfig;
  ideaId: string;
  /** False while the panel closes (it stays mounted so the drawer can give the page back). */
  open?: boolean;
  /** Opens straight on this action's form (a card dropped on "Avslutad"). */
  initialAction?: 'decline' | 'advance';
  shareUrl: string;
  onClose: () => void;
  /** Called after the idea was changed here, so the lists behind refresh. */
  onChanged: () => void;
}

/**
 * The idea panel: full text, facts, the timeline of every decision, the giver's satisfaction,
 * and for coaches the same actions the coach cards offer. Loaded only when an idea is opened.
 */
export default function IdeaPanel(props: IdeaPanelProps): ReactNode {
  const { api, ideaId, onClose } = props;
  const { t } = useUi();
  const [load, reload, setIdea] = useLoad(ideaId, () => api.idea(ideaId).then((r) => r.idea));
  const narrow = useMediaQuery('(max-width: 640px)');
  const idea = load.kind === 'ready' ? load.value : undefined;
  return (
    <OverlayDrawer
      open={props.open ?? true}
      position="end"
      size={narrow ? 'full' : 'medium'}
      onOpenChange={(_e, d) => {
        if (!d.open) onClose();
      }}
      aria-labelledby="idea-panel-title"
      data-testid="idea-panel"
    >
      <DrawerHeader>
        <DrawerHeaderTitle
          heading={{ id: 'idea-panel-title' }}
          action={<Button appearance="subtle" aria-label={t.close} icon={<DismissRegular />} onClick={onClose} />}
        >
          {idea ? `#${idea.number} ${idea.title}` : t.loadingIdea}
        </DrawerHeaderTitle>
      </DrawerHeader>
      <DrawerBody>
        {load.kind === 'loading' ? <Loading label={t.loadingIdea} /> : null}
        {load.kind === 'error' ? <ErrorState error={load.error} onRetry={reload} /> : null}
        {idea ? <IdeaContent {...props} idea={idea} onIdea={setIdea} /> : null}
      </DrawerBody>
    </OverlayDrawer>
  );
}

function IdeaContent(props: IdeaPanelProps & { idea: IdeaDetail; onIdea: (idea: IdeaDetail) => void }): ReactNode {
  const { idea, config, host, shareUrl } = props;
  const { t, locale } = useUi();
  const s = useStyles();
  const labels = config.stageLabels[locale];
  const [shareNote, setShareNote] = useState<{ text: string; url?: string } | undefined>();
  const municipality = config.municipalities.length > 1 ? config.municipalities.find((m) => m.tenantId === idea.tenantId)?.name : undefined;

  return (
    <div className={s.body}>
      <div className={s.badges}>
        <StageBadges stage={idea.stage} needsInfo={idea.needsInfo} labels={labels} overdue={idea.overdue} />
        <NoReachableCoachBadge card={idea} />
      </div>
      <NoReachableCoachNotice idea={idea} config={config} />
      <CoverLine idea={idea} config={config} />
      <dl className={s.facts}>
        <dt className={s.term}>{t.giver}</dt>
        <dd className={s.definition}>
          {idea.giver.name}
          {idea.giver.jobTitle ? `, ${idea.giver.jobTitle}` : ''}
          {idea.origin ? ` (${t.givenFrom(idea.origin.name)})` : ''}
        </dd>
        <dt className={s.term}>{t.department}</dt>
        <dd className={s.definition}>{idea.department}</dd>
        {municipality ? (
          <>
            <dt className={s.term}>{t.municipality}</dt>
            <dd className={s.definition}>{municipality}</dd>
          </>
        ) : null}
        <dt className={s.term}>{t.responsibleCoach}</dt>
        <dd className={s.definition}>{idea.coach?.name ?? t.noCoach}</dd>
        <dt className={s.term}>{t.submitted}</dt>
        <dd className={s.definition}>
          <time dateTime={idea.createdAt}>{dateTime(idea.createdAt, locale)}</time>
        </dd>
      </dl>

      <section aria-labelledby="idea-need">
        <h3 id="idea-need" className={s.heading}>
          {t.need}
        </h3>
        <p className={s.text}>{idea.need}</p>
      </section>
      <section aria-labelledby="idea-idea">
        <h3 id="idea-idea" className={s.heading}>
          {t.theIdea}
        </h3>
        <p className={s.text}>{idea.idea}</p>
      </section>
      {idea.beneficiaries.length > 0 ? (
        <section aria-labelledby="idea-beneficiaries">
          <h3 id="idea-beneficiaries" className={s.heading}>
            {t.beneficiaries}
          </h3>
          <p className={s.text}>{idea.beneficiaries.map((b) => t.beneficiary[b]).join(', ')}</p>
        </section>
      ) : null}
      {idea.pendingQuestion ? (
        <section aria-labelledby="idea-question">
          <h3 id="idea-question" className={s.heading}>
            {t.pendingQuestion}
          </h3>
          <p className={s.text}>{idea.pendingQuestion}</p>
        </section>
      ) : null}

      {idea.giverActions.length > 0 || (idea.giver.id === config.caller.id && idea.tenantId === config.caller.tenantId) ? (
        <GiverActions api={props.api} config={config} idea={idea} onIdea={props.onIdea} onChanged={props.onChanged} />
      ) : null}

      <SimilarIdeas api={props.api} config={config} ideaId={idea.id} />

      <IdeaLinks api={props.api} config={config} idea={idea} onIdea={props.onIdea} onChanged={props.onChanged} />

      <IdeaSupport api={props.api} ideaId={idea.id} onChanged={props.onChanged} />

      {idea.actions.length > 0 ? <CoachActions {...props} /> : null}

      <IdeaScoring api={props.api} config={config} idea={idea} onIdea={props.onIdea} onChanged={props.onChanged} />

      <CommentsSection api={props.api} ideaId={idea.id} />

      {idea.effects?.length ? (
        <section aria-labelledby="idea-effects">
          <h3 id="idea-effects" className={s.heading}>
            {t.effects}
          </h3>
          <ul className={s.list} data-testid="idea-effects">
            {idea.effects.map((e, i) => (
              <li key={i}>{t.effectLine(e)}</li>
            ))}
          </ul>
        </section>
      ) : null}

      <section aria-labelledby="idea-satisfaction">
        <h3 id="idea-satisfaction" className={s.heading}>
          {t.satisfaction}
        </h3>
        {idea.satisfaction.length === 0 ? (
          <p className={s.text}>{t.noSatisfaction}</p>
        ) : (
          <ul className={s.list}>
            {idea.satisfaction.map((r) => (
              <li key={r.at}>
                {t.rating(r.rating)} {t.ratingAfter(labels[r.stage])}
                {r.comment ? ` – ”${r.comment}”` : ''}
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="idea-history">
        <h3 id="idea-history" className={s.heading}>
          {t.history}
        </h3>
        <ol className={s.timeline} data-testid="timeline">
          {idea.history.map((ev) => (
            <li key={ev.id} className={s.event}>
              <p className={s.eventLine}>
                <strong>{ev.actor.name}</strong> {t.event[ev.kind]}
                {ev.from && ev.to ? ` (${labels[ev.from]} → ${labels[ev.to]})` : ''}
                {ev.kind === 'coachUnreachable'
                  ? ` ${t.unreachableDetail(ev.unreachable?.name ?? '', ev.coach?.name)}`
                  : ev.coach
                    ? ` ${t.reassignedTo(ev.coach.name)}`
                    : ''}
                {ev.rating ? `: ${t.rating(ev.rating)}` : ''}
              </p>
              <p className={s.eventTime}>
                <time dateTime={ev.at}>{dateTime(ev.at, locale)}</time>
              </p>
              {ev.text ? <p className={s.quote}>{ev.text}</p> : null}
            </li>
          ))}
        </ol>
      </section>

      <div>
        <Button
          data-testid="copy-link"
          onClick={() => {
            // The link the cards' "Öppna i Idéslussen" carry (from the server; in a channel's tab, that tab's own), else the page's address.
            const link = ideaLinkHere(host, idea.id, idea.link) ?? shareUrl;
            void host.copyLink(link).then((copied) => setShareNote(copied ? { text: t.linkCopied } : { text: link, url: link }));
          }}
        >
          {t.copyLink}
        </Button>
        {host.canShareLink ? (
          <Button
            onClick={() => {
              void host.shareIdea({ id: idea.id, title: idea.title }, shareUrl).then((result) => {
                if (result === 'copied') setShareNote({ text: t.linkCopied });
                else if (result === 'failed') setShareNote({ text: shareUrl, url: shareUrl });
                else setShareNote(undefined);
              });
            }}
          >
            {t.shareLink}
          </Button>
        ) : null}
        {config.caller.role !== 'everyone' ? (
          <Button as="a" href={recordHref(idea.id)}>
            {t.recordTitle}
          </Button>
        ) : null}
        {shareNote?.url ? (
          <Field label={t.copyLink}>
            <Input readOnly value={shareNote.url} onFocus={(e) => e.currentTarget.select()} />
          </Field>
        ) : shareNote ? (
          <p role="status">{shareNote.text}</p>
        ) : null}
      </div>
    </div>
  );
}

/** The coach's actions: each opens a small form (or, for "take", acts at once). */
function CoachActions({
  idea,
  config,
  api,
  initialAction,
  onIdea,
  onChanged,
}: IdeaPanelProps & { idea: IdeaDetail; onIdea: (i: IdeaDetail) => void }): ReactNode {
  const { t, locale, announce } = useUi();
  const s = useStyles();
  const labels = config.stageLabels[locale];
  const [form, setForm] = useState<FormKind | undefined>(initialAction && idea.actions.includes(initialAction) ? initialAction : undefined);
  const [text, setText] = useState('');
  const [coachId, setCoachId] = useState('');
  const [effects, setEffects] = useState<EffectRow[]>([EMPTY_EFFECT]);
  const [problem, setProblem] = useState<FieldProblem | undefined>();
  const [notice, setNotice] = useState<{ intent: 'error' | 'warning' | 'success'; text: string } | undefined>();
  const [busy, setBusy] = useState(false);
  const actionsHeading = useRef<HTMLHeadingElement>(null);
  const nextStage = config.stages[config.stages.indexOf(idea.stage) + 1];

  const buttonLabel = (a: CoachActionType): string =>
    a === 'advance' ? t.action.advance(nextStage ? labels[nextStage] : '') : a === 'take' ? t.action.take : t.action[a];

  const run = async (request: CoachActionRequest, label: string): Promise<void> => {
    setBusy(true);
    setNotice(undefined);
    setProblem(undefined);
    try {
      const { idea: next } = await api.act(idea.id, idea.etag, request);
      onIdea(next);
      onChanged();
      setForm(undefined);
      setText('');
      setEffects([EMPTY_EFFECT]);
      const done = t.done(label);
      setNotice({ intent: 'success', text: done });
      announce(done);
      actionsHeading.current?.focus();
    } catch (err) {
      if (err instanceof ApiFailure && err.body?.current) {
        onIdea(err.body.current);
        setForm(undefined);
        onChanged();
      }
      if (err instanceof ApiFailure && err.status === 400 && err.body?.problems?.[0]) setProblem(err.body.problems[0]);
      else
        setNotice({
          intent: err instanceof ApiFailure && (err.status === 409 || err.status === 412) ? 'warning' : 'error',
          text: describeFailure(err, t),
        });
    } finally {
      setBusy(false);
    }
  };

  const toDone = form === 'advance' && nextStage === 'done';
  const effectProblem = (index: number, part: keyof EffectRow): string | undefined =>
    problem && problem.field === `effects.${index}.${part}` ? describeProblem(problem, t) : undefined;
  const setEffect = (index: number, part: keyof EffectRow, value: string): void =>
    setEffects((rows) => rows.map((r, i) => (i === index ? { ...r, [part]: value } : r)));

  const submit = (e: FormEvent): void => {
    e.preventDefault();
    if (!form) return;
    const label = buttonLabel(form);
    const request: CoachActionRequest =
      form === 'advance'
        ? { type: 'advance', ...(text.trim() ? { comment: text } : {}), ...(toDone ? { effects: effects.map(effectRequest) } : {}) }
        : form === 'reopen'
          ? { type: 'reopen', ...(text.trim() ? { comment: text } : {}) }
          : form === 'decline'
            ? { type: 'decline', reason: text }
            : form === 'askInfo'
              ? { type: 'askInfo', question: text }
              : { type: 'reassign', coachId };
    void run(request, label);
  };

  const textLabel = form === 'decline' ? t.reason : form === 'askInfo' ? t.question : t.comment;
  const required = form === 'decline' || form === 'askInfo';
  const otherCoaches = config.coaches
    .map((c, i) => ({ id: c.id, name: c.name ?? t.coachNumber(i + 1) }))
    .filter((c) => c.id !== idea.coach?.id);

  return (
    <section aria-labelledby="idea-actions">
      <h3 id="idea-actions" className={s.heading} tabIndex={-1} ref={actionsHeading}>
        {t.coachActions}
      </h3>
      {notice ? (
        <MessageBar intent={notice.intent} role={notice.intent === 'error' ? 'alert' : undefined} data-testid="panel-notice">
          <MessageBarBody>{notice.text}</MessageBarBody>
        </MessageBar>
      ) : null}
      <div className={s.actions}>
        {idea.actions.map((a) => (
          <Button
            key={a}
            appearance={form === a ? 'primary' : 'secondary'}
            disabled={busy}
            aria-expanded={a === 'take' ? undefined : form === a}
            onClick={() => {
              setProblem(undefined);
              if (a === 'take') void run({ type: 'take' }, t.action.take);
              else setForm(form === a ? undefined : a);
            }}
          >
            {buttonLabel(a)}
          </Button>
        ))}
      </div>
      {form ? (
        <form className={s.form} onSubmit={submit} aria-label={buttonLabel(form)} noValidate>
          {form === 'decline' ? <p className={s.text}>{t.declineIntro}</p> : null}
          {toDone ? (
            <>
              <p className={s.text}>{t.effectsIntro}</p>
              {effects.map((row, i) => (
                <fieldset key={i} className={s.form} data-testid="effect-row">
                  <legend>{t.effect(i + 1)}</legend>
                  <Field label={t.effectFor} required validationMessage={effectProblem(i, 'forWhom')}>
                    <Input value={row.forWhom} onChange={(_e, d) => setEffect(i, 'forWhom', d.value)} />
                  </Field>
                  <Field label={t.effectChange} required validationMessage={effectProblem(i, 'change')}>
                    <Textarea value={row.change} onChange={(_e, d) => setEffect(i, 'change', d.value)} resize="vertical" />
                  </Field>
                  <Field label={t.effectAmount} validationMessage={effectProblem(i, 'amount')}>
                    <Input inputMode="decimal" value={row.amount} onChange={(_e, d) => setEffect(i, 'amount', d.value)} />
                  </Field>
                  <Field label={t.effectUnit} validationMessage={effectProblem(i, 'unit')}>
                    <Input value={row.unit} onChange={(_e, d) => setEffect(i, 'unit', d.value)} />
                  </Field>
                  {effects.length > 1 ? (
                    <Button onClick={() => setEffects((rows) => rows.filter((_r, j) => j !== i))}>{t.removeEffect(i + 1)}</Button>
                  ) : null}
                </fieldset>
              ))}
              {effects.length < 5 ? <Button onClick={() => setEffects((rows) => [...rows, EMPTY_EFFECT])}>{t.addEffect}</Button> : null}
            </>
          ) : null}
          {form === 'reassign' ? (
            <Field label={t.newCoach} required validationMessage={problem ? describeProblem(problem, t) : undefined}>
              <Select value={coachId} onChange={(_e, d) => setCoachId(d.value)} required>
                <option value="">{t.chooseCoach}</option>
                {otherCoaches.map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.name}
                  </option>
                ))}
              </Select>
            </Field>
          ) : (
            <Field
              label={textLabel}
              required={required}
              validationMessage={problem && !problem.field.startsWith('effects') ? describeProblem(problem, t) : undefined}
            >
              <Textarea value={text} onChange={(_e, d) => setText(d.value)} resize="vertical" autoFocus data-testid="action-text" />
            </Field>
          )}
          <div className={s.actions}>
            <Button type="submit" appearance="primary" disabled={busy}>
              {t.confirm[form]}
            </Button>
            <Button
              onClick={() => {
                setForm(undefined);
                setProblem(undefined);
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

/** One effect as typed in the form; the figure stays text until it is sent. */
interface EffectRow {
  readonly forWhom: string;
  readonly change: string;
  readonly amount: string;
  readonly unit: string;
}
const EMPTY_EFFECT: EffectRow = { forWhom: '', change: '', amount: '', unit: '' };

/** The row as the API takes it; the server checks it (a figure needs its unit, and so on). */
function effectRequest(row: EffectRow): EffectRequest {
  const amount = row.amount.trim().replace(/\s/g, '').replace(',', '.').replace('−', '-');
  return {
    forWhom: row.forWhom,
    change: row.change,
    ...(amount ? { amount: Number.isFinite(Number(amount)) ? Number(amount) : Number.MAX_VALUE } : {}),
    ...(row.unit.trim() ? { unit: row.unit } : {}),
  };
}

function useMediaQuery(query: string): boolean {
  const [matches, setMatches] = useState(() => window.matchMedia(query).matches);
  useEffect(() => {
    const list = window.matchMedia(query);
    const onChange = (): void => setMatches(list.matches);
    list.addEventListener('change', onChange);
    return () => list.removeEventListener('change', onChange);
  }, [query]);
  return matches;
}
