import {
  Button,
  Field,
  Input,
  Select,
  makeStyles,
  tokens,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  mergeClasses,
} from '@fluentui/react-components';
import { ArrowDownloadRegular, PrintRegular } from '@fluentui/react-icons';
import { FunnelChart, ResponsiveContainer, VerticalBarChart, VerticalStackedBarChart, getNextColor } from '@fluentui/react-charts';
import { useEffect, useMemo, useState, type ReactNode } from 'react';
import type { Stage, TabConfig } from '../../../../bot/src/api/contracts';
import type { Figure, FunnelStep, PeriodPreset, StatsResponse } from '../../../../bot/src/api/stats-contracts';
import type { ApiClient, Query } from '../../api/client';
import { ErrorState, Loading } from '../../components/states';
import { useUi } from '../../context';
import type { Route, View } from '../../routing';
import { useLoad } from '../../use-load';
import { STATS_STRINGS, type StatsStrings } from './strings';
import './print.css';
import { useBoardSortStrings } from '../board-sort-strings';

const FUNNEL: readonly FunnelStep[] = ['submitted', 'taken', 'screening', 'testing', 'implementing', 'done', 'closed'];
const PRESETS: readonly PeriodPreset[] = ['month', 'quarter', 'year', 'custom'];
const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

const useStyles = makeStyles({
  toolbar: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'flex-end',
    gap: tokens.spacingHorizontalM,
    marginBottom: tokens.spacingVerticalL,
  },
  actions: { display: 'flex', gap: tokens.spacingHorizontalS, marginLeft: 'auto', flexWrap: 'wrap' },
  section: {
    backgroundColor: tokens.colorNeutralBackground1,
    borderRadius: tokens.borderRadiusLarge,
    padding: tokens.spacingHorizontalL,
    marginBottom: tokens.spacingVerticalL,
    boxShadow: tokens.shadow2,
  },
  h2: { fontSize: tokens.fontSizeBase500, fontWeight: tokens.fontWeightSemibold, margin: `0 0 ${tokens.spacingVerticalS}` },
  h3: {
    fontSize: tokens.fontSizeBase400,
    fontWeight: tokens.fontWeightSemibold,
    margin: `${tokens.spacingVerticalM} 0 ${tokens.spacingVerticalS}`,
  },
  note: { color: tokens.colorNeutralForeground2, margin: `0 0 ${tokens.spacingVerticalM}` },
  figure: { margin: 0 },
  caption: { color: tokens.colorNeutralForeground2, fontSize: tokens.fontSizeBase200, marginBottom: tokens.spacingVerticalS },
  // Legends as the tables write them: the charts' own style capitalises every word.
  funnel: { width: '100%', maxWidth: '640px' },
  tableScroll: { maxWidth: '100%', overflowX: 'auto' },
  table: { tableLayout: 'auto' },
  chart: { width: '100%', maxWidth: '56rem', overflowX: 'auto', '& .fui-legend__legend': { textTransform: 'none' } },
  tableCaption: { textAlign: 'start', fontWeight: tokens.fontWeightSemibold, padding: `${tokens.spacingVerticalS} 0` },
  grid: { display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(12rem, 1fr))', gap: tokens.spacingHorizontalM },
  tile: {
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
    padding: tokens.spacingHorizontalM,
  },
  tileValue: { fontSize: tokens.fontSizeHero700, fontWeight: tokens.fontWeightSemibold, lineHeight: tokens.lineHeightHero700 },
  tileChange: { color: tokens.colorNeutralForeground2 },
  list: { paddingLeft: tokens.spacingHorizontalL, margin: 0 },
});

export interface StatsViewProps {
  api: ApiClient;
  config: TabConfig;
  route: Route;
  navigate: (view: View, params: URLSearchParams, options?: { replace?: boolean }) => void;
}

