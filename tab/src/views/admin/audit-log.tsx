import { Button } from '@fluentui/react-components';
import { useEffect, useState, type ReactNode } from 'react';
import type { AuditEventBody } from '../../../../bot/src/api/admin-schemas';
import type { ApiClient } from '../../api/client';
import { ErrorState, Loading } from '../../components/states';
import { useUi } from '../../context';
import type { Locale } from '../../../../bot/src/api/contracts';
import { auditLine } from './audit-lines';
import { dateTime } from '../../i18n';
import { useLoad } from '../../use-load';
import { ScrollTable, useAdminStyles } from './parts';
import { ADMIN_STRINGS, type AdminStrings } from './strings';

/** The sluice's audit log, newest first, a page at a time; `round` changes after each stored change. */
export function AuditLogSection({ api, round }: { api: ApiClient; round: number }): ReactNode {
  const { locale } = useUi();
  const t = ADMIN_STRINGS[locale];
  const s = useAdminStyles();
  const [first, reload] = useLoad(`audit-${round}`, () => api.auditEvents());
  const [older, setOlder] = useState<{ items: AuditEventBody[]; continuation?: string }>({ items: [] });
  const [moreError, setMoreError] = useState<unknown>(undefined);
  const [loadingMore, setLoadingMore] = useState(false);
  useEffect(() => setOlder({ items: [] }), [round]);

  const items = first.kind === 'ready' ? [...first.value.items, ...older.items] : [];
  const continuation = older.items.length > 0 ? older.continuation : first.kind === 'ready' ? first.value.continuation : undefined;

  const more = async (): Promise<void> => {
    if (!continuation) return;
    setLoadingMore(true);
    setMoreError(undefined);
    try {
      const page = await api.auditEvents(continuation);
      setOlder((o) => ({ items: [...o.items, ...page.items], ...(page.continuation ? { continuation: page.continuation } : {}) }));
    } catch (err) {
      setMoreError(err);
    } finally {
      setLoadingMore(false);
    }
  };

  return (
    <section className={s.section} aria-labelledby="admin-audit-title">
      <h2 className={s.h2} id="admin-audit-title">
        {t.auditTitle}
      </h2>
      <p className={s.hint}>{t.auditHint}</p>
      {first.kind === 'loading' ? <Loading label={t.loadingSettings} /> : null}
      {first.kind === 'error' ? <ErrorState error={first.error} onRetry={reload} /> : null}
      {first.kind === 'ready' && items.length === 0 ? <p>{t.auditEmpty}</p> : null}
      {items.length > 0 ? (
        <ScrollTable
          label={t.auditTitle}
          columns={[t.auditWhen, t.auditWho, t.auditWhat]}
          rows={items}
          rowKey={(e) => e.id}
          cells={(e) => [dateTime(e.at, locale), e.actor.name, <AuditWhat key="what" event={e} t={t} locale={locale} />]}
        />
      ) : null}
      {moreError ? <ErrorState error={moreError} /> : null}
      {continuation ? (
        <div className={s.actions}>
          <Button disabled={loadingMore} onClick={() => void more()}>
            {t.auditMore}
          </Button>
        </div>
      ) : null}
    </section>
  );
}

function AuditWhat({ event, t, locale }: { event: AuditEventBody; t: AdminStrings; locale: Locale }): ReactNode {
  const line = auditLine(event, locale);
  if (event.action !== 'sluice.updated') return <>{line}</>;
  return (
    <details>
      <summary>{line}</summary>
      <dl>
        <dt>{t.auditBefore}</dt>
        <dd>
          <pre style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere', margin: 0 }}>{JSON.stringify(event.before ?? {}, null, 1)}</pre>
        </dd>
        <dt>{t.auditAfter}</dt>
        <dd>
          <pre style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere', margin: 0 }}>{JSON.stringify(event.after ?? {}, null, 1)}</pre>
        </dd>
      </dl>
    </details>
  );
}
