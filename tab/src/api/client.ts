import type { FindSimilarRequest, SimilarIdeasResponse } from '../../../bot/src/api/similar-contracts';
import type {
  AbsenceResponse,
  AnswerQuestionRequest,
  ApiError,
  BoardResponse,
  CoachActionRequest,
  CountsResponse,
  DevPersonasResponse,
  DevTokenRequest,
  DevTokenResponse,
  EditIdeaRequest,
  IdeaFilterQuery,
  IdeaPage,
  IdeaResponse,
  LinkIdeasRequest,
  RateIdeaRequest,
  SortOrder,
  SubmitIdeaRequest,
  TabConfig,
  WithdrawIdeaRequest,
} from '../../../bot/src/api/contracts';
import type { StatsResponse } from '../../../bot/src/api/stats-contracts';
import type { OfferHelpRequest, SupportResponse } from '../../../bot/src/api/support-contracts';
import type { ScoreIdeaRequest, ScoresResponse } from '../../../bot/src/api/scoring-contracts';
import type { IdeaRecordResponse } from '../../../bot/src/api/record-contracts';
import type {
  AuditPageBody,
  CoachSyncResponseBody,
  ImportResponseBody,
  SluiceSettingsBody,
  SluiceSettingsResponse,
} from '../../../bot/src/api/admin-schemas';
import type { LinkedIdeasBody, SluiceLinksBody } from '../../../bot/src/api/link-schemas';
import type { ChainReportBody, GallringPageBody, RecordLookupBody, StatementsBody } from '../../../bot/src/api/retention-schemas';
import type {
  AddCommentRequest,
  CommentResponse,
  CommentsResponse,
  EditCommentRequest,
  HideCommentRequest,
} from '../../../bot/src/api/comment-contracts';
import type { ChallengeResponse, ChallengesResponse, CreateChallengeRequest } from '../../../bot/src/api/challenge-contracts';
import type { PersonalDataExportBody } from '../../../bot/src/api/personal-data-contracts';
import type { PeopleSearchResponse } from '../../../bot/src/api/people-contracts';

/** A failed call: `status` 0 means the server could not be reached at all. */
export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    readonly body: ApiError | undefined,
  ) {
    super(body?.message ?? `HTTP ${status}`);
    this.name = 'ApiFailure';
  }
}

/** Gets a bearer token; `fresh` asks for a new one after the server refused the last. */
export type TokenSource = (fresh: boolean) => Promise<string>;

export type Query = Readonly<Record<string, string | readonly string[] | number | undefined>>;

/**
 * The tab's one authenticated API client: every call carries the bearer token, a refused token
 * is replaced once, and every failure becomes an {@link ApiFailure} the views turn into words.
 */
export class ApiClient {
  constructor(
    private readonly token: TokenSource,
    private readonly base = '/api',
  ) {}

  config(): Promise<TabConfig> {
    return this.request('GET', '/config');
  }

  board(filter: IdeaFilterQuery, sort: SortOrder = 'newest'): Promise<BoardResponse> {
    return this.request('GET', '/board', { query: { ...filter, sort } });
  }

  counts(filter: IdeaFilterQuery): Promise<CountsResponse> {
    return this.request('GET', '/counts', { query: { ...filter } });
  }

  ideas(filter: IdeaFilterQuery, options: { sort?: SortOrder; pageSize?: number; continuation?: string } = {}): Promise<IdeaPage> {
    return this.request('GET', '/ideas', { query: { ...filter, ...options } });
  }

  mine(continuation?: string): Promise<IdeaPage> {
    return this.request('GET', '/ideas/mine', { query: { continuation } });
  }

  idea(id: string): Promise<IdeaResponse> {
    return this.request('GET', `/ideas/${encodeURIComponent(id)}`);
  }

  /** The idea as a public record (`getIdeaRecord`); the server writes each reading to the audit log. */
  record(id: string): Promise<IdeaRecordResponse> {
    return this.request('GET', `/ideas/${encodeURIComponent(id)}/record`);
  }

  /** Ideas of the sluice like this one (`getSimilarIdeas`). */
  similar(id: string, limit = 3): Promise<SimilarIdeasResponse> {
    return this.request('GET', `/ideas/${encodeURIComponent(id)}/similar`, { query: { limit } });
  }

  /** A coach action on the idea as the caller saw it (its etag). */
  act(id: string, etag: string, action: CoachActionRequest): Promise<IdeaResponse> {
    return this.request('POST', `/ideas/${encodeURIComponent(id)}/actions`, { body: action, headers: { 'if-match': etag } });
  }