/** The Statistik view: period and filters in the address, the figures as charts and tables, CSV export, a printable report. */
export default function StatsView({ api, config, route, navigate }: StatsViewProps): ReactNode {
  const { locale, announce } = useUi();
  const t = STATS_STRINGS[locale];
  const b = useBoardSortStrings();
  const s = useStyles();
  const params = route.params;
  const preset = (PRESETS as readonly string[]).includes(params.get('period') ?? '') ? (params.get('period') as PeriodPreset) : 'month';
  const from = params.get('from') ?? '';
  const to = params.get('to') ?? '';
  const municipality = params.get('municipality') ?? '';
  const department = params.get('department') ?? '';
  const challenge = params.get('challenge') ?? '';
  const isCoach = config.caller.isCoach;
  const customReady = preset !== 'custom' || (MONTH.test(from) && MONTH.test(to) && from <= to);

  const query: Query = useMemo(
    () => ({
      period: preset,
      ...(preset === 'custom' ? { from, to } : {}),
      ...(isCoach && municipality ? { municipality } : {}),
      ...(isCoach && department ? { department } : {}),
      ...(challenge ? { challenge } : {}),
    }),
    [preset, from, to, municipality, department, challenge, isCoach],
  );
  const [stats, reload] = useLoad(customReady ? JSON.stringify(query) : 'waiting', () =>
    customReady ? api.stats(query) : new Promise<StatsResponse>(() => undefined),
  );
  const [challenges, setChallenges] = useState<readonly { id: string; title: string }[]>([]);
  useEffect(() => {
    let live = true;
    // The "Utmaning" filter's choices; without them (an error) the figures are shown without that filter.
    api
      .challenges()
      .then((res) => live && setChallenges(res.items.map((c) => ({ id: c.id, title: c.title }))))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [api]);
  const [exporting, setExporting] = useState(false);
  const [exportError, setExportError] = useState<unknown>(undefined);

  const set = (key: string, value: string): void => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    if (key === 'period' && value !== 'custom') {
      next.delete('from');
      next.delete('to');
    }
    navigate('stats', next, { replace: true });
  };

  const exportCsv = async (): Promise<void> => {
    setExporting(true);
    setExportError(undefined);
    try {
      const blob = await api.exportCsv({ ...query, locale });
      const url = URL.createObjectURL(blob);
      const a = document.createElement('a');
      a.href = url;
      a.download = `ideer-${stats.kind === 'ready' ? `${stats.value.period.from}-${stats.value.period.to}` : preset}.csv`;
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      announce(t.exported);
    } catch (err) {
      setExportError(err);
    } finally {
      setExporting(false);
    }
  };

  useEffect(() => {
    if (stats.kind === 'ready') announce(t.reportFor(config.sluice.name, stats.value.period.firstDay, stats.value.period.lastDay));
  }, [stats, announce, t, config.sluice.name]);

  return (
    <div className="stats-view">
      <div className={`${s.toolbar} no-print`}>
        <Field label={t.periodLabel}>
          <Select value={preset} onChange={(_e, d) => set('period', d.value)}>
            {PRESETS.map((p) => (
              <option key={p} value={p}>
                {t.presets[p]}
              </option>
            ))}
          </Select>
        </Field>
        {preset === 'custom' ? (
          <>
            <Field label={t.fromMonth} validationMessage={from && to && from > to ? t.badPeriod : undefined}>
              <Input type="month" value={from} onChange={(_e, d) => set('from', d.value)} />
            </Field>
            <Field label={t.toMonth}>
              <Input type="month" value={to} onChange={(_e, d) => set('to', d.value)} />
            </Field>
          </>
        ) : null}
        {isCoach && config.municipalities.length > 1 ? (
          <Field label={t.municipality}>
            <Select value={municipality} onChange={(_e, d) => set('municipality', d.value)}>
              <option value="">{t.allMunicipalities}</option>
              {config.municipalities.map((m) => (
                <option key={m.tenantId} value={m.tenantId}>
                  {m.name}
                </option>
              ))}
            </Select>
          </Field>
        ) : null}
        {isCoach && config.departments.length > 0 ? (
          <Field label={t.department}>
            <Select value={department} onChange={(_e, d) => set('department', d.value)}>
              <option value="">{t.allDepartments}</option>
              {config.departments.map((d) => (
                <option key={d} value={d}>
                  {d}
                </option>
              ))}
            </Select>
          </Field>
        ) : null}
        {challenges.length > 0 || challenge ? (
          <Field label={b.challenge}>
            <Select value={challenge} onChange={(_e, d) => set('challenge', d.value)} data-testid="stats-challenge">
              <option value="">{b.allChallenges}</option>
              {challenges.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.title}
                </option>
              ))}
            </Select>
          </Field>
        ) : null}
        <div className={s.actions}>
          {isCoach ? (
            <Button icon={<ArrowDownloadRegular />} disabled={exporting || !customReady} onClick={() => void exportCsv()}>
              {exporting ? t.exporting : t.exportCsv}
            </Button>
          ) : null}
          <Button icon={<PrintRegular />} onClick={() => window.print()}>
            {t.print}
          </Button>
        </div>
      </div>
      {exportError ? <ErrorState error={exportError} /> : null}
      {!customReady ? <p className={s.note}>{t.badPeriod}</p> : null}
      {customReady && stats.kind === 'loading' ? <Loading label={t.loading} /> : null}
      {customReady && stats.kind === 'error' ? <ErrorState error={stats.error} onRetry={reload} /> : null}
      {customReady && stats.kind === 'ready' ? <Report stats={stats.value} config={config} t={t} /> : null}
    </div>
  );
}

