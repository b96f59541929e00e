import { Button, Checkbox, MessageBar, MessageBarBody, makeStyles, tokens } from '@fluentui/react-components';
import { PrintRegular } from '@fluentui/react-icons';
import { useEffect, useState, type ReactNode } from 'react';
import type { TabConfig } from '../../../../bot/src/api/contracts';
import type { IdeaRecordResponse, RecordEvent } from '../../../../bot/src/api/record-contracts';
import { ApiFailure, type ApiClient } from '../../api/client';
import { ErrorState, Loading } from '../../components/states';
import { useUi } from '../../context';
import { dateTime } from '../../i18n';
import { formatHash } from '../../routing';
import { useLoad } from '../../use-load';
import { RECORD_STRINGS, type RecordStrings } from './strings';
import './print.css';

const useStyles = makeStyles({
  toolbar: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: tokens.spacingHorizontalM,
    marginBottom: tokens.spacingVerticalM,
  },
  back: { color: tokens.colorBrandForegroundLink },
  document: {
    backgroundColor: tokens.colorNeutralBackground1,
    color: tokens.colorNeutralForeground1,
    padding: `${tokens.spacingVerticalL} ${tokens.spacingHorizontalXL}`,
    borderRadius: tokens.borderRadiusMedium,
    boxShadow: tokens.shadow4,
    maxWidth: '60rem',
  },
  heading: { fontSize: tokens.fontSizeBase500, fontWeight: tokens.fontWeightSemibold, margin: `0 0 ${tokens.spacingVerticalS}` },
  subheading: {
    fontSize: tokens.fontSizeBase400,
    fontWeight: tokens.fontWeightSemibold,
    margin: `${tokens.spacingVerticalL} 0 ${tokens.spacingVerticalS}`,
  },
  facts: {
    display: 'grid',
    gridTemplateColumns: 'max-content 1fr',
    columnGap: tokens.spacingHorizontalL,
    rowGap: tokens.spacingVerticalXS,
    margin: 0,
  },
  term: { fontWeight: tokens.fontWeightSemibold },
  definition: { margin: 0 },
  chain: { margin: `${tokens.spacingVerticalM} 0` },
  list: { listStyleType: 'none', padding: 0, margin: 0 },
  passage: {
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalM}`,
    margin: `${tokens.spacingVerticalS} 0`,
    borderLeft: `${tokens.strokeWidthThick} solid ${tokens.colorNeutralStroke2}`,
  },
  marked: {
    backgroundColor: tokens.colorPaletteYellowBackground1,
    borderLeft: `${tokens.strokeWidthThickest} solid ${tokens.colorPaletteYellowBorderActive}`,
    outline: `${tokens.strokeWidthThin} dashed ${tokens.colorNeutralForeground1}`,
  },
  passageHead: { fontWeight: tokens.fontWeightSemibold, margin: 0 },
  passageMeta: { color: tokens.colorNeutralForeground2, margin: 0, fontSize: tokens.fontSizeBase200 },
  passageText: { whiteSpace: 'pre-wrap', margin: `${tokens.spacingVerticalXS} 0` },
  markedLabel: { fontWeight: tokens.fontWeightSemibold, margin: 0 },
  note: { color: tokens.colorNeutralForeground2, maxWidth: '60rem' },
});

/**
 * An idea as a public record (allmän handling), for an utlämnande: the record entry, the texts, the
 * decisions, questions and answers in order, and whether the history's chain is whole. Each passage
 * can be marked for sekretessprövning; the marks live only in this page (never sent or stored) and
 * are printed. "Skriv ut / Spara som PDF" gives the document without the controls.
 */
export default function RecordView(props: { api: ApiClient; config: TabConfig; ideaId: string }): ReactNode {
  const s = useStyles();
  // Only the sluice's coaches, admins and registrators read records: anyone else (who typed the
  // address) is told so without a request the server would refuse; a 403 still says the same.
  if (props.config.caller.role === 'everyone')
    return (
      <>
        <div className={`${s.toolbar} no-print`}>
          <BackLink ideaId={props.ideaId} />
        </div>
        <NotAllowed />
      </>
    );
  return <RecordLoader {...props} />;
}

function BackLink({ ideaId }: { ideaId: string }): ReactNode {
  const { locale } = useUi();
  const s = useStyles();
  return (
    <a className={s.back} href={formatHash('board', new URLSearchParams({ idea: ideaId }))}>
      {RECORD_STRINGS[locale].back}
    </a>
  );
}

function NotAllowed(): ReactNode {
  const { locale } = useUi();
  return (
    <MessageBar intent="warning" layout="multiline">
      <MessageBarBody>{RECORD_STRINGS[locale].notAllowed}</MessageBarBody>
    </MessageBar>
  );
}

function RecordLoader({ api, config, ideaId }: { api: ApiClient; config: TabConfig; ideaId: string }): ReactNode {
  const { t, locale } = useUi();
  const r = RECORD_STRINGS[locale];
  const s = useStyles();
  const [record, reload] = useLoad(`record:${ideaId}`, () => api.record(ideaId));
  const [marks, setMarks] = useState<ReadonlySet<string>>(new Set());
  useEffect(() => setMarks(new Set()), [ideaId]);
  const toggle = (id: string, on: boolean): void =>
    setMarks((now) => {
      const next = new Set(now);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });

  const back = <BackLink ideaId={ideaId} />;
  if (record.kind === 'loading') return <Loading label={t.loading} />;
  if (record.kind === 'error')
    return (
      <>
        <div className={`${s.toolbar} no-print`}>{back}</div>
        {record.error instanceof ApiFailure && record.error.status === 403 ? (
          <NotAllowed />
        ) : (
          <ErrorState error={record.error} onRetry={reload} />
        )}
      </>
    );
  const value = record.value;
  return (
    <>
      <div className={`${s.toolbar} no-print`}>
        {back}
        <Button icon={<PrintRegular />} onClick={() => window.print()}>
          {r.print}
        </Button>
      </div>
      <p className={`${s.note} no-print`}>{r.marksNote}</p>
      <p className="no-print" role="status">
        {marks.size > 0 ? r.markedCount(marks.size) : ''}
      </p>
      <RecordDocument record={value} config={config} marks={marks} onMark={toggle} r={r} />
    </>
  );
}

interface Passage {
  readonly id: string;
  readonly head: string;
  readonly meta?: string;
  readonly text?: string;
}

function RecordDocument(props: {
  record: IdeaRecordResponse;
  config: TabConfig;
  marks: ReadonlySet<string>;
  onMark: (id: string, on: boolean) => void;
  r: RecordStrings;
}): ReactNode {
  const { record, config, marks, onMark, r } = props;
  const { t, locale } = useUi();
  const s = useStyles();
  const labels = config.stageLabels[locale];
  const { idea } = record;

  const texts: Passage[] = [
    { id: 'title', head: r.ideaTitle, text: idea.title },
    { id: 'need', head: r.need, text: idea.need },
    { id: 'idea', head: r.theIdea, text: idea.idea },
    ...(idea.beneficiaries.length
      ? [{ id: 'beneficiaries', head: r.beneficiaries, text: idea.beneficiaries.map((b) => t.beneficiary[b]).join(', ') }]
      : []),
  ];
  const eventPassage = (e: RecordEvent, head: string): Passage => ({
    id: e.id,
    head: `${head}: ${e.by.name} ${t.event[e.kind]}${e.from && e.to ? ` (${labels[e.from]} → ${labels[e.to]})` : ''}${e.coach ? ` ${t.reassignedTo(e.coach.name)}` : ''}`,
    meta: dateTime(e.at, locale),
    ...(e.text || e.effects?.length ? { text: [e.text, ...(e.effects ?? []).map((x) => t.effectLine(x))].filter(Boolean).join('\n') } : {}),
  });
  // Decisions, questions and their answers in the order they happened.
  const course = [
    ...record.decisions.map((e) => ({ at: e.at, passage: eventPassage(e, r.decision) })),
    ...record.questions.flatMap((q) => [
      { at: q.question.at, passage: eventPassage(q.question, r.question) },
      ...q.answers.map((a) => ({ at: a.at, passage: eventPassage(a, r.answer) })),
    ]),
  ]
    .sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0))
    .map((c) => c.passage);
  const ratings: Passage[] = record.ratings.map((x, i) => ({
    id: `rating-${i}`,
    head: `${r.rating(x.rating)} ${t.ratingAfter(labels[x.stage])}`,
    meta: dateTime(x.at, locale),
    ...(x.comment ? { text: x.comment } : {}),
  }));
  const effects: Passage[] = record.effects.map((e, i) => ({ id: `effect-${i}`, head: t.effectLine(e) }));
  // Comments and notes; a hidden comment is in the record with its text, marked with who hid it and why.
  const comments: Passage[] = (record.comments ?? []).map((c) => ({
    id: c.id,
    head: `${c.kind === 'note' ? r.note : r.comment}: ${c.by.name}${c.hidden ? ` – ${r.hiddenMark(c.hidden.by.name, c.hidden.reason)}` : ''}`,
    meta: dateTime(c.at, locale),
    text: c.text,
  }));

  const list = (items: readonly Passage[]): ReactNode => (
    <ul className={s.list}>
      {items.map((p) => (
        <PassageItem key={p.id} passage={p} marked={marks.has(p.id)} onMark={onMark} r={r} />
      ))}
    </ul>
  );
  const { chain } = record;
  const broken = chain.brokenAt;
  const reference = record.record?.reference ?? `#${idea.number}`;

  return (
    <article className={`${s.document} record-document`} aria-labelledby="record-title" data-testid="record-document">
      <h2 id="record-title" className={s.heading}>
        {r.title} {record.record ? record.record.reference : ''}
      </h2>
      <dl className={s.facts}>
        <dt className={s.term}>{r.reference}</dt>
        <dd className={s.definition}>{record.record?.reference ?? r.noReference}</dd>
        {record.record ? (
          <>
            <dt className={s.term}>{r.authority}</dt>
            <dd className={s.definition}>{record.record.authority.name}</dd>
            <dt className={s.term}>{r.receivedOn}</dt>
            <dd className={s.definition}>
              <time dateTime={record.record.receivedOn}>{record.record.receivedOn}</time>
            </dd>
          </>
        ) : null}
        <dt className={s.term}>{r.ideaNumber}</dt>
        <dd className={s.definition}>#{idea.number}</dd>
        <dt className={s.term}>{r.giver}</dt>
        <dd className={s.definition}>
          {idea.giver.name}
          {idea.giver.jobTitle ? `, ${idea.giver.jobTitle}` : ''}
          {idea.origin ? ` (${t.givenFrom(idea.origin.name)})` : ''}
        </dd>
        <dt className={s.term}>{r.department}</dt>
        <dd className={s.definition}>{idea.department}</dd>
        <dt className={s.term}>{r.stage}</dt>
        <dd className={s.definition}>{labels[idea.stage]}</dd>
      </dl>

      <MessageBar intent={chain.whole ? 'success' : 'warning'} layout="multiline" className={s.chain} data-testid="record-chain">
        <MessageBarBody>
          {chain.whole || !broken
            ? r.chainWhole(chain.events)
            : (broken.problem === 'changed' ? r.chainBroken : r.chainUnsealed)(
                broken.index + 1,
                t.event[broken.kind],
                dateTime(broken.at, locale),
              )}
        </MessageBarBody>
      </MessageBar>

      <section aria-labelledby="record-texts">
        <h3 id="record-texts" className={s.subheading}>
          {r.texts}
        </h3>
        {list(texts)}
      </section>
      <section aria-labelledby="record-course">
        <h3 id="record-course" className={s.subheading}>
          {r.course}
        </h3>
        {course.length ? list(course) : <p>{r.noCourse}</p>}
      </section>
      {ratings.length ? (
        <section aria-labelledby="record-ratings">
          <h3 id="record-ratings" className={s.subheading}>
            {r.ratings}
          </h3>
          {list(ratings)}
        </section>
      ) : null}
      {effects.length ? (
        <section aria-labelledby="record-effects">
          <h3 id="record-effects" className={s.subheading}>
            {r.effects}
          </h3>
          {list(effects)}
        </section>
      ) : null}
      {comments.length ? (
        <section aria-labelledby="record-comments" data-testid="record-comments">
          <h3 id="record-comments" className={s.subheading}>
            {r.comments}
          </h3>
          {list(comments)}
        </section>
      ) : null}
      <p className="record-print-footer">{r.printedFooter(reference)}</p>
    </article>
  );
}

function PassageItem(props: { passage: Passage; marked: boolean; onMark: (id: string, on: boolean) => void; r: RecordStrings }): ReactNode {
  const { passage: p, marked, onMark, r } = props;
  const s = useStyles();
  const headId = `passage-${p.id}`;
  return (
    <li
      className={`${s.passage} ${marked ? `${s.marked} record-marked` : ''} record-passage`}
      aria-labelledby={headId}
      data-testid="record-passage"
      data-marked={marked ? 'true' : 'false'}
    >
      <p id={headId} className={s.passageHead}>
        {p.head}
      </p>
      {p.meta ? <p className={s.passageMeta}>{p.meta}</p> : null}
      {p.text ? <p className={s.passageText}>{p.text}</p> : null}
      {marked ? <p className={`${s.markedLabel} record-marked-label`}>{r.marked}</p> : null}
      <Checkbox
        className="no-print"
        checked={marked}
        onChange={(_e, data) => onMark(p.id, data.checked === true)}
        label={r.mark}
        aria-describedby={headId}
      />
    </li>
  );
}
