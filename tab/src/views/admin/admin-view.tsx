import { MessageBar, MessageBarBody } from '@fluentui/react-components';
import { useCallback, useState, type ReactNode } from 'react';
import type { TabConfig } from '../../../../bot/src/api/contracts';
import { ApiFailure, type ApiClient } from '../../api/client';
import { ErrorState, Loading } from '../../components/states';
import { useUi } from '../../context';
import { useLoad } from '../../use-load';
import { AuditLogSection } from './audit-log';
import { GallringSection } from './gallring-section';
import { RetentionForm } from './retention-form';
import { CriteriaForm } from './criteria-form';
import { ImportSection } from './import-ideas';
import { useAdminStyles, type SettingsSectionProps } from './parts';
import { SettingsForm } from './settings-form';
import { SluiceLinksSection } from './sluice-links';
import { ADMIN_STRINGS } from './strings';

/**
 * The forms saved through `updateSluice` with the settings' eTag, in their order on the page; each
 * save is shown in the audit log, and one that changes what `getConfig` says (names, coaches,
 * departments, stages) has the rest of the tab read it again.
 */
const SETTINGS_SECTIONS: readonly { key: string; Form: (props: SettingsSectionProps) => ReactNode; configChanges: boolean }[] = [
  { key: 'settings', Form: SettingsForm, configChanges: true },
  { key: 'retention', Form: RetentionForm, configChanges: false },
  { key: 'criteria', Form: CriteriaForm, configChanges: false },
];

export interface AdminViewProps {
  api: ApiClient;
  config: TabConfig;
  /** Called after the settings were stored, so the rest of the tab reads them again. */
  onSaved: () => void;
}

/**
 * The Administration view for sluice admins: the settings (saved with the eTag they were read
 * with), the links with other sluices, the audit log and the import of existing ideas. Someone the
 * configuration does not call an admin (who typed the address) is told so, and nothing is asked
 * for: the server would refuse it. The server decides; a 403 (the role taken away meanwhile) is
 * shown as the same refusal.
 */
export default function AdminView(props: AdminViewProps): ReactNode {
  const { locale } = useUi();
  const t = ADMIN_STRINGS[locale];
  const s = useAdminStyles();
  if (props.config.caller.role !== 'admin')
    return (
      <>
        <h2 className={s.h2}>{t.title}</h2>
        <Forbidden />
      </>
    );
  return <AdminSections {...props} />;
}

function Forbidden(): ReactNode {
  const { locale } = useUi();
  return (
    <MessageBar intent="warning">
      <MessageBarBody>{ADMIN_STRINGS[locale].forbidden}</MessageBarBody>
    </MessageBar>
  );
}

function AdminSections({ api, config, onSaved }: AdminViewProps): ReactNode {
  const { locale } = useUi();
  const t = ADMIN_STRINGS[locale];
  const s = useAdminStyles();
  const [settings, reload, setSettings] = useLoad('admin-settings', () => api.sluiceSettings());
  // Bumped after every stored change, so the audit log shows it.
  const [auditRound, setAuditRound] = useState(0);
  const changed = useCallback(() => setAuditRound((n) => n + 1), []);

  return (
    <>
      <h2 className={s.h2}>{t.title}</h2>
      <p className={s.hint}>{t.intro(config.sluice.name)}</p>
      {settings.kind === 'loading' ? <Loading label={t.loadingSettings} /> : null}
      {settings.kind === 'error' ? (
        settings.error instanceof ApiFailure && settings.error.status === 403 ? (
          <Forbidden />
        ) : (
          <ErrorState error={settings.error} onRetry={reload} />
        )
      ) : null}
      {settings.kind === 'ready' ? (
        <>
          {SETTINGS_SECTIONS.map(({ key, Form, configChanges }) => (
            <Form
              key={key}
              api={api}
              loaded={settings.value}
              onStored={(next) => {
                setSettings(next);
                changed();
                if (configChanges) onSaved();
              }}
              onCurrent={setSettings}
            />
          ))}
          <SluiceLinksSection api={api} sluiceId={settings.value.sluiceId} onChanged={changed} />
          <ImportSection
            api={api}
            stageLabels={config.stageLabels[locale]}
            onImported={() => {
              changed();
              onSaved();
            }}
          />
          <AuditLogSection api={api} round={auditRound} />
          <GallringSection api={api} />
        </>
      ) : null}
    </>
  );
}
