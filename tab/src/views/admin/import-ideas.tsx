import { Button, MessageBar, MessageBarBody, makeStyles, tokens } from '@fluentui/react-components';
import { useId, useState, type ReactNode } from 'react';
import type { ImportProblemBody, ImportResponseBody } from '../../../../bot/src/api/admin-schemas';
import type { Stage } from '../../../../bot/src/api/contracts';
import { ApiFailure, type ApiClient } from '../../api/client';
import { ErrorState } from '../../components/states';
import { useUi } from '../../context';
import { formatHash } from '../../routing';
import { ScrollTable, useAdminStyles } from './parts';
import { ADMIN_STRINGS } from './strings';

const useStyles = makeStyles({
  file: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalXS,
    marginBottom: tokens.spacingVerticalS,
    '& input': { maxWidth: '100%', color: tokens.colorNeutralForeground1 },
  },
  label: { fontWeight: tokens.fontWeightSemibold },
});

type State =
  | { kind: 'idle' }
  | { kind: 'busy'; what: 'preview' | 'import' }
  | { kind: 'preview'; preview: ImportResponseBody }
  | { kind: 'refused'; problems: readonly ImportProblemBody[] }
  | { kind: 'imported'; created: number }
  | { kind: 'failed'; error: unknown };

/** Upload a CSV of existing ideas: a preview with every row's problems first, then the import on confirmation. */
export interface ImportSectionProps {
  api: ApiClient;
  /** The sluice's stage labels in the user's language. */
  stageLabels: Readonly<Record<Stage, string>>;
  onImported: () => void;
}

export function ImportSection({ api, stageLabels, onImported }: ImportSectionProps): ReactNode {
  const { locale } = useUi();
  const t = ADMIN_STRINGS[locale];
  const s = useAdminStyles();
  const own = useStyles();
  const inputId = useId();
  const [file, setFile] = useState<File | undefined>(undefined);
  const [state, setState] = useState<State>({ kind: 'idle' });

  const send = async (dryRun: boolean): Promise<void> => {
    if (!file) return;
    setState({ kind: 'busy', what: dryRun ? 'preview' : 'import' });
    try {
      const result = await api.importIdeas(file, dryRun);
      if (dryRun) {
        setState({ kind: 'preview', preview: result });
      } else {
        setState({ kind: 'imported', created: result.created });
        onImported();
      }
    } catch (err) {
      const problems =
        err instanceof ApiFailure ? (err.body as unknown as { problems?: ImportProblemBody[] } | undefined)?.problems : undefined;
      if (err instanceof ApiFailure && (err.status === 400 || err.status === 413) && problems?.length) {
        setState({ kind: 'refused', problems });
      } else setState({ kind: 'failed', error: err });
    }
  };

  const preview = state.kind === 'preview' ? state.preview : undefined;
  const problems = state.kind === 'refused' ? state.problems : (preview?.problems ?? []);

  return (
    <section className={s.section} aria-labelledby="admin-import-title">
      <h2 className={s.h2} id="admin-import-title">
        {t.importTitle}
      </h2>
      <p className={s.hint}>{t.importHint}</p>
      <div className={own.file}>
        <label htmlFor={inputId} className={own.label}>
          {t.importFile}
        </label>
        <input
          id={inputId}
          type="file"
          accept=".csv,text/csv"
          onChange={(e) => {
            setFile(e.target.files?.[0]);
            setState({ kind: 'idle' });
          }}
        />
      </div>
      <div className={s.actions}>
        <Button disabled={!file || state.kind === 'busy'} onClick={() => void send(true)}>
          {state.kind === 'busy' && state.what === 'preview' ? t.previewing : t.preview}
        </Button>
      </div>

      {state.kind === 'failed' ? <ErrorState error={state.error} /> : null}
      {state.kind === 'imported' ? (
        <MessageBar intent="success" className={s.message} role="status">
          <MessageBarBody>
            {t.imported(state.created)} <a href={formatHash('board', new URLSearchParams())}>{t.showOnBoard}</a>
          </MessageBarBody>
        </MessageBar>
      ) : null}
      {preview && problems.length === 0 ? <p role="status">{t.previewSummary(preview.total, preview.new, preview.existing)}</p> : null}
      {problems.length > 0 ? (
        <>
          <MessageBar intent="error" className={s.message} role="alert" layout="multiline">
            <MessageBarBody>{t.previewProblems(problems.length)}</MessageBarBody>
          </MessageBar>
          <ScrollTable
            label={t.problemsTitle}
            columns={[t.row, t.field, t.problemColumn]}
            rows={problems}
            rowKey={(_, i) => i}
            cells={(p) => [p.row ?? '–', p.field ?? '–', t.importProblem(p)]}
          />
        </>
      ) : null}
      {preview && preview.sample.length > 0 ? (
        <ScrollTable
          label={t.sampleTitle(preview.sample.length)}
          caption
          columns={[t.row, t.title_, t.department, t.giver, t.stage, t.status]}
          rows={preview.sample}
          rowKey={(r) => r.row}
          cells={(r) => [r.row, r.title, r.department, r.giverName, stageLabels[r.stage], t.sampleStatus[r.status]]}
        />
      ) : null}
      {preview && problems.length === 0 ? (
        preview.new > 0 ? (
          <div className={s.actions}>
            <Button appearance="primary" onClick={() => void send(false)}>
              {t.confirmImport(preview.new)}
            </Button>
          </div>
        ) : (
          <p>{t.nothingNew}</p>
        )
      ) : null}
      {state.kind === 'busy' && state.what === 'import' ? <p role="status">{t.importing}</p> : null}
    </section>
  );
}
