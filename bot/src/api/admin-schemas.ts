import { z } from 'zod';
import { AUDIT_ACTIONS, type AuditEvent } from '../domain/admin/audit';
import { IMPORT_COLUMNS, IMPORT_PROBLEMS } from '../domain/admin/csv-import';
import { ROLES } from '../domain/admin/roles';
import { SETTINGS_LIMITS, SETTINGS_PROBLEMS } from '../domain/admin/settings';
import { MAX_LIMIT_DAYS, REMINDER_LIMIT_KEYS } from '../domain/reminders/settings';
import { STAGES } from '../domain/stages';
import { CRITERIA_LIMITS } from '../domain/scoring/criteria';
import { END_STAGES, RETENTION_ACTIONS, RETENTION_LIMITS } from '../domain/retention/rules';

/**
 * Shapes of the administration API. The body of `updateSluice` is parsed with these before the
 * domain checks its rules (GUIDs, duplicates, label lengths); the OpenAPI document is generated
 * from the same schemas. Lengths here are generous outer bounds; the domain's limits are exact.
 */

const text = (max: number) => z.string().max(max * 4, `must be at most ${max} characters`);
const labels = z.strictObject(
  Object.fromEntries(STAGES.map((s) => [s, text(SETTINGS_LIMITS.stageLabel).optional()])) as Record<
    (typeof STAGES)[number],
    z.ZodOptional<z.ZodString>
  >,
);

export const settingsSchema = z
  .strictObject({
    name: text(SETTINGS_LIMITS.name),
    coaches: z
      .array(
        z.strictObject({
          id: z.string().max(100),
          name: text(SETTINGS_LIMITS.personName).optional(),
          tenantId: z.string().max(100).optional(),
          fromGroup: z
            .string()
            .max(100)
            .optional()
            .meta({ description: 'The Entra group the coach comes from (set by the directory sync; ignored when saving).' }),
        }),
      )
      .max(SETTINGS_LIMITS.coaches * 2),
    coachGroups: z
      .array(z.strictObject({ groupId: z.string().max(100), tenantId: z.string().max(100), forMunicipality: z.boolean().optional() }))
      .max(SETTINGS_LIMITS.coachGroups * 2)
      .optional()
      .meta({
        description:
          'Entra groups whose transitive members are coaches (synced hourly and with syncCoachGroups): one for the sluice, or one per member municipality (forMunicipality: its members serve that municipality first). Left out: kept.',
      }),
    backupCoachId: z.string().max(100).optional(),
    admins: z.array(z.string().max(100)).max(SETTINGS_LIMITS.admins * 2),
    registrators: z
      .array(z.string().max(100))
      .max(SETTINGS_LIMITS.registrators * 2)
      .optional()
      .meta({ description: 'Entra object ids of the registrators and archivists: they read records and the audit log. Left out: kept.' }),
    recordPrefix: text(SETTINGS_LIMITS.recordPrefix).optional().meta({
      description: 'Prefix of the record references, e.g. "IDÉ" for "IDÉ 2026/42" (letters, digits, space, "-", "."). Left out: kept.',
    }),
    departments: z
      .array(
        z.strictObject({
          name: text(SETTINGS_LIMITS.department),
          aliases: z.array(text(SETTINGS_LIMITS.alias)).max(SETTINGS_LIMITS.aliasesPerDepartment * 2),
        }),
      )
      .max(SETTINGS_LIMITS.departments * 2),
    stageLabels: z.strictObject({ sv: labels, en: labels }),
    municipalities: z
      .array(
        z.strictObject({
          tenantId: z.string().max(100),
          name: text(SETTINGS_LIMITS.name),
          employees: z.number().int().min(0).max(SETTINGS_LIMITS.employees).optional(),
        }),
      )
      .max(SETTINGS_LIMITS.municipalities * 2),
    reminders: z
      .strictObject({
        limits: z
          .strictObject(
            Object.fromEntries(
              REMINDER_LIMIT_KEYS.map((k) => [
                k,
                z
                  .number()
                  .meta({ description: `Working days (1–${MAX_LIMIT_DAYS}).` })
                  .optional(),
              ]),
            ) as Record<(typeof REMINDER_LIMIT_KEYS)[number], z.ZodOptional<z.ZodNumber>>,
          )
          .optional()
          .meta({ description: 'Working days per stage and for a giver’s answer; a limit left out is the default.' }),
        closedDays: z
          .array(z.strictObject({ from: z.string().max(20), to: z.string().max(20) }))
          .max(SETTINGS_LIMITS.closedPeriods * 2)
          .optional()
          .meta({ description: 'Periods (YYYY-MM-DD, both days included) the sluice is closed besides weekends and holidays.' }),
      })
      .optional()
      .meta({ description: 'Reminder limits and closed days; left out, the sluice keeps what it has.' }),
    retention: z
      .strictObject({
        rules: z
          .array(
            z.strictObject({
              stage: z.enum(END_STAGES).meta({ description: 'The end state the rule is for: closed (Avslutad) or done (Införd).' }),
              action: z.enum(RETENTION_ACTIONS).meta({
                description: 'keep (bevaras), delete (the idea is removed) or removePersonalData (names and ids removed, the rest kept).',
              }),
              years: z
                .number()
                .optional()
                .meta({ description: `Whole years (1–${RETENTION_LIMITS.years}) after the idea reached the stage; required unless keep.` }),
              decision: text(RETENTION_LIMITS.decision).meta({ description: 'The gallringsbeslut the rule applies (reference text).' }),
            }),
          )
          .max(END_STAGES.length * 2),
        audit: z
          .strictObject({
            years: z.number().optional().meta({ description: 'Whole years an audit entry is kept; left out, the log is kept.' }),
            decision: text(RETENTION_LIMITS.decision),
          })
          .optional(),
      })
      .optional()
      .meta({
        description: 'Retention rules per end state and the audit log’s own rule; left out, kept. Nothing is removed without a rule.',
      }),
    criteria: z
      .array(
        z.strictObject({
          id: z
            .string()
            .max(CRITERIA_LIMITS.id * 4)
            .optional()
            .meta({
              description: 'The criterion’s id, which scores refer to; left out for a new one, it is made from the name.',
            }),
          name: text(CRITERIA_LIMITS.name),
          description: text(CRITERIA_LIMITS.description).optional(),
          weight: z.number().meta({ description: `Whole number 1–${CRITERIA_LIMITS.weight}: how much it counts against the others.` }),
        }),
      )
      .max(CRITERIA_LIMITS.criteria * 2)
      .optional()
      .meta({ description: 'Evaluation criteria coaches score ideas on, each 1–5, weighed by weight into a score 0–100. Left out: kept.' }),
    dataController: z
      .strictObject({
        name: text(SETTINGS_LIMITS.controllerText),
        contact: text(SETTINGS_LIMITS.controllerText),
        dpoContact: text(SETTINGS_LIMITS.controllerText).optional(),
      })
      .optional()
      .meta({ description: 'The controller of the personal data and their contact, shown on the privacy page. Left out: kept.' }),
  })
  .meta({ id: 'SluiceSettings' });

