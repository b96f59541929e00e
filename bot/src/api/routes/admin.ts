import type { Request, Response } from 'restify';
import { z } from 'zod';
import type { ZodOpenApiResponseObject } from 'zod-openapi';
import type { SluiceAdminService, SettingsView } from '../../domain/admin/admin-service';
import type { ImportProblem } from '../../domain/admin/csv-import';
import { IMPORT_COLUMNS, IMPORT_LIMITS } from '../../domain/admin/csv-import';
import type { IdeaImportService } from '../../domain/admin/import-service';
import type { CoachGroupSync } from '../../domain/admin/coach-groups';
import { mayAdminister, mayReadAuditLog, roleOf } from '../../domain/admin/roles';
import type { SettingsProblem } from '../../domain/admin/settings';
import type { Viewer } from '../../domain/idea-queries';
import {
  adminError,
  auditPage,
  auditQuery,
  importQuery,
  importResponse,
  settingsSchema,
  sluiceSettingsResponse,
  type AdminErrorBody,
  type AuditPageBody,
  type ImportProblemBody,
  type ImportResponseBody,
  type SettingsProblemBody,
  type SluiceSettingsResponse,
  coachSyncResponse,
  type CoachSyncResponseBody,
} from '../admin-schemas';
import { ApiProblem, sendJson } from '../http';
import { memberRoute, type ApiRoute } from '../route';

export interface AdminRouteDeps {
  readonly admin: SluiceAdminService;
  readonly imports: IdeaImportService;
  /** Syncs coaches from Entra groups; absent when no directory is configured. */
  readonly coachGroups?: CoachGroupSync;
  /** Whom people of a tenant in no sluice are told to ask (shown to admins; set in the deployment). */
  readonly onboardingContact?: string;
  /**
   * Called once the criteria were changed and stored, with their new version: queues the job that
   * brings every scored idea's weighted score to them (it does not wait for it); never throws.
   */
  readonly criteriaChanged?: (sluiceId: string, criteriaVersion: string) => Promise<void>;
}

/** The route of the CSV import: its body is read here, raw, not by the server's JSON parser. */
export const IMPORT_PATH = '/api/admin/import';

const answer = (schema: z.ZodType, description: string): ZodOpenApiResponseObject => ({
  description,
  content: { 'application/json': { schema } },
});
const refusal = (description: string): ZodOpenApiResponseObject => answer(adminError, description);
const ifMatchHeader = z.object({ 'If-Match': z.string().meta({ description: 'The `etag` of the settings you edited.' }) });

/**
 * The Administration view's routes: the sluice's settings (read, change with If-Match), the audit
 * log and the CSV import. Only admins of the caller's own sluice get anything; everyone else 403.
 */
