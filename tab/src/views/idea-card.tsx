import { Badge, Button, makeStyles, mergeClasses, tokens } from '@fluentui/react-components';
import { useRef, useState, type DragEvent, type KeyboardEvent, type ReactNode } from 'react';
import type { CoachActionType, IdeaCard, Stage, TabConfig } from '../../../bot/src/api/contracts';
import { useUi } from '../context';
import { NoReachableCoachBadge, NoReachableCoachHint } from '../components/reach';
import { OverdueBadge } from '../components/stage-badges';
import { dateTime, relativeTime } from '../i18n';
import { SUPPORT_STRINGS } from './support-strings';
import { ScoreBadge } from './scoring/score-badge';

/** One way a coach can move an idea from the board. */
export interface Move {
  readonly action: Extract<CoachActionType, 'take' | 'advance' | 'decline' | 'reopen'>;
  /** The column it lands in; a reopened idea goes back where it was, which only the server knows. */
  readonly to?: Stage;
}

/** The moves the server allows the caller on this card, in the order a menu shows them. */
export function movesFor(card: IdeaCard): Move[] {
  const next = card.nextStage;
  const moves: Move[] = [];
  if (card.actions.includes('take') && next) moves.push({ action: 'take', to: next });
  if (card.actions.includes('advance') && next) moves.push({ action: 'advance', to: next });
  if (card.actions.includes('reopen')) moves.push({ action: 'reopen' });
  if (card.actions.includes('decline')) moves.push({ action: 'decline', to: 'closed' });
  return moves;
}

/** The move a drop on `stage` means for this card, if any. */
export function moveForDrop(card: IdeaCard, stage: Stage): Move | undefined {
  const moves = movesFor(card);
  if (card.stage === 'closed') return stage !== 'closed' ? moves.find((m) => m.action === 'reopen') : undefined;
  return moves.find((m) => m.to === stage);
}

