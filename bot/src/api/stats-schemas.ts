import { z } from 'zod';
import { idSchema } from '../domain/ids';
import { PERIOD_PRESETS } from '../domain/stats/period';

/**
 * Input validation of the statistics routes; a failure is a 400 naming each bad field, and an
 * unknown parameter is refused rather than ignored (a misspelt filter must not give figures that
 * look filtered).
 */

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MONTH = /^\d{4}-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?$/;

const monthOrDay = z
  .string()
  .regex(MONTH, 'must be a month (YYYY-MM) or a date (YYYY-MM-DD)')
  .refine((v) => v.length === 7 || !Number.isNaN(Date.parse(`${v}T00:00:00Z`)), 'must be a real date');

const statsFilterShape = {
  period: z.enum(PERIOD_PRESETS, { message: `must be one of ${PERIOD_PRESETS.join(', ')}` }).default('month'),
  from: monthOrDay.optional(),
  to: monthOrDay.optional(),
  municipality: z.string().regex(GUID, 'must be a tenant id (a GUID)').optional(),
  department: z.string().trim().min(1).max(120).optional(),
  challenge: idSchema('a challenge id')
    .optional()
    .meta({ description: "A challenge of the caller's sluice: the figures of the ideas that answer it (400 for any other)." }),
};

export const statsQuery = z.strictObject({
  ...statsFilterShape,
  scope: z.enum(['full', 'public'], { message: 'must be full or public' }).optional(),
});

export const exportQuery = z.strictObject({
  ...statsFilterShape,
  locale: z.enum(['sv', 'en'], { message: 'must be sv or en' }).default('sv'),
});

export type StatsQuery = z.output<typeof statsQuery>;
