import { findDepartment } from '../../../bot/src/domain/admin/departments';
import { mayAdminister, roleOf } from '../../../bot/src/domain/admin/roles';
import { checkSettings, cleanSettings, settingsOf, withSettings, type SluiceSettings } from '../../../bot/src/domain/admin/settings';
import { createSluice } from '../../../bot/src/domain/sluice';

const TENANT = '11111111-1111-4111-8111-111111111111';
const TENANT_2 = '22222222-2222-4222-8222-222222222222';
const COACH = 'c0ac0000-0000-4000-8000-000000000001';
const ADMIN = 'ad000000-0000-4000-8000-000000000001';

const sluice = createSluice({ id: 's', name: 'Slussen', tenantIds: [TENANT], coachIds: [COACH], adminIds: [ADMIN], now: new Date(0) });
const none = { sluiceOfTenant: () => undefined };
const base = (): SluiceSettings => settingsOf(sluice);
const codes = (s: SluiceSettings, ctx = none) => checkSettings(cleanSettings(s), ctx).map((p) => `${p.field}:${p.code}`);

describe('roles', () => {
  it('are admin, coach and everyone, and only for people signed in from a member tenant', () => {
    expect(roleOf(sluice, { id: ADMIN, tenantId: TENANT })).toBe('admin');
    expect(roleOf(sluice, { id: COACH, tenantId: TENANT })).toBe('coach');
    expect(roleOf(sluice, { id: 'someone', tenantId: TENANT })).toBe('everyone');
    expect(roleOf(sluice, { id: ADMIN, tenantId: TENANT_2 })).toBe('everyone');
    expect(mayAdminister(sluice, { id: COACH, tenantId: TENANT })).toBe(false);
  });
});

describe('departments with aliases', () => {
  const departments = [
    { name: 'Socialförvaltningen', aliases: ['SOC'] },
    { name: 'Stadsbyggnadsförvaltningen', aliases: [] },
    { name: 'Tekniska förvaltningen', aliases: ['Teknik'] },
  ];
  it.each([
    ['socialförvaltn.', 'Socialförvaltningen'],
    ['  SOCIALFÖRVALTNINGEN ', 'Socialförvaltningen'],
    ['soc', 'Socialförvaltningen'],
    ['stadsbygg', 'Stadsbyggnadsförvaltningen'],
    ['teknik', 'Tekniska förvaltningen'],
  ])('"%s" finds %s', (typed, name) => {
    expect(findDepartment(departments, typed)?.name).toBe(name);
  });
  it('finds nothing for an unknown, too short or ambiguous text', () => {
    expect(findDepartment(departments, 'Kulturförvaltningen')).toBeUndefined();
    expect(findDepartment(departments, 'st')).toBeUndefined();
    expect(findDepartment([...departments, { name: 'Socialtjänsten', aliases: [] }], 'social')).toBeUndefined();
  });
});

describe('checking settings', () => {
  it('accepts the settings of a new sluice', () => {
    expect(codes(base())).toEqual([]);
  });
  it('names each bad field', () => {
    const s = base();
    expect(
      codes({
        ...s,
        name: ' ',
        coaches: [{ id: 'karin' }, { id: COACH }, { id: COACH.toUpperCase() }, { id: ADMIN, tenantId: TENANT_2 }],
        backupCoachId: 'nobody',
        admins: [],
        departments: [
          { name: 'Socialförvaltningen', aliases: ['SOC'] },
          { name: 'socialförvaltningen.', aliases: [] },
          { name: 'Teknik', aliases: ['soc', 'x'.repeat(61)] },
        ],
        stageLabels: { sv: { testing: 'x'.repeat(41), done: 'x'.repeat(40) }, en: { closed: 'y'.repeat(41) } },
        municipalities: [
          { tenantId: 'kommunen', name: 'Kommunen' },
          { tenantId: TENANT, name: '', employees: -3 },
        ],
      }),
    ).toEqual([
      'name:required',
      'municipalities.0.tenantId:notGuid',
      'municipalities.1.name:required',
      'municipalities.1.employees:notANumber',
      'coaches.0.id:notGuid',
      'coaches.2.id:duplicate',
      'coaches.3.tenantId:unknownMunicipality',
      'backupCoachId:notACoach',
      'admins:noAdmin',
      'departments.1.name:duplicate',
      'departments.2.aliases.0:duplicate',
      'departments.2.aliases.1:tooLong',
      'stageLabels.sv.testing:tooLong',
      'stageLabels.en.closed:tooLong',
    ]);
  });
  it('refuses a tenant of another sluice, naming that sluice', () => {
    const problems = checkSettings(
      { ...base(), municipalities: [...base().municipalities, { tenantId: TENANT_2, name: 'Grannkommun' }] },
      { sluiceOfTenant: (t) => (t === TENANT_2 ? { id: 'other', name: 'Grannslussen' } : undefined) },
    );
    expect(problems).toEqual([{ field: 'municipalities.1.tenantId', code: 'tenantInOtherSluice', other: 'Grannslussen' }]);
  });
});

describe('applying settings', () => {
  it('keeps what the app maintains and a coach name it learnt, and round-trips', () => {
    const used = { ...sluice, lastIdeaNumber: 41, coaches: [{ id: COACH, name: 'Karin Berg' }] };
    const next = withSettings(used, {
      ...settingsOf(used),
      coaches: [{ id: COACH }, { id: ADMIN, name: 'Lars', tenantId: TENANT }],
      departments: [{ name: 'Socialförvaltningen', aliases: ['SOC'] }],
    });
    expect(next.lastIdeaNumber).toBe(41);
    expect(next.coaches).toEqual([
      { id: COACH, name: 'Karin Berg' },
      { id: ADMIN, name: 'Lars', tenantId: TENANT },
    ]);
    expect(next.departments).toEqual(['Socialförvaltningen']);
    expect(settingsOf(next).departments).toEqual([{ name: 'Socialförvaltningen', aliases: ['SOC'] }]);
  });
});
