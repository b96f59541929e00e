import {
  Button,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  Tab,
  TabList,
  makeStyles,
  mergeClasses,
  tokens,
} from '@fluentui/react-components';
import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { BoardResponse, IdeaCard, IdeaPage, Stage, TabConfig } from '../../../bot/src/api/contracts';
import { ApiFailure, type ApiClient } from '../api/client';
import { wantDatePicker } from '../components/date-field';
import { Empty, ErrorState, Loading } from '../components/states';
import { describeFailure } from '../errors';
import { filterFromParams, hasFilters, ideaHref, sortFromParams, type Route, type View } from '../routing';
import { useLoad } from '../use-load';
import { PHONE_WIDTH, useMediaQuery } from '../use-media-query';
import { Filters } from './filters';
import { IdeaCardView, moveForDrop, type Move } from './idea-card';
import { usePhoneStrings } from './phone-strings';

const useStyles = makeStyles({
  summary: { margin: `0 0 ${tokens.spacingVerticalS}`, color: tokens.colorNeutralForeground2 },
  notice: { marginBottom: tokens.spacingVerticalM },
  columns: {
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fill, minmax(min(100%, 12rem), 1fr))',
    gap: tokens.spacingHorizontalM,
    alignItems: 'start',
  },
  column: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalS,
    padding: tokens.spacingHorizontalS,
    borderRadius: tokens.borderRadiusLarge,
    backgroundColor: tokens.colorNeutralBackground3,
    border: `${tokens.strokeWidthThin} solid transparent`,
    minWidth: 0,
  },
  dropTarget: { border: `${tokens.strokeWidthThick} dashed ${tokens.colorBrandStroke1}` },
  columnTitle: {
    margin: 0,
    display: 'flex',
    justifyContent: 'space-between',
    gap: tokens.spacingHorizontalS,
    fontSize: tokens.fontSizeBase400,
    lineHeight: tokens.lineHeightBase400,
    fontWeight: tokens.fontWeightSemibold,
  },
  count: { fontWeight: tokens.fontWeightRegular, color: tokens.colorNeutralForeground2 },
  list: { listStyleType: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  columnEmpty: { margin: 0, color: tokens.colorNeutralForeground2, fontSize: tokens.fontSizeBase200 },
  /** At phone width: the stages as tabs, wrapping onto more lines rather than hiding any. */
  stageTabs: { flexWrap: 'wrap', marginBottom: tokens.spacingVerticalS },
  tabCount: { color: tokens.colorNeutralForeground2, fontWeight: tokens.fontWeightRegular },
});

type Notice = { intent: 'success' | 'error' | 'warning'; text: string };

/** The board's first request, started before the configuration arrived. */
export interface BoardPrefetch {
  readonly key: string;
  readonly promise: Promise<BoardResponse>;
}

interface BoardProps {
  api: ApiClient;
  config: TabConfig;
  route: Route;
  navigate: (view: View, params: URLSearchParams, options?: { replace?: boolean }) => void;
  /** Changes when an idea was changed elsewhere (the panel); the board then refreshes. */
  changes: number;
  prefetch?: BoardPrefetch;
}

/**
 * The pipeline board: one column per stage with its count, filters and search in the address,
 * and — for coaches — moving ideas with the Move menu (keyboard) or by drag and drop.
 */