function Report({ stats, config, t }: { stats: StatsResponse; config: TabConfig; t: StatsStrings }): ReactNode {
  const s = useStyles();
  const { locale } = useUi();
  const labels = config.stageLabels[locale];
  const d = stats.details;
  const number = (n: number | undefined, digits = 0): string =>
    n === undefined ? '–' : n.toLocaleString(locale === 'sv' ? 'sv-SE' : 'en-GB', { maximumFractionDigits: digits });
  const percent = (n: number | undefined): string =>
    n === undefined ? '–' : n.toLocaleString(locale === 'sv' ? 'sv-SE' : 'en-GB', { style: 'percent', maximumFractionDigits: 0 });
  const change = (f: Figure): string => {
    const diff = f.value - f.previous;
    return diff === 0 ? '±0' : diff > 0 ? `+${number(diff)}` : `−${number(-diff)}`;
  };
  const coachName = (id: string, name: string | undefined): string =>
    name ?? t.unnamedCoach(config.coaches.findIndex((c) => c.id === id) + 1);

  return (
    <article aria-labelledby="stats-report-title">
      <section className={s.section}>
        <h2 id="stats-report-title" className={s.h2}>
          {t.reportFor(config.sluice.name, stats.period.firstDay, stats.period.lastDay)}
        </h2>
        <p className={s.note}>
          {t.comparedWith(stats.previousPeriod.firstDay, stats.previousPeriod.lastDay)} {t.definition}
        </p>
        {stats.scope === 'public' ? <p className={s.note}>{t.publicNote}</p> : null}
      </section>

      <ChartSection
        id="stats-funnel"
        title={t.funnelTitle}
        t={t}
        chart={
          // As wide as the page allows (a phone's 320 px too), at most 640 px.
          <div className={s.funnel}>
            <ResponsiveContainer width="100%" height={320}>
              <FunnelChart
                chartTitle={t.funnelTitle}
                culture={locale === 'sv' ? 'sv-SE' : 'en-GB'}
                legendProps={{ overflowText: t.moreLegends, enabledWrapLines: true }}
                data={FUNNEL.map((step, i) => ({ stage: t.steps[step], value: stats.funnel[step].value, color: getNextColor(i) }))}
              />
            </ResponsiveContainer>
          </div>
        }
        head={[t.step, t.thisPeriod, t.previousPeriod, t.change]}
        rows={FUNNEL.map((step) => [
          t.steps[step],
          number(stats.funnel[step].value),
          number(stats.funnel[step].previous),
          change(stats.funnel[step]),
        ])}
      >
        <h3 className={s.h3}>{t.nowTitle}</h3>
        <DataTable
          caption={t.nowTitle}
          head={[t.step, t.count]}
          rows={(Object.keys(stats.now) as Stage[]).map((stage) => [labels[stage], number(stats.now[stage])])}
        />
      </ChartSection>

      <ChartSection
        id="stats-over-time"
        title={t.overTimeTitle}
        t={t}
        chart={
          <VerticalStackedBarChart
            chartTitle={t.overTimeTitle}
            culture={locale === 'sv' ? 'sv-SE' : 'en-GB'}
            legendProps={{ overflowText: t.moreLegends, enabledWrapLines: true }}
            height={300}
            data={stats.series.map((m) => ({
              xAxisPoint: m.month,
              chartData: (['submitted', 'testing', 'done', 'closed'] as const).map((step, i) => ({
                legend: t.steps[step],
                data: m.funnel[step],
                color: getNextColor(i),
              })),
            }))}
          />
        }
        head={[t.month, ...FUNNEL.map((step) => t.steps[step])]}
        rows={stats.series.map((m) => [m.month, ...FUNNEL.map((step) => number(m.funnel[step]))])}
      />

      <section className={s.section} aria-labelledby="stats-outcomes">
        <h2 id="stats-outcomes" className={s.h2}>
          {t.outcomesTitle}
        </h2>
        <div className={s.grid}>
          <Tile label={t.tested} figure={stats.outcomes.tested} change={change} number={number} note={t.testedNote} />
          <Tile label={t.implemented} figure={stats.outcomes.implemented} change={change} number={number} />
          <Tile label={t.closed} figure={stats.outcomes.closed} change={change} number={number} />
        </div>
        {stats.outcomes.closedBy.length > 0 ? (
          <DataTable
            caption={t.closedByTitle}
            head={[t.closedByTitle, t.fromStage, t.count]}
            rows={stats.outcomes.closedBy.map((c) => [t.closedHow[c.how], labels[c.from], number(c.count)])}
          />
        ) : null}
        <h3 className={s.h3}>{t.implementedTitle}</h3>
        {stats.outcomes.implementedIdeas.length === 0 ? (
          <p className={s.note}>{t.noImplemented}</p>
        ) : (
          <>
            {stats.outcomes.implementedIdeas.length < stats.outcomes.implemented.value ? (
              <p className={s.note}>
                {t.latestImplemented(number(stats.outcomes.implementedIdeas.length), number(stats.outcomes.implemented.value))}
              </p>
            ) : null}
            <ul className={s.list}>
              {stats.outcomes.implementedIdeas.map((i) => (
                <li key={i.ideaId}>
                  <strong>
                    #{i.number} {i.title}
                  </strong>{' '}
                  ({i.department}, {i.at.slice(0, 10)})
                  {i.effects.length === 0 ? (
                    <div className={s.note}>{t.noEffects}</div>
                  ) : (
                    <ul>
                      {i.effects.map((e, n) => (
                        <li key={n}>
                          {t.effect(
                            e.forWhom,
                            e.change,
                            e.amount !== undefined ? `${number(e.amount, 2)}${e.unit ? ` ${e.unit}` : ''}` : undefined,
                          )}
                        </li>
                      ))}
                    </ul>
                  )}
                </li>
              ))}
            </ul>
          </>
        )}
      </section>

      {d ? (
        <>
          <ChartSection
            id="stats-departments"
            title={t.departmentsTitle}
            t={t}
            chart={
              d.departments.length > 0 ? (
                <VerticalBarChart
                  chartTitle={t.departmentsTitle}
                  culture={locale === 'sv' ? 'sv-SE' : 'en-GB'}
                  height={280}
                  hideLegend
                  data={d.departments.map((dep, i) => ({
                    x: dep.department,
                    y: dep.funnel.submitted.value,
                    legend: dep.department,
                    color: getNextColor(i),
                  }))}
                />
              ) : undefined
            }
            head={[t.department, t.steps.submitted, t.previousPeriod, t.steps.testing, t.steps.done]}
            rows={d.departments.map((dep) => [
              dep.department,
              number(dep.funnel.submitted.value),
              number(dep.funnel.submitted.previous),
              number(dep.funnel.testing.value),
              number(dep.funnel.done.value),
            ])}
          >
            <h3 className={s.h3}>{t.municipalitiesTitle}</h3>
            <DataTable
              caption={t.municipalitiesTitle}
              head={[t.municipality, t.steps.submitted, t.previousPeriod, t.steps.done, t.employees, t.per1000]}
              rows={d.municipalities.map((m) => [
                m.name,
                number(m.funnel.submitted.value),
                number(m.funnel.submitted.previous),
                number(m.funnel.done.value),
                number(m.employees),
                m.per1000 ? `${number(m.per1000.submitted, 2)} / ${number(m.per1000.implemented, 2)}` : '–',
              ])}
            />
          </ChartSection>

          <ChartSection
            id="stats-time"
            title={t.timeTitle}
            t={t}
            chart={
              <VerticalBarChart
                chartTitle={t.timeTitle}
                culture={locale === 'sv' ? 'sv-SE' : 'en-GB'}
                height={260}
                hideLegend
                data={d.timeInStage.map((x, i) => ({
                  x: labels[x.stage],
                  y: x.median ?? 0,
                  legend: labels[x.stage],
                  color: getNextColor(i),
                }))}
              />
            }
            head={[t.step, t.median, t.p90, t.measured, `${t.median} (${t.previousPeriod.toLowerCase()})`]}
            rows={d.timeInStage.map((x) => [labels[x.stage], number(x.median), number(x.p90), number(x.count), number(x.previous.median)])}
          >
            <h3 className={s.h3}>{t.firstTalkTitle}</h3>
            <p>
              {d.firstTalk.count === 0
                ? t.noneMeasured
                : `${t.firstTalkText(number(d.firstTalk.median), number(d.firstTalk.p90), d.firstTalk.count)} ${t.withinLimit(percent(d.firstTalk.share), d.firstTalk.limitDays)}`}
            </p>
          </ChartSection>

          <ChartSection
            id="stats-satisfaction"
            title={t.satisfactionTitle}
            t={t}
            intro={
              <p>
                {d.satisfaction.count === 0 ? t.noneMeasured : t.satisfactionText(number(d.satisfaction.mean, 2), d.satisfaction.count)}
              </p>
            }
            head={[t.rating, t.answers]}
            rows={d.satisfaction.distribution.map((n, i) => [String(i + 1), number(n)])}
          >
            {d.satisfaction.byCoach.length > 0 ? (
              <DataTable
                caption={t.perCoach}
                head={[t.coach, t.mean, t.answers]}
                rows={d.satisfaction.byCoach.map((c) => [coachName(c.coachId, c.name), number(c.mean, 2), number(c.count)])}
              />
            ) : null}
            {d.satisfaction.byDepartment.length > 0 ? (
              <DataTable
                caption={t.perDepartment}
                head={[t.department, t.mean, t.answers]}
                rows={d.satisfaction.byDepartment.map((x) => [x.department, number(x.mean, 2), number(x.count)])}
              />
            ) : null}
          </ChartSection>
        </>
      ) : null}
    </article>
  );
}

