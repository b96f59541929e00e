import { Button, makeStyles, tokens } from '@fluentui/react-components';
import { lazy, Suspense, useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { BoardResponse, DevPersona, TabConfig } from '../../bot/src/api/contracts';
import { ApiClient } from './api/client';
import { ErrorState, Loading } from './components/states';
import { useUi } from './context';
import type { Strings } from './i18n';
import type { Host } from './host/host';
import { ALL_STAGES, filterFromParams, formatHash, type Route, type View } from './routing';
import { useLoad } from './use-load';
import { mayBeAway } from './views/absence-rule';
import type { BoardPrefetch } from './views/board';
import { loadBoard, loadMine } from './first-view';

// The board and "Mina idéer" are chunks of their own, asked for as the page starts (first-view.ts).
const Board = lazy(() => loadBoard().then((m) => ({ default: m.Board })));
const Mine = lazy(() => loadMine().then((m) => ({ default: m.Mine })));
// A coach's "Borta till" brings the date picker: loaded beside the board, drawn when it arrives.
const AbsenceSwitch = lazy(() => import('./views/absence-switch').then((m) => ({ default: m.AbsenceSwitch })));

// Not needed for the first paint of the board: loaded when used.
const IdeaPanel = lazy(() => import('./views/idea-panel'));
// The giver's "Lämna en idé" form: loaded when opened.
const IdeaForm = lazy(() => import('./views/giver/idea-form'));
// Statistik brings its chart library: loaded only when the view is opened.
const StatsView = lazy(() => import('./views/stats/stats-view'));
// What linked sluices share: loaded when opened.
const LinkedIdeasView = lazy(() => import('./views/linked-ideas'));
// The sluice's challenges: loaded when opened.
const ChallengesView = lazy(() => import('./views/challenges'));
// An idea as a public record, for coaches, admins and registrators: loaded when opened.
const RecordView = lazy(() => import('./views/record/record-view'));
// The published statements (tillgänglighetsredogörelse, personuppgifter): loaded when opened.
const AccessibilityStatement = lazy(() => import('./views/statements/accessibility-statement'));
const PrivacyStatement = lazy(() => import('./views/statements/privacy-statement'));
// "Mina uppgifter", a person's own data: loaded when opened.
const MyDataView = lazy(() => import('./views/my-data/my-data-view'));
// The registrator's way in (admins and registrators): loaded when opened.
const ArchiveView = lazy(() => import('./views/archive/archive-view'));
// Administration is for a sluice's admins only: loaded when opened.
const AdminView = lazy(() => import('./views/admin/admin-view'));

const useStyles = makeStyles({
  page: { maxWidth: '110rem', margin: '0 auto', padding: `${tokens.spacingVerticalM} ${tokens.spacingHorizontalL}` },
  header: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    justifyContent: 'space-between',
    columnGap: tokens.spacingHorizontalL,
    rowGap: tokens.spacingVerticalS,
  },
  // Long Swedish words ("Tillgänglighetsredogörelse") break rather than widen a 320 px page.
  title: {
    fontSize: tokens.fontSizeBase600,
    lineHeight: tokens.lineHeightBase600,
    fontWeight: tokens.fontWeightSemibold,
    margin: 0,
    overflowWrap: 'anywhere',
    hyphens: 'auto',
  },
  /** The header's right side: the absence switch, "Lämna en idé" and (in a browser) who is signed in, together. */
  tools: { display: 'flex', alignItems: 'center', flexWrap: 'wrap', gap: tokens.spacingHorizontalM },
  who: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalS, color: tokens.colorNeutralForeground2, flexWrap: 'wrap' },
  nav: {
    display: 'flex',
    gap: tokens.spacingHorizontalM,
    margin: `${tokens.spacingVerticalS} 0 ${tokens.spacingVerticalM}`,
    flexWrap: 'wrap',
  },
  navLink: {
    color: tokens.colorBrandForegroundLink,
    padding: `${tokens.spacingVerticalXS} ${tokens.spacingHorizontalXS}`,
    borderRadius: tokens.borderRadiusMedium,
    ':focus-visible': { outline: `${tokens.strokeWidthThick} solid ${tokens.colorStrokeFocus2}`, outlineOffset: '2px' },
  },
  /** The statements every page links to (tillgänglighetsredogörelse, personuppgifter). */
  footer: {
    marginTop: tokens.spacingVerticalXXL,
    borderTop: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
  },
  navCurrent: { color: tokens.colorNeutralForeground1, fontWeight: tokens.fontWeightSemibold, textDecorationLine: 'none' },
});