export const sluiceSettingsResponse = z
  .strictObject({
    sluiceId: z.string(),
    settings: settingsSchema,
    coachChannel: z.strictObject({ conversationId: z.string(), name: z.string().optional(), teamId: z.string().optional() }).optional(),
    etag: z.string().meta({ description: 'Send back in If-Match with updateSluice.' }),
    role: z.enum(ROLES),
    onboardingContact: z
      .string()
      .optional()
      .meta({ description: 'Whom people of a tenant in no sluice are told to ask (ONBOARDING_CONTACT); not a setting of the sluice.' }),
    directorySync: z.boolean().optional().meta({
      description: 'Whether this server syncs coach groups with a directory (Microsoft Graph); false: coachGroups are kept but not synced.',
    }),
  })
  .meta({ id: 'SluiceSettingsResponse' });

const personRef = z.strictObject({ id: z.string(), name: z.string() });
export const coachSyncResponse = z
  .strictObject({
    added: z.array(personRef),
    removed: z.array(personRef),
    named: z.array(personRef),
    unavailableGroups: z.array(z.string()).meta({ description: 'Groups the directory could not read now; their coaches were kept.' }),
    sluice: sluiceSettingsResponse,
  })
  .meta({ id: 'CoachSyncResponse' });

export const settingsProblem = z.strictObject({
  field: z.string(),
  code: z.enum(SETTINGS_PROBLEMS),
  limit: z.number().int().optional(),
  other: z.string().optional(),
  message: z.string(),
});

export const importProblem = z.strictObject({
  code: z.enum(IMPORT_PROBLEMS),
  row: z.number().int().optional(),
  field: z.enum(IMPORT_COLUMNS).optional(),
  limit: z.number().int().optional(),
  detail: z.string().optional(),
  message: z.string(),
});