export function adminRoutes(deps: AdminRouteDeps): ApiRoute[] {
  const importRoute = memberRoute({
    method: 'post',
    path: IMPORT_PATH,
    operationId: 'importIdeas',
    summary: 'Imports ideas from a CSV file; with dryRun=true only shows what it would do.',
    description: `The body is the file as text/csv: UTF-8 with or without BOM, "," or ";" between fields, a header row naming the columns (${IMPORT_COLUMNS.join(', ')}; title, need, idea, department and giverName are required). At most ${IMPORT_LIMITS.bytes / 1024 / 1024} MiB and ${IMPORT_LIMITS.rows} rows. Nothing is stored when any row has a problem; importing the same file again creates nothing new; imported ideas send no notifications.`,
    request: { query: importQuery },
    responses: {
      200: answer(importResponse, 'The preview (dryRun=true) or what was imported.'),
      400: refusal('The file or some rows were refused; `problems` names each row and field. Nothing was stored.'),
      413: refusal('The file is over the size limit.'),
      415: refusal('The body is not text/csv.'),
    },
    handle: async ({ req, res, query: q, viewer }) => {
      requireAdmin(viewer);
      if (q.sluice !== undefined && q.sluice !== viewer.sluice.id)
        throw new ApiProblem(403, 'Forbidden', `You are an admin of sluice "${viewer.sluice.id}", not of "${q.sluice}".`);
      const type = (req.header('content-type') ?? '').split(';')[0]?.trim().toLowerCase();
      if (type !== 'text/csv')
        throw new ApiProblem(
          415,
          'UnsupportedMediaType',
          'Send the file as text/csv (UTF-8, with a header row, "," or ";" between fields).',
        );
      const bytes = await readBody(req, IMPORT_LIMITS.bytes);
      if (!bytes) {
        sendAdminError(req, res, 413, {
          code: 'TooLarge',
          message: `The file is larger than ${IMPORT_LIMITS.bytes / 1024 / 1024} MiB; split it into smaller files (at most ${IMPORT_LIMITS.rows} rows each).`,
          problems: [importProblemBody({ code: 'tooLarge', limit: IMPORT_LIMITS.bytes })],
        });
        return;
      }
      if (q.dryRun === 'true') {
        const preview = await deps.imports.preview(viewer.sluice, viewer.person, bytes);
        sendJson(res, 200, { dryRun: true, ...previewBody(preview), created: 0 } satisfies ImportResponseBody);
        return;
      }
      const outcome = await deps.imports.import(viewer.sluice.id, viewer.person, bytes);
      if (!outcome) throw new ApiProblem(404, 'NotFound', 'Your sluice no longer exists.');
      if (!outcome.ok) {
        const problems = outcome.preview.problems.map(importProblemBody);
        sendAdminError(req, res, 400, { code: 'InvalidImport', message: `Nothing was imported. ${summary(problems)}`, problems });
        return;
      }
      sendJson(res, 200, { dryRun: false, ...previewBody(outcome.preview), created: outcome.created } satisfies ImportResponseBody);
    },
  });
  return [
    memberRoute({
      method: 'get',
      path: '/api/admin/sluice',
      operationId: 'getSluice',
      summary: "The caller's sluice settings for the Administration view (admins only); the ETag header equals `etag`.",
      responses: { 200: answer(sluiceSettingsResponse, 'The settings.') },
      handle: async ({ res, viewer }) => {
        requireAdmin(viewer);
        const view = await deps.admin.settings(viewer.sluice.id);
        if (!view) throw new ApiProblem(404, 'NotFound', 'Your sluice no longer exists.');
        sendJson(res, 200, responseOf(view, viewer, deps), { etag: view.etag });
      },
    }),

    memberRoute({
      method: 'put',
      path: '/api/admin/sluice',
      operationId: 'updateSluice',
      summary: 'Replaces the settings (admins only); every change is written to the audit log with the values before and after.',
      description:
        "A change of `criteria` is answered as soon as it is stored: the ideas' weighted scores follow in the background (a rescore job in the outbox, retried with back-off; if it fails for good, a `scores.rescoreFailed` entry in the audit log says so).",
      request: { body: settingsSchema, headers: ifMatchHeader },
      responses: {
        200: answer(sluiceSettingsResponse, 'The settings as stored.'),
        400: refusal('A setting was refused; `problems` names each field (e.g. `coaches.2.id`).'),
        412: refusal('Someone else changed the settings since; `current` holds the values now.'),
        428: refusal('If-Match is missing.'),
      },
      handle: async ({ req, res, body, viewer }) => {
        requireAdmin(viewer);
        const etag = ifMatch(req);
        const result = await deps.admin.update(viewer.sluice.id, viewer.person, body, etag);
        if (result.ok) {
          if (result.criteriaVersion) await deps.criteriaChanged?.(viewer.sluice.id, result.criteriaVersion);
          sendJson(res, 200, responseOf(result.view, viewer, deps), { etag: result.view.etag });
          return;
        }
        switch (result.error) {
          case 'notFound':
            throw new ApiProblem(404, 'NotFound', 'Your sluice no longer exists.');
          case 'stale':
            sendAdminError(req, res, 412, {
              code: 'Stale',
              message: 'Someone else changed the settings since you opened them; these are the current values.',
              current: responseOf(result.current, viewer, deps),
            });
            return;
          case 'invalid': {
            const problems = result.problems.map(settingsProblemBody);
            sendAdminError(req, res, 400, {
              code: 'InvalidSettings',
              message: `Check ${problems.map((p) => `${p.field}: ${p.message}`).join('; ')}.`,
              problems,
            });
            return;
          }
        }
      },
    }),

    memberRoute({
      method: 'post',
      path: '/api/admin/sluice/coach-groups/sync',
      operationId: 'syncCoachGroups',
      summary:
        "Syncs the sluice's coaches with its Entra coach groups now (admins only), as the hourly sync does; the change goes to the audit log.",
      description:
        'Members of a group become coaches, coaches who left their group (or whose group was removed) stop being coaches, coaches known by id only get their directory name. Hand-picked coaches are never touched. A group the directory cannot read now keeps its coaches and is listed in `unavailableGroups`. Repeating the call changes nothing more.',
      responses: {
        200: answer(coachSyncResponse, 'What changed, and the settings as they are now.'),
        409: refusal('No directory (Microsoft Graph) is configured on this server, so there is nothing to sync with.'),
      },
      handle: async ({ res, viewer }) => {
        requireAdmin(viewer);
        if (!deps.coachGroups)
          throw new ApiProblem(
            409,
            'NoDirectory',
            'This server has no directory (Microsoft Graph) configured, so coach groups cannot be synced.',
          );
        const result = await deps.coachGroups.sync(viewer.sluice.id, viewer.person);
        if (!result.ok) {
          if (result.error === 'notFound') throw new ApiProblem(404, 'NotFound', 'Your sluice no longer exists.');
          throw new ApiProblem(
            409,
            'NoDirectory',
            'This server has no directory (Microsoft Graph) configured, so coach groups cannot be synced.',
          );
        }
        const view = await deps.admin.settings(viewer.sluice.id);
        if (!view) throw new ApiProblem(404, 'NotFound', 'Your sluice no longer exists.');
        const body: CoachSyncResponseBody = {
          added: [...result.change.added],
          removed: [...result.change.removed],
          named: [...result.change.named],
          unavailableGroups: [...result.unavailableGroups],
          sluice: responseOf(view, viewer, deps),
        };
        sendJson(res, 200, body, { etag: view.etag });
      },
    }),

    memberRoute({
      method: 'get',
      path: '/api/admin/audit',
      operationId: 'listAuditEvents',
      summary: "The sluice's append-only audit log, newest first (admins and registrators; read-only).",
      request: { query: auditQuery },
      responses: { 200: answer(auditPage, 'One page.'), 400: refusal('Invalid query.') },
      handle: async ({ res, query: q, viewer }) => {
        if (!mayReadAuditLog(viewer.sluice, viewer.person))
          throw new ApiProblem(403, 'Forbidden', 'Only the admins and registrators of this sluice may read its audit log.');
        const page = await deps.admin.auditEvents(viewer.sluice.id, {
          pageSize: q.pageSize,
          ...(q.continuation ? { continuation: q.continuation } : {}),
        });
        const body: AuditPageBody = { items: page.items, ...(page.continuation ? { continuation: page.continuation } : {}) };
        sendJson(res, 200, body);
      },
    }),

    {
      ...importRoute,
      // The body is the CSV file itself, not JSON.
      operation: {
        ...importRoute.operation,
        requestBody: { required: true, content: { 'text/csv': { schema: z.string().meta({ description: 'The CSV file.' }) } } },
      },
    },
  ];
}

