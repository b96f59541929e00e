import { z } from 'zod';
import { sluiceId } from '../domain/ids';
import { LINKED_STAGES, type LinkedIdeasPage } from '../domain/linked-ideas';
import type { LinkView } from '../domain/admin/links';

/** Shapes of the linked-sluices API: the admins' agreement and what crosses to a linked sluice. */

export const linkRequestBody = z.strictObject({
  sluiceId: sluiceId.meta({ description: 'The id of the other sluice (its admins find it in their Administration view).' }),
});

export const linkParams = z.strictObject({ sluiceId });

export const sluiceLink = z
  .strictObject({
    sluiceId: z.string(),
    name: z.string(),
    municipalities: z.array(z.string()),
    state: z.enum(['requested', 'invited', 'linked']).meta({
      description:
        '`linked`: both sluices agreed; `requested`: this sluice asked and waits; `invited`: the other sluice asked and waits for an admin here.',
    }),
    since: z.iso.datetime(),
  })
  .meta({ id: 'SluiceLink' });

export const sluiceLinks = z.strictObject({ items: z.array(sluiceLink) }).meta({ id: 'SluiceLinks' });

const effect = z.strictObject({
  forWhom: z.string(),
  change: z.string(),
  amount: z.number().optional(),
  unit: z.string().optional(),
});

export const linkedIdea = z
  .strictObject({
    id: z.string(),
    number: z.number().int(),
    sluice: z.strictObject({ id: z.string(), name: z.string() }),
    municipality: z.string().meta({ description: 'The name of the municipality the idea came from.' }),
    title: z.string(),
    need: z.string(),
    idea: z.string(),
    department: z.string(),
    stage: z.enum(LINKED_STAGES),
    createdAt: z.string(),
    stageChangedAt: z.string(),
    effects: z.array(effect),
    reason: z.string().optional(),
  })
  .meta({ id: 'LinkedIdea' });

export const linkedIdeasPage = z
  .strictObject({
    sluices: z.array(z.strictObject({ id: z.string(), name: z.string() })),
    items: z.array(linkedIdea),
    more: z.boolean(),
  })
  .meta({ id: 'LinkedIdeasPage' });

const stageList = z.preprocess(
  (v) => (typeof v === 'string' ? v.split(',').map((s) => s.trim()) : v),
  z
    .array(z.enum(LINKED_STAGES, { message: `must be one of ${LINKED_STAGES.join(', ')}` }))
    .min(1)
    .max(LINKED_STAGES.length),
);

export const linkedIdeasQuery = z.strictObject({
  sluice: sluiceId.optional().meta({ description: 'Only this linked sluice.' }),
  stage: stageList.optional().meta({
    description: 'One or more of the stages a linked sluice sees; repeat the parameter or separate with commas.',
    override: { type: 'array', items: { type: 'string', enum: [...LINKED_STAGES] } },
  }),
  q: z.string().trim().min(1).max(200, 'must be at most 200 characters').optional(),
  pageSize: z.coerce.number().int().min(1).max(100).default(50),
});

export type SluiceLinksBody = { readonly items: readonly LinkView[] };
export type LinkedIdeasBody = LinkedIdeasPage;