  /** A coach links the idea, as the caller saw it, to another of the sluice (`linkIdeas`). */
  linkIdeas(id: string, etag: string, body: LinkIdeasRequest): Promise<IdeaResponse> {
    return this.request('POST', `/ideas/${encodeURIComponent(id)}/links`, { body, headers: { 'if-match': etag } });
  }

  /** A coach removes the link between the idea and another (`unlinkIdeas`). */
  unlinkIdeas(id: string, etag: string, otherId: string): Promise<IdeaResponse> {
    return this.request('DELETE', `/ideas/${encodeURIComponent(id)}/links/${encodeURIComponent(otherId)}`, {
      headers: { 'if-match': etag },
    });
  }

  /** The idea's support and offers of help as the caller sees them (`getSupport`). */
  support(id: string): Promise<SupportResponse> {
    return this.request('GET', `/ideas/${encodeURIComponent(id)}/support`);
  }

  /** The caller supports the idea, once (`supportIdea`). */
  supportIdea(id: string): Promise<SupportResponse> {
    return this.request('PUT', `/ideas/${encodeURIComponent(id)}/support`);
  }

  /** The caller takes their support back (`withdrawSupport`). */
  withdrawSupport(id: string): Promise<SupportResponse> {
    return this.request('DELETE', `/ideas/${encodeURIComponent(id)}/support`);
  }

  /** "Jag kan hjälpa till" with a short note (`offerHelp`). */
  offerHelp(id: string, body: OfferHelpRequest): Promise<SupportResponse> {
    return this.request('POST', `/ideas/${encodeURIComponent(id)}/help`, { body });
  }

  /** The sluice's criteria and every coach's scores of the idea (`getScores`, coaches and admins only). */
  scores(id: string): Promise<ScoresResponse> {
    return this.request('GET', `/ideas/${encodeURIComponent(id)}/scores`);
  }

  /** The caller scores the idea 1–5 per criterion, replacing their earlier scores (`scoreIdea`). */
  scoreIdea(id: string, body: ScoreIdeaRequest): Promise<ScoresResponse> {
    return this.request('PUT', `/ideas/${encodeURIComponent(id)}/scores`, { body });
  }

  /** The idea's comments, and for coaches its internal notes (`listComments`). */
  comments(id: string): Promise<CommentsResponse> {
    return this.request('GET', `/ideas/${encodeURIComponent(id)}/comments`);
  }

  /** Writes a comment or note (`addComment`); the same `idempotencyKey` again gives the same comment. */
  addComment(id: string, body: AddCommentRequest): Promise<CommentResponse> {
    return this.request('POST', `/ideas/${encodeURIComponent(id)}/comments`, { body });
  }

  /** The author changes their comment within 15 minutes (`editComment`). */
  editComment(id: string, commentId: string, body: EditCommentRequest): Promise<CommentResponse> {
    return this.request('PATCH', `/ideas/${encodeURIComponent(id)}/comments/${encodeURIComponent(commentId)}`, { body });
  }

  /** The author deletes their comment within 15 minutes (`deleteComment`). */
  deleteComment(id: string, commentId: string): Promise<void> {
    return this.request('DELETE', `/ideas/${encodeURIComponent(id)}/comments/${encodeURIComponent(commentId)}`);
  }

  /** A coach hides a comment with a reason (`hideComment`). */
  hideComment(id: string, commentId: string, body: HideCommentRequest): Promise<CommentResponse> {
    return this.request('POST', `/ideas/${encodeURIComponent(id)}/comments/${encodeURIComponent(commentId)}/hide`, { body });
  }

  /** Hands in an idea as the caller (`submitIdea`); the same `idempotencyKey` again gives the same idea. */
  submitIdea(body: SubmitIdeaRequest): Promise<IdeaResponse> {
    return this.request('POST', '/ideas', { body });
  }

  /** Ideas of the sluice like a draft being written (`findSimilarIdeas`). */
  similarToDraft(draft: FindSimilarRequest): Promise<SimilarIdeasResponse> {
    return this.request('POST', '/ideas/similar', { body: draft });
  }

  /** The giver changes their idea's text (`editIdea`), as they saw it (its etag). */
  editIdea(id: string, etag: string, body: EditIdeaRequest): Promise<IdeaResponse> {
    return this.request('PATCH', `/ideas/${encodeURIComponent(id)}`, { body, headers: { 'if-match': etag } });
  }

