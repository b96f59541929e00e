import { Button, Checkbox, Field, Input, MessageBar, MessageBarBody, Select } from '@fluentui/react-components';
import { AddRegular, ArrowSyncRegular, DeleteRegular } from '@fluentui/react-icons';
import { useState, type ReactNode } from 'react';
import type { SluiceSettingsResponse } from '../../../../bot/src/api/admin-schemas';
import type { ApiClient } from '../../api/client';
import { ErrorState } from '../../components/states';
import { useUi } from '../../context';
import { COACH_GROUP_STRINGS } from './coach-group-strings';
import { useAdminStyles } from './parts';

/** One group row as the form edits it. */
export interface CoachGroupDraft {
  key: number;
  groupId: string;
  tenantId: string;
  forMunicipality: boolean;
}

export interface CoachGroupsProps {
  api: ApiClient;
  loaded: SluiceSettingsResponse;
  groups: readonly CoachGroupDraft[];
  /** The member municipalities as the form has them now (the tenant that holds a group is one of them). */
  municipalities: readonly { key: number; tenantId: string; name: string }[];
  onChange: (groups: CoachGroupDraft[]) => void;
  newKey: () => number;
  /** The form's unsaved edits: syncing first would replace them. */
  dirty: boolean;
  error: (field: string) => { validationMessage?: string; validationState?: 'error' };
  /** The settings as they are after a sync. */
  onSynced: (next: SluiceSettingsResponse) => void;
}

type SyncOutcome =
  { kind: 'done'; added: number; removed: number; named: number; unavailable: number } | { kind: 'failed'; error: unknown };

/** The coach groups of the settings form, and "Synka nu" (`syncCoachGroups`). */
export function CoachGroups({
  api,
  loaded,
  groups,
  municipalities,
  onChange,
  newKey,
  dirty,
  error,
  onSynced,
}: CoachGroupsProps): ReactNode {
  const { locale } = useUi();
  const t = COACH_GROUP_STRINGS[locale];
  const s = useAdminStyles();
  const [syncing, setSyncing] = useState(false);
  const [outcome, setOutcome] = useState<SyncOutcome | undefined>(undefined);
  const tenants = municipalities.filter((m) => m.tenantId.trim());
  const change = (k: number, patch: Partial<CoachGroupDraft>): void => onChange(groups.map((g) => (g.key === k ? { ...g, ...patch } : g)));

  const sync = async (): Promise<void> => {
    setSyncing(true);
    setOutcome(undefined);
    try {
      const result = await api.syncCoachGroups();
      setOutcome({
        kind: 'done',
        added: result.added.length,
        removed: result.removed.length,
        named: result.named.length,
        unavailable: result.unavailableGroups.length,
      });
      onSynced(result.sluice);
    } catch (err) {
      setOutcome({ kind: 'failed', error: err });
    } finally {
      setSyncing(false);
    }
  };

  return (
    <>
      <h3 className={s.h3}>{t.title}</h3>
      <p className={s.hint}>{t.hint}</p>
      {loaded.directorySync ? null : (
        <MessageBar intent="info" className={s.message} layout="multiline">
          <MessageBarBody>{t.off}</MessageBarBody>
        </MessageBar>
      )}
      {groups.length === 0 ? <p>{t.none}</p> : null}
      {groups.map((g, i) => (
        <div key={g.key} className={s.row} role="group" aria-label={t.label(i + 1)}>
          <Field label={t.groupId} required {...error(`coachGroups.${i}.groupId`)}>
            <Input value={g.groupId} onChange={(_, d) => change(g.key, { groupId: d.value })} />
          </Field>
          <Field label={t.tenant} {...error(`coachGroups.${i}.tenantId`)}>
            <Select className={s.select} value={g.tenantId} onChange={(_, d) => change(g.key, { tenantId: d.value })}>
              {tenants.map((m) => (
                <option key={m.key} value={m.tenantId.trim().toLowerCase()}>
                  {m.name || m.tenantId}
                </option>
              ))}
              {g.tenantId && !tenants.some((m) => m.tenantId.trim().toLowerCase() === g.tenantId) ? (
                <option value={g.tenantId}>{g.tenantId}</option>
              ) : null}
            </Select>
          </Field>
          <Checkbox
            label={t.forMunicipality}
            checked={g.forMunicipality}
            onChange={(_, d) => change(g.key, { forMunicipality: d.checked === true })}
          />
          <Button
            className={s.remove}
            icon={<DeleteRegular />}
            aria-label={t.remove(i + 1)}
            onClick={() => onChange(groups.filter((x) => x.key !== g.key))}
          />
        </div>
      ))}
      <div className={s.actions}>
        <Button
          icon={<AddRegular />}
          onClick={() =>
            onChange([
              ...groups,
              { key: newKey(), groupId: '', tenantId: tenants[0]?.tenantId.trim().toLowerCase() ?? '', forMunicipality: false },
            ])
          }
        >
          {t.add}
        </Button>
        {loaded.directorySync ? (
          <Button icon={<ArrowSyncRegular />} disabled={syncing || dirty} onClick={() => void sync()}>
            {syncing ? t.syncing : t.sync}
          </Button>
        ) : null}
        {loaded.directorySync && dirty ? <span className={s.hint}>{t.saveFirst}</span> : null}
      </div>
      {outcome?.kind === 'failed' ? <ErrorState error={outcome.error} /> : null}
      {outcome?.kind === 'done' ? (
        <MessageBar intent={outcome.unavailable > 0 ? 'warning' : 'success'} className={s.message} role="status" layout="multiline">
          <MessageBarBody>
            {t.synced(outcome.added, outcome.removed, outcome.named)}
            {outcome.unavailable > 0 ? ` ${t.unavailable(outcome.unavailable)}` : ''}
          </MessageBarBody>
        </MessageBar>
      ) : null}
    </>
  );
}
