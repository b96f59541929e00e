import {
  MessageBar,
  MessageBarBody,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import type { ReactNode } from 'react';
import type { SluiceSettingsResponse } from '../../../../bot/src/api/admin-schemas';
import type { ApiClient } from '../../api/client';
import { useUi } from '../../context';
import { describeFailure } from '../../errors';

/** The Administration view's shared look. */
export const useAdminStyles = makeStyles({
  section: {
    backgroundColor: tokens.colorNeutralBackground1,
    borderRadius: tokens.borderRadiusLarge,
    padding: tokens.spacingHorizontalL,
    marginBottom: tokens.spacingVerticalL,
    boxShadow: tokens.shadow2,
    minWidth: 0,
  },
  h2: { fontSize: tokens.fontSizeBase500, fontWeight: tokens.fontWeightSemibold, margin: `0 0 ${tokens.spacingVerticalS}` },
  h3: {
    fontSize: tokens.fontSizeBase400,
    fontWeight: tokens.fontWeightSemibold,
    margin: `${tokens.spacingVerticalL} 0 ${tokens.spacingVerticalXS}`,
  },
  hint: { color: tokens.colorNeutralForeground2, margin: `0 0 ${tokens.spacingVerticalM}` },
  row: {
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fit, minmax(min(14rem, 100%), 1fr)) auto',
    gap: tokens.spacingHorizontalM,
    alignItems: 'start',
    padding: `${tokens.spacingVerticalS} 0`,
    borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
  },
  remove: { alignSelf: 'end' },
  grid: { display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(min(14rem, 100%), 1fr))', gap: tokens.spacingHorizontalM },
  /** A select as wide as its field, not as its longest option (an Entra id). */
  select: { width: '100%', maxWidth: '100%', '& select': { width: '100%', minWidth: 0, textOverflow: 'ellipsis' } },
  actions: { display: 'flex', gap: tokens.spacingHorizontalS, flexWrap: 'wrap', marginTop: tokens.spacingVerticalM },
  message: { marginBottom: tokens.spacingVerticalM },
  scroll: { overflowX: 'auto', maxWidth: '100%' },
  table: { minWidth: '28rem' },
  caption: { textAlign: 'start', fontWeight: tokens.fontWeightSemibold, padding: `${tokens.spacingVerticalS} 0` },
});

/** What each form saved with the settings' eTag (settings, retention, criteria) is given. */
export interface SettingsSectionProps {
  api: ApiClient;
  loaded: SluiceSettingsResponse;
  /** The settings as stored after a save. */
  onStored: (next: SluiceSettingsResponse) => void;
  /** The current settings, after someone else saved first. */
  onCurrent: (current: SluiceSettingsResponse) => void;
}

export interface ScrollTableProps<T> {
  /** The table's name for screen readers, also its visible caption when `caption` is set. */
  label: string;
  caption?: boolean;
  columns: readonly string[];
  rows: readonly T[];
  rowKey: (row: T, index: number) => string | number;
  cells: (row: T) => readonly ReactNode[];
}

/**
 * A table that scrolls sideways inside its own box on a narrow screen (the page itself never does);
 * the box takes the keyboard focus so it can be scrolled without a mouse.
 */
export function ScrollTable<T>({ label, caption, columns, rows, rowKey, cells }: ScrollTableProps<T>): ReactNode {
  const s = useAdminStyles();
  return (
    <div className={s.scroll} data-scrolls tabIndex={0}>
      <Table className={s.table} aria-label={label}>
        {caption ? <caption className={s.caption}>{label}</caption> : null}
        <TableHeader>
          <TableRow>
            {columns.map((c) => (
              <TableHeaderCell key={c}>{c}</TableHeaderCell>
            ))}
          </TableRow>
        </TableHeader>
        <TableBody>
          {rows.map((row, i) => (
            <TableRow key={rowKey(row, i)}>
              {cells(row).map((cell, j) => (
                <TableCell key={j}>{cell}</TableCell>
              ))}
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </div>
  );
}

/** What saving a settings form with the settings' eTag came to. */
export type SaveResult = { kind: 'saved' } | { kind: 'stale' } | { kind: 'invalid'; fields: string } | { kind: 'failed'; error: unknown };

/**
 * The outcome of a settings form saved through updateSluice, told in a status region: saved, changed
 * by someone else meanwhile (412), fields refused (400), or another failure in plain words.
 */
export function SaveOutcome(props: {
  outcome: SaveResult | undefined;
  testId: string;
  saved: string;
  stale: string;
  invalid: (fields: string) => string;
}): ReactNode {
  const { t: common } = useUi();
  const { outcome } = props;
  const bar = (intent: 'success' | 'warning' | 'error', text: string): ReactNode => (
    <MessageBar intent={intent}>
      <MessageBarBody>{text}</MessageBarBody>
    </MessageBar>
  );
  return (
    <div role="status" data-testid={props.testId}>
      {outcome?.kind === 'saved' ? bar('success', props.saved) : null}
      {outcome?.kind === 'stale' ? bar('warning', props.stale) : null}
      {outcome?.kind === 'invalid' ? bar('error', props.invalid(outcome.fields)) : null}
      {outcome?.kind === 'failed' ? bar('error', describeFailure(outcome.error, common)) : null}
    </div>
  );
}