  /** The giver answers the coach's open question (`answerQuestion`). */
  answerQuestion(id: string, etag: string, body: AnswerQuestionRequest): Promise<IdeaResponse> {
    return this.request('POST', `/ideas/${encodeURIComponent(id)}/answer`, { body, headers: { 'if-match': etag } });
  }

  /** The giver withdraws their idea (`withdrawIdea`). */
  withdrawIdea(id: string, etag: string, body: WithdrawIdeaRequest): Promise<IdeaResponse> {
    return this.request('POST', `/ideas/${encodeURIComponent(id)}/withdraw`, { body, headers: { 'if-match': etag } });
  }

  /** The giver rates the process after a decision (`rateIdea`). */
  rateIdea(id: string, etag: string, body: RateIdeaRequest): Promise<IdeaResponse> {
    return this.request('POST', `/ideas/${encodeURIComponent(id)}/rating`, { body, headers: { 'if-match': etag } });
  }

  /** Says the caller (a coach) is away until `until`, the day they are back, or back with null (`setAbsence`). */
  setAbsence(until: string | null): Promise<AbsenceResponse> {
    return this.request('PUT', '/me/absence', { body: { until } });
  }

  /** People whose name or address starts with the words, for a people picker (`searchPeople`, coaches and admins). */
  searchPeople(q: string): Promise<PeopleSearchResponse> {
    return this.request('GET', '/people', { query: { q } });
  }

  /** The figures of a period (`getStats`). */
  stats(query: Query): Promise<StatsResponse> {
    return this.request('GET', '/stats', { query });
  }

  /** The CSV export of a period's ideas (`exportIdeasCsv`), as a file to save. */
  async exportCsv(query: Query): Promise<Blob> {
    const url = `${this.base}/stats/export.csv${queryString(query)}`;
    for (let attempt = 0; ; attempt++) {
      const token = await this.token(attempt > 0);
      const res = await send(url, 'GET', { accept: 'text/csv', authorization: `Bearer ${token}` });
      if (res.status === 401 && attempt === 0) continue;
      if (!res.ok) return read<never>(res);
      return res.blob();
    }
  }

  /** The sluice's settings for the Administration view (`getSluice`, admins only). */
  sluiceSettings(): Promise<SluiceSettingsResponse> {
    return this.request('GET', '/admin/sluice');
  }

  /** Replaces the settings as they were when read (`updateSluice`); 412 when someone else saved first. */
  updateSluice(etag: string, settings: SluiceSettingsBody): Promise<SluiceSettingsResponse> {
    return this.request('PUT', '/admin/sluice', { body: settings, headers: { 'if-match': etag } });
  }

  /** Syncs the coaches with the sluice's Entra groups now (`syncCoachGroups`, admins only). */
  syncCoachGroups(): Promise<CoachSyncResponseBody> {
    return this.request('POST', '/admin/sluice/coach-groups/sync');
  }

  /** What the privacy page states: the controller and the retention rules (`getStatements`). */
  statements(): Promise<StatementsBody> {
    return this.request('GET', '/statements');
  }

  /**
   * Everything stored about the caller (`exportMyData`; the server logs the reading), and the
   * answer as it came, byte for byte, for "Ladda ned som JSON".
   */
  async myData(): Promise<{ data: PersonalDataExportBody; file: Blob }> {
    const url = `${this.base}/me/data`;
    for (let attempt = 0; ; attempt++) {
      const token = await this.token(attempt > 0);
      const res = await send(url, 'GET', { authorization: `Bearer ${token}` });
      if (res.status === 401 && attempt === 0) continue;
      if (!res.ok) return read<never>(res);
      const text = await res.text();
      let data: PersonalDataExportBody;
      try {
        data = JSON.parse(text) as PersonalDataExportBody;
      } catch {
        throw new ApiFailure(502, undefined);
      }
      return { data, file: new Blob([text], { type: 'application/json' }) };
    }
  }

  /** The gallring records, newest first (`listGallringRecords`, admins and registrators). */
  gallringRecords(continuation?: string): Promise<GallringPageBody> {
    return this.request('GET', '/admin/gallring', { query: { pageSize: 25, continuation } });
  }

  /** Checks the history chain of every idea of the sluice (`checkHistoryChains`, admins and registrators). */
  checkHistoryChains(): Promise<ChainReportBody> {
    return this.request('GET', '/admin/chain-check');
  }

  /** An idea by its record reference or number, or the gallring record that removed it (`lookUpRecord`, admins and registrators). */
  lookUpRecord(q: string): Promise<RecordLookupBody> {
    return this.request('GET', '/records/lookup', { query: { q } });
  }

