import type { Idea } from '../../bot/src/domain/idea';
import { createSluice, type Sluice } from '../../bot/src/domain/sluice';

export const NOW = new Date('2026-11-23T10:00:00.000Z');
export const T1 = 'aaaaaaaa-0000-4000-8000-000000000001';
export const T2 = 'aaaaaaaa-0000-4000-8000-000000000002';
export const coach = { id: 'coach-1', tenantId: T1, name: 'Karin Berg' };
export const coach2 = { id: 'coach-2', tenantId: T1, name: 'Omar Haddad' };
export const giver = { id: 'giver-1', tenantId: T1, name: 'Anna Lindqvist' };
export const stranger = { id: 'someone', tenantId: T1, name: 'Nils Nilsson' };

export function sluice(overrides: Partial<Sluice> = {}): Sluice {
  return { ...createSluice({ id: 's1', name: 'Idéslussen', tenantIds: [T1], coachIds: [coach.id, coach2.id], now: NOW }), ...overrides };
}

export function idea(overrides: Partial<Idea> = {}): Idea {
  const at = NOW.toISOString();
  return {
    id: 'idea-1',
    sluiceId: 's1',
    number: 1,
    tenantId: T1,
    title: 'Tryggare tunnlar',
    need: 'Gångtunnlarna är mörka på kvällen.',
    idea: 'Sätt in rörelsestyrd belysning.',
    beneficiaries: ['residents'],
    department: 'Tekniska förvaltningen',
    giver: { ...giver, locale: 'sv' },
    source: 'chat',
    stage: 'submitted',
    needsInfo: false,
    createdAt: at,
    createdAtMs: NOW.getTime(),
    updatedAt: at,
    stageChangedAt: at,
    history: [{ id: 'h0', kind: 'submitted', at, actor: { id: giver.id, name: giver.name }, to: 'submitted' }],
    satisfaction: [],
    version: 1,
    ...overrides,
  };
}
