import { Spinner, makeStyles, tokens } from '@fluentui/react-components';
import type { ReactNode } from 'react';

const useStyles = makeStyles({
  center: { display: 'flex', justifyContent: 'center', padding: tokens.spacingVerticalXXL },
});

/**
 * A spinner with a text, announced politely. Apart from the other states so the first script
 * (which shows only this while the rest arrives) does not carry their message bar.
 */
export function Loading({ label }: { label: string }): ReactNode {
  const s = useStyles();
  return (
    <div className={s.center} role="status">
      <Spinner label={label} />
    </div>
  );
}
