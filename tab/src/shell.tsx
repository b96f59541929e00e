import { FluentProvider, makeStyles, teamsLightTheme, tokens, type Theme } from '@fluentui/react-components';
import { lazy, Suspense, useEffect, useState, type ReactNode } from 'react';
import type { DevPersona } from '../../bot/src/api/contracts';
import { Loading } from './components/loading';
import { UiProvider, useUi } from './context';
import { choosePersona, storedPersona, type Host, type ThemeName } from './host/host';
import { loadSignedIn } from './first-view';
import { useRoute } from './routing';
import { loadedTheme, loadTheme } from './themes/themes';

// The first script is this shell: theme, language, the address and who is signed in. What a
// signed-in person sees (header, navigation, the board or "Mina idéer") comes in chunks that
// main.tsx asks for as the page starts, in parallel with finding the host (first-view.ts).
const SignedIn = lazy(loadSignedIn);
const PersonaPicker = lazy(() => import('./views/persona-picker'));
const ConfigPage = lazy(() => import('./views/config-page'));

const useStyles = makeStyles({
  root: {
    minHeight: '100vh',
    backgroundColor: tokens.colorNeutralBackground2,
    color: tokens.colorNeutralForeground1,
    fontFamily: tokens.fontFamilyBase,
  },
});

/** The whole tab: theme (following Teams), language and the current view. */
export function App({ host }: { host: Host }): ReactNode {
  // main.tsx has loaded the starting theme; a theme Teams switches to later is loaded, then shown.
  const [theme, setTheme] = useState<{ name: ThemeName; value: Theme }>(() => ({
    name: host.theme,
    value: loadedTheme(host.theme) ?? teamsLightTheme,
  }));
  useEffect(
    () =>
      host.onThemeChange((name) => {
        void loadTheme(name).then((value) => setTheme({ name, value }));
      }),
    [host],
  );
  const s = useStyles();
  return (
    // The page's own look sits on an inner element: Fluent copies the provider's classes to the
    // portals of tooltips and popovers, and a full-height portal would cover the page.
    <FluentProvider theme={theme.value} data-theme={theme.name}>
      <div className={s.root}>
        <UiProvider locale={host.locale}>
          <Shell host={host} />
        </UiProvider>
      </div>
    </FluentProvider>
  );
}

function Shell({ host }: { host: Host }): ReactNode {
  const { t } = useUi();
  const [route, navigate] = useRoute();
  const [persona, setPersona] = useState<DevPersona | undefined>(() => storedPersona());

  useEffect(() => {
    // A Teams deep link to one idea opens it on the board (once, on start).
    if (host.deepLinkIdeaId && !route.params.get('idea'))
      navigate(route.view === 'mine' ? 'mine' : 'board', new URLSearchParams({ idea: host.deepLinkIdeaId }), { replace: true });
    else if (host.deepLinkPage) navigate(host.deepLinkPage, new URLSearchParams(), { replace: true });
    // A challenge's card opens Utmaningar at that challenge.
    else if (host.deepLinkChallengeId)
      navigate('challenges', new URLSearchParams({ challenge: host.deepLinkChallengeId }), { replace: true });
    // Only the address the tab was opened with counts; later navigation must not reopen the idea.
  }, []);

  if (route.view === 'config')
    return (
      <Suspense fallback={<Loading label={t.loading} />}>
        <ConfigPage host={host} />
      </Suspense>
    );
  if (host.kind === 'browser' && !persona)
    return (
      <Suspense fallback={<Loading label={t.loading} />}>
        <PersonaPicker
          onChosen={(p) => {
            choosePersona(p);
            setPersona(p);
          }}
        />
      </Suspense>
    );
  return (
    <Suspense fallback={<Loading label={t.loading} />}>
      <SignedIn
        key={persona?.oid ?? 'teams'}
        host={host}
        persona={persona}
        route={route}
        navigate={navigate}
        onSwitchPerson={() => {
          choosePersona(undefined);
          setPersona(undefined);
        }}
      />
    </Suspense>
  );
}