/** The views under the navigation (the configuration page stands alone). */
type MainView = Exclude<View, 'config'>;

export interface SignedInProps {
  host: Host;
  persona: DevPersona | undefined;
  route: Route;
  navigate: (view: View, params: URLSearchParams, options?: { replace?: boolean }) => void;
  onSwitchPerson: () => void;
}

/** The header, navigation and views of a signed-in person; its own chunk, loaded as the page starts. */
export default function SignedIn({ host, persona, route, navigate, onSwitchPerson }: SignedInProps): ReactNode {
  const { t } = useUi();
  const s = useStyles();
  const api = useMemo(() => new ApiClient(host.getToken), [host]);
  // The board's first page does not depend on the configuration: ask for both at once.
  const [prefetch] = useState(() => (route.view === 'board' ? prefetchBoard(api, route.params) : undefined));
  const [config, reloadConfig] = useLoad('config', () => api.config());
  // Bumped after every change made in the panel, so the lists behind it refresh.
  const [changes, setChanges] = useState(0);
  const onChanged = useCallback(() => setChanges((n) => n + 1), []);
  const ideaId = route.params.get('idea');
  const composing = route.params.get('new') === 'idea';
  // The drawers stay mounted while they close: a modal drawer removed while open leaves the page
  // hidden from screen readers (aria-hidden on the root). The last idea shown stays until another opens.
  const [panelIdea, setPanelIdea] = useState(ideaId);
  useEffect(() => {
    if (ideaId) setPanelIdea(ideaId);
  }, [ideaId]);
  // Every opening of the form is a new form (a new idempotency key, empty fields).
  const [formOpening, setFormOpening] = useState(0);
  useEffect(() => {
    if (composing) setFormOpening((n) => n + 1);
  }, [composing]);
  const view: MainView =
    route.view === 'mine' ||
    route.view === 'linked' ||
    route.view === 'challenges' ||
    route.view === 'stats' ||
    route.view === 'admin' ||
    route.view === 'archive' ||
    route.view === 'record' ||
    route.view === 'accessibility' ||
    route.view === 'privacy' ||
    route.view === 'my-data'
      ? route.view
      : 'board';

  const closePanel = useCallback(() => {
    const next = new URLSearchParams(route.params);
    next.delete('idea');
    next.delete('do');
    next.delete('new');
    navigate(view, next);
  }, [navigate, route.params, view]);
  // A new idea opens in the panel once the form has closed: two modal drawers swapped in one
  // render leave the page hidden from screen readers.
  const [submitted, setSubmitted] = useState<string | undefined>();
  useEffect(() => {
    if (!submitted || composing) return;
    setSubmitted(undefined);
    navigate('mine', new URLSearchParams({ idea: submitted }), { replace: true });
  }, [submitted, composing, navigate]);
  const openForm = (): void => {
    const next = new URLSearchParams(route.params);
    next.delete('idea');
    next.delete('do');
    next.set('new', 'idea');
    navigate(view, next);
  };

  useEffect(() => {
    document.title = `${viewTitle(view, t) ?? t.navBoard} – ${t.appName}`;
  }, [t, view]);

  return (
    <div className={s.page}>
      <header className={s.header}>
        <h1 className={s.title}>{viewTitle(view, t) ?? (config.kind === 'ready' ? t.boardTitle(config.value.sluice.name) : t.navBoard)}</h1>
        <div className={s.tools}>
          {config.kind === 'ready' && mayBeAway(config.value) ? (
            <Suspense fallback={null}>
              <AbsenceSwitch api={api} config={config.value} onChanged={onChanged} />
            </Suspense>
          ) : null}
          {config.kind === 'ready' ? (
            <Button appearance="primary" onClick={openForm} aria-haspopup="dialog">
              {t.newIdea}
            </Button>
          ) : null}
          {host.kind === 'browser' && persona ? (
            <div className={s.who}>
              <span>{t.signedInAs(persona.name)}</span>
              <Button appearance="subtle" size="small" onClick={onSwitchPerson}>
                {t.switchPerson}
              </Button>
            </div>
          ) : null}
        </div>
      </header>
      <nav aria-label={t.navLabel} className={s.nav}>
        <NavLink view="board" current={view} label={t.navBoard} />
        <NavLink view="mine" current={view} label={t.navMine} />
        <NavLink view="linked" current={view} label={t.navLinked} />
        <NavLink view="challenges" current={view} label={t.navChallenges} />
        <NavLink view="stats" current={view} label={t.navStats} />
        {config.kind === 'ready' && config.value.caller.role === 'admin' ? (
          <NavLink view="admin" current={view} label={t.navAdmin} />
        ) : null}
        {config.kind === 'ready' && mayOpenArchive(config.value) ? <NavLink view="archive" current={view} label={t.navArchive} /> : null}
      </nav>
      <main>
        {config.kind === 'loading' ? <Loading label={t.loading} /> : null}
        {config.kind === 'error' ? <ErrorState error={config.error} onRetry={reloadConfig} /> : null}
        {config.kind === 'ready' ? (
          <Views
            api={api}
            config={config.value}
            route={route}
            navigate={navigate}
            changes={changes}
            view={view}
            prefetch={prefetch}
            onSettingsSaved={reloadConfig}
          />
        ) : null}
      </main>
      <footer className={s.footer}>
        <nav aria-label={t.footerLabel} className={s.nav}>
          <NavLink view="my-data" current={view} label={t.navMyData} />
          <NavLink view="privacy" current={view} label={t.navPrivacy} />
          <NavLink view="accessibility" current={view} label={t.navAccessibility} />
        </nav>
      </footer>
      {config.kind === 'ready' && formOpening > 0 ? (
        <Suspense fallback={null}>
          <IdeaForm
            key={formOpening}
            open={composing}
            api={api}
            config={config.value}
            onClose={closePanel}
            onSubmitted={(idea) => {
              onChanged();
              setSubmitted(idea.id);
              navigate('mine', new URLSearchParams(), { replace: true });
            }}
          />
        </Suspense>
      ) : null}
      {config.kind === 'ready' && panelIdea ? (
        <Suspense fallback={null}>
          <IdeaPanel
            open={ideaId !== null && !composing}
            api={api}
            host={host}
            config={config.value}
            ideaId={panelIdea}
            initialAction={route.params.get('do') === 'decline' ? 'decline' : route.params.get('do') === 'advance' ? 'advance' : undefined}
            shareUrl={shareUrl(view, panelIdea)}
            onClose={closePanel}
            onChanged={onChanged}
          />
        </Suspense>
      ) : null}
    </div>
  );
}

