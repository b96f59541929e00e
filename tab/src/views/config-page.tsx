import { makeStyles, tokens } from '@fluentui/react-components';
import { useEffect, type ReactNode } from 'react';
import { useUi } from '../context';
import type { Host } from '../host/host';

const useStyles = makeStyles({
  page: { maxWidth: '40rem', margin: '0 auto', padding: `${tokens.spacingVerticalXXL} ${tokens.spacingHorizontalL}` },
  title: { fontSize: tokens.fontSizeBase600, lineHeight: tokens.lineHeightBase600, margin: `0 0 ${tokens.spacingVerticalS}` },
  text: { color: tokens.colorNeutralForeground2 },
});

/**
 * The configuration page Teams shows when the board is added to a channel or chat. There is
 * nothing to choose — a team's board is its sluice's board — so it is valid at once and saves
 * the board's address.
 */
export default function ConfigPage({ host }: { host: Host }): ReactNode {
  const { t } = useUi();
  const s = useStyles();
  useEffect(() => {
    const base = `${window.location.origin}${window.location.pathname}`;
    host.configureTab?.({
      entityId: 'board',
      contentUrl: `${base}#/board`,
      websiteUrl: `${base}#/board`,
      suggestedDisplayName: t.tabName,
    });
  }, [host, t]);
  return (
    <main className={s.page}>
      <h1 className={s.title}>{t.configTitle}</h1>
      <p className={s.text}>{host.kind === 'teams' ? t.configIntro : t.configOutsideTeams}</p>
    </main>
  );
}
