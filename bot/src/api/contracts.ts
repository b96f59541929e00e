/**
 * The tab API's wire contracts. Types only: the tab imports them with `import type`, so nothing
 * of the server reaches the browser bundle. The OpenAPI document (`GET /api/openapi.json`)
 * describes the same shapes, and the API tests check real responses against it.
 */
import type { Beneficiary, Effect, HistoryEvent, IdeaSource, LinkKind, Satisfaction } from '../domain/idea';
import type { GiverActionType } from '../domain/giver-actions';
import type { Locale, Stage } from '../domain/stages';

export type { Beneficiary, GiverActionType, HistoryEvent, LinkKind, Locale, Satisfaction, Stage };

/** Another idea of the sluice a coach linked this one to, as it is now. */
export interface IdeaLinkView {
  readonly id: string;
  readonly number: number;
  readonly title: string;
  readonly stage: Stage;
  /** `similar` "liknar", `duplicate` "dubblett av", `related` "hänger ihop med". */
  readonly kind: LinkKind;
}

/** Body of `linkIdeas` (`POST /api/ideas/{id}/links`); send the idea's `etag` in `If-Match`. */
export interface LinkIdeasRequest {
  /** The other idea, by id … */
  readonly ideaId?: string;
  /** … or by its number in the sluice (#12), as a coach types it; exactly one of the two. */
  readonly number?: number;
  readonly kind: LinkKind;
}

/** The coach actions the tab can ask for; the same domain transitions the cards use. */
export type CoachActionType = 'take' | 'advance' | 'decline' | 'askInfo' | 'reassign' | 'reopen';

/** Body of `POST /api/ideas/{id}/actions`; send the idea's `etag` in `If-Match`. */
export type CoachActionRequest =
  | { readonly type: 'take' }
  /** `effects` is required when the next stage is Införd (`done`): for whom, what changed, optionally a figure and its unit. */
  | { readonly type: 'advance'; readonly comment?: string; readonly effects?: readonly EffectRequest[] }
  /** `duplicateOf`: a linked idea this one duplicates; the reason then names it ("Dubblett av #12 …") and `reason` is optional. */
  | { readonly type: 'decline'; readonly reason?: string; readonly duplicateOf?: string }
  | { readonly type: 'askInfo'; readonly question: string }
  | { readonly type: 'reassign'; readonly coachId: string }
  | { readonly type: 'reopen'; readonly comment?: string };

/** One effect as the tab sends it. */
export interface EffectRequest {
  readonly forWhom: string;
  readonly change: string;
  readonly amount?: number;
  readonly unit?: string;
}

export interface PersonRef {
  readonly id: string;
  readonly name: string;
}

/** An idea as a board card shows it. */
export interface IdeaCard {
  readonly id: string;
  /** How many people support the idea ("Jag stödjer idén"); absent when nobody does. */
  readonly supportCount?: number;
  /** The coaches' weighted score 0–100 (`scoreIdea`); only for coaches and admins, absent until scored. */
  readonly score?: number;
  readonly number: number;
  readonly title: string;
  readonly department: string;
  readonly stage: Stage;
  readonly needsInfo: boolean;
  readonly coach?: PersonRef;
  readonly giver: PersonRef;
  /** The municipality (tenant) it was handed in from. */
  readonly tenantId: string;
  readonly createdAt: string;
  readonly stageChangedAt: string;
  /** Changes with every change of the idea; lets the tab tell that a card is out of date. */
  readonly updatedAt: string;
  /** Where "take" or "move on" takes the idea (the process is the server's); absent after `done`/`closed`. */
  readonly nextStage?: Stage;
  /** The coach actions the caller may take now; empty for everyone who is not a coach. */
  readonly actions: readonly CoachActionType[];
  /** "Försenad": the idea has waited `waited` working days in its stage, past its `limit`, since `since`. */
  readonly overdue?: { readonly waited: number; readonly limit: number; readonly since: string };
  /** No coach could be reached with the idea's task card (the app is not installed for them), since `since`; the admins were told. */
  readonly noReachableCoach?: { readonly since: string };
  /** While the responsible coach is away (back on `until`), the coach who covers for them. */
  readonly cover?: PersonRef & { readonly until: string };
}

