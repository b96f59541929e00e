/**
 * Every action the audit log records has a readable line in Swedish and English in the tab: the
 * actions are read from the server's list and from every `action: '…'` the server's code writes,
 * so an action added there without a line here fails.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { AuditEventBody } from '../../bot/src/api/admin-schemas';
import { AUDIT_ACTIONS } from '../../bot/src/domain/admin/audit';
import { AUDIT_LINES, auditLine } from '../../tab/src/views/admin/audit-lines';

/** An entry of the action with every detail an entry can carry, so each line can show its own. */
function entry(action: AuditEventBody['action']): AuditEventBody {
  return {
    id: `a-${action}`,
    sluiceId: 'default',
    at: '2026-12-02T09:00:00.000Z',
    atMs: Date.parse('2026-12-02T09:00:00.000Z'),
    actor: { id: 'x', tenantId: 't', name: 'Fatima Hassan' },
    action,
    changed: ['retention', 'registrators'],
    before: {},
    after: {},
    import: { rows: 3, created: 2, existing: 1, fileHash: 'h' },
    link: { sluiceId: 'other', sluiceName: 'Skaraborgs idésluss', state: 'linked' },
    idea: { id: 'i', number: 42, reference: 'IDÉ 2026/7' },
    coaches: { added: [{ id: 'c1', name: 'Karin Berg' }], removed: [], named: [] },
    personalData: {
      subject: 'p-1a2b3c4d',
      reason: 'Begäran 2026/311',
      basis: 'Art. 17.1 a, ingen rättslig förpliktelse',
      items: 12,
      counts: [
        { kind: 'idea', count: 3, action: 'anonymised' },
        { kind: 'draft', count: 1, action: 'deleted' },
      ],
    },
    gallring: { recordId: 'gallring-1', rule: 'closed', action: 'delete', count: 5 },
  };
}

/** Every `action: '<word>.<word>'` literal in the server's source. */
function actionsWritten(dir: string): Set<string> {
  const found = new Set<string>();
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) for (const a of actionsWritten(path)) found.add(a);
    else if (name.endsWith('.ts'))
      for (const m of readFileSync(path, 'utf8').matchAll(/\baction: '([a-z][A-Za-z]*\.[a-z][A-Za-z]*)'/g)) found.add(m[1]!);
  }
  return found;
}

describe('the audit log lines', () => {
  it('cover every action the server writes', () => {
    const written = actionsWritten(join(__dirname, '../../bot/src'));
    expect(written.size).toBeGreaterThanOrEqual(5);
    for (const action of written) expect(AUDIT_ACTIONS).toContain(action);
    for (const action of AUDIT_ACTIONS) {
      expect(Object.keys(AUDIT_LINES.sv)).toContain(action);
      expect(Object.keys(AUDIT_LINES.en)).toContain(action);
    }
  });

  it.each([...AUDIT_ACTIONS])('say %s in Swedish and English, each its own line', (action) => {
    const sv = auditLine(entry(action), 'sv');
    const en = auditLine(entry(action), 'en');
    expect(sv.trim().length).toBeGreaterThan(5);
    expect(en.trim().length).toBeGreaterThan(5);
    expect(sv).not.toBe(en);
    const others = AUDIT_ACTIONS.filter((a) => a !== action).map((a) => auditLine(entry(a), 'sv'));
    expect(others).not.toContain(sv);
  });

  it('name what an entry is about: the record read, the reason, the legal basis, the rule and how many', () => {
    expect(auditLine(entry('record.viewed'), 'sv')).toBe('Läste IDÉ 2026/7 som allmän handling');
    expect(auditLine(entry('personalData.exportedFor'), 'sv')).toBe(
      'Tog ut uppgifterna om person p-1a2b3c4d (12 poster), skäl: Begäran 2026/311',
    );
    expect(auditLine(entry('personalData.exported'), 'en')).toBe('Exported their own data (12 items)');
    expect(auditLine(entry('person.anonymised'), 'sv')).toBe(
      'Avidentifierade person p-1a2b3c4d (uppgifter avidentifierade: 3, borttagna: 1), rättslig grund: Art. 17.1 a, ingen rättslig förpliktelse',
    );
    expect(auditLine(entry('gallring.applied'), 'sv')).toBe('Gallring enligt regeln för Avslutad: 5 idéer gallrades');
    const stripped = { ...entry('gallring.applied'), gallring: { recordId: 'g', rule: 'done', action: 'removePersonalData', count: 1 } };
    expect(auditLine(stripped, 'en')).toBe('Retention under the rule for Implemented: personal data removed from 1 idea');
    expect(auditLine(entry('sluice.updated'), 'sv')).toBe('Ändrade gallringsreglerna, registratorerna');
    expect(auditLine(entry('coaches.synced'), 'sv')).toBe('Nya idécoacher från grupp: Karin Berg');
  });
});
