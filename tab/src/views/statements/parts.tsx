import { makeStyles, tokens } from '@fluentui/react-components';
import type { ReactNode } from 'react';

export const useStatementStyles = makeStyles({
  document: {
    backgroundColor: tokens.colorNeutralBackground1,
    color: tokens.colorNeutralForeground1,
    padding: `${tokens.spacingVerticalL} ${tokens.spacingHorizontalL}`,
    borderRadius: tokens.borderRadiusMedium,
    boxShadow: tokens.shadow4,
    maxWidth: '60rem',
    overflowWrap: 'anywhere',
  },
  intro: { margin: `0 0 ${tokens.spacingVerticalM}` },
  heading: {
    fontSize: tokens.fontSizeBase500,
    lineHeight: tokens.lineHeightBase500,
    margin: `${tokens.spacingVerticalL} 0 ${tokens.spacingVerticalS}`,
  },
  text: { margin: `0 0 ${tokens.spacingVerticalS}` },
  list: { margin: `0 0 ${tokens.spacingVerticalS}`, paddingInlineStart: tokens.spacingHorizontalXL },
});

/** One titled part of a statement, a region named by its heading. */
export function Section({ id, heading, children }: { id: string; heading: string; children: ReactNode }): ReactNode {
  const s = useStatementStyles();
  return (
    <section aria-labelledby={id}>
      <h2 id={id} className={s.heading}>
        {heading}
      </h2>
      {children}
    </section>
  );
}

export function Bullets({ items }: { items: readonly string[] }): ReactNode {
  const s = useStatementStyles();
  return (
    <ul className={s.list}>
      {items.map((item) => (
        <li key={item}>{item}</li>
      ))}
    </ul>
  );
}
