import { Button, makeStyles, tokens } from '@fluentui/react-components';
import { useEffect, useState, type ReactNode } from 'react';
import type { IdeaCard, TabConfig } from '../../../bot/src/api/contracts';
import type { ApiClient } from '../api/client';
import { Empty, ErrorState, Loading } from '../components/states';
import { CoverLine } from '../components/reach';
import { StageBadges } from '../components/stage-badges';
import { useUi } from '../context';
import { describeFailure } from '../errors';
import { dateTime, relativeTime } from '../i18n';
import { formatHash, ideaHref, type Route } from '../routing';
import { useLoad } from '../use-load';

const useStyles = makeStyles({
  intro: { margin: `0 0 ${tokens.spacingVerticalM}`, color: tokens.colorNeutralForeground2 },
  list: { listStyleType: 'none', margin: 0, padding: 0, display: 'grid', gap: tokens.spacingVerticalS, maxWidth: '50rem' },
  item: {
    display: 'grid',
    gap: tokens.spacingVerticalXS,
    padding: tokens.spacingHorizontalM,
    backgroundColor: tokens.colorNeutralBackground1,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke1}`,
    borderRadius: tokens.borderRadiusMedium,
    overflowWrap: 'anywhere',
  },
  title: { margin: 0, fontSize: tokens.fontSizeBase400, lineHeight: tokens.lineHeightBase400, fontWeight: tokens.fontWeightSemibold },
  link: {
    color: tokens.colorNeutralForeground1,
    borderRadius: tokens.borderRadiusSmall,
    ':focus-visible': { outline: `${tokens.strokeWidthThick} solid ${tokens.colorStrokeFocus2}`, outlineOffset: '2px' },
  },
  row: { display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: tokens.spacingHorizontalS },
  meta: { margin: 0, color: tokens.colorNeutralForeground2, fontSize: tokens.fontSizeBase200 },
  more: { marginTop: tokens.spacingVerticalM },
  cover: { margin: 0 },
});

/** "Mina idéer": the ideas the signed-in person handed in, newest first, each with where it is. */
export function Mine({ api, config, route, changes }: { api: ApiClient; config: TabConfig; route: Route; changes: number }): ReactNode {
  const { t, locale } = useUi();
  const s = useStyles();
  const labels = config.stageLabels[locale];
  const [page, reload] = useLoad('mine', () => api.mine());
  const [extra, setExtra] = useState<{ items: IdeaCard[]; continuation?: string }>({ items: [] });
  const [moreError, setMoreError] = useState<string | undefined>();

  useEffect(() => {
    if (changes > 0) reload();
  }, [changes, reload]);
  useEffect(() => setExtra({ items: [] }), [page]);

  if (page.kind === 'loading') return <Loading label={t.loadingIdeas} />;
  if (page.kind === 'error') return <ErrorState error={page.error} onRetry={reload} />;
  const items = [...page.value.items, ...extra.items];
  const continuation = extra.items.length > 0 ? extra.continuation : page.value.continuation;
  if (items.length === 0)
    return (
      <Empty title={t.mineEmpty}>
        <p>{t.mineEmptyHint}</p>
      </Empty>
    );

  return (
    <>
      <p className={s.intro}>{t.mineIntro}</p>
      <ul className={s.list} data-testid="mine-list">
        {items.map((idea) => (
          <li key={idea.id} className={s.item}>
            <h2 className={s.title}>
              <a id={`card-${idea.id}-title`} href={ideaHref('mine', route.params, idea.id)} className={s.link}>
                {idea.title}
              </a>
            </h2>
            <div className={s.row}>
              <StageBadges stage={idea.stage} needsInfo={idea.needsInfo} labels={labels} overdue={idea.overdue} />
              {idea.needsInfo ? (
                <a href={answerHref(route, idea.id)} className={s.link} aria-describedby={`card-${idea.id}-title`}>
                  {t.answerQuestion}
                </a>
              ) : null}
            </div>
            <p className={s.meta}>
              #{idea.number} · {idea.department} · {idea.coach?.name ?? t.noCoach}
            </p>
            <CoverLine idea={idea} config={config} className={s.cover} />
            <p className={s.meta}>
              <time dateTime={idea.updatedAt} title={dateTime(idea.updatedAt, locale)}>
                {t.updated(relativeTime(idea.updatedAt, locale))}
              </time>
            </p>
          </li>
        ))}
      </ul>
      {moreError ? <p role="alert">{moreError}</p> : null}
      {continuation ? (
        <Button
          className={s.more}
          onClick={() => {
            setMoreError(undefined);
            api.mine(continuation).then(
              (next) => setExtra((e) => ({ items: [...e.items, ...next.items], continuation: next.continuation })),
              (err: unknown) => setMoreError(describeFailure(err, t)),
            );
          }}
        >
          {t.showMore(t.mineTitle)}
        </Button>
      ) : null}
    </>
  );
}

/** Opens the idea's panel on the giver's answer form. */
function answerHref(route: Route, ideaId: string): string {
  const params = new URLSearchParams(ideaHref('mine', route.params, ideaId).split('?')[1]);
  params.set('do', 'answer');
  return formatHash('mine', params);
}
