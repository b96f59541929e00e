/** The pure step of the coach group sync: who is added, removed, named, and who is never touched. */
import { syncedCoaches } from '../../../bot/src/domain/admin/coach-groups';
import type { GroupMember } from '../../../bot/src/domain/directory';
import { sluice, T1, T2 } from '../fixtures';

const G1 = '6a000000-0000-4000-8000-0000000000a1';
const G2 = '6a000000-0000-4000-8000-0000000000a2';
const members = (entries: Record<string, GroupMember[]>): Map<string, readonly GroupMember[]> => new Map(Object.entries(entries));

describe('syncedCoaches', () => {
  it('adds the members of a sluice group beside the hand-picked coaches and leaves those alone', () => {
    const s = sluice({ coachGroups: [{ groupId: G1, tenantId: T1 }] });
    const next = syncedCoaches(
      s,
      members({
        [G1]: [
          { id: 'coach-1', displayName: 'Someone Else' },
          { id: 'p-3', displayName: ' Eva Ek ' },
        ],
      }),
    );
    expect(next?.sluice.coaches).toEqual([{ id: 'coach-1' }, { id: 'coach-2' }, { id: 'p-3', name: 'Eva Ek', fromGroup: G1 }]);
    expect(next?.change).toEqual({ added: [{ id: 'p-3', name: 'Eva Ek' }], removed: [], named: [] });
  });

  it("makes a municipality group's members that municipality's own coaches", () => {
    const s = sluice({ tenantIds: [T1, T2], coachGroups: [{ groupId: G2, tenantId: T2, forMunicipality: true }] });
    const next = syncedCoaches(s, members({ [G2]: [{ id: 'p-4', displayName: 'Per Persson' }] }));
    expect(next?.sluice.coaches.at(-1)).toEqual({ id: 'p-4', name: 'Per Persson', tenantId: T2, fromGroup: G2 });
  });

  it('removes a coach who left the group, or whose group was removed, and unsets them as backup', () => {
    const s = sluice({
      coaches: [
        { id: 'coach-1', name: 'Karin Berg' },
        { id: 'p-3', name: 'Eva Ek', fromGroup: G1 },
        { id: 'p-4', name: 'Per Persson', fromGroup: G2 },
      ],
      backupCoachId: 'p-3',
      coachGroups: [{ groupId: G1, tenantId: T1 }],
    });
    const next = syncedCoaches(s, members({ [G1]: [] }));
    expect(next?.sluice.coaches).toEqual([{ id: 'coach-1', name: 'Karin Berg' }]);
    expect(next?.sluice.backupCoachId).toBeUndefined();
    expect(next?.change.removed).toEqual([
      { id: 'p-3', name: 'Eva Ek' },
      { id: 'p-4', name: 'Per Persson' },
    ]);
  });

  it('keeps the coaches of a group the directory could not read, and changes nothing when all is in step', () => {
    const s = sluice({
      coaches: [
        { id: 'p-3', name: 'Eva Ek', fromGroup: G1, awayUntil: '2026-12-01' },
        { id: 'p-4', name: 'Per Persson', fromGroup: G2 },
      ],
      backupCoachId: 'p-4',
      coachGroups: [
        { groupId: G1, tenantId: T1 },
        { groupId: G2, tenantId: T1 },
      ],
    });
    expect(syncedCoaches(s, members({ [G1]: [{ id: 'p-3', displayName: 'Eva Ek' }] }))).toBeUndefined();
    expect(
      syncedCoaches(s, members({ [G1]: [{ id: 'p-3', displayName: 'Eva Ek' }], [G2]: [{ id: 'p-4', displayName: 'Per Persson' }] })),
    ).toBeUndefined();
  });

  it('names a group coach the sluice knows by id only', () => {
    const s = sluice({ coaches: [{ id: 'p-3', fromGroup: G1 }], coachGroups: [{ groupId: G1, tenantId: T1 }] });
    const next = syncedCoaches(s, members({ [G1]: [{ id: 'p-3', displayName: 'Eva Ek' }] }));
    expect(next?.sluice.coaches).toEqual([{ id: 'p-3', name: 'Eva Ek', fromGroup: G1 }]);
    expect(next?.change.named).toEqual([{ id: 'p-3', name: 'Eva Ek' }]);
  });
});
