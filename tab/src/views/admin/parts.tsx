import { Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, makeStyles, tokens } from '@fluentui/react-components';
import type { ReactNode } from 'react';

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