function Views(props: {
  api: ApiClient;
  config: TabConfig;
  route: Route;
  navigate: SignedInProps['navigate'];
  changes: number;
  view: MainView;
  prefetch: BoardPrefetch | undefined;
  onSettingsSaved: () => void;
}): ReactNode {
  const { t } = useUi();
  const recordId = props.route.params.get('id');
  if (props.view === 'accessibility' || props.view === 'privacy')
    return (
      <Suspense fallback={<Loading label={t.loading} />}>
        {props.view === 'privacy' ? <PrivacyStatement api={props.api} /> : <AccessibilityStatement api={props.api} />}
      </Suspense>
    );
  if (props.view === 'my-data')
    return (
      <Suspense fallback={<Loading label={t.loading} />}>
        <MyDataView api={props.api} route={props.route} />
      </Suspense>
    );
  if (props.view === 'record' && recordId)
    return (
      <Suspense fallback={<Loading label={t.loading} />}>
        <RecordView api={props.api} config={props.config} ideaId={recordId} />
      </Suspense>
    );
  if (props.view === 'admin')
    return (
      <Suspense fallback={<Loading label={t.loading} />}>
        <AdminView api={props.api} config={props.config} onSaved={props.onSettingsSaved} />
      </Suspense>
    );
  if (props.view === 'archive')
    return (
      <Suspense fallback={<Loading label={t.loading} />}>
        <ArchiveView api={props.api} config={props.config} navigate={props.navigate} />
      </Suspense>
    );
  if (props.view === 'challenges')
    return (
      <Suspense fallback={<Loading label={t.loading} />}>
        <ChallengesView api={props.api} config={props.config} focus={props.route.params.get('challenge') ?? undefined} />
      </Suspense>
    );
  if (props.view === 'linked')
    return (
      <Suspense fallback={<Loading label={t.loading} />}>
        <LinkedIdeasView api={props.api} config={props.config} route={props.route} navigate={props.navigate} />
      </Suspense>
    );
  if (props.view === 'stats')
    return (
      <Suspense fallback={<Loading label={t.loading} />}>
        <StatsView api={props.api} config={props.config} route={props.route} navigate={props.navigate} />
      </Suspense>
    );
  return (
    <Suspense fallback={<Loading label={t.loadingIdeas} />}>
      {props.view === 'mine' ? (
        <Mine api={props.api} config={props.config} route={props.route} changes={props.changes} />
      ) : (
        <Board
          api={props.api}
          config={props.config}
          route={props.route}
          navigate={props.navigate}
          changes={props.changes}
          prefetch={props.prefetch}
        />
      )}
    </Suspense>
  );
}

