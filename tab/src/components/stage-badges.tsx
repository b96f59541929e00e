import { Badge } from '@fluentui/react-components';
import type { ReactNode } from 'react';
import type { IdeaCard, Stage } from '../../../bot/src/api/contracts';
import { useUi } from '../context';

/** "Försenad: 2 arbetsdagar över gränsen (7 av 5)" while an idea is past its stage's limit. */
export function OverdueBadge({ overdue, className }: { overdue: IdeaCard['overdue']; className?: string }): ReactNode {
  const { t } = useUi();
  if (!overdue) return null;
  return (
    <Badge appearance="tint" color="danger" shape="rounded" className={className} data-testid="overdue">
      {t.overdueFor(overdue.waited - overdue.limit, overdue.waited, overdue.limit)}
    </Badge>
  );
}

/** The idea's stage, "Komplettering begärd" while the coach waits for an answer, and "Försenad" past the limit. */
export function StageBadges({
  stage,
  needsInfo,
  labels,
  overdue,
}: {
  stage: Stage;
  needsInfo: boolean;
  labels: Readonly<Record<Stage, string>>;
  overdue?: IdeaCard['overdue'];
}): ReactNode {
  const { t } = useUi();
  return (
    <>
      <Badge appearance="filled" color="brand" shape="rounded">
        {labels[stage]}
      </Badge>
      {needsInfo ? (
        <Badge appearance="outline" color="informative" shape="rounded">
          {t.needsInfo}
        </Badge>
      ) : null}
      <OverdueBadge overdue={overdue} />
    </>
  );
}
