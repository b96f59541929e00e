import { Button, Field, Input, MessageBar, MessageBarBody } from '@fluentui/react-components';
import { useState, type FormEvent, type ReactNode } from 'react';
import type { TabConfig } from '../../../../bot/src/api/contracts';
import { ApiFailure, type ApiClient } from '../../api/client';
import { ErrorState } from '../../components/states';
import { useUi } from '../../context';
import { dateTime } from '../../i18n';
import type { View } from '../../routing';
import { AuditLogSection } from '../admin/audit-log';
import { GallringSection } from '../admin/gallring-section';
import { useAdminStyles } from '../admin/parts';
import { ARCHIVE_STRINGS, type ArchiveStrings } from './strings';

interface ArchiveViewProps {
  api: ApiClient;
  config: TabConfig;
  navigate: (view: View, params: URLSearchParams) => void;
}

/**
 * Arkiv (`#/archive`), the registrator's way in, for the sluice's admins and registrators: open an
 * idea's record by its reference or number, the gallring records, the chain check over every idea
 * and the audit log. The server decides who may (every call here is refused to anyone else).
 */
export default function ArchiveView({ api, config, navigate }: ArchiveViewProps): ReactNode {
  const { locale } = useUi();
  const t = ARCHIVE_STRINGS[locale];
  const s = useAdminStyles();
  if (config.caller.role !== 'admin' && config.caller.role !== 'registrator')
    return (
      <MessageBar intent="warning">
        <MessageBarBody>{t.notAllowed}</MessageBarBody>
      </MessageBar>
    );
  return (
    <>
      <p className={s.hint}>{t.intro}</p>
      <RecordFinder api={api} t={t} onFound={(id) => navigate('record', new URLSearchParams({ id }))} />
      <GallringSection api={api} />
      <AuditLogSection api={api} round={0} />
    </>
  );
}

type Outcome =
  | { kind: 'idle' }
  | { kind: 'finding' }
  | { kind: 'invalid' }
  | { kind: 'none'; q: string }
  | { kind: 'removed'; text: string }
  | { kind: 'failed'; error: unknown };

/** The reference or number a registrator was asked for: found, it opens the record view. */
function RecordFinder({ api, t, onFound }: { api: ApiClient; t: ArchiveStrings; onFound: (ideaId: string) => void }): ReactNode {
  const { locale } = useUi();
  const s = useAdminStyles();
  const [q, setQ] = useState('');
  const [outcome, setOutcome] = useState<Outcome>({ kind: 'idle' });

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    const typed = q.trim();
    if (!typed) return setOutcome({ kind: 'invalid' });
    setOutcome({ kind: 'finding' });
    try {
      const found = await api.lookUpRecord(typed);
      if (found.idea) return onFound(found.idea.id);
      const r = found.removed;
      if (!r) return setOutcome({ kind: 'none', q: typed });
      const what = r.reference
        ? `${r.reference} (#${r.number}${r.title ? ` ${r.title}` : ''})`
        : `#${r.number}${r.title ? ` ${r.title}` : ''}`;
      setOutcome({ kind: 'removed', text: t.removed(what, dateTime(r.at, locale), t.ruleName[r.rule] ?? r.rule, r.decision) });
    } catch (error) {
      if (error instanceof ApiFailure && error.status === 404) setOutcome({ kind: 'none', q: typed });
      else if (error instanceof ApiFailure && error.status === 400) setOutcome({ kind: 'invalid' });
      else setOutcome({ kind: 'failed', error });
    }
  };

  return (
    <section className={s.section} aria-labelledby="archive-find-title">
      <h2 className={s.h2} id="archive-find-title">
        {t.findTitle}
      </h2>
      <form role="search" aria-labelledby="archive-find-title" onSubmit={(e) => void submit(e)}>
        <Field
          label={t.findLabel}
          hint={t.findHint}
          validationState={outcome.kind === 'invalid' ? 'error' : 'none'}
          validationMessage={outcome.kind === 'invalid' ? t.invalid : undefined}
        >
          <Input value={q} onChange={(_e, d) => setQ(d.value)} maxLength={40} autoComplete="off" data-testid="archive-find" />
        </Field>
        <div className={s.actions}>
          <Button type="submit" appearance="primary" disabled={outcome.kind === 'finding'}>
            {outcome.kind === 'finding' ? t.finding : t.find}
          </Button>
        </div>
      </form>
      <div role="status" data-testid="archive-find-result">
        {outcome.kind === 'none' ? <p>{t.none(outcome.q)}</p> : null}
        {outcome.kind === 'removed' ? (
          <MessageBar intent="info" layout="multiline">
            <MessageBarBody>{outcome.text}</MessageBarBody>
          </MessageBar>
        ) : null}
      </div>
      {outcome.kind === 'failed' ? <ErrorState error={outcome.error} /> : null}
    </section>
  );
}
