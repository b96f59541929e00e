import { createHash, randomUUID } from 'node:crypto';
import type { Idea, Person } from '../idea';
import { ideaIdFor } from '../idea-service';
import type { Clock, SluiceRepository, Versioned } from '../ports';
import { recordEntry, recordYear } from '../record';
import { withReminderDue } from '../reminders/policy';
import type { Sluice } from '../sluice';
import { appendWithRetry } from './admin-service';
import type { AuditEvent, AuditLog } from './audit';
import { parseImport, type ImportProblem, type ImportRow } from './csv-import';

/** Where imported ideas go: existence by id, and plain creation (no listeners, so no notifications). */
export interface ImportStore {
  /** Which of these idea ids the sluice already has. */
  existingIds(sluiceId: string, ids: readonly string[]): Promise<ReadonlySet<string>>;
  /** Stores a new idea; an id that already exists is left as it is (then resolves false). */
  create(idea: Idea): Promise<boolean>;
  /** Told of the ideas this import created once all are stored, before it answers (the statistics: one write per month). */
  createdAll?(sluiceId: string, ideas: readonly Idea[]): Promise<void>;
}

/** Told of the ideas an import created, once they are stored (the similar-idea index: found at once). */
export interface ImportListener {
  ideasImported(ideas: readonly Idea[]): void;
}

/** What a file would do: shown to the admin before anything is stored. */
export interface ImportPreview {
  readonly total: number;
  readonly valid: number;
  /** Valid rows not in the sluice yet: what an import creates. */
  readonly new: number;
  /** Valid rows imported before (the same file again creates nothing). */
  readonly existing: number;
  readonly problems: readonly ImportProblem[];
  /** The first rows as they would be stored. */
  readonly sample: readonly (Pick<ImportRow, 'row' | 'title' | 'department' | 'tenantId' | 'stage' | 'giverName' | 'submittedAt'> & {
    readonly status: 'new' | 'existing';
  })[];
}

export type ImportOutcome =
  | { readonly ok: true; readonly preview: ImportPreview; readonly created: number; readonly event: AuditEvent }
  | { readonly ok: false; readonly preview: ImportPreview };

const SAMPLE_ROWS = 20;
/** Parallel writes per import: enough to be quick, few enough not to starve other requests. */
const WRITE_CONCURRENCY = 16;

/**
 * Brings existing ideas into a sluice from a CSV. Nothing is stored unless every row is fine;
 * ids come from the row's content, so importing the same file again creates nothing; imported
 * ideas get one `imported` history event and trigger no notifications.
 */
export class IdeaImportService {
  constructor(
    private readonly sluices: SluiceRepository,
    private readonly store: ImportStore,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
    private readonly listener?: ImportListener,
  ) {}

  async preview(sluice: Sluice, importer: Person, bytes: Uint8Array): Promise<ImportPreview> {
    return (await this.plan(sluice, importer, bytes)).preview;
  }

  async import(sluiceId: string, importer: Person, bytes: Uint8Array): Promise<ImportOutcome | undefined> {
    const found = await this.sluices.get(sluiceId);
    if (!found) return undefined;
    const { preview, rows, fresh, fileHash } = await this.plan(found.value, importer, bytes);
    if (preview.problems.length > 0) return { ok: false, preview };

    const toCreate = rows.filter((r) => fresh.has(r.id));
    const first = toCreate.length > 0 ? await this.allocate(found, toCreate.length) : 0;
    const now = this.clock.now();
    // Due for reminders like a submitted idea: the wait in its stage starts with the import.
    const serials = await this.recordSerials(
      found,
      toCreate.map((r) => new Date(r.row.submittedAt ?? now.toISOString())),
    );
    const ideas = toCreate.map((r, i) =>
      withReminderDue(
        {
          ...ideaOf(r.row, r.id, found.value.id, first + i, importer, now),
          record: recordEntry(found.value, r.row.tenantId, new Date(r.row.submittedAt ?? now.toISOString()), serials[i]!),
        },
        found.value,
      ),
    );
    const created: Idea[] = [];
    for (let i = 0; i < ideas.length; i += WRITE_CONCURRENCY) {
      const batch = ideas.slice(i, i + WRITE_CONCURRENCY);
      const stored = await Promise.all(batch.map((idea) => this.store.create(idea)));
      created.push(...batch.filter((_, j) => stored[j]));
    }
    if (created.length > 0) await this.store.createdAll?.(found.value.id, created);
    this.listener?.ideasImported(ideas);

    const event: AuditEvent = {
      id: randomUUID(),
      sluiceId: found.value.id,
      at: now.toISOString(),
      atMs: now.getTime(),
      actor: { id: importer.id, tenantId: importer.tenantId, name: importer.name },
      action: 'ideas.imported',
      import: { rows: preview.total, created: ideas.length, existing: preview.existing, fileHash },
    };
    await appendWithRetry(this.audit, event);
    return { ok: true, preview, created: ideas.length, event };
  }

