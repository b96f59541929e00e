import { z } from 'zod';
import { HISTORY_KINDS } from '../domain/idea';
import { STAGES } from '../domain/stages';
import type { IdeaParticipationKind } from '../domain/retention/participation';
import { END_STAGES, RETENTION_ACTIONS } from '../domain/retention/rules';

/** Shapes of the gallring records, the chain check over all ideas and the published statements. */

const participationCounts = z
  .strictObject({
    comment: z.number().int().optional(),
    note: z.number().int().optional(),
    support: z.number().int().optional(),
    helpOffer: z.number().int().optional(),
    score: z.number().int().optional(),
  } satisfies Record<IdeaParticipationKind, z.ZodType>)
  .meta({ id: 'GallringParticipation', description: 'Participation documents per kind (a kind with none is left out).' });

const gallringIdea = z.strictObject({
  id: z.string(),
  number: z.number().int(),
  reference: z.string().optional(),
  title: z.string().optional(),
  chainWholeBefore: z.boolean().optional().meta({
    description: 'removePersonalData: whether the chain was whole before the personal data was removed and the history sealed afresh.',
  }),
  participation: participationCounts
    .optional()
    .meta({ description: 'Its comments, notes, supports, offers of help and score sheets removed or stripped with it, per kind.' }),
});

export const gallringRecord = z
  .strictObject({
    id: z.string(),
    scope: z.enum(['sluice', 'drafts']).meta({ description: "`drafts`: the deployment's drafts, which belong to no sluice yet." }),
    rule: z.enum([...END_STAGES, 'audit', 'drafts']),
    action: z.enum(['delete', 'removePersonalData', 'deleteDrafts', 'deleteAuditEntries']),
    decision: z.string().meta({ description: 'The gallringsbeslut the rule names.' }),
    after: z.union([z.strictObject({ years: z.number().int() }), z.strictObject({ days: z.number().int() })]),
    dueBefore: z.iso.datetime(),
    at: z.iso.datetime().meta({ description: 'When the round began.' }),
    completedAt: z.iso.datetime().optional(),
    state: z.enum(['claimed', 'done']),
    ideas: z.array(gallringIdea),
    count: z.number().int(),
    participation: participationCounts
      .optional()
      .meta({ description: 'Idea rules: the participation documents removed or stripped with the ideas, per kind, over all of them.' }),
  })
  .meta({ id: 'GallringRecord' });

export const gallringPage = z
  .strictObject({ items: z.array(gallringRecord), continuation: z.string().optional() })
  .meta({ id: 'GallringPage' });

export const pageQuery = z.strictObject({
  pageSize: z.coerce.number().int().min(1).max(100).default(25),
  continuation: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,512}$/, 'must be a continuation from the previous page')
    .optional(),
});

export const chainReport = z
  .strictObject({
    checked: z.number().int().meta({ description: 'Ideas checked: every idea of the sluice.' }),
    events: z.number().int(),
    checkedAt: z.iso.datetime(),
    broken: z.array(
      z.strictObject({
        ideaId: z.string(),
        number: z.number().int(),
        reference: z.string().optional(),
        title: z.string(),
        events: z.number().int(),
        index: z.number().int(),
        eventId: z.string(),
        kind: z.enum(HISTORY_KINDS).optional(),
        at: z.string().optional(),
        problem: z.enum(['changed', 'unsealed']),
      }),
    ),
  })
  .meta({ id: 'ChainReport' });

export const statements = z
  .strictObject({
    sluiceName: z.string(),
    municipalities: z.array(z.string()),
    dataController: z.strictObject({ name: z.string(), contact: z.string(), dpoContact: z.string().optional() }).optional(),
    retention: z.strictObject({
      rules: z.array(
        z.strictObject({
          stage: z.enum(END_STAGES),
          action: z.enum(RETENTION_ACTIONS),
          years: z.number().int().optional(),
          decision: z.string(),
        }),
      ),
      audit: z.strictObject({ years: z.number().int().optional(), decision: z.string() }).optional(),
      draftDays: z.number().int(),
    }),
  })
  .meta({ id: 'Statements' });

export const recordLookupQuery = z.strictObject({
  q: z
    .string()
    .min(1)
    .max(40)
    .meta({ description: 'An idea number (`42`, `#42`) or a record reference (`IDÉ 2026/42`; the prefix may be left out: `2026/42`).' }),
});

export const recordLookup = z
  .strictObject({
    idea: z
      .strictObject({
        id: z.string(),
        number: z.number().int(),
        reference: z.string().optional(),
        title: z.string(),
        stage: z.enum(STAGES),
      })
      .optional()
      .meta({ description: 'The idea found: open its record with getIdeaRecord.' }),
    removed: z
      .strictObject({
        number: z.number().int(),
        reference: z.string().optional(),
        title: z.string().optional(),
        recordId: z.string(),
        at: z.iso.datetime(),
        rule: z.enum([...END_STAGES, 'audit', 'drafts']),
        decision: z.string(),
      })
      .optional()
      .meta({ description: 'No such idea any more: the gallring record that removed it, and under which gallringsbeslut.' }),
  })
  .meta({ id: 'RecordLookup' });

export type GallringRecordBody = z.infer<typeof gallringRecord>;
export type GallringPageBody = z.infer<typeof gallringPage>;
export type ChainReportBody = z.infer<typeof chainReport>;
export type StatementsBody = z.infer<typeof statements>;
export type RecordLookupBody = z.infer<typeof recordLookup>;
