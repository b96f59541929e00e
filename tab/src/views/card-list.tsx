import { Badge, makeStyles, mergeClasses, tokens } from '@fluentui/react-components';
import type { ComponentProps, ReactNode } from 'react';
import { ErrorState, Loading } from '../components/states';
import type { Load } from '../use-load';

const useStyles = makeStyles({
  intro: { color: tokens.colorNeutralForeground2, margin: `0 0 ${tokens.spacingVerticalM}`, maxWidth: '60rem' },
  list: {
    listStyleType: 'none',
    margin: 0,
    padding: 0,
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fill, minmax(min(100%, 22rem), 1fr))',
    gap: tokens.spacingHorizontalM,
  },
  card: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalXS,
    padding: tokens.spacingHorizontalM,
    height: '100%',
    boxSizing: 'border-box',
    backgroundColor: tokens.colorNeutralBackground1,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke1}`,
    borderRadius: tokens.borderRadiusMedium,
    boxShadow: tokens.shadow2,
    overflowWrap: 'anywhere',
  },
  title: { margin: 0, fontSize: tokens.fontSizeBase400, lineHeight: tokens.lineHeightBase400, fontWeight: tokens.fontWeightSemibold },
  meta: { margin: 0, fontSize: tokens.fontSizeBase200, lineHeight: tokens.lineHeightBase200, color: tokens.colorNeutralForeground2 },
  badges: { display: 'flex', gap: tokens.spacingHorizontalS, flexWrap: 'wrap', alignItems: 'center' },
});

/** The small grey line of a card (dates, owner, counts), for what a card says beside `ListCard`'s own. */
export function useCardMeta(): string {
  return useStyles().meta;
}

/**
 * The frame of a view that lists what one request brought (Utmaningar, Från länkade idéslussar):
 * its introduction, a notice under it, the loading line or the failure with "Försök igen", and
 * then what `children` draws of the answer.
 */
export function LoadedList<T>(props: {
  intro: string;
  load: Load<T>;
  loadingLabel: string;
  onRetry: () => void;
  notice?: ReactNode;
  children: (value: T) => ReactNode;
}): ReactNode {
  const s = useStyles();
  const { load } = props;
  return (
    <>
      <p className={s.intro}>{props.intro}</p>
      {props.notice}
      {load.kind === 'loading' ? <Loading label={props.loadingLabel} /> : null}
      {load.kind === 'error' ? <ErrorState error={load.error} onRetry={props.onRetry} /> : null}
      {load.kind === 'ready' ? props.children(load.value) : null}
    </>
  );
}

/** The cards of such a view as a named list, as many side by side as the width holds (one on a phone). */
export function CardGrid<T>(props: {
  label: string;
  items: readonly T[];
  itemKey: (item: T) => string;
  children: (item: T) => ReactNode;
}): ReactNode {
  const s = useStyles();
  return (
    <ul className={s.list} aria-label={props.label}>
      {props.items.map((item) => (
        <li key={props.itemKey(item)}>{props.children(item)}</li>
      ))}
    </ul>
  );
}

export type ListCardProps = Omit<ComponentProps<'article'>, 'title' | 'children'> & {
  /** The heading's id, which names the card. */
  titleId: string;
  title: string;
  /** The heading's level in its view. */
  level: 2 | 3;
  /** A line right under the title (where the idea comes from). */
  subtitle?: ReactNode;
  /** The state badge, and the grey line beside it. */
  badge: { label: string; color: 'success' | 'informative' };
  meta: ReactNode;
  children?: ReactNode;
};

/**
 * One card of such a list: an article named by its title's heading, the state badge with a grey
 * line beside it, then what the card says. Other attributes (a test id, a ref, a mark) go to the article.
 */
export function ListCard({ titleId, title, level, subtitle, badge, meta, children, className, ...article }: ListCardProps): ReactNode {
  const s = useStyles();
  const Heading = level === 2 ? 'h2' : 'h3';
  return (
    <article {...article} className={mergeClasses(s.card, className)} aria-labelledby={titleId}>
      <Heading className={s.title} id={titleId}>
        {title}
      </Heading>
      {subtitle}
      <div className={s.badges}>
        <Badge appearance="outline" color={badge.color} shape="rounded">
          {badge.label}
        </Badge>
        <span className={s.meta}>{meta}</span>
      </div>
      {children}
    </article>
  );
}
