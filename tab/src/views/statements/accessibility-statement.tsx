import { Link } from '@fluentui/react-components';
import type { ReactNode } from 'react';
import type { ApiClient } from '../../api/client';
import { ErrorState, Loading } from '../../components/states';
import { useUi } from '../../context';
import { useLoad } from '../../use-load';
import { Bullets, Section, useStatementStyles } from './parts';
import { STATEMENT_STRINGS } from './strings';

/** Digg's form for reporting a public service's lack of accessibility. */
const DIGG_REPORT_URL = 'https://www.digg.se/tdosanmalan';

/**
 * The tillgänglighetsredogörelse the DOS act (2018:1937) requires: how accessible the tab is, its
 * known gaps, how to report a problem (to the controller the sluice's settings name) and that Digg
 * supervises. Everyone in the sluice reads it.
 */
export default function AccessibilityStatement({ api }: { api: ApiClient }): ReactNode {
  const { locale, t } = useUi();
  const st = STATEMENT_STRINGS[locale];
  const s = useStatementStyles();
  const [statements, reload] = useLoad('statements', () => api.statements());
  if (statements.kind === 'loading') return <Loading label={t.loading} />;
  if (statements.kind === 'error') return <ErrorState error={statements.error} onRetry={reload} />;
  const controller = statements.value.dataController;
  return (
    <article className={s.document} data-testid="accessibility-statement">
      <p className={s.intro}>{st.a11yIntro}</p>
      <Section id="a11y-status" heading={st.a11yStatusHeading}>
        <p className={s.text}>{st.a11yStatus}</p>
      </Section>
      <Section id="a11y-works" heading={st.a11yWorksHeading}>
        <Bullets items={st.a11yWorks} />
      </Section>
      <Section id="a11y-gaps" heading={st.a11yGapsHeading}>
        <Bullets items={st.a11yGaps} />
      </Section>
      <Section id="a11y-report" heading={st.a11yReportHeading}>
        <p className={s.text}>{controller ? st.a11yReport(controller.name, controller.contact) : st.a11yReportNoContact}</p>
      </Section>
      <Section id="a11y-digg" heading={st.a11yDiggHeading}>
        <p className={s.text}>{st.a11yDigg}</p>
        <p className={s.text}>
          <Link href={DIGG_REPORT_URL} target="_blank" rel="noreferrer">
            {st.a11yDiggLink}
          </Link>
        </p>
      </Section>
      <Section id="a11y-tested" heading={st.a11yTestedHeading}>
        <p className={s.text}>{st.a11yTested}</p>
      </Section>
    </article>
  );
}