/** A page of ideas; pass `continuation` back to get the next one. */
export interface IdeaPage {
  readonly items: readonly IdeaCard[];
  readonly continuation?: string;
}

export type StageCounts = Readonly<Record<Stage, number>>;

/** `GET /api/board`: the header counts and the first page of every column. */
export interface BoardResponse {
  readonly counts: StageCounts;
  readonly total: number;
  readonly columns: Readonly<Record<Stage, IdeaPage>>;
}

/** `GET /api/counts`. */
export interface CountsResponse {
  readonly counts: StageCounts;
  readonly total: number;
}

/** One idea with everything the panel shows. */
export interface IdeaDetail extends IdeaCard {
  readonly need: string;
  readonly idea: string;
  readonly beneficiaries: readonly Beneficiary[];
  readonly source: IdeaSource;
  readonly giver: PersonRef & { readonly department?: string; readonly jobTitle?: string };
  /** Who wrote the Teams message the idea was made from, when that was someone else. */
  readonly origin?: { readonly name: string };
  readonly pendingQuestion?: string;
  /** The idea as a public record (allmän handling); missing on ideas handed in before records were kept. */
  readonly record?: {
    readonly reference: string;
    readonly authority: { readonly tenantId: string; readonly name: string };
    readonly receivedOn: string;
  };
  readonly history: readonly HistoryEvent[];
  readonly satisfaction: readonly Satisfaction[];
  /** What the idea achieved, recorded when it reached Införd. */
  readonly effects?: readonly Effect[];
  /** The ideas a coach linked this one to; empty when none. */
  readonly links: readonly IdeaLinkView[];
  readonly version: number;
  /** Send this back in `If-Match` with an action. */
  readonly etag: string;
  /** What the caller may do as the idea's giver (`answerQuestion`, `editIdea`, …); empty for everyone else. */
  readonly giverActions: readonly GiverActionType[];
  /**
   * The link that opens the tab at this idea, the same the cards' "Öppna i Idéslussen" carry in a
   * personal chat (a Teams deep link, or the tab's own address on a server without a Teams app id).
   */
  readonly link?: string;
  /** For the giver: the coach's open question (its history event), to send with `answerQuestion`. */
  readonly openQuestionId?: string;
  /** For the giver: the decision they are asked to rate with `rateIdea`, and the stage it moved the idea to. */
  readonly ratingAsked?: { readonly decisionId: string; readonly stage: Stage };
}

/** Body of `submitIdea` (`POST /api/ideas`): the same questions as the chat. */
export interface SubmitIdeaRequest {
  readonly title: string;
  readonly need: string;
  readonly idea: string;
  readonly beneficiaries: readonly Beneficiary[];
  readonly department: string;
  /** The same for every retry of one form (a double click): one form becomes at most one idea. */
  readonly idempotencyKey: string;
  /** The language the giver uses (Teams' locale); their messages from the bot follow it. Default `sv`. */
  readonly locale?: Locale;
}

/** Body of `editIdea` (`PATCH /api/ideas/{id}`): the fields to change; send the etag in `If-Match`. */
export interface EditIdeaRequest {
  readonly title?: string;
  readonly need?: string;
  readonly idea?: string;
  readonly beneficiaries?: readonly Beneficiary[];
  readonly department?: string;
}

/** Body of `answerQuestion` (`POST /api/ideas/{id}/answer`). */
export interface AnswerQuestionRequest {
  readonly answer: string;
  /** The question answered (`openQuestionId`); refused when a newer question replaced it. */
  readonly questionId?: string;
}

/** Body of `withdrawIdea` (`POST /api/ideas/{id}/withdraw`). */
export interface WithdrawIdeaRequest {
  readonly reason?: string;
}

/** Body of `rateIdea` (`POST /api/ideas/{id}/rating`). */
export interface RateIdeaRequest {
  /** 1–5. */
  readonly rating: number;
  readonly comment?: string;
  /** The decision rated (`ratingAsked.decisionId`); one rating per decision. */
  readonly decisionId?: string;
}