function requireAdmin(viewer: Viewer): void {
  if (!mayAdminister(viewer.sluice, viewer.person))
    throw new ApiProblem(403, 'Forbidden', 'Only the admins of this sluice may see or change its administration.');
}

function responseOf(
  view: SettingsView,
  viewer: Viewer,
  { onboardingContact, coachGroups }: Pick<AdminRouteDeps, 'onboardingContact' | 'coachGroups'>,
): SluiceSettingsResponse {
  const { reminders: _reminders, retention: _retention, ...settings } = view.settings;
  void _reminders;
  void _retention;
  return {
    sluiceId: view.sluiceId,
    settings: {
      ...settings,
      coaches: [...view.settings.coaches],
      coachGroups: [...(view.settings.coachGroups ?? [])],
      admins: [...view.settings.admins],
      registrators: [...(view.settings.registrators ?? [])],
      departments: view.settings.departments.map((d) => ({ name: d.name, aliases: [...d.aliases] })),
      ...(view.settings.retention
        ? {
            retention: {
              rules: view.settings.retention.rules.map((r) => ({ ...r })),
              ...(view.settings.retention.audit ? { audit: { ...view.settings.retention.audit } } : {}),
            },
          }
        : {}),
      municipalities: [...view.settings.municipalities],
      criteria: (view.settings.criteria ?? []).map((c) => ({ ...c })),
      ...(view.settings.reminders
        ? {
            reminders: {
              ...(view.settings.reminders.limits ? { limits: { ...view.settings.reminders.limits } } : {}),
              ...(view.settings.reminders.closedDays ? { closedDays: [...view.settings.reminders.closedDays] } : {}),
            },
          }
        : {}),
    },
    ...(view.coachChannel ? { coachChannel: view.coachChannel } : {}),
    etag: view.etag,
    role: roleOf(viewer.sluice, viewer.person),
    ...(onboardingContact ? { onboardingContact } : {}),
    directorySync: coachGroups !== undefined,
  };
}

