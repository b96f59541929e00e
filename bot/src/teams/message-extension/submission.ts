import { z } from 'zod';
import { isBeneficiary, type Beneficiary } from '../../domain/idea';
import { IDEA_FORM_CONTEXTS, type IdeaFormHidden, type IdeaFormValues } from '../cards/idea-form-card';
import { draftId } from '../../domain/ids';

/** A submitted form: what was typed, and what the form carried along. */
export interface Submission {
  readonly values: IdeaFormValues;
  readonly hidden: IdeaFormHidden;
}

// Inputs arrive as strings (or not at all when left empty); anything else is read as empty and
// the domain's text check then says what is missing. Over-long text is not cut here: the domain
// reports it beside the field, so nothing the person wrote is silently lost.
const text = z.preprocess((v) => (typeof v === 'string' ? v : ''), z.string().max(100_000));

// Only the form's own id and context are read from the submit data. Who wrote the message and
// the link to it are not: they come from the message payload Teams sends with the invoke, so a
// client that edits the form's data cannot credit someone else or plant a link.
const schema = z.object({
  draftId,
  formContext: z.enum(IDEA_FORM_CONTEXTS),
  title: text,
  need: text,
  idea: text,
  department: text,
  beneficiaries: z.unknown().optional(),
  share: z.unknown().optional(),
});

function beneficiariesOf(raw: unknown): Beneficiary[] {
  const parts = typeof raw === 'string' ? raw.split(',') : Array.isArray(raw) ? raw : [];
  return [...new Set(parts.map((p) => (typeof p === 'string' ? p.trim() : p)).filter(isBeneficiary))];
}

/**
 * Reads `composeExtension/submitAction` data. Returns undefined when the form's own data (its
 * draft id and context) is missing or malformed — a form this server did not render. The
 * hidden part holds only the draft id and context; the caller adds the source from Teams.
 */
export function readSubmission(data: unknown): Submission | undefined {
  const parsed = schema.safeParse(data);
  if (!parsed.success) return undefined;
  const d = parsed.data;
  return {
    values: {
      title: d.title,
      need: d.need,
      idea: d.idea,
      department: d.department,
      beneficiaries: beneficiariesOf(d.beneficiaries),
      share: d.share === true || d.share === 'true',
    },
    hidden: { draftId: d.draftId, formContext: d.formContext },
  };
}