/** The heading of every view but the board (whose heading names the sluice). */
function viewTitle(view: MainView, t: Strings): string | undefined {
  return {
    mine: t.mineTitle,
    linked: t.navLinked,
    challenges: t.navChallenges,
    stats: t.navStats,
    admin: t.navAdmin,
    archive: t.navArchive,
    record: t.recordTitle,
    accessibility: t.navAccessibility,
    privacy: t.navPrivacy,
    'my-data': t.navMyData,
    board: undefined,
  }[view];
}

/** Arkiv is the sluice's admins' and registrators' (the server refuses everyone else too). */
function mayOpenArchive(config: TabConfig): boolean {
  return config.caller.role === 'admin' || config.caller.role === 'registrator';
}

function NavLink({ view, current, label }: { view: MainView; current: string; label: string }): ReactNode {
  const s = useStyles();
  const isCurrent = view === current;
  return (
    <a
      href={formatHash(view, new URLSearchParams())}
      className={`${s.navLink} ${isCurrent ? s.navCurrent : ''}`}
      aria-current={isCurrent ? 'page' : undefined}
    >
      {label}
    </a>
  );
}

function prefetchBoard(api: ApiClient, params: URLSearchParams): BoardPrefetch {
  const filter = filterFromParams(params, ALL_STAGES);
  const promise: Promise<BoardResponse> = api.board(filter);
  // Used by the board when it mounts; a failure is reported there, not as an unhandled rejection.
  promise.catch(() => undefined);
  return { key: JSON.stringify(filter), promise };
}

/** A link to one idea that opens the tab on it (the page's own address, without filters). */
function shareUrl(view: MainView, ideaId: string): string {
  const base = `${window.location.origin}${window.location.pathname}`;
  return `${base}${formatHash(view === 'mine' ? 'mine' : 'board', new URLSearchParams({ idea: ideaId }))}`;
}
