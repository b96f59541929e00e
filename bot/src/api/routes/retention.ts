import type { z } from 'zod';
import type { ZodOpenApiResponseObject } from 'zod-openapi';
import { mayReadAuditLog } from '../../domain/admin/roles';
import type { Viewer } from '../../domain/idea-queries';
import type { Clock, IdeaRepository } from '../../domain/ports';
import { checkSluiceChains } from '../../domain/retention/chain-check';
import { DRAFTS_SCOPE, type GallringRecord, type GallringStore } from '../../domain/retention/gallring';
import { lookUpRecord, parseRecordQuery, type RecordLookup } from '../../domain/retention/record-lookup';
import { DRAFT_RETENTION_DAYS } from '../../domain/retention/rules';
import { ApiProblem, sendJson } from '../http';
import { errors } from '../openapi';
import {
  chainReport,
  gallringPage,
  pageQuery,
  recordLookup,
  recordLookupQuery,
  statements,
  type ChainReportBody,
  type GallringPageBody,
  type GallringRecordBody,
  type RecordLookupBody,
  type StatementsBody,
} from '../retention-schemas';
import { memberRoute, type ApiRoute } from '../route';

export interface RetentionRouteDeps {
  readonly records: GallringStore;
  /** Ideas by number or record reference, and the gallring records that removed ideas. */
  readonly lookup: RecordLookup;
  readonly ideas: IdeaRepository;
  readonly clock: Clock;
}

const answer = (schema: z.ZodType, description: string): ZodOpenApiResponseObject => ({
  description,
  content: { 'application/json': { schema } },
});

/**
 * Records and privacy beyond a single idea: the gallring records (admins and registrators), the
 * chain check over every idea of the sluice (admins and registrators), and what the tab's privacy
 * page states (everyone in the sluice).
 */
export function retentionRoutes(deps: RetentionRouteDeps): ApiRoute[] {
  return [
    memberRoute({
      method: 'get',
      path: '/api/admin/gallring',
      operationId: 'listGallringRecords',
      summary: 'The gallring records, newest first: which rule, when, which ideas and how many (admins and registrators; read-only).',
      description: `Each record is one round of one retention rule (or of the drafts, removed ${DRAFT_RETENTION_DAYS} days after they were last touched, or of the audit log's own rule). Records are kept: nothing removes them.`,
      request: { query: pageQuery },
      responses: { 200: answer(gallringPage, 'One page.'), ...errors(400) },
      handle: async ({ res, query, viewer }) => {
        requireRecordReader(viewer);
        const page = await deps.records.list([viewer.sluice.id, DRAFTS_SCOPE], {
          pageSize: query.pageSize,
          ...(query.continuation ? { continuation: query.continuation } : {}),
        });
        const body: GallringPageBody = {
          items: page.items.map(recordBody),
          ...(page.continuation ? { continuation: page.continuation } : {}),
        };
        sendJson(res, 200, body);
      },
    }),
    memberRoute({
      method: 'get',
      path: '/api/admin/chain-check',
      operationId: 'checkHistoryChains',
      summary:
        'Checks the history chain of every idea of the sluice: how many were checked and which are broken (admins and registrators).',
      responses: { 200: answer(chainReport, 'The check.') },
      handle: async ({ res, viewer }) => {
        requireRecordReader(viewer);
        const report = await checkSluiceChains(deps.ideas, viewer.sluice.id, deps.clock.now());
        const body: ChainReportBody = { ...report, broken: report.broken.map((b) => ({ ...b })) };
        sendJson(res, 200, body);
      },
    }),
    memberRoute({
      method: 'get',
      path: '/api/records/lookup',
      operationId: 'lookUpRecord',
      summary:
        'Finds an idea of the sluice by its record reference (IDÉ 2026/42) or number, to open its record; says which gallring record removed it when it is gone (admins and registrators).',
      description:
        'Reading the record itself is getIdeaRecord, which writes the audit entry; this only finds the idea. 404 when no idea of the sluice has that number or reference and no gallring record names it.',
      request: { query: recordLookupQuery },
      responses: { 200: answer(recordLookup, 'The idea, or the gallring record that removed it.'), ...errors(400, 404) },
      handle: async ({ res, query, viewer }) => {
        requireRecordReader(viewer);
        const parsed = parseRecordQuery(query.q);
        if (!parsed)
          throw new ApiProblem(400, 'BadRequest', 'q must be an idea number (42) or a record reference (IDÉ 2026/42).', {
            problems: [{ field: 'q', problem: 'invalid', message: 'must be an idea number or a record reference' }],
          });
        const result = await lookUpRecord(deps.lookup, viewer.sluice, parsed);
        if ('none' in result) throw new ApiProblem(404, 'NotFound', 'No idea of your sluice has that number or reference.');
        const body: RecordLookupBody = 'found' in result ? { idea: { ...result.found } } : { removed: { ...result.removed } };
        sendJson(res, 200, body);
      },
    }),
    memberRoute({
      method: 'get',
      path: '/api/statements',
      operationId: 'getStatements',
      summary: "What the tab's privacy page states for the caller's sluice: the controller of the personal data and the retention rules.",
      responses: { 200: answer(statements, 'The statements.') },
      handle: async ({ res, viewer }) => {
        const { sluice } = viewer;
        const body: StatementsBody = {
          sluiceName: sluice.name,
          municipalities: sluice.tenantIds.map((t) => sluice.municipalities[t] ?? sluice.name),
          ...(sluice.dataController ? { dataController: { ...sluice.dataController } } : {}),
          retention: {
            rules: (sluice.retention?.rules ?? []).map((r) => ({ ...r })),
            ...(sluice.retention?.audit ? { audit: { ...sluice.retention.audit } } : {}),
            draftDays: DRAFT_RETENTION_DAYS,
          },
        };
        sendJson(res, 200, body);
      },
    }),
  ];
}

function requireRecordReader(viewer: Viewer): void {
  if (!mayReadAuditLog(viewer.sluice, viewer.person))
    throw new ApiProblem(
      403,
      'Forbidden',
      'Only the admins and registrators of this sluice may read its gallring records, check its chains and look up its records.',
    );
}

function recordBody(r: GallringRecord): GallringRecordBody {
  return {
    id: r.id,
    scope: r.sluiceId === DRAFTS_SCOPE ? 'drafts' : 'sluice',
    rule: r.rule,
    action: r.action,
    decision: r.decision,
    after: { ...r.after },
    dueBefore: r.dueBefore,
    at: r.claimedAt,
    ...(r.completedAt ? { completedAt: r.completedAt } : {}),
    state: r.state,
    ideas: r.ideas.map((i) => ({ ...i, ...(i.participation ? { participation: { ...i.participation } } : {}) })),
    count: r.count,
    ...(r.participation ? { participation: { ...r.participation } } : {}),
  };
}
