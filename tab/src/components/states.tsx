import { Button, MessageBar, MessageBarActions, MessageBarBody, Spinner, makeStyles, tokens } from '@fluentui/react-components';
import type { ReactNode } from 'react';
import { useUi } from '../context';
import { describeFailure } from '../errors';

const useStyles = makeStyles({
  center: { display: 'flex', justifyContent: 'center', padding: tokens.spacingVerticalXXL },
  empty: {
    textAlign: 'center',
    padding: `${tokens.spacingVerticalXXL} ${tokens.spacingHorizontalL}`,
    color: tokens.colorNeutralForeground2,
  },
  emptyTitle: { fontSize: tokens.fontSizeBase500, fontWeight: tokens.fontWeightSemibold, color: tokens.colorNeutralForeground1, margin: 0 },
});

/** A spinner with a text, announced politely. */
export function Loading({ label }: { label: string }): ReactNode {
  const s = useStyles();
  return (
    <div className={s.center} role="status">
      <Spinner label={label} />
    </div>
  );
}

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
