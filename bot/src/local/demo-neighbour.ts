/**
 * A second, small sluice for the local demo (`npm start`, DEMO_NEIGHBOUR_SLUICE=true): Idéslussen
 * Grannby, of another tenant, with a few ideas in every stage, which asks the demo's own sluice for
 * a link. The demo admin then sees the request in the Administration view and can accept it; after
 * that everyone in the demo sluice sees Grannby's tested, implemented and closed ideas. Never used
 * in production (the variable is refused there).
 */
import type { SluiceLinkService } from '../domain/admin/links';
import type { Effect, HistoryEvent, Idea } from '../domain/idea';
import type { Clock, IdeaRepository, SluiceRepository } from '../domain/ports';
import { AlreadyExistsError } from '../domain/ports';
import { createSluice } from '../domain/sluice';
import type { Stage } from '../domain/stages';

/** The neighbour sluice and its people (all made up). */
export const NEIGHBOUR = {
  sluiceId: 'grannby',
  name: 'Idéslussen Grannby',
  tenantId: '00000000-0000-0000-0000-0000000000a2',
  municipality: 'Grannby kommun',
  admin: { id: '00000000-0000-0000-0000-0000000000f1', name: 'Sara Lind' },
  coach: { id: '00000000-0000-0000-0000-0000000000f2', name: 'Per Holm' },
  giver: { id: '00000000-0000-0000-0000-0000000000f3', name: 'Eva Strand' },
} as const;

interface DemoIdea {
  readonly title: string;
  readonly need: string;
  readonly idea: string;
  readonly department: string;
  readonly stage: Stage;
  /** The coach's comment on arriving at the stage, or the reason it was closed. */
  readonly text?: string;
  readonly effects?: readonly Effect[];
  /** Days before the seeding the idea was handed in. */
  readonly daysAgo: number;
}

/** What Grannby has: its tested, implemented and closed ideas cross a link, the others do not. */
export const NEIGHBOUR_IDEAS: readonly DemoIdea[] = [
  {
    title: 'Lånecyklar för hemtjänsten',
    need: 'Hemtjänstens personal i centrum tar bilen korta sträckor och hittar ofta ingen parkering.',
    idea: 'Låt personalen låna elcyklar mellan besöken i centrum. Börja med två cyklar i en grupp.',
    department: 'Vård- och omsorgsförvaltningen',
    stage: 'testing',
    text: 'Vi testar med två elcyklar i hemtjänstgruppen Centrum under våren.',
    daysAgo: 40,
  },
  {
    title: 'Gemensam vikariepool för förskolorna',
    need: 'Förskolecheferna ringer runt varje morgon för att hitta vikarier.',
    idea: 'En gemensam pool av timvikarier som bokas i ett delat schema.',
    department: 'Utbildningsförvaltningen',
    stage: 'done',
    text: 'Poolen används nu av alla förskolor i kommunen.',
    effects: [{ forWhom: 'Förskolecheferna', change: 'Mindre tid på att ringa vikarier', amount: 3, unit: 'timmar i veckan' }],
    daysAgo: 200,
  },
  {
    title: 'Egen app för felanmälan',
    need: 'Invånare vet inte var de ska anmäla trasig gatubelysning.',
    idea: 'En egen app där man fotograferar felet och skickar in det.',
    department: 'Tekniska förvaltningen',
    stage: 'closed',
    text: 'Regionens e-tjänst för felanmälan gör redan detta; vi länkar till den från kommunens webb i stället.',
    daysAgo: 120,
  },
  {
    title: 'Digital matsedel i skolorna',
    need: 'Föräldrar frågar ofta vad det blir för lunch.',
    idea: 'Visa veckans matsedel på skärmarna i skolornas entréer och på webben.',
    department: 'Utbildningsförvaltningen',
    stage: 'submitted',
    daysAgo: 3,
  },
  {
    title: 'Språkcafé på biblioteket',
    need: 'Nyanlända vill öva svenska utanför SFI.',
    idea: 'Ett språkcafé varje torsdag med frivilliga samtalsledare.',
    department: 'Kultur- och fritidsförvaltningen',
    stage: 'screening',
    daysAgo: 10,
  },
];

export interface DemoNeighbourDeps {
  readonly sluices: SluiceRepository;
  readonly ideas: IdeaRepository;
  readonly links: SluiceLinkService;
  readonly clock: Clock;
  readonly logger: { info(obj: object | string, msg?: string): void };
}

