import { Badge } from '@fluentui/react-components';
import type { ReactNode } from 'react';
import { useUi } from '../../context';
import { SCORING_STRINGS } from './scoring-strings';

/**
 * The weighted score 0–100 on a board card. The server gives `score` only to coaches and admins,
 * so it shows for them alone; an unscored idea shows nothing.
 */
export function ScoreBadge({ score }: { score: number | undefined }): ReactNode {
  const { locale } = useUi();
  if (score === undefined) return null;
  const t = SCORING_STRINGS[locale];
  return (
    <Badge appearance="outline" color="informative" data-testid="card-score" title={t.cardScoreLabel(score)}>
      {t.cardScore(score)}
    </Badge>
  );
}
