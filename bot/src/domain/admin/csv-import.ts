import { createHash } from 'node:crypto';
import { CsvError, parse } from 'csv-parse/sync';
import { checkText, cleanText, type LimitedField } from '../idea';
import type { Sluice } from '../sluice';
import { DEFAULT_STAGE_LABELS, STAGES, type Stage } from '../stages';
import { findDepartment } from './departments';

/**
 * Reading a CSV of existing ideas (from an Excel list or another tool) into rows that can be
 * stored, with every problem named by row and field. Pure: no storage, no clock.
 */

/** The largest file and the most rows one import takes; 10 000 ordinary rows fit well inside. */
export const IMPORT_LIMITS = { bytes: 8 * 1024 * 1024, rows: 10_000, giverName: 100, email: 254 } as const;

export const IMPORT_COLUMNS = [
  'title',
  'need',
  'idea',
  'department',
  'municipality',
  'giverName',
  'giverEmail',
  'submittedAt',
  'stage',
] as const;
export type ImportColumn = (typeof IMPORT_COLUMNS)[number];
export const REQUIRED_COLUMNS: readonly ImportColumn[] = ['title', 'need', 'idea', 'department', 'giverName'];

export const IMPORT_PROBLEMS = [
  'notCsv',
  'tooLarge',
  'tooManyRows',
  'empty',
  'missingColumn',
  'duplicateColumn',
  'required',
  'tooShort',
  'tooLong',
  'unknownMunicipality',
  'unknownStage',
  'badDate',
  'badEmail',
  'wrongColumnCount',
  'duplicateRow',
] as const;
export type ImportProblemCode = (typeof IMPORT_PROBLEMS)[number];

/** A problem of the file (no `row`) or of one row and field. Rows count as in a spreadsheet: the header is row 1. */
export interface ImportProblem {
  readonly code: ImportProblemCode;
  readonly row?: number;
  readonly field?: ImportColumn;
  readonly limit?: number;
  /** A column name, another row's number, or the value that was not understood. */
  readonly detail?: string;
}

/** One row as it will be stored. */
export interface ImportRow {
  readonly row: number;
  readonly title: string;
  readonly need: string;
  readonly idea: string;
  readonly department: string;
  readonly tenantId: string;
  readonly giverName: string;
  readonly giverEmail?: string;
  readonly submittedAt?: string;
  readonly stage: Stage;
  /** The same for the same idea in any later import of the file: what makes re-importing safe. */
  readonly key: string;
}

export interface ParsedImport {
  readonly rows: readonly ImportRow[];
  /** How many data rows the file has (valid or not). */
  readonly total: number;
  readonly problems: readonly ImportProblem[];
  readonly fileHash: string;
}