const useStyles = makeStyles({
  card: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalXS,
    padding: tokens.spacingHorizontalM,
    backgroundColor: tokens.colorNeutralBackground1,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke1}`,
    borderRadius: tokens.borderRadiusMedium,
    boxShadow: tokens.shadow2,
    overflowWrap: 'break-word',
  },
  draggable: { cursor: 'grab' },
  busy: { opacity: 0.6 },
  title: { margin: 0, fontSize: tokens.fontSizeBase300, lineHeight: tokens.lineHeightBase300, fontWeight: tokens.fontWeightSemibold },
  link: {
    color: tokens.colorNeutralForeground1,
    textDecorationLine: 'underline',
    textDecorationColor: tokens.colorNeutralStroke1,
    borderRadius: tokens.borderRadiusSmall,
    ':hover': { color: tokens.colorBrandForegroundLinkHover, textDecorationColor: 'currentColor' },
    ':focus-visible': { outline: `${tokens.strokeWidthThick} solid ${tokens.colorStrokeFocus2}`, outlineOffset: '2px' },
  },
  meta: { margin: 0, fontSize: tokens.fontSizeBase200, lineHeight: tokens.lineHeightBase200, color: tokens.colorNeutralForeground2 },
  footer: { display: 'flex', alignItems: 'center', justifyContent: 'space-between', gap: tokens.spacingHorizontalS, flexWrap: 'wrap' },
  moves: {
    listStyleType: 'none',
    margin: 0,
    padding: tokens.spacingVerticalXS,
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalXXS,
    borderTop: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
  },
  // Fluent's badge has a fixed height; a long label in a narrow column must wrap inside it.
  badge: { height: 'auto', minHeight: '20px', whiteSpace: 'normal', textAlign: 'start', paddingTop: '1px', paddingBottom: '1px' },
  badges: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalXS },
  moveButton: { width: '100%', justifyContent: 'flex-start', textAlign: 'start' },
});

interface IdeaCardProps {
  card: IdeaCard;
  config: TabConfig;
  href: string;
  busy: boolean;
  onMove: (card: IdeaCard, move: Move) => void;
  onDragStart: (card: IdeaCard) => void;
  onDragEnd: () => void;
}

/**
 * A card on the board: title (a link that opens the idea), number, department, coach, age and
 * the "more information requested", "Försenad" and "Ingen nåbar idécoach" badges. Coaches get a Move button that lists the allowed
 * moves — the keyboard way to do what dragging the card to another column does.
 */
export function IdeaCardView({ card, config, href, busy, onMove, onDragStart, onDragEnd }: IdeaCardProps): ReactNode {
  const { t, locale } = useUi();
  const s = useStyles();
  const labels = config.stageLabels[locale];
  const moves = movesFor(card);
  const municipality = config.municipalities.length > 1 ? config.municipalities.find((m) => m.tenantId === card.tenantId)?.name : undefined;
  const titleId = `card-${card.id}-title`;
  const listId = `card-${card.id}-moves`;
  // A disclosure rather than a popup menu: it reflows with the card and needs no positioning code.
  const [open, setOpen] = useState(false);
  const toggle = useRef<HTMLButtonElement>(null);
  const closeOnEscape = (e: KeyboardEvent): void => {
    if (e.key !== 'Escape') return;
    e.stopPropagation();
    setOpen(false);
    toggle.current?.focus();
  };

  const moveLabel = (m: Move): string => {
    if (m.action === 'take') return t.takeTo(labels[m.to ?? 'screening']);
    if (m.action === 'advance') return t.moveTo(labels[m.to ?? card.stage]);
    if (m.action === 'decline') return t.declineMenu;
    return t.reopenMenu;
  };

  return (
    <article
      id={`card-${card.id}`}
      className={mergeClasses(s.card, moves.length > 0 && s.draggable, busy && s.busy)}
      aria-labelledby={titleId}
      aria-busy={busy || undefined}
      data-testid="idea-card"
      data-idea-id={card.id}
      draggable={moves.length > 0 && !busy}
      onDragStart={(e: DragEvent) => {
        e.dataTransfer.setData('text/plain', card.id);
        e.dataTransfer.effectAllowed = 'move';
        onDragStart(card);
      }}
      onDragEnd={onDragEnd}
    >
      <h3 className={s.title}>
        <a id={titleId} href={href} className={s.link}>
          {card.title}
        </a>
      </h3>
      <p className={s.meta}>
        #{card.number} · {card.department}
        {municipality ? ` · ${municipality}` : ''}
      </p>
      <p className={s.meta}>{card.coach?.name ?? t.noCoach}</p>
      <ScoreBadge score={card.score} />
      {card.supportCount ? (
        <p className={s.meta} data-testid="card-support-count">
          {SUPPORT_STRINGS[locale].cardCount(card.supportCount)}
        </p>
      ) : null}
      <p className={s.meta}>
        <time dateTime={card.createdAt} title={dateTime(card.createdAt, locale)}>
          {t.submittedAgo(relativeTime(card.createdAt, locale))}
        </time>
      </p>
      {card.needsInfo || card.overdue || card.noReachableCoach || moves.length > 0 ? (
        <div className={s.footer}>
          {card.needsInfo || card.overdue || card.noReachableCoach ? (
            <span className={s.badges}>
              {card.needsInfo ? (
                <Badge appearance="outline" color="informative" shape="rounded" className={s.badge}>
                  {t.needsInfo}
                </Badge>
              ) : null}
              <OverdueBadge overdue={card.overdue} className={s.badge} />
              <NoReachableCoachBadge card={card} className={s.badge} />
            </span>
          ) : (
            <span />
          )}
          {moves.length > 0 ? (
            <Button
              ref={toggle}
              size="small"
              appearance="secondary"
              aria-label={t.moveMenu(card.title)}
              aria-expanded={open}
              aria-controls={listId}
              disabled={busy}
              onClick={() => setOpen((o) => !o)}
              data-testid="move-button"
            >
              {t.move}
            </Button>
          ) : null}
        </div>
      ) : null}
      <NoReachableCoachHint card={card} config={config} />
      {open && moves.length > 0 ? (
        <ul id={listId} className={s.moves} onKeyDown={closeOnEscape} aria-label={t.moveMenu(card.title)}>
          {moves.map((m) => (
            <li key={m.action}>
              <Button
                size="small"
                appearance="subtle"
                className={s.moveButton}
                onClick={() => {
                  setOpen(false);
                  onMove(card, m);
                }}
              >
                {moveLabel(m)}
              </Button>
            </li>
          ))}
        </ul>
      ) : null}
    </article>
  );
}