/**
 * Creates the neighbour sluice with its ideas and its request for a link with `linkWith`, once:
 * when the sluice is there already (a later start, with whatever the demo admin did to the link
 * since) nothing changes. The ideas are written straight into the repository before the server
 * counts its stages, so no notification goes out for them.
 */
export async function seedDemoNeighbour(deps: DemoNeighbourDeps, linkWith: string): Promise<void> {
  if (await deps.sluices.get(NEIGHBOUR.sluiceId)) return;
  const now = deps.clock.now();
  const base = createSluice({
    id: NEIGHBOUR.sluiceId,
    name: NEIGHBOUR.name,
    tenantIds: [NEIGHBOUR.tenantId],
    coachIds: [NEIGHBOUR.coach.id],
    adminIds: [NEIGHBOUR.admin.id],
    now,
  });
  try {
    await deps.sluices.create({
      ...base,
      municipalities: { [NEIGHBOUR.tenantId]: NEIGHBOUR.municipality },
      coaches: [{ id: NEIGHBOUR.coach.id, name: NEIGHBOUR.coach.name }],
    });
  } catch (err) {
    if (err instanceof AlreadyExistsError) return;
    throw err;
  }
  const sluice = (await deps.sluices.get(NEIGHBOUR.sluiceId))!.value;
  const last = await deps.sluices.takeIdeaNumber(sluice, NEIGHBOUR_IDEAS.length);
  const first = last - NEIGHBOUR_IDEAS.length + 1;
  for (const [i, d] of NEIGHBOUR_IDEAS.entries()) await deps.ideas.create(demoIdea(d, first + i, now));
  const asked = await deps.links.request(NEIGHBOUR.sluiceId, { ...NEIGHBOUR.admin, tenantId: NEIGHBOUR.tenantId }, linkWith);
  deps.logger.info(
    { sluiceId: NEIGHBOUR.sluiceId, ideas: NEIGHBOUR_IDEAS.length, linkRequested: asked.ok },
    `Seeded the demo's neighbour sluice ${NEIGHBOUR.name}; it asks "${linkWith}" for a link`,
  );
}

/** The stages an idea passes on its way to `stage`, and who moved it there. */
const PATH: Record<Stage, readonly Stage[]> = {
  submitted: [],
  screening: ['screening'],
  testing: ['screening', 'testing'],
  implementing: ['screening', 'testing', 'implementing'],
  done: ['screening', 'testing', 'implementing', 'done'],
  closed: ['screening', 'closed'],
};

function demoIdea(d: DemoIdea, number: number, now: Date): Idea {
  const day = 86_400_000;
  const createdAtMs = now.getTime() - d.daysAgo * day;
  const at = (step: number): string => new Date(createdAtMs + step * 2 * day).toISOString();
  const giver = { id: NEIGHBOUR.giver.id, name: NEIGHBOUR.giver.name };
  const coach = { id: NEIGHBOUR.coach.id, name: NEIGHBOUR.coach.name };
  const id = `00000000-0000-4000-9000-${String(number).padStart(12, '0')}`;
  const history: HistoryEvent[] = [{ id: `${id}-0`, kind: 'submitted', at: at(0), actor: giver, to: 'submitted' }];
  let from: Stage = 'submitted';
  for (const [i, to] of PATH[d.stage].entries()) {
    const arriving = to === d.stage;
    history.push({
      id: `${id}-${i + 1}`,
      kind: to === 'closed' ? 'declined' : from === 'submitted' ? 'taken' : 'advanced',
      at: at(i + 1),
      actor: coach,
      from,
      to,
      ...(arriving && d.text ? { text: d.text } : {}),
      ...(arriving && d.effects ? { effects: d.effects } : {}),
    });
    from = to;
  }
  const changed = history[history.length - 1]!.at;
  return {
    id,
    sluiceId: NEIGHBOUR.sluiceId,
    number,
    tenantId: NEIGHBOUR.tenantId,
    title: d.title,
    need: d.need,
    idea: d.idea,
    department: d.department,
    submittedDepartment: d.department,
    beneficiaries: ['staff'],
    giver: { ...giver, tenantId: NEIGHBOUR.tenantId, locale: 'sv' },
    source: 'chat',
    stage: d.stage,
    needsInfo: false,
    ...(d.stage === 'submitted' ? {} : { coach }),
    createdAt: at(0),
    createdAtMs,
    updatedAt: changed,
    stageChangedAt: changed,
    history,
    satisfaction: [],
    ...(d.effects ? { effects: d.effects } : {}),
    version: history.length,
  };
}