export function Board({ api, config, route, navigate, changes, prefetch }: BoardProps): ReactNode {
  const { t, p, locale, announce } = usePhoneStrings();
  const s = useStyles();
  // At phone width the board shows one stage at a time, the stages and their counts as tabs.
  const phone = useMediaQuery(PHONE_WIDTH);
  const [shownStage, setShownStage] = useState<Stage | undefined>();
  const labels = config.stageLabels[locale];
  const filterParams = useMemo(() => {
    const p = new URLSearchParams(route.params);
    p.delete('idea');
    p.delete('do');
    return p;
  }, [route.params]);
  const filter = useMemo(() => filterFromParams(filterParams, config.stages), [filterParams, config.stages]);
  // By score only for coaches and admins, who see scores; the server decides it again.
  const sort = sortFromParams(filterParams, config.caller.isCoach);
  const filterKey = JSON.stringify([filter, sort]);
  const prefetched = useRef(prefetch);
  const [board, reload] = useLoad(filterKey, () => {
    const early = prefetched.current;
    prefetched.current = undefined;
    // The early request (made before the configuration) is the newest-first board.
    return early?.key === JSON.stringify(filter) && sort === 'newest' ? early.promise : api.board(filter, sort);
  });
  const [challenges, setChallenges] = useState<readonly { id: string; title: string }[]>([]);
  useEffect(() => {
    let live = true;
    // The "Utmaning" filter's choices; without them (an error) the board works without that filter.
    api
      .challenges()
      .then((res) => live && setChallenges(res.items.map((c) => ({ id: c.id, title: c.title }))))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [api]);
  const [more, setMore] = useState<Partial<Record<Stage, IdeaPage>>>({});
  const [loadingMore, setLoadingMore] = useState<Stage | undefined>();
  const [notice, setNotice] = useState<Notice | undefined>();
  const [busyId, setBusyId] = useState<string | undefined>();
  const [dragging, setDragging] = useState<IdeaCard | undefined>();
  const [dropStage, setDropStage] = useState<Stage | undefined>();
  const focusAfterLoad = useRef<string | undefined>(undefined);
  const announcedKey = useRef<string | undefined>(undefined);
  const currentKey = useRef(filterKey);
  currentKey.current = filterKey;

  useEffect(() => {
    if (changes > 0) reload();
  }, [changes, reload]);

  // The filters' date picker is asked for once the first cards (or the board's error) are painted,
  // so its chunk never holds them up; reaching for a date field asks for it sooner.
  const firstLoaded = board.kind !== 'loading';
  useEffect(() => {
    if (!firstLoaded) return;
    let timer: number | undefined;
    const frame = requestAnimationFrame(() => {
      timer = window.setTimeout(wantDatePicker, 0);
    });
    return () => {
      cancelAnimationFrame(frame);
      window.clearTimeout(timer);
    };
  }, [firstLoaded]);

  // A new board (new filter or refresh) replaces the extra pages fetched with "show more".
  const boardValue = board.kind === 'ready' ? board.value : undefined;
  useEffect(() => {
    setMore({});
    if (!boardValue) return;
    if (focusAfterLoad.current) {
      document.getElementById(`card-${focusAfterLoad.current}-title`)?.focus();
      focusAfterLoad.current = undefined;
    }
    // A new filter or search is announced with its result count; a refresh after a move is not,
    // so the move's own announcement is what a screen reader hears.
    if (announcedKey.current !== undefined && announcedKey.current !== currentKey.current) announce(t.ideasCount(boardValue.total));
    announcedKey.current = currentKey.current;
  }, [boardValue, announce, t]);

  const stages = filter.stage ? config.stages.filter((st) => (filter.stage as readonly string[]).includes(st)) : config.stages;

  // Until a stage is chosen, the phone opens on the first stage that has ideas, not on an empty one.
  const currentStage =
    shownStage && stages.includes(shownStage) ? shownStage : (stages.find((st) => (boardValue?.counts[st] ?? 0) > 0) ?? stages[0]);
  const visibleStages = phone ? stages.filter((st) => st === currentStage) : stages;

  const columnOf = (value: BoardResponse, stage: Stage): IdeaPage => {
    const first = value.columns[stage];
    const extra = more[stage];
    return extra ? { items: [...first.items, ...extra.items], ...(extra.continuation ? { continuation: extra.continuation } : {}) } : first;
  };

  const showMore = async (value: BoardResponse, stage: Stage): Promise<void> => {
    const column = columnOf(value, stage);
    if (!column.continuation) return;
    setLoadingMore(stage);
    try {
      const page = await api.ideas({ ...filter, stage: [stage] }, { sort, continuation: column.continuation, pageSize: 20 });
      setMore((m) => ({ ...m, [stage]: { items: [...(m[stage]?.items ?? []), ...page.items], continuation: page.continuation } }));
    } catch (err) {
      setNotice({ intent: 'error', text: describeFailure(err, t) });
    } finally {
      setLoadingMore(undefined);
    }
  };

  const openIdea = useCallback(
    (card: IdeaCard, action?: 'decline' | 'advance') => {
      const next = new URLSearchParams(route.params);
      next.set('idea', card.id);
      if (action) next.set('do', action);
      else next.delete('do');
      navigate('board', next);
    },
    [navigate, route.params],
  );

  /** Performs a move on the idea as the card showed it; a card that is out of date is refreshed instead. */
  const move = async (card: IdeaCard, m: Move): Promise<void> => {
    setNotice(undefined);
    if (m.action === 'decline') {
      // Closing needs a reason: the panel asks for it.
      openIdea(card, 'decline');
      return;
    }
    if (m.action === 'advance' && card.stage === 'implementing') {
      // Införd needs the effects: the panel asks for them.
      openIdea(card, 'advance');
      return;
    }
    setBusyId(card.id);
    try {
      const { idea } = await api.idea(card.id);
      if (idea.updatedAt !== card.updatedAt || !idea.actions.includes(m.action)) {
        setNotice({ intent: 'warning', text: t.error.stale });
        focusAfterLoad.current = card.id;
        reload();
        return;
      }
      const { idea: moved } = await api.act(card.id, idea.etag, { type: m.action });
      const text = t.moved(moved.number, labels[moved.stage]);
      setNotice({ intent: 'success', text });
      announce(text);
      focusAfterLoad.current = card.id;
      reload();
    } catch (err) {
      setNotice({ intent: 'error', text: describeFailure(err, t) });
      if (err instanceof ApiFailure && (err.status === 409 || err.status === 412)) reload();
    } finally {
      setBusyId(undefined);
    }
  };

  const onDrop = (stage: Stage): void => {
    const card = dragging;
    setDragging(undefined);
    setDropStage(undefined);
    if (!card || card.stage === stage) return;
    const m = moveForDrop(card, stage);
    if (!m) {
      const text = t.cannotMoveThere(labels[stage]);
      setNotice({ intent: 'warning', text });
      announce(text);
      return;
    }
    void move(card, m);
  };

  const seenDepartments = useMemo(
    () => (boardValue ? [...new Set(config.stages.flatMap((st) => boardValue.columns[st].items.map((c) => c.department)))] : []),
    [boardValue, config.stages],
  );

  return (
    <>
      <Filters
        config={config}
        params={filterParams}
        seenDepartments={seenDepartments}
        challenges={challenges}
        {...(boardValue ? { total: boardValue.total } : {})}
        onChange={(next) => {
          const idea = route.params.get('idea');
          if (idea) next.set('idea', idea);
          navigate('board', next, { replace: true });
        }}
      />
      {notice ? (
        <MessageBar intent={notice.intent} className={s.notice} role={notice.intent === 'error' ? 'alert' : undefined} data-testid="notice">
          <MessageBarBody>{notice.text}</MessageBarBody>
          <MessageBarActions>
            <Button appearance="transparent" size="small" onClick={() => setNotice(undefined)}>
              {t.close}
            </Button>
          </MessageBarActions>
        </MessageBar>
      ) : null}
      {board.kind === 'loading' ? <Loading label={t.loadingIdeas} /> : null}
      {board.kind === 'error' ? <ErrorState error={board.error} onRetry={reload} /> : null}
      {board.kind === 'ready' && board.value.total === 0 ? (
        hasFilters(filterParams) ? (
          <Empty title={t.emptyFiltered}>
            <Button
              onClick={() => {
                const next = new URLSearchParams();
                const idea = route.params.get('idea');
                if (idea) next.set('idea', idea);
                navigate('board', next, { replace: true });
              }}
            >
              {t.clearFilters}
            </Button>
          </Empty>
        ) : (
          <Empty title={t.emptySluice}>
            <p>{t.emptySluiceHint}</p>
          </Empty>
        )
      ) : null}
      {board.kind === 'ready' && board.value.total > 0 ? (
        <>
          <p className={s.summary} data-testid="board-summary">
            {t.boardSummary(board.value.total)}
          </p>
          {phone ? (
            <TabList
              className={s.stageTabs}
              selectedValue={currentStage}
              onTabSelect={(_e, d) => setShownStage(d.value as Stage)}
              aria-label={p.stageTabs}
              data-testid="stage-tabs"
            >
              {stages.map((stage) => (
                <Tab key={stage} value={stage} id={`stage-tab-${stage}`} data-testid={`stage-tab-${stage}`}>
                  {/* The space keeps the tab's name "Inkommen 3" for a screen reader, not "Inkommen3". */}
                  {labels[stage]} <span className={s.tabCount}>{board.value.counts[stage]}</span>
                </Tab>
              ))}
            </TabList>
          ) : null}
          <div
            className={s.columns}
            {...(phone && currentStage ? { role: 'tabpanel', 'aria-labelledby': `stage-tab-${currentStage}` } : {})}
          >
            {visibleStages.map((stage) => {
              const column = columnOf(board.value, stage);
              const headingId = `column-${stage}`;
              const target = dragging ? moveForDrop(dragging, stage) : undefined;
              return (
                <section
                  key={stage}
                  aria-labelledby={headingId}
                  className={mergeClasses(s.column, dropStage === stage && target && s.dropTarget)}
                  data-testid={`column-${stage}`}
                  onDragOver={(e) => {
                    if (!dragging) return;
                    // Every column takes the drop, so a drop the process does not allow can be explained.
                    e.preventDefault();
                    e.dataTransfer.dropEffect = 'move';
                    if (dropStage !== stage) setDropStage(stage);
                  }}
                  onDragLeave={() => dropStage === stage && setDropStage(undefined)}
                  onDrop={(e) => {
                    e.preventDefault();
                    onDrop(stage);
                  }}
                >
                  <h2 id={headingId} className={s.columnTitle}>
                    <span>{labels[stage]}</span>
                    <span className={s.count} data-testid="column-count">
                      {board.value.counts[stage]}
                      <span className="visually-hidden"> {t.ideasUnit(board.value.counts[stage])}</span>
                    </span>
                  </h2>
                  {column.items.length === 0 ? (
                    <p className={s.columnEmpty}>{t.emptyColumn}</p>
                  ) : (
                    <ul className={s.list}>
                      {column.items.map((card) => (
                        <li key={card.id}>
                          <IdeaCardView
                            card={card}
                            config={config}
                            href={ideaHref('board', route.params, card.id)}
                            busy={busyId === card.id}
                            onMove={(c, m) => void move(c, m)}
                            onDragStart={setDragging}
                            onDragEnd={() => {
                              setDragging(undefined);
                              setDropStage(undefined);
                            }}
                          />
                        </li>
                      ))}
                    </ul>
                  )}
                  {column.continuation ? (
                    <Button onClick={() => void showMore(board.value, stage)} disabled={loadingMore === stage}>
                      {t.showMore(labels[stage])}
                    </Button>
                  ) : null}
                </section>
              );
            })}
          </div>
        </>
      ) : null}
    </>
  );
}
