/**
 * The people of the local demo tenant (the Agents Playground users in `.m365agentsplayground.yml`)
 * as the organisation's directory would describe them. The local Graph stand-in answers with
 * these, so `npm start` shows a prefilled department and named coaches. All made up.
 */
export interface DemoUser {
  readonly id: string;
  readonly tenantId: string;
  readonly displayName: string;
  readonly givenName: string;
  readonly surname: string;
  readonly userPrincipalName: string;
  readonly mail: string;
  readonly department?: string;
  readonly jobTitle?: string;
  readonly companyName?: string;
  readonly officeLocation?: string;
}

export interface DemoGroup {
  readonly id: string;
  readonly tenantId: string;
  readonly displayName: string;
  /** Member user ids and group ids (nested groups make `transitiveMembers` differ from `members`). */
  readonly memberIds: readonly string[];
}

export interface DemoDirectory {
  readonly users: readonly DemoUser[];
  readonly groups: readonly DemoGroup[];
}

export const DEMO_TENANT_ID = '00000000-0000-0000-0000-0000000000a1';
/** The Entra group of the demo sluice's idea coaches: Karin Berg, and Åsa Öberg through a nested group. */
export const DEMO_COACH_GROUP_ID = '00000000-0000-0000-0000-0000000000f1';

const person = (
  id: string,
  givenName: string,
  surname: string,
  login: string,
  work: Pick<DemoUser, 'department' | 'jobTitle' | 'companyName' | 'officeLocation'>,
): DemoUser => ({
  id,
  tenantId: DEMO_TENANT_ID,
  displayName: `${givenName} ${surname}`,
  givenName,
  surname,
  userPrincipalName: `${login}@kommun.example`,
  mail: `${login}@kommun.example`,
  ...work,
});

export const DEMO_DIRECTORY: DemoDirectory = {
  users: [
    person('00000000-0000-0000-0000-0000000000e1', 'Anna', 'Lindqvist', 'anna.lindqvist', {
      department: 'Socialförvaltningen',
      jobTitle: 'Socialsekreterare',
      officeLocation: 'Stadshuset',
    }),
    person('00000000-0000-0000-0000-0000000000c1', 'Karin', 'Berg', 'karin.berg', {
      department: 'Kommunledningskontoret',
      jobTitle: 'Utvecklingsledare',
    }),
    person('00000000-0000-0000-0000-0000000000e2', 'Erik', 'Johansson', 'erik.johansson', {
      department: 'Stadsbyggnadsförvaltningen',
      jobTitle: 'Bygglovshandläggare',
    }),
    person('00000000-0000-0000-0000-0000000000e3', 'Fatima', 'Hassan', 'fatima.hassan', {
      department: 'Utbildningsförvaltningen',
      jobTitle: 'Förskollärare',
    }),
    // A municipal company: the company name tells where the idea comes from.
    person('00000000-0000-0000-0000-0000000000e4', 'Lars', 'Nilsson', 'lars.nilsson', {
      department: 'Tekniska förvaltningen',
      jobTitle: 'Drifttekniker',
      companyName: 'Kommunens Energi AB',
    }),
    person('00000000-0000-0000-0000-0000000000e5', 'Åsa', 'Öberg', 'asa.oberg', {
      department: 'Kultur- och fritidsförvaltningen',
      jobTitle: 'Bibliotekarie',
    }),
  ],
  groups: [
    {
      id: DEMO_COACH_GROUP_ID,
      tenantId: DEMO_TENANT_ID,
      displayName: 'Idécoacher',
      memberIds: ['00000000-0000-0000-0000-0000000000c1', '00000000-0000-0000-0000-0000000000f2'],
    },
    {
      id: '00000000-0000-0000-0000-0000000000f2',
      tenantId: DEMO_TENANT_ID,
      displayName: 'Idécoacher Kultur',
      memberIds: ['00000000-0000-0000-0000-0000000000e5'],
    },
  ],
};
