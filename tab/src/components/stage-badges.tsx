import { Badge } from '@fluentui/react-components';
import type { ReactNode } from 'react';
import type { Stage } from '../../../bot/src/api/contracts';
import { useUi } from '../context';

/** The idea's stage, and "Komplettering begärd" while the coach waits for an answer. */
export function StageBadges({
  stage,
  needsInfo,
  labels,
}: {
  stage: Stage;
  needsInfo: boolean;
  labels: Readonly<Record<Stage, string>>;
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
    </>
  );
}