/** `GET /api/ideas/{id}` and a successful action. */
export interface IdeaResponse {
  readonly idea: IdeaDetail;
}

/** `GET /api/config`: what the tab needs to draw the sluice. */
export interface TabConfig {
  readonly sluice: { readonly id: string; readonly name: string };
  readonly stages: readonly Stage[];
  readonly stageLabels: Readonly<Record<Locale, Readonly<Record<Stage, string>>>>;
  readonly departments: readonly string[];
  /** `name` is missing for a coach who has not signed in or taken an idea yet. */
  readonly coaches: readonly { readonly id: string; readonly name?: string }[];
  readonly municipalities: readonly { readonly tenantId: string; readonly name: string }[];
  /** `role`: `admin` sees the Administration view (an admin may also act as a coach); `registrator` the records and audit log. */
  readonly caller: PersonRef & {
    readonly tenantId: string;
    readonly isCoach: boolean;
    /** `registrator`: reads the board, every idea's record and the audit log; changes nothing. */
    readonly role: 'admin' | 'coach' | 'registrator' | 'everyone';
    /** A coach who is away (`setAbsence`, or "borta till …" in chat): the day they are back. */
    readonly awayUntil?: string;
    /** While the coach is away: who covers for them (the sluice's backup, else the next present coach). */
    readonly coveredBy?: { readonly id: string; readonly name?: string };
  };
}

/** `setAbsence` (`PUT /api/me/absence`). */
export interface AbsenceResponse {
  readonly awayUntil?: string;
  readonly backup?: { readonly id: string; readonly name?: string };
}

/** A field the server refused, with the limit that applies. */
export interface FieldProblem {
  readonly field: string;
  /** `tooEarly`/`tooLate`: a date before or after the range allowed (`limit` days ahead for `tooLate`). */
  readonly problem: 'empty' | 'tooShort' | 'tooLong' | 'invalid' | 'tooEarly' | 'tooLate';
  readonly limit?: number;
  readonly message?: string;
}

/** Every 4xx/5xx body. `current` comes with 409/412: the idea as it is now. */
export interface ApiError {
  readonly code: string;
  readonly message: string;
  readonly correlationId?: string;
  readonly problems?: readonly FieldProblem[];
  readonly current?: IdeaDetail;
  /** With `NoSluice`: whom to ask to connect the organisation. */
  readonly contact?: string;
}

/** `POST /api/dev/token` (local only). */
export interface DevTokenRequest {
  readonly oid: string;
  readonly tid: string;
  readonly name: string;
}

export interface DevTokenResponse {
  readonly token: string;
  readonly expiresAt: string;
}

/** `GET /api/dev/personas` (local only): the demo people a browser outside Teams can be. */
export interface DevPersona {
  readonly oid: string;
  readonly tid: string;
  readonly name: string;
  readonly role: 'admin' | 'coach' | 'registrator' | 'employee';
  /** Free text, e.g. the person's department. */
  readonly description?: string;
}

export interface DevPersonasResponse {
  readonly personas: readonly DevPersona[];
}

/** Query parameters shared by the list, board and counts routes. */
export interface IdeaFilterQuery {
  /** One or more stages (repeat the parameter or separate with commas). */
  readonly stage?: Stage | readonly Stage[] | string;
  readonly department?: string;
  readonly coach?: string;
  /** A member tenant id of the sluice. */
  readonly municipality?: string;
  readonly needsInfo?: 'true' | 'false';
  /** A challenge of the sluice: only the ideas that answer it (400 for a challenge not of the caller's sluice). */
  readonly challenge?: string;
  /** Submitted on or after: `YYYY-MM-DD` (UTC) or an ISO date-time. */
  readonly from?: string;
  /** Submitted on or before this day (`YYYY-MM-DD`, inclusive) or before this ISO date-time. */
  readonly to?: string;
  /** Free text in title, need and idea. */
  readonly q?: string;
}

/** `score` (coaches and admins only; 403 for anyone else): weighted score, highest first, unscored last, newest first among equals. */
export type SortOrder = 'newest' | 'oldest' | 'stageChanged' | 'number' | 'score';