export const adminError = z
  .strictObject({
    code: z.string(),
    message: z.string(),
    correlationId: z.string().optional(),
    problems: z.array(z.union([settingsProblem, importProblem])).optional(),
    current: sluiceSettingsResponse.optional(),
  })
  .meta({ id: 'AdminError' });

const auditSettingsPart = settingsSchema.partial();
const syncedCoach = z.strictObject({ id: z.string(), name: z.string() });
export const auditEvent = z.strictObject({
  id: z.string(),
  sluiceId: z.string(),
  at: z.iso.datetime(),
  atMs: z.number().int(),
  actor: z.strictObject({ id: z.string(), tenantId: z.string(), name: z.string() }),
  action: z.enum(AUDIT_ACTIONS),
  changed: z.array(z.string()).optional(),
  before: auditSettingsPart.optional(),
  after: auditSettingsPart.optional(),
  import: z
    .strictObject({ rows: z.number().int(), created: z.number().int(), existing: z.number().int(), fileHash: z.string() })
    .optional(),
  link: z
    .strictObject({ sluiceId: z.string(), sluiceName: z.string(), state: z.enum(['requested', 'invited', 'linked', 'none']) })
    .optional(),
  idea: z
    .strictObject({ id: z.string(), number: z.number().int(), reference: z.string().optional() })
    .optional()
    .meta({ description: '`record.viewed`: the idea whose record was read.' }),
  coaches: z
    .strictObject({ added: z.array(syncedCoach), removed: z.array(syncedCoach), named: z.array(syncedCoach) })
    .optional()
    .meta({ description: '`coaches.synced`: the coaches a sync with the Entra coach groups added, removed and named.' }),
  personalData: z
    .strictObject({
      subject: z.string(),
      reason: z.string().optional(),
      basis: z.string().optional(),
      items: z.number().int().optional(),
      counts: z.array(z.strictObject({ kind: z.string(), count: z.number().int(), action: z.enum(['anonymised', 'deleted']) })).optional(),
    })
    .optional()
    .meta({
      description:
        '`personalData.exported`, `personalData.exportedFor`, `person.anonymised`: whom it was about (a reference that names nobody), the reason or legal basis, and what was handed out or changed.',
    }),
  gallring: z
    .strictObject({ recordId: z.string(), rule: z.string(), action: z.string(), count: z.number().int() })
    .optional()
    .meta({ description: '`gallring.applied`: the gallring record and what it did.' }),
  rescore: z.strictObject({ criteriaVersion: z.string(), error: z.string() }).optional().meta({
    description:
      "`scores.rescoreFailed`: the ideas' scores could not be brought to the criteria of this version (the rescore job failed for good), and why.",
  }),
});

export const auditPage = z.strictObject({ items: z.array(auditEvent), continuation: z.string().optional() }).meta({ id: 'AuditPage' });

export const auditQuery = z.strictObject({
  pageSize: z.coerce.number().int().min(1).max(100).default(25),
  continuation: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,512}$/, 'must be a continuation from the previous page')
    .optional(),
});

export const importQuery = z.strictObject({
  dryRun: z.enum(['true', 'false'], { message: 'must be true or false' }).default('false'),
  sluice: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be a sluice id')
    .optional(),
});

export const importResponse = z
  .strictObject({
    dryRun: z.boolean(),
    total: z.number().int(),
    valid: z.number().int(),
    new: z.number().int(),
    existing: z.number().int(),
    created: z.number().int(),
    problems: z.array(importProblem),
    sample: z.array(
      z.strictObject({
        row: z.number().int(),
        title: z.string(),
        department: z.string(),
        tenantId: z.string(),
        stage: z.enum(STAGES),
        giverName: z.string(),
        submittedAt: z.string().optional(),
        status: z.enum(['new', 'existing']),
      }),
    ),
  })
  .meta({ id: 'ImportResponse' });

export type SluiceSettingsResponse = z.infer<typeof sluiceSettingsResponse>;
export type CoachSyncResponseBody = z.infer<typeof coachSyncResponse>;
export type SettingsProblemBody = z.infer<typeof settingsProblem>;
export type ImportProblemBody = z.infer<typeof importProblem>;
export type AdminErrorBody = z.infer<typeof adminError>;
export type AuditEventBody = AuditEvent;
/** `listAuditEvents`: newest first; pass `continuation` back for the next page. */
export interface AuditPageBody {
  readonly items: readonly AuditEvent[];
  readonly continuation?: string;
}
export type ImportResponseBody = z.infer<typeof importResponse>;
export type SluiceSettingsBody = z.infer<typeof settingsSchema>;