/**
 * One part of the report: a heading, the chart (for the eye, with a caption that points to its
 * table) and the data table that says the same for the keyboard and the screen reader, then
 * whatever else the part shows.
 */
function ChartSection(props: {
  id: string;
  title: string;
  t: StatsStrings;
  chart?: ReactNode;
  intro?: ReactNode;
  head: readonly string[];
  rows: readonly (readonly string[])[];
  children?: ReactNode;
}): ReactNode {
  const s = useStyles();
  return (
    <section className={s.section} aria-labelledby={props.id}>
      <h2 id={props.id} className={s.h2}>
        {props.title}
      </h2>
      {props.chart ? (
        <figure className={`${s.figure} stats-chart`}>
          <figcaption className={s.caption}>{props.t.chartOf(props.title)}</figcaption>
          <div className={s.chart}>{props.chart}</div>
        </figure>
      ) : null}
      {props.intro}
      <DataTable caption={props.t.tableFor(props.title)} head={props.head} rows={props.rows} />
      {props.children}
    </section>
  );
}

function DataTable({ caption, head, rows }: { caption: string; head: readonly string[]; rows: readonly (readonly string[])[] }): ReactNode {
  const s = useStyles();
  // Columns as wide as their words; on a phone a wide table scrolls in its own box (reachable by
  // keyboard, named by its caption) instead of widening the page.
  return (
    <div className={s.tableScroll} role="region" aria-label={caption} tabIndex={0}>
      <Table size="small" className={mergeClasses('stats-table', s.table)}>
        <caption className={s.tableCaption}>{caption}</caption>
        <TableHeader>
          <TableRow>
            {head.map((h, i) => (
              <TableHeaderCell key={i} scope="col">
                {h}
              </TableHeaderCell>
            ))}
          </TableRow>
        </TableHeader>
        <TableBody>
          {rows.map((row, r) => (
            <TableRow key={r}>
              {row.map((cell, c) =>
                c === 0 ? (
                  <TableHeaderCell key={c} scope="row">
                    {cell}
                  </TableHeaderCell>
                ) : (
                  <TableCell key={c}>{cell}</TableCell>
                ),
              )}
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </div>
  );
}

function Tile(props: {
  label: string;
  figure: Figure;
  change: (f: Figure) => string;
  number: (n: number) => string;
  note?: string;
}): ReactNode {
  const s = useStyles();
  return (
    <div className={s.tile}>
      <div>{props.label}</div>
      <div className={s.tileValue}>{props.number(props.figure.value)}</div>
      <div className={s.tileChange}>
        {props.change(props.figure)} ({props.number(props.figure.previous)})
      </div>
      {props.note ? <div className={s.tileChange}>{props.note}</div> : null}
    </div>
  );
}
