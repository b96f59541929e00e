import { Button, MessageBar, MessageBarActions, MessageBarBody, makeStyles, tokens } from '@fluentui/react-components';
import type { ReactNode } from 'react';
import { useUi } from '../context';
import { describeFailure } from '../errors';

const useStyles = makeStyles({
  empty: {
    textAlign: 'center',
    padding: `${tokens.spacingVerticalXXL} ${tokens.spacingHorizontalL}`,
    color: tokens.colorNeutralForeground2,
  },
  emptyTitle: { fontSize: tokens.fontSizeBase500, fontWeight: tokens.fontWeightSemibold, color: tokens.colorNeutralForeground1, margin: 0 },
});

export { Loading } from './loading';

/** A failure in plain words, with a way to try again. */
export function ErrorState({ error, onRetry }: { error: unknown; onRetry?: () => void }): ReactNode {
  const { t } = useUi();
  return (
    <MessageBar intent="error" role="alert" layout="multiline">
      <MessageBarBody>{describeFailure(error, t)}</MessageBarBody>
      {onRetry ? (
        <MessageBarActions>
          <Button onClick={onRetry}>{t.retry}</Button>
        </MessageBarActions>
      ) : null}
    </MessageBar>
  );
}

/** Nothing to show, and what to do about it. */
export function Empty({ title, children }: { title: string; children?: ReactNode }): ReactNode {
  const s = useStyles();
  return (
    <div className={s.empty}>
      <p className={s.emptyTitle}>{title}</p>
      {children}
    </div>
  );
}
