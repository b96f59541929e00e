import { Badge, MessageBar, MessageBarBody, MessageBarTitle, makeStyles, tokens } from '@fluentui/react-components';
import type { ReactNode } from 'react';
import type { IdeaCard, TabConfig } from '../../../bot/src/api/contracts';
import { useUi } from '../context';
import type { Strings } from '../i18n';
import { longDate } from '../i18n';

const useStyles = makeStyles({
  line: { margin: 0, overflowWrap: 'anywhere' },
  small: { margin: 0, fontSize: tokens.fontSizeBase200, lineHeight: tokens.lineHeightBase200, color: tokens.colorNeutralForeground2 },
  notice: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS },
});

/** A coach's name as the tab can show it: the sluice knows a coach by id only until they sign in. */
export function coachName(config: TabConfig, coach: { readonly id: string; readonly name?: string }, t: Strings): string {
  if (coach.name) return coach.name;
  const known = config.coaches.findIndex((c) => c.id === coach.id);
  return known >= 0 ? (config.coaches[known]?.name ?? t.coachNumber(known + 1)) : t.anotherCoach;
}

/** "Ingen nåbar idécoach" while Teams refused the idea's task card for every coach. */
export function NoReachableCoachBadge({ card, className }: { card: Pick<IdeaCard, 'noReachableCoach'>; className?: string }): ReactNode {
  const { t } = useUi();
  if (!card.noReachableCoach) return null;
  return (
    <Badge appearance="tint" color="warning" shape="rounded" className={className} data-testid="no-reachable-coach">
      {t.noReachableCoach}
    </Badge>
  );
}

/** Under the badge on a board card: what to do, in a few words (admins install the app). */
export function NoReachableCoachHint({
  card,
  config,
}: {
  card: Pick<IdeaCard, 'noReachableCoach' | 'coach'>;
  config: TabConfig;
}): ReactNode {
  const { t } = useUi();
  const s = useStyles();
  if (!card.noReachableCoach) return null;
  const admin = config.caller.role === 'admin';
  return (
    <p className={s.small} data-testid="no-reachable-hint">
      {admin && card.coach ? t.noReachableAdminShort(coachName(config, card.coach, t)) : t.noReachableOthersShort}
    </p>
  );
}

/** In the idea panel: why nobody has the idea's task card, and for admins how to install the app for its coach. */
export function NoReachableCoachNotice({
  idea,
  config,
}: {
  idea: Pick<IdeaCard, 'noReachableCoach' | 'coach'>;
  config: TabConfig;
}): ReactNode {
  const { t } = useUi();
  const s = useStyles();
  if (!idea.noReachableCoach) return null;
  const admin = config.caller.role === 'admin';
  return (
    <MessageBar intent="warning" layout="multiline" data-testid="no-reachable-notice">
      <MessageBarBody className={s.notice}>
        <MessageBarTitle>{t.noReachableCoach}</MessageBarTitle>
        <span>{t.noReachableInfo}</span>
        {admin && idea.coach ? <span>{t.noReachableAdmin(coachName(config, idea.coach, t))}</span> : null}
      </MessageBarBody>
    </MessageBar>
  );
}

/** "Karin Berg är borta till 10 januari 2027; Omar Haddad täcker upp." while the idea's coach is away. */
export function CoverLine({
  idea,
  config,
  className,
}: {
  idea: Pick<IdeaCard, 'cover' | 'coach'>;
  config: TabConfig;
  className?: string;
}): ReactNode {
  const { t, locale } = useUi();
  const s = useStyles();
  if (!idea.cover) return null;
  const away = idea.coach ? coachName(config, idea.coach, t) : t.responsibleCoach;
  return (
    <p className={className ?? s.line} data-testid="cover-line">
      {t.coverLine(away, longDate(idea.cover.until, locale), coachName(config, idea.cover, t))}
    </p>
  );
}
