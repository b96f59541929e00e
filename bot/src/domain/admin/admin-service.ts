import type { Person } from '../idea';
import type { Clock, Page, SluiceRepository, Versioned } from '../ports';
import { ConflictError } from '../ports';
import type { CoachChannel, Sluice } from '../sluice';
import { criteriaVersionFor } from '../scoring/rescore-jobs';
import { auditIdFor, type AuditEvent, type AuditLog } from './audit';
import {
  changedSettings,
  checkSettings,
  cleanSettings,
  settingsOf,
  withSettings,
  type SettingsProblem,
  type SluiceSettings,
} from './settings';

/** A sluice's settings with the version to send back when changing them. */
export interface SettingsView {
  readonly sluiceId: string;
  readonly settings: SluiceSettings;
  /** Shown, not edited: set with "@Idéslussen coachkanal" in the channel. */
  readonly coachChannel?: Pick<CoachChannel, 'name' | 'teamId' | 'conversationId'>;
  readonly etag: string;
}

export type UpdateResult =
  | {
      readonly ok: true;
      readonly view: SettingsView;
      readonly event?: AuditEvent;
      /** Set when the criteria changed: their new version, whose rescore job must be queued (scoring/rescore-jobs.ts). */
      readonly criteriaVersion?: string;
    }
  | { readonly ok: false; readonly error: 'notFound' }
  | { readonly ok: false; readonly error: 'stale'; readonly current: SettingsView }
  | { readonly ok: false; readonly error: 'invalid'; readonly problems: readonly SettingsProblem[] };

/**
 * The admin's use cases for a sluice: read and change its settings (one conditional write, then
 * an audit entry) and read the audit log. Who may call these is decided by the caller's role
 * ({@link mayAdminister}); this service assumes it was checked.
 */
export class SluiceAdminService {
  constructor(
    private readonly sluices: SluiceRepository,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {}

  async settings(sluiceId: string): Promise<SettingsView | undefined> {
    const found = await this.sluices.get(sluiceId);
    return found ? viewOf(found) : undefined;
  }

  /**
   * Stores new settings if the sluice is unchanged since `etag` was read; a second admin who
   * saves over an older version gets `stale` with the current values instead. Every stored
   * change is written to the audit log with its before and after values.
   */
  async update(sluiceId: string, actor: Person, input: SluiceSettings, etag: string): Promise<UpdateResult> {
    const found = await this.sluices.get(sluiceId);
    if (!found) return { ok: false, error: 'notFound' };
    if (found.etag !== etag) return { ok: false, error: 'stale', current: viewOf(found) };

    const settings = cleanSettings(input);
    const others = (await this.sluices.list()).filter((s) => s.id !== sluiceId);
    const problems = checkSettings(settings, {
      sluiceOfTenant: (tenantId) => others.find((s) => s.tenantIds.includes(tenantId)),
    });
    if (problems.length > 0) return { ok: false, error: 'invalid', problems };

    const before = settingsOf(found.value);
    const edited = withSettings(found.value, settings);
    const changed = changedSettings(before, settingsOf(edited));
    if (changed.length === 0) return { ok: true, view: viewOf(found) };
    // New criteria get a new version with the same write, so a crash before the rescore job is queued leaves a trace the sweep finds.
    const criteriaVersion = changed.includes('criteria') ? criteriaVersionFor(etag) : undefined;
    const next: Sluice = criteriaVersion ? { ...edited, criteriaVersion } : edited;

    let saved: Versioned<Sluice>;
    try {
      saved = await this.sluices.replace(next, etag);
    } catch (err) {
      if (!(err instanceof ConflictError)) throw err;
      const current = await this.sluices.get(sluiceId);
      if (!current) return { ok: false, error: 'notFound' };
      return { ok: false, error: 'stale', current: viewOf(current) };
    }
    const after = settingsOf(saved.value);
    const now = this.clock.now();
    const event: AuditEvent = {
      // Keyed on the version the change was made against: a retried append is one entry.
      id: auditIdFor(sluiceId, etag),
      sluiceId,
      at: now.toISOString(),
      atMs: now.getTime(),
      actor: { id: actor.id, tenantId: actor.tenantId, name: actor.name },
      action: 'sluice.updated',
      changed,
      before: pick(before, changed),
      after: pick(after, changed),
    };
    await appendWithRetry(this.audit, event);
    return { ok: true, view: viewOf(saved), event, ...(criteriaVersion ? { criteriaVersion } : {}) };
  }

  async auditEvents(sluiceId: string, request: { pageSize: number; continuation?: string }): Promise<Page<AuditEvent>> {
    return this.audit.list(sluiceId, request);
  }
}

/** The audit entry is written right after the change; a passing storage hiccup must not lose it. */
export async function appendWithRetry(audit: AuditLog, event: AuditEvent, attempts = 3): Promise<void> {
  for (let i = 1; ; i++) {
    try {
      await audit.append(event);
      return;
    } catch (err) {
      if (i >= attempts) throw err;
      await new Promise((resolve) => setTimeout(resolve, 100 * i));
    }
  }
}

function viewOf(found: Versioned<Sluice>): SettingsView {
  const channel = found.value.coachChannel;
  return {
    sluiceId: found.value.id,
    settings: settingsOf(found.value),
    ...(channel
      ? {
          coachChannel: {
            conversationId: channel.conversationId,
            ...(channel.name ? { name: channel.name } : {}),
            ...(channel.teamId ? { teamId: channel.teamId } : {}),
          },
        }
      : {}),
    etag: found.etag,
  };
}

function pick(settings: SluiceSettings, keys: readonly (keyof SluiceSettings)[]): Partial<SluiceSettings> {
  return Object.fromEntries(keys.filter((k) => settings[k] !== undefined).map((k) => [k, settings[k]])) as Partial<SluiceSettings>;
}
