import { Button, makeStyles, tokens } from '@fluentui/react-components';
import { useState, type ReactNode } from 'react';
import type { DevPersona } from '../../../bot/src/api/contracts';
import { ApiFailure, devApi } from '../api/client';
import { Empty, ErrorState, Loading } from '../components/states';
import { useUi } from '../context';
import { useLoad } from '../use-load';

const useStyles = makeStyles({
  page: { maxWidth: '40rem', margin: '0 auto', padding: `${tokens.spacingVerticalXXL} ${tokens.spacingHorizontalL}` },
  title: { fontSize: tokens.fontSizeBase600, lineHeight: tokens.lineHeightBase600, margin: `0 0 ${tokens.spacingVerticalS}` },
  intro: { color: tokens.colorNeutralForeground2, margin: `0 0 ${tokens.spacingVerticalL}` },
  list: { listStyleType: 'none', margin: 0, padding: 0, display: 'grid', gap: tokens.spacingVerticalS },
  button: { width: '100%', justifyContent: 'space-between', flexWrap: 'wrap', gap: tokens.spacingHorizontalS, textAlign: 'start' },
  role: { color: tokens.colorNeutralForeground2, fontWeight: tokens.fontWeightRegular },
});

/**
 * Outside Teams (a plain browser on a local server) there is no single sign-on: pick one of the
 * demo people and the local issuer gives the tab a token for them. In production the local
 * issuer does not exist, and this page says to open the app in Teams instead.
 */
export default function PersonaPicker({ onChosen }: { onChosen: (persona: DevPersona) => void }): ReactNode {
  const { t } = useUi();
  const s = useStyles();
  const [personas, reload] = useLoad('personas', () => devApi.personas());
  const [choosing, setChoosing] = useState<string | undefined>();

  if (personas.kind === 'loading') return <Loading label={t.loading} />;
  if (personas.kind === 'error') {
    if (personas.error instanceof ApiFailure && personas.error.status === 404)
      return (
        <main className={s.page}>
          <h1 className={s.title}>{t.appName}</h1>
          <Empty title={t.openInTeams} />
        </main>
      );
    return (
      <main className={s.page}>
        <h1 className={s.title}>{t.appName}</h1>
        <ErrorState error={personas.error} onRetry={reload} />
      </main>
    );
  }
  return (
    <main className={s.page}>
      <h1 className={s.title}>{t.personaTitle}</h1>
      <p className={s.intro}>{t.personaIntro}</p>
      <ul className={s.list} data-testid="personas">
        {personas.value.personas.map((p) => (
          <li key={`${p.tid}/${p.oid}`}>
            <Button
              className={s.button}
              size="large"
              disabled={choosing !== undefined}
              onClick={() => {
                setChoosing(p.oid);
                onChosen(p);
              }}
            >
              <span>
                <span className="visually-hidden">{t.signInAsPrefix}</span>
                {p.name}
                <span className="visually-hidden">, </span>
              </span>
              <span className={s.role}>
                {p.role === 'coach'
                  ? t.personaCoach
                  : p.role === 'admin'
                    ? t.personaAdmin
                    : p.role === 'registrator'
                      ? t.personaRegistrator
                      : t.personaEmployee}
              </span>
            </Button>
          </li>
        ))}
      </ul>
    </main>
  );
}
