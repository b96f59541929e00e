import {
  Button,
  Checkbox,
  Field,
  Input,
  Link,
  MessageBar,
  MessageBarBody,
  Select,
  Textarea,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import type { ChallengeItem, ChallengesResponse, CreateChallengeRequest } from '../../../bot/src/api/challenge-contracts';
import type { FieldProblem, TabConfig } from '../../../bot/src/api/contracts';
import { ApiFailure, type ApiClient } from '../api/client';
import { DateField } from '../components/date-field';
import { Empty } from '../components/states';
import { useUi } from '../context';
import { describeFailure } from '../errors';
import { longDate } from '../i18n';
import { useLoad } from '../use-load';
import { formatHash } from '../routing';
import { useBoardSortStrings } from './board-sort-strings';
import { CardGrid, ListCard, LoadedList, useCardMeta } from './card-list';
import { CHALLENGE_STRINGS, type ChallengeStrings } from './challenges-strings';

const useStyles = makeStyles({
  heading: {
    fontSize: tokens.fontSizeBase500,
    lineHeight: tokens.lineHeightBase500,
    margin: `${tokens.spacingVerticalL} 0 ${tokens.spacingVerticalS}`,
  },
  // The challenge a card's link opened: marked with the brand colour and a thicker edge (not by colour alone).
  focused: {
    border: `${tokens.strokeWidthThicker} solid ${tokens.colorBrandStroke1}`,
    ':focus-visible': { outline: `${tokens.strokeWidthThick} solid ${tokens.colorStrokeFocus2}` },
  },
  need: { margin: 0, whiteSpace: 'pre-wrap' },
  ideas: { margin: 0, paddingInlineStart: tokens.spacingHorizontalL },
  form: { display: 'grid', gap: tokens.spacingVerticalS, maxWidth: '40rem', marginBottom: tokens.spacingVerticalL },
  row: { display: 'flex', gap: tokens.spacingHorizontalS, flexWrap: 'wrap', alignItems: 'center' },
  fieldset: { border: 'none', margin: 0, padding: 0, display: 'grid', gap: tokens.spacingVerticalXS },
  legend: { fontWeight: tokens.fontWeightSemibold, padding: 0, marginBottom: tokens.spacingVerticalXS },
});

export interface ChallengesViewProps {
  api: ApiClient;
  config: TabConfig;
  /** The challenge to show first (`#/challenges?challenge=<id>`, or a card's deep link): scrolled to, focused and marked. */
  focus?: string | undefined;
}

/**
 * "Utmaningar": the sluice's open and closed challenges, each with the ideas that answer it, for
 * everyone; coaches and admins publish one here (title, need, owning department, last day and the
 * channels it is posted to). The server decides who may and what is refused.
 */
export default function ChallengesView({ api, config, focus }: ChallengesViewProps): ReactNode {
  const { locale } = useUi();
  const t = CHALLENGE_STRINGS[locale];
  const s = useStyles();
  const meta = useCardMeta();
  const [loaded, reload] = useLoad('challenges', () => api.challenges());
  const [creating, setCreating] = useState(false);
  const [saved, setSaved] = useState<string | undefined>();

  const labels = config.stageLabels[locale];

  return (
    <LoadedList
      intro={t.intro}
      load={loaded}
      loadingLabel={t.loading}
      onRetry={reload}
      notice={
        saved ? (
          <MessageBar intent="success" data-testid="challenge-saved">
            <MessageBarBody>{saved}</MessageBarBody>
          </MessageBar>
        ) : null
      }
    >
      {(value) => {
        const open = value.items.filter((c) => c.open);
        const closed = value.items.filter((c) => !c.open);
        return (
          <>
            {value.canCreate ? (
              creating ? (
                <ChallengeForm
                  api={api}
                  config={config}
                  value={value}
                  t={t}
                  onCancel={() => setCreating(false)}
                  onCreated={(title) => {
                    setCreating(false);
                    setSaved(t.published(title));
                    reload();
                  }}
                />
              ) : (
                <div className={s.row}>
                  <Button appearance="primary" onClick={() => setCreating(true)} data-testid="challenge-new">
                    {t.newChallenge}
                  </Button>
                </div>
              )
            ) : null}
            {value.items.length === 0 ? (
              <Empty title={t.none} />
            ) : (
              <>
                <h2 className={s.heading}>{t.openHeading(open.length)}</h2>
                {open.length === 0 ? (
                  <p className={meta}>{t.noneOpen}</p>
                ) : (
                  <ChallengeList items={open} labels={labels} t={t} focus={focus} />
                )}
                <h2 className={s.heading}>{t.closedHeading(closed.length)}</h2>
                {closed.length === 0 ? (
                  <p className={meta}>{t.noneClosed}</p>
                ) : (
                  <ChallengeList items={closed} labels={labels} t={t} focus={focus} />
                )}
              </>
            )}
          </>
        );
      }}
    </LoadedList>
  );
}

function ChallengeList({
  items,
  labels,
  t,
  focus,
}: {
  items: readonly ChallengeItem[];
  labels: Record<string, string>;
  t: ChallengeStrings;
  focus?: string | undefined;
}): ReactNode {
  const { locale } = useUi();
  const b = useBoardSortStrings();
  const s = useStyles();
  const meta = useCardMeta();
  const focused = useRef<HTMLElement>(null);
  const shown = items.some((c) => c.id === focus);
  useEffect(() => {
    // Once, when the linked challenge is listed: moved to and focused, so a keyboard or screen reader starts there.
    if (!shown || !focused.current) return;
    focused.current.scrollIntoView({ block: 'start' });
    focused.current.focus({ preventScroll: true });
  }, [shown]);
  return (
    <CardGrid label={t.listLabel} items={items} itemKey={(c) => c.id}>
      {(c) => (
        <ListCard
          titleId={`challenge-${c.id}`}
          title={c.title}
          level={3}
          badge={{ label: c.open ? t.open : t.closed, color: c.open ? 'success' : 'informative' }}
          meta={`${c.department} · ${c.open ? t.openUntil(longDate(c.openUntil, locale)) : t.closedOn(longDate(c.openUntil, locale))}`}
          data-testid="challenge"
          {...(c.id === focus
            ? { className: s.focused, ref: focused, tabIndex: -1, 'aria-current': 'true' as const, 'data-linked': 'true' }
            : {})}
        >
          <p className={s.need}>{c.need}</p>
          <p className={meta}>{t.owner(c.owner.name)}</p>
          {c.ideas.length === 0 ? (
            <p className={meta}>{t.noIdeas}</p>
          ) : (
            <>
              <p className={meta}>{t.ideaCount(c.ideas.length)}</p>
              <ul className={s.ideas} data-testid="challenge-ideas">
                {c.ideas.map((i) => (
                  <li key={i.id}>
                    <Link href={`#/board?idea=${encodeURIComponent(i.id)}`}>
                      #{i.number} {i.title}
                    </Link>{' '}
                    · {labels[i.stage] ?? i.stage}
                  </li>
                ))}
              </ul>
              <p className={meta}>
                <Link
                  href={formatHash('board', new URLSearchParams({ challenge: c.id }))}
                  aria-describedby={`challenge-${c.id}`}
                  data-testid="challenge-board"
                >
                  {b.showOnBoardShort}
                </Link>
              </p>
            </>
          )}
        </ListCard>
      )}
    </CardGrid>
  );
}

type Fields = Pick<CreateChallengeRequest, 'title' | 'need' | 'department' | 'openUntil'>;

function ChallengeForm(props: {
  api: ApiClient;
  config: TabConfig;
  value: ChallengesResponse;
  t: ChallengeStrings;
  onCancel: () => void;
  onCreated: (title: string) => void;
}): ReactNode {
  const { api, config, value, t } = props;
  const ui = useUi();
  const s = useStyles();
  const meta = useCardMeta();
  const [fields, setFields] = useState<Fields>({ title: '', need: '', department: config.departments[0] ?? '', openUntil: '' });
  const [channels, setChannels] = useState<string[]>([]);
  const [problems, setProblems] = useState<readonly FieldProblem[]>([]);
  const [failure, setFailure] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  // One key per opened form: a double click publishes one challenge.
  const [key] = useState(() => crypto.randomUUID());

  const set = (name: keyof Fields, v: string): void => setFields((f) => ({ ...f, [name]: v }));
  const problemOf = (field: string): string | undefined => {
    const p = problems.find((x) => x.field === field);
    return p ? t.problem(field, p) : undefined;
  };
  const field = (name: string) => ({
    validationMessage: problemOf(name),
    validationState: problemOf(name) ? ('error' as const) : ('none' as const),
  });

  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    setBusy(true);
    setProblems([]);
    setFailure(undefined);
    try {
      await api.createChallenge({ ...fields, channels, idempotencyKey: key });
      props.onCreated(fields.title.trim());
    } catch (err) {
      const refused = err instanceof ApiFailure && err.status === 400 ? err.body?.problems : undefined;
      if (refused && refused.length > 0) setProblems(refused);
      else setFailure(describeFailure(err, ui.t));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className={s.form} onSubmit={(e) => void submit(e)} aria-label={t.formLabel} noValidate data-testid="challenge-form">
      <Field label={t.title} required {...field('title')}>
        <Input value={fields.title} onChange={(_e, d) => set('title', d.value)} maxLength={120} data-testid="challenge-title" />
      </Field>
      <Field label={t.need} hint={t.needHint} required {...field('need')}>
        <Textarea
          value={fields.need}
          onChange={(_e, d) => set('need', d.value)}
          maxLength={1000}
          resize="vertical"
          data-testid="challenge-need"
        />
      </Field>
      <Field label={t.department} required {...field('department')}>
        {config.departments.length > 0 ? (
          <Select value={fields.department} onChange={(_e, d) => set('department', d.value)} data-testid="challenge-department">
            {config.departments.map((d) => (
              <option key={d} value={d}>
                {d}
              </option>
            ))}
          </Select>
        ) : (
          <Input value={fields.department} onChange={(_e, d) => set('department', d.value)} data-testid="challenge-department" />
        )}
      </Field>
      <Field label={t.openUntilLabel} hint={t.openUntilHint} required {...field('openUntil')}>
        <DateField value={fields.openUntil} onChange={(v) => set('openUntil', v)} data-testid="challenge-until" />
      </Field>
      <fieldset className={s.fieldset}>
        <legend className={s.legend}>{t.channels}</legend>
        {value.channels.length === 0 ? (
          <p className={meta}>{t.noChannels}</p>
        ) : (
          value.channels.map((c) => (
            <Checkbox
              key={c.conversationId}
              label={c.name ?? t.unnamedChannel}
              checked={channels.includes(c.conversationId)}
              onChange={(_e, d) =>
                setChannels((list) => (d.checked ? [...list, c.conversationId] : list.filter((x) => x !== c.conversationId)))
              }
            />
          ))
        )}
        {problemOf('channels') ? <p role="alert">{problemOf('channels')}</p> : null}
      </fieldset>
      {failure ? (
        <MessageBar intent="error" role="alert">
          <MessageBarBody>{failure}</MessageBarBody>
        </MessageBar>
      ) : null}
      <div className={s.row}>
        <Button type="submit" appearance="primary" disabled={busy} data-testid="challenge-publish">
          {t.publish}
        </Button>
        <Button onClick={props.onCancel}>{t.cancel}</Button>
      </div>
    </form>
  );
}