function previewBody(preview: Awaited<ReturnType<IdeaImportService['preview']>>): Omit<ImportResponseBody, 'dryRun' | 'created'> {
  return {
    total: preview.total,
    valid: preview.valid,
    new: preview.new,
    existing: preview.existing,
    problems: preview.problems.map(importProblemBody),
    sample: [...preview.sample],
  };
}

function sendAdminError(req: Request, res: Response, status: number, body: Omit<AdminErrorBody, 'correlationId'>): void {
  sendJson(res, status, { ...body, correlationId: req.id() } satisfies AdminErrorBody);
}

/** The eTag the admin saw. Required: saving blindly could undo another admin's change. */
function ifMatch(req: Request): string {
  const raw = req.header('if-match')?.trim();
  if (!raw || raw === '*')
    throw new ApiProblem(428, 'PreconditionRequired', 'Send the etag of the settings you edited in the If-Match header.');
  return raw.replace(/^W\//, '');
}

/** The request body, or undefined when it is larger than `limit` bytes (the rest is not read). */
async function readBody(req: Request, limit: number): Promise<Uint8Array | undefined> {
  const declared = Number(req.header('content-length') ?? NaN);
  if (Number.isFinite(declared) && declared > limit) {
    req.resume();
    return undefined;
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) {
      req.resume();
      return undefined;
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

const SETTINGS_MESSAGES: Record<SettingsProblem['code'], (p: SettingsProblem) => string> = {
  required: () => 'is required',
  notGuid: () => 'must be an Entra id (a GUID such as 3f2504e0-4f89-41d3-9a0c-0305e82c3301)',
  tooLong: (p) => `must be at most ${p.limit} characters`,
  tooMany: (p) => `may have at most ${p.limit} entries`,
  duplicate: () => 'is listed twice',
  unknownMunicipality: () => 'is not one of the member municipalities',
  tenantInOtherSluice: (p) => `already belongs to the sluice "${p.other ?? ''}"; a tenant belongs to at most one sluice`,
  notACoach: () => 'must be one of the coaches',
  noAdmin: () => 'must list at least one admin',
  notANumber: (p) => `must be a whole number up to ${p.limit}`,
  badDate: () => 'must be a real date (YYYY-MM-DD)',
  endsBeforeStart: () => 'ends before it starts',
  periodTooLong: (p) => `may be at most ${p.limit} days long`,
  badPrefix: () => 'may hold only letters, digits, spaces, "-" and "." (no "/"), starting with a letter or digit',
};

function settingsProblemBody(p: SettingsProblem): SettingsProblemBody {
  return { ...p, message: SETTINGS_MESSAGES[p.code](p) };
}

const IMPORT_MESSAGES: Record<ImportProblem['code'], (p: ImportProblem) => string> = {
  notCsv: (p) => (p.detail === 'encoding' ? 'the file is not UTF-8 text' : 'the file is not a CSV file'),
  tooLarge: (p) => `the file is larger than ${(p.limit ?? 0) / 1024 / 1024} MiB`,
  tooManyRows: (p) => `the file has more than ${p.limit} rows`,
  empty: () => 'the file has no ideas',
  missingColumn: (p) => `the header row has no "${p.field}" column`,
  duplicateColumn: (p) => `the header row has "${p.field}" twice`,
  required: () => 'is empty',
  tooShort: (p) => `must be at least ${p.limit} characters`,
  tooLong: (p) => `must be at most ${p.limit} characters`,
  unknownMunicipality: (p) => `"${p.detail ?? ''}" is not a member municipality`,
  unknownStage: (p) => `"${p.detail ?? ''}" is not a stage`,
  badDate: (p) => `"${p.detail ?? ''}" is not a date in the past (YYYY-MM-DD)`,
  badEmail: () => 'is not an e-mail address',
  wrongColumnCount: (p) => `has ${p.detail} fields, the header ${p.limit}`,
  duplicateRow: (p) => `is the same idea as row ${p.detail}`,
};

function importProblemBody(p: ImportProblem): ImportProblemBody {
  const where = [p.row !== undefined ? `row ${p.row}` : undefined, p.row !== undefined ? p.field : undefined].filter(Boolean).join(', ');
  return { ...p, message: `${where ? `${where}: ` : ''}${IMPORT_MESSAGES[p.code](p)}` };
}

function summary(problems: readonly ImportProblemBody[]): string {
  const shown = problems.slice(0, 5).map((p) => p.message);
  const more = problems.length > shown.length ? ` (and ${problems.length - shown.length} more)` : '';
  return `${shown.join('; ')}${more}.`;
}
