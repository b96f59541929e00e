import { Button, Link, MessageBar, MessageBarBody } from '@fluentui/react-components';
import { Fragment, useState, type ReactNode } from 'react';
import type { Locale } from '../../../../bot/src/api/contracts';
import type { ChainReportBody, GallringRecordBody } from '../../../../bot/src/api/retention-schemas';
import type { ApiClient } from '../../api/client';
import { ErrorState, Loading } from '../../components/states';
import { useUi } from '../../context';
import { dateTime } from '../../i18n';
import { recordHref } from '../../routing';
import { useLoad } from '../../use-load';
import { ScrollTable, useAdminStyles } from './parts';

const STRINGS = {
  sv: {
    title: 'Gallring och kontroll av historiken',
    hint: 'Varje gallringsomgång sparas som en gallringsredovisning: vilken regel, när, vilka idéer och hur många. Redovisningarna gallras aldrig.',
    empty: 'Ingenting har gallrats ännu.',
    when: 'När',
    rule: 'Regel',
    decision: 'Gallringsbeslut',
    what: 'Vad',
    ruleName: { closed: 'Avslutad', done: 'Införd', audit: 'Granskningsloggen', drafts: 'Utkast' } as Record<string, string>,
    count: (n: number, refs: string) => (refs ? `${n} st: ${refs}` : `${n} st`),
    check: 'Kontrollera historiken för alla idéer',
    checking: 'Kontrollerar…',
    whole: (ideas: number, events: number) =>
      `Historiken är obruten: ${ideas} idéer och ${events} händelser är oförändrade sedan de sparades.`,
    broken: (n: number) => (n === 1 ? '1 idé har en ändrad historik:' : `${n} idéer har en ändrad historik:`),
    brokenIdea: (number: number, title: string, position: number) => `#${number} ${title}: händelse ${position} har ändrats.`,
    participation: (parts: string) => `Med idéerna: ${parts}.`,
    kinds: {
      comment: ['kommentar', 'kommentarer'],
      note: ['intern anteckning', 'interna anteckningar'],
      support: ['stöd', 'stöd'],
      helpOffer: ['erbjudande om hjälp', 'erbjudanden om hjälp'],
      score: ['bedömning', 'bedömningar'],
    } as Record<string, readonly [string, string]>,
  },
  en: {
    title: 'Retention and history check',
    hint: 'Each retention round is kept as a gallring record: which rule, when, which ideas and how many. The records are never removed.',
    empty: 'Nothing has been removed yet.',
    when: 'When',
    rule: 'Rule',
    decision: 'Retention decision',
    what: 'What',
    ruleName: { closed: 'Closed', done: 'Implemented', audit: 'The audit log', drafts: 'Drafts' } as Record<string, string>,
    count: (n: number, refs: string) => (refs ? `${n}: ${refs}` : `${n}`),
    check: 'Check the history of every idea',
    checking: 'Checking…',
    whole: (ideas: number, events: number) =>
      `The history is unbroken: ${ideas} ideas and ${events} events are unchanged since they were stored.`,
    broken: (n: number) => (n === 1 ? '1 idea has a changed history:' : `${n} ideas have a changed history:`),
    brokenIdea: (number: number, title: string, position: number) => `#${number} ${title}: event ${position} was changed.`,
    participation: (parts: string) => `With the ideas: ${parts}.`,
    kinds: {
      comment: ['comment', 'comments'],
      note: ['internal note', 'internal notes'],
      support: ['support', 'supports'],
      helpOffer: ['offer of help', 'offers of help'],
      score: ['score sheet', 'score sheets'],
    } as Record<string, readonly [string, string]>,
  },
} satisfies Record<Locale, unknown>;

/** The gallring records (`listGallringRecords`) and the chain check over every idea (`checkHistoryChains`). */
export function GallringSection({ api }: { api: ApiClient }): ReactNode {
  const { locale } = useUi();
  const t = STRINGS[locale];
  const s = useAdminStyles();
  const [records, reload] = useLoad('gallring-records', () => api.gallringRecords());
  const [check, setCheck] = useState<
    { kind: 'idle' } | { kind: 'running' } | { kind: 'done'; report: ChainReportBody } | { kind: 'failed'; error: unknown }
  >({
    kind: 'idle',
  });
  const runCheck = async (): Promise<void> => {
    setCheck({ kind: 'running' });
    try {
      setCheck({ kind: 'done', report: await api.checkHistoryChains() });
    } catch (error) {
      setCheck({ kind: 'failed', error });
    }
  };
  // An idea whose personal data was removed is still there: its reference opens its record.
  const what = (r: GallringRecordBody): ReactNode => {
    const refs = r.ideas.filter((i) => i.reference);
    const parts = Object.entries(r.participation ?? {})
      .filter(([, n]) => (n ?? 0) > 0)
      .map(([kind, n]) => `${n} ${t.kinds[kind]?.[n === 1 ? 0 : 1] ?? kind}`)
      .join(', ');
    return (
      <>
        {t.count(r.count, '')}
        {refs.length > 0 ? ': ' : null}
        {refs.map((i, index) => (
          <Fragment key={i.id}>
            {index > 0 ? ', ' : null}
            {r.action === 'removePersonalData' ? <Link href={recordHref(i.id)}>{i.reference}</Link> : i.reference}
          </Fragment>
        ))}
        {parts ? <div>{t.participation(parts)}</div> : null}
      </>
    );
  };
  return (
    <section className={s.section} aria-labelledby="admin-gallring-title">
      <h2 className={s.h2} id="admin-gallring-title">
        {t.title}
      </h2>
      <p className={s.hint}>{t.hint}</p>
      {records.kind === 'loading' ? <Loading label={t.title} /> : null}
      {records.kind === 'error' ? <ErrorState error={records.error} onRetry={reload} /> : null}
      {records.kind === 'ready' && records.value.items.length === 0 ? <p>{t.empty}</p> : null}
      {records.kind === 'ready' && records.value.items.length > 0 ? (
        <ScrollTable
          label={t.title}
          columns={[t.when, t.rule, t.decision, t.what]}
          rows={records.value.items}
          rowKey={(r) => r.id}
          cells={(r) => [dateTime(r.at, locale), t.ruleName[r.rule] ?? r.rule, r.decision, what(r)]}
        />
      ) : null}
      <div className={s.actions}>
        <Button disabled={check.kind === 'running'} onClick={() => void runCheck()}>
          {check.kind === 'running' ? t.checking : t.check}
        </Button>
      </div>
      <div role="status" data-testid="chain-check-result">
        {check.kind === 'done' ? (
          check.report.broken.length === 0 ? (
            <MessageBar intent="success">
              <MessageBarBody>{t.whole(check.report.checked, check.report.events)}</MessageBarBody>
            </MessageBar>
          ) : (
            <MessageBar intent="error" layout="multiline">
              <MessageBarBody>
                {t.broken(check.report.broken.length)}
                <ul>
                  {check.report.broken.map((b) => (
                    <li key={b.ideaId}>
                      <Link href={recordHref(b.ideaId)}>{t.brokenIdea(b.number, b.title, b.index + 1)}</Link>
                    </li>
                  ))}
                </ul>
              </MessageBarBody>
            </MessageBar>
          )
        ) : null}
      </div>
      {check.kind === 'failed' ? <ErrorState error={check.error} /> : null}
    </section>
  );
}