  private async plan(sluice: Sluice, importer: Person, bytes: Uint8Array) {
    const defaultTenant = sluice.tenantIds.includes(importer.tenantId) ? importer.tenantId : (sluice.tenantIds[0] ?? importer.tenantId);
    const parsed = parseImport(bytes, sluice, defaultTenant, this.clock.now());
    const rows = parsed.rows.map((row) => ({ row, id: ideaIdFor(sluice.id, giverOf(row), `import:${row.key}`) }));
    const existing = new Set<string>();
    for (let i = 0; i < rows.length; i += 500)
      for (const id of await this.store.existingIds(
        sluice.id,
        rows.slice(i, i + 500).map((r) => r.id),
      ))
        existing.add(id);
    const fresh = new Set(rows.filter((r) => !existing.has(r.id)).map((r) => r.id));
    const preview: ImportPreview = {
      total: parsed.total,
      valid: rows.length,
      new: fresh.size,
      existing: rows.length - fresh.size,
      problems: parsed.problems,
      sample: rows.slice(0, SAMPLE_ROWS).map(({ row, id }) => ({
        row: row.row,
        title: row.title,
        department: row.department,
        tenantId: row.tenantId,
        stage: row.stage,
        giverName: row.giverName,
        ...(row.submittedAt ? { submittedAt: row.submittedAt } : {}),
        status: fresh.has(id) ? 'new' : 'existing',
      })),
    };
    return { preview, rows, fresh, fileHash: parsed.fileHash };
  }

  /**
   * A record serial for each imported idea, in the series of the year it was received (its
   * `submittedAt`): one reservation per year, the serials in the file's order within it.
   */
  private async recordSerials(found: Versioned<Sluice>, received: readonly Date[]): Promise<number[]> {
    const years = received.map(recordYear);
    const next = new Map<number, number>();
    for (const year of new Set(years)) {
      const count = years.filter((y) => y === year).length;
      next.set(year, (await this.sluices.takeRecordSerial(found.value, year, count)) - count + 1);
    }
    return years.map((year) => {
      const serial = next.get(year)!;
      next.set(year, serial + 1);
      return serial;
    });
  }

  /** Reserves `count` consecutive idea numbers from the sluice's counter; returns the first. */
  private async allocate(found: Versioned<Sluice>, count: number): Promise<number> {
    return (await this.sluices.takeIdeaNumber(found.value, count)) - count + 1;
  }
}

/**
 * The giver of an imported idea. People in an old list have no Entra id: they are known by
 * their e-mail address (or name) within the municipality, the same way in every import.
 */
function giverOf(row: ImportRow): Person & { locale: 'sv' } {
  const who = (row.giverEmail ?? row.giverName).toLocaleLowerCase('sv');
  const hash = createHash('sha256').update(`${row.tenantId}\n${who}`).digest('hex').slice(0, 24);
  return { id: `imported:${hash}`, tenantId: row.tenantId, name: row.giverName, locale: 'sv' };
}

function ideaOf(row: ImportRow, id: string, sluiceId: string, number: number, importer: Person, now: Date): Idea {
  const at = now.toISOString();
  const submitted = row.submittedAt ?? at;
  return {
    id,
    sluiceId,
    number,
    tenantId: row.tenantId,
    title: row.title,
    need: row.need,
    idea: row.idea,
    beneficiaries: [],
    department: row.department,
    giver: giverOf(row),
    source: 'import',
    stage: row.stage,
    needsInfo: false,
    createdAt: submitted,
    createdAtMs: Date.parse(submitted),
    updatedAt: at,
    stageChangedAt: submitted,
    history: [
      {
        id: randomUUID(),
        kind: 'imported',
        at,
        actor: { id: importer.id, name: importer.name },
        to: row.stage,
        text: `row ${row.row}`,
      },
    ],
    satisfaction: [],
    version: 1,
  };
}