const TEXT_FIELDS: readonly (ImportColumn & LimitedField)[] = ['title', 'need', 'idea', 'department'];
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * Reads an import file: UTF-8 with or without BOM, `,` or `;` between fields, a header row
 * naming the columns (in any order, any letter case). `defaultTenantId` is the municipality of
 * rows without one (the importer's own).
 */
export function parseImport(bytes: Uint8Array, sluice: Sluice, defaultTenantId: string, now: Date): ParsedImport {
  const fileHash = createHash('sha256').update(bytes).digest('hex');
  const fail = (problem: ImportProblem): ParsedImport => ({ rows: [], total: 0, problems: [problem], fileHash });
  if (bytes.byteLength > IMPORT_LIMITS.bytes) return fail({ code: 'tooLarge', limit: IMPORT_LIMITS.bytes });
  if (bytes.includes(0)) return fail({ code: 'notCsv', detail: 'binary' });
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return fail({ code: 'notCsv', detail: 'encoding' });
  }
  if (text.trim() === '') return fail({ code: 'empty' });

  let records: string[][];
  try {
    records = parse(text, {
      delimiter: delimiterOf(text),
      bom: true,
      relax_column_count: true,
      skip_empty_lines: true,
      trim: false,
      max_record_size: IMPORT_LIMITS.bytes,
    }) as string[][];
  } catch (err) {
    if (err instanceof CsvError) {
      const line = (err as CsvError & { lines?: number }).lines;
      return fail({ code: 'notCsv', ...(line ? { row: line } : {}), detail: err.code });
    }
    throw err;
  }
  const [header, ...data] = records;
  if (!header) return fail({ code: 'empty' });
  if (data.length > IMPORT_LIMITS.rows) return fail({ code: 'tooManyRows', limit: IMPORT_LIMITS.rows });

  const columns = new Map<ImportColumn, number>();
  const problems: ImportProblem[] = [];
  header.forEach((name, i) => {
    const column = IMPORT_COLUMNS.find((c) => c.toLowerCase() === name.trim().toLowerCase());
    if (!column) return;
    if (columns.has(column)) problems.push({ code: 'duplicateColumn', field: column });
    else columns.set(column, i);
  });
  for (const column of REQUIRED_COLUMNS) if (!columns.has(column)) problems.push({ code: 'missingColumn', field: column });
  if (problems.length > 0) return { rows: [], total: data.length, problems, fileHash };
  if (data.length === 0) return fail({ code: 'empty' });

  const departments = sluice.departments.map((name) => ({ name, aliases: sluice.departmentAliases?.[name] ?? [] }));
  const rows: ImportRow[] = [];
  const seen = new Map<string, number>();
  data.forEach((record, index) => {
    const row = index + 2;
    const before = problems.length;
    const add = (code: ImportProblemCode, field?: ImportColumn, extra: Pick<ImportProblem, 'limit' | 'detail'> = {}): void => {
      problems.push({ code, row, ...(field ? { field } : {}), ...extra });
    };
    if (record.length !== header.length && !(record.length === 1 && record[0] === ''))
      add('wrongColumnCount', undefined, { limit: header.length, detail: String(record.length) });
    const value = (column: ImportColumn): string => {
      const i = columns.get(column);
      return i === undefined ? '' : cleanText(record[i] ?? '');
    };

    for (const field of TEXT_FIELDS) {
      const problem = checkText(field, value(field));
      if (problem) add(problem.problem === 'empty' ? 'required' : problem.problem, field, { limit: problem.limit });
    }
    const giverName = value('giverName');
    if (!giverName) add('required', 'giverName');
    else if ([...giverName].length > IMPORT_LIMITS.giverName) add('tooLong', 'giverName', { limit: IMPORT_LIMITS.giverName });
    const giverEmail = value('giverEmail').toLowerCase();
    if (giverEmail && (giverEmail.length > IMPORT_LIMITS.email || !EMAIL.test(giverEmail))) add('badEmail', 'giverEmail');

    const municipality = value('municipality');
    const tenantId = municipality ? tenantOf(sluice, municipality) : defaultTenantId;
    if (!tenantId) add('unknownMunicipality', 'municipality', { detail: municipality.slice(0, 100) });

    const stageText = value('stage');
    const stage = stageText ? stageOf(sluice, stageText) : 'submitted';
    if (!stage) add('unknownStage', 'stage', { detail: stageText.slice(0, 100) });

    const submittedText = value('submittedAt');
    const submittedAt = submittedText ? dateOf(submittedText) : undefined;
    if (submittedText && (!submittedAt || Date.parse(submittedAt) > now.getTime()))
      add('badDate', 'submittedAt', { detail: submittedText.slice(0, 100) });

    if (problems.length > before || !tenantId || !stage) return;
    const department = findDepartment(departments, value('department'))?.name ?? value('department');
    const key = keyOf([value('title'), value('need'), value('idea'), giverName.toLowerCase(), submittedAt ?? '']);
    const earlier = seen.get(key);
    if (earlier !== undefined) {
      add('duplicateRow', undefined, { detail: String(earlier) });
      return;
    }
    seen.set(key, row);
    rows.push({
      row,
      title: value('title'),
      need: value('need'),
      idea: value('idea'),
      department,
      tenantId,
      giverName,
      ...(giverEmail ? { giverEmail } : {}),
      ...(submittedAt ? { submittedAt } : {}),
      stage,
      key,
    });
  });
  return { rows, total: data.length, problems, fileHash };
}

/** `;` when the header has more semicolons than commas (Swedish Excel), else `,`. */
function delimiterOf(text: string): string {
  const firstLine = text.slice(0, Math.max(0, text.indexOf('\n')) || text.length);
  const count = (c: string): number => firstLine.split(c).length - 1;
  return count(';') > count(',') ? ';' : ',';
}

/** A member municipality by tenant id or display name (any letter case). */
function tenantOf(sluice: Sluice, text: string): string | undefined {
  const wanted = text.trim().toLocaleLowerCase('sv');
  return sluice.tenantIds.find((t) => t.toLowerCase() === wanted || (sluice.municipalities[t] ?? '').toLocaleLowerCase('sv') === wanted);
}

/** A stage by key, the sluice's own label or a default label, in Swedish or English. */
function stageOf(sluice: Sluice, text: string): Stage | undefined {
  const wanted = text.trim().toLocaleLowerCase('sv');
  return STAGES.find((s) =>
    [s, sluice.stageLabels.sv?.[s], sluice.stageLabels.en?.[s], DEFAULT_STAGE_LABELS.sv[s], DEFAULT_STAGE_LABELS.en[s]].some(
      (label) => label !== undefined && label.toLocaleLowerCase('sv') === wanted,
    ),
  );
}

/** `2024-03-05`, `2024-03-05 14:30` (Excel) or an ISO date-time; dates without time are noon UTC. */
function dateOf(text: string): string | undefined {
  const t = text.trim();
  const day = /^(\d{4})-(\d{2})-(\d{2})/.exec(t);
  if (!day) return undefined;
  const [y, m, d] = [Number(day[1]), Number(day[2]), Number(day[3])];
  // 2024-02-30 would roll over into March: refuse it instead.
  const calendar = new Date(Date.UTC(y, m - 1, d));
  if (calendar.getUTCFullYear() !== y || calendar.getUTCMonth() !== m - 1 || calendar.getUTCDate() !== d) return undefined;
  let iso: string | undefined;
  if (t.length === 10) iso = `${t}T12:00:00.000Z`;
  else if (/^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2})?$/.test(t)) iso = `${t.replace(' ', 'T')}${t.length === 16 ? ':00' : ''}Z`;
  else if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(t)) iso = t;
  const ms = iso === undefined ? NaN : Date.parse(iso);
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
}

function keyOf(parts: readonly string[]): string {
  return createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 40);
}
