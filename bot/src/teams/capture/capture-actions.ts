import type { CardClick } from '../../domain/capture-machine';
import type { DraftField } from '../../domain/draft';
import { DRAFT_FIELDS } from '../../domain/draft';
import { isId } from '../../domain/ids';

/**
 * The verbs of the capture cards' `Action.Submit` buttons, shared by the card templates (which
 * put them in `data.verb`) and the handler that reads them back. Teams delivers such a click as
 * a message whose `value` is the button's data merged with the card's inputs.
 */
export const CAPTURE_VERBS = [
  'capture.submit',
  'capture.edit',
  'capture.cancel',
  'capture.beneficiaries',
  'capture.similarOpen',
  'capture.similarContinue',
  'capture.challengePick',
  // "Svara med en idé" on a challenge's card (no draft yet: it starts one).
  'capture.challenge',
] as const;
export type CaptureVerb = (typeof CAPTURE_VERBS)[number];

/** A click on a capture card, as far as it could be read; `draftId` names the draft the card was made for. */
export type CaptureAction = CardClick;

/** Whether a message's `value` is meant for capture at all (its verb is one of ours). */
export function isCaptureValue(value: unknown): boolean {
  return isRecord(value) && typeof value['verb'] === 'string' && (CAPTURE_VERBS as readonly string[]).includes(value['verb']);
}

/**
 * Reads a card click. Anything malformed (a forged or truncated value, an unknown field) gives
 * undefined, which the handler answers as a stale card.
 */
export function parseCaptureAction(value: unknown): CaptureAction | undefined {
  if (!isRecord(value) || !isCaptureValue(value)) return undefined;
  const draftId = value['draftId'];
  if (typeof draftId !== 'string' || draftId.length === 0 || draftId.length > 100) return undefined;
  switch (value['verb'] as CaptureVerb) {
    case 'capture.submit':
      return { verb: 'capture.submit', draftId };
    case 'capture.cancel':
      return { verb: 'capture.cancel', draftId };
    case 'capture.edit': {
      const field = value['field'];
      if (typeof field !== 'string' || !(DRAFT_FIELDS as readonly string[]).includes(field)) return undefined;
      return { verb: 'capture.edit', draftId, field: field as DraftField };
    }
    case 'capture.beneficiaries': {
      const chosen = value['beneficiaries'];
      return { verb: 'capture.beneficiaries', draftId, beneficiaries: typeof chosen === 'string' ? chosen : '' };
    }
    case 'capture.similarOpen': {
      // The idea is read from the giver's own sluice only; the id is checked before it reaches storage.
      const ideaId = value['ideaId'];
      return isId(ideaId) ? { verb: 'capture.similarOpen', draftId, ideaId } : undefined;
    }
    case 'capture.similarContinue':
      return { verb: 'capture.similarContinue', draftId };
    case 'capture.challengePick': {
      // Absent: "Nej, ingen av dem". The challenge is read from the giver's own sluice only.
      const challengeId = value['challengeId'];
      if (challengeId === undefined) return { verb: 'capture.challengePick', draftId };
      return isId(challengeId) ? { verb: 'capture.challengePick', draftId, challengeId } : undefined;
    }
    case 'capture.challenge':
      return undefined;
  }
}

/** The challenge of a click on "Svara med en idé" (a challenge card's button); undefined for anything else. */
export function parseChallengeAnswer(value: unknown): string | undefined {
  if (!isRecord(value) || value['verb'] !== 'capture.challenge') return undefined;
  const challengeId = value['challengeId'];
  return isId(challengeId) ? challengeId : undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