  /** One page of the audit log, newest first (`listAuditEvents`). */
  auditEvents(continuation?: string): Promise<AuditPageBody> {
    return this.request('GET', '/admin/audit', { query: { pageSize: 25, continuation } });
  }

  /** Sends a CSV file of ideas (`importIdeas`): `dryRun` only previews. */
  importIdeas(csv: Blob, dryRun: boolean): Promise<ImportResponseBody> {
    return this.request('POST', '/admin/import', { query: { dryRun: String(dryRun) }, body: csv, headers: { 'content-type': 'text/csv' } });
  }

  /** The sluice's links and the requests waiting on either side (`listSluiceLinks`, admins only). */
  sluiceLinks(): Promise<SluiceLinksBody> {
    return this.request('GET', '/admin/links');
  }

  /** Asks another sluice for a link, by its id (`requestSluiceLink`); answers the links after it. */
  requestLink(sluiceId: string): Promise<SluiceLinksBody> {
    return this.request('POST', '/admin/links', { body: { sluiceId } });
  }

  /** Accepts the other sluice's request (`acceptSluiceLink`); 409 when there is none any more. */
  acceptLink(sluiceId: string): Promise<SluiceLinksBody> {
    return this.request('POST', `/admin/links/${encodeURIComponent(sluiceId)}/accept`);
  }

  /** Ends the link, or withdraws or declines a request (`removeSluiceLink`). */
  removeLink(sluiceId: string): Promise<SluiceLinksBody> {
    return this.request('DELETE', `/admin/links/${encodeURIComponent(sluiceId)}`);
  }

  /** What the linked sluices share: their tested, implemented and closed ideas (`listLinkedIdeas`). */
  linkedIdeas(query: Query): Promise<LinkedIdeasBody> {
    return this.request('GET', '/linked-ideas', { query });
  }

  /** The sluice's challenges with the ideas that answer them (`listChallenges`). */
  challenges(): Promise<ChallengesResponse> {
    return this.request('GET', '/challenges');
  }

  /** Publishes a challenge (`createChallenge`, coaches and admins). */
  createChallenge(body: CreateChallengeRequest): Promise<ChallengeResponse> {
    return this.request('POST', '/challenges', { body });
  }

  private async request<T>(
    method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
    path: string,
    options: { query?: Query; body?: unknown; headers?: Record<string, string> } = {},
  ): Promise<T> {
    const url = `${this.base}${path}${queryString(options.query)}`;
    for (let attempt = 0; ; attempt++) {
      const token = await this.token(attempt > 0);
      const res = await send(url, method, { ...options.headers, authorization: `Bearer ${token}` }, options.body);
      if (res.status === 401 && attempt === 0) continue;
      return read<T>(res);
    }
  }
}

/** Calls that need no token: the local issuer (only on local runs). */
export const devApi = {
  personas: async (): Promise<DevPersonasResponse> => read(await send('/api/dev/personas', 'GET', {})),
  token: async (person: DevTokenRequest): Promise<DevTokenResponse> => read(await send('/api/dev/token', 'POST', {}, person)),
};

async function send(url: string, method: string, headers: Record<string, string>, body?: unknown): Promise<Response> {
  try {
    // A file goes as it is (its content type set by the caller); anything else as JSON.
    const raw = body instanceof Blob;
    return await fetch(url, {
      method,
      headers: { accept: 'application/json', ...(body !== undefined && !raw ? { 'content-type': 'application/json' } : {}), ...headers },
      ...(body !== undefined ? { body: raw ? body : JSON.stringify(body) } : {}),
      cache: 'no-store',
    });
  } catch {
    throw new ApiFailure(0, undefined);
  }
}

async function read<T>(res: Response): Promise<T> {
  let body: unknown;
  try {
    body = await res.json();
  } catch {
    body = undefined;
  }
  if (!res.ok) throw new ApiFailure(res.status, isApiError(body) ? body : undefined);
  // 204 No Content (a deletion) has nothing to read.
  if (res.status === 204) return undefined as T;
  if (body === undefined) throw new ApiFailure(502, undefined);
  return body as T;
}

function isApiError(value: unknown): value is ApiError {
  return typeof value === 'object' && value !== null && typeof (value as { code?: unknown }).code === 'string';
}

/** `?a=1&stage=x&stage=y`, leaving out empty values. */
export function queryString(query: Query | undefined): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === '') continue;
    if (Array.isArray(value)) for (const v of value as readonly string[]) params.append(key, v);
    else params.append(key, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}
