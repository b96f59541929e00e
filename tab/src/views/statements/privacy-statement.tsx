import { Link } from '@fluentui/react-components';
import type { ReactNode } from 'react';
import type { StatementsBody } from '../../../../bot/src/api/retention-schemas';
import type { ApiClient } from '../../api/client';
import { ErrorState, Loading } from '../../components/states';
import { useUi } from '../../context';
import { formatHash } from '../../routing';
import { useLoad } from '../../use-load';
import { Bullets, Section, useStatementStyles } from './parts';
import { STATEMENT_STRINGS, type StatementStrings } from './strings';

/**
 * How personal data is processed, for everyone in the sluice: the controller and its contact from
 * the sluice's settings (`getStatements`), the legal basis, what is stored, how long (the sluice's
 * retention rules, the audit log's rule and the drafts' days) and the person's rights.
 */
export default function PrivacyStatement({ api }: { api: ApiClient }): ReactNode {
  const { locale, t } = useUi();
  const st = STATEMENT_STRINGS[locale];
  const s = useStatementStyles();
  const [statements, reload] = useLoad('statements', () => api.statements());
  if (statements.kind === 'loading') return <Loading label={t.loading} />;
  if (statements.kind === 'error') return <ErrorState error={statements.error} onRetry={reload} />;
  const body = statements.value;
  const controller = body.dataController;
  return (
    <article className={s.document} data-testid="privacy-statement">
      <p className={s.intro}>{st.privacyIntro(body.sluiceName)}</p>
      <Section id="privacy-controller" heading={st.controllerHeading}>
        <p className={s.text} data-testid="privacy-controller">
          {controller ? st.controller(controller.name, controller.contact) : st.noController}
        </p>
        {controller?.dpoContact ? <p className={s.text}>{st.dpo(controller.dpoContact)}</p> : null}
        {body.municipalities.length > 1 ? <p className={s.text}>{st.municipalities(body.municipalities.join(', '))}</p> : null}
      </Section>
      <Section id="privacy-basis" heading={st.basisHeading}>
        <p className={s.text}>{st.basis}</p>
      </Section>
      <Section id="privacy-stored" heading={st.storedHeading}>
        <Bullets items={st.stored} />
        <p className={s.text}>{st.notAnonymous}</p>
      </Section>
      <Section id="privacy-retention" heading={st.retentionHeading}>
        <Bullets items={retentionLines(body.retention, st)} />
      </Section>
      <Section id="privacy-rights" heading={st.rightsHeading}>
        <Bullets items={st.rights} />
        <p className={s.text}>
          <Link href={formatHash('my-data', new URLSearchParams())}>{st.openMyData}</Link>
        </p>
      </Section>
    </article>
  );
}

/** The retention rules as sentences: one per end state, the audit log's, and the drafts'. */
export function retentionLines(retention: StatementsBody['retention'], st: StatementStrings): string[] {
  const lines = retention.rules.map((r) => {
    const stage = r.stage === 'done' ? st.stageDone : st.stageClosed;
    const years = r.years ?? 0;
    const action =
      r.action === 'keep' ? st.actionKeep : r.action === 'delete' ? st.actionDelete(years, stage) : st.actionRemove(years, stage);
    return st.rule(stage, action, r.decision);
  });
  lines.push(lines.length === 0 ? st.noRules : st.otherKept);
  if (retention.audit) lines.push(st.auditRule(retention.audit.years, retention.audit.decision));
  lines.push(st.drafts(retention.draftDays));
  return lines;
}
