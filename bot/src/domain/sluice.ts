import type { Locale, Stage } from './stages';
import type { ReminderSettings } from './reminders/settings';
import { DEFAULT_STAGE_LABELS } from './stages';
import type { RetentionSettings } from './retention/rules';
import type { Criterion } from './scoring/criteria';

export interface Coach {
  /** Entra object id. */
  readonly id: string;
  readonly name?: string;
  /** The day the coach is back (`YYYY-MM-DD`, Stockholm); until then round-robin skips them and the backup covers. */
  readonly awayUntil?: string;
  /** The member municipality (tenant) this coach serves first; absent for the whole sluice. */
  readonly tenantId?: string;
  /** The Entra group this coach comes from ({@link Sluice.coachGroups}); absent for a hand-picked coach. */
  readonly fromGroup?: string;
}

/**
 * An Entra group whose transitive members are coaches of the sluice, kept in step by the directory
 * sync. `tenantId` is the member tenant whose directory holds the group; with `forMunicipality`
 * its members are that municipality's own coaches (they serve its ideas first), else the sluice's.
 */
export interface CoachGroup {
  readonly groupId: string;
  readonly tenantId: string;
  readonly forMunicipality?: boolean;
}

/**
 * This sluice's side of a link with another sluice (the Piteå–Skellefteå model). `requested`: an
 * admin here asked the other sluice; `invited`: the other sluice asked this one; `linked`: an admin
 * here agreed. The link holds only while both sides say `linked` ({@link isLinked}), so either side
 * ends it at once by removing its own side.
 */
export interface SluiceLink {
  /** The other sluice. */
  readonly sluiceId: string;
  readonly state: 'requested' | 'invited' | 'linked';
  /** When this side last changed. */
  readonly since: string;
  /** Who made the last change of this side (an admin here, or for `invited` one of the other sluice). */
  readonly by: { readonly id: string; readonly name: string };
}

/** The controller of the personal data (personuppgiftsansvarig) and how to reach them. */
export interface DataController {
  readonly name: string;
  /** An e-mail address, a phone number or a web address, as the municipality publishes it. */
  readonly contact: string;
  /** The data protection officer's contact (dataskyddsombud), if the municipality names one. */
  readonly dpoContact?: string;
}

/** A Teams channel that asked for the monthly "Vad hände med våra idéer?" digest. */
export interface DigestSubscription {
  readonly conversationId: string;
  readonly serviceUrl: string;
  readonly tenantId: string;
  readonly locale: Locale;
  readonly subscribedBy: string;
  readonly subscribedAt: string;
}

/** Where a sluice's coaches get new-idea tasks posted, besides their personal chat. */
export interface CoachChannel {
  readonly conversationId: string;
  readonly serviceUrl: string;
  readonly tenantId: string;
  readonly teamId?: string;
  readonly name?: string;
}

/**
 * The channel that gets the monthly report card ({@link Sluice.reportChannel}), set by an admin
 * with "rapportkanal" / "report channel" in the channel.
 */
export interface ReportChannel extends CoachChannel {
  /** The language of the card: that of the admin who set the channel. */
  readonly locale: Locale;
  /** Entra object id of the admin who set it. */
  readonly setBy: string;
  readonly setAt: string;
}

/**
 * An idea sluice: one municipality's, or several municipalities' shared one. A sluice lists
 * its member tenants; ideas are visible only inside the sluice.
 */
export interface Sluice {
  readonly id: string;
  readonly name: string;
  /** Member tenants (municipalities). A tenant belongs to at most one sluice. */
  readonly tenantIds: readonly string[];
  /** Municipality display names by tenant id, for filters and statistics. */
  readonly municipalities: Readonly<Record<string, string>>;
  readonly coaches: readonly Coach[];
  /** Entra groups whose members are coaches (synced from the directory); hand-picked coaches stay beside them. */
  readonly coachGroups?: readonly CoachGroup[];
  /** Process owners: configure the sluice and may act as coaches. */
  readonly admins: readonly string[];
  /** Registrators and archivists: read every idea's record and the audit log; change nothing. */
  readonly registrators?: readonly string[];
  /** Prefix of the ideas' record references (`IDÉ` gives `IDÉ 2026/42`); `DEFAULT_RECORD_PREFIX` when unset. */
  readonly recordPrefix?: string;
  /** Retention rules per end state and the audit log's own rule; without them nothing is removed. */
  readonly retention?: RetentionSettings;
  /** Evaluation criteria a coach scores ideas on (1–5 each, weighted); none: no scoring. */
  readonly criteria?: readonly Criterion[];
  /**
   * Changes with every change of the criteria (set by the settings write): the outbox's rescore
   * job of this version brings the ideas' weighted scores to them, and the recovery sweep queues
   * that job when a crash left it unqueued (domain/scoring/rescore-jobs.ts).
   */
  readonly criteriaVersion?: string;
  /** Who is responsible for the personal data (personuppgiftsansvarig), shown on the tab's privacy page. */
  readonly dataController?: DataController;
  readonly backupCoachId?: string;
  readonly coachChannel?: CoachChannel;
  /** Where the monthly report card goes (the Lerum model: the sluice steered by top management). */
  readonly reportChannel?: ReportChannel;
  /** The last month (`YYYY-MM`) whose report card was queued for the report channel. */
  readonly monthlyReportQueued?: string;
  readonly departments: readonly string[];
  /** Other spellings people use for a department ("socialförvaltn.", "SOC"), by department name. */
  readonly departmentAliases?: Readonly<Record<string, readonly string[]>>;
  /** Number of employees per member tenant, for statistics per municipality. */
  readonly municipalityEmployees?: Readonly<Record<string, number>>;
  /** Per-locale overrides of stage labels; keys never change. */
  readonly stageLabels: Partial<Record<Locale, Partial<Record<Stage, string>>>>;
  /** Limits in working days per stage and the sluice's closed days; defaults where unset. */
  readonly reminders?: ReminderSettings;
  /** Links with other sluices, this sluice's side of each ({@link SluiceLink}). */
  readonly links?: readonly SluiceLink[];
  /** Channels that get the monthly outcome digest. */
  readonly digestSubscriptions?: readonly DigestSubscription[];
  /** The last digest rounds queued (`YYYY-MM-DD` of the weekly one, `YYYY-MM` of the monthly one). */
  readonly digestsQueued?: { readonly weekly?: string; readonly monthly?: string };
  /**
   * Where numbering starts: the sluice's counter (see `SluiceRepository.takeIdeaNumber`) continues
   * after this number. The counter, not this field, holds the last issued number.
   */
  readonly lastIdeaNumber: number;
  /**
   * Coach who got the newest idea (round-robin), on the sluice a submission returns. Not stored:
   * the choice follows from the idea's number ({@link coachForNumber}).
   */
  readonly lastAssignedCoachId?: string;
  readonly createdAt: string;
}

export function isCoach(sluice: Sluice, personId: string): boolean {
  return sluice.coaches.some((c) => c.id === personId);
}

export function isAdmin(sluice: Sluice, personId: string): boolean {
  return sluice.admins.includes(personId);
}

/** A registrator or archivist of this sluice, or an admin, signed in from one of its member tenants: may read records. */
export function mayReadRecords(sluice: Sluice, person: { id: string; tenantId: string }): boolean {
  return isMemberTenant(sluice, person.tenantId) && (isAdmin(sluice, person.id) || (sluice.registrators ?? []).includes(person.id));
}

export function isMemberTenant(sluice: Sluice, tenantId: string): boolean {
  return sluice.tenantIds.includes(tenantId);
}

/** A coach (or admin) of this sluice, signed in from one of its member tenants. */
export function mayCoach(sluice: Sluice, person: { id: string; tenantId: string }): boolean {
  return isMemberTenant(sluice, person.tenantId) && (isCoach(sluice, person.id) || isAdmin(sluice, person.id));
}

/** This sluice's side of its link with `otherId`, if any. */
export function linkWith(sluice: Pick<Sluice, 'links'>, otherId: string): SluiceLink | undefined {
  return sluice.links?.find((l) => l.sluiceId === otherId);
}

/** Whether the two sluices are linked: both sides have agreed and neither has removed it. */
export function isLinked(a: Pick<Sluice, 'id' | 'links'>, b: Pick<Sluice, 'id' | 'links'>): boolean {
  return a.id !== b.id && linkWith(a, b.id)?.state === 'linked' && linkWith(b, a.id)?.state === 'linked';
}

export function stageLabel(sluice: Pick<Sluice, 'stageLabels'> | undefined, stage: Stage, locale: Locale): string {
  return sluice?.stageLabels[locale]?.[stage] ?? DEFAULT_STAGE_LABELS[locale][stage];
}

/**
 * Picks a coach round-robin in the sluice's coach order, starting after the one who got the last
 * idea, skipping coaches who are away (when everyone is away, the plain round-robin holds).
 */
export function nextCoach(sluice: Pick<Sluice, 'coaches' | 'lastAssignedCoachId'>, today?: string): Coach | undefined {
  const { coaches } = sluice;
  const last = coaches.findIndex((c) => c.id === sluice.lastAssignedCoachId);
  return firstPresent(coaches, last + 1, today);
}

/**
 * Picks the coach for the idea with this number: round-robin in the sluice's coach order, so
 * consecutive numbers go to consecutive coaches and no coach gets two in a row while another coach
 * exists; a coach who is away is skipped (when everyone is away, the plain round-robin holds).
 * Derived from the number alone, so a submission writes no shared state.
 */
export function coachForNumber(sluice: Pick<Sluice, 'coaches'>, number: number, today?: string): Coach | undefined {
  return firstPresent(sluice.coaches, Math.trunc(number) - 1, today);
}

/** The coaches who serve this member municipality first (their `tenantId`), in the sluice's order. */
export function coachesOfTenant(sluice: Pick<Sluice, 'coaches'>, tenantId: string): readonly Coach[] {
  return sluice.coaches.filter((c) => c.tenantId === tenantId);
}

/**
 * Whether a new idea from `tenantId` goes to the municipality's own coaches: it has some and at
 * least one of them is present today. Otherwise the whole sluice's coaches take it
 * ({@link coachForNumber}), so an idea never waits for a municipality whose coaches are all away.
 */
export function routesToOwnCoaches(sluice: Pick<Sluice, 'coaches'>, tenantId: string, today: string): boolean {
  return coachesOfTenant(sluice, tenantId).some((c) => !(c.awayUntil && today < c.awayUntil));
}

/**
 * Picks the coach for the `turn`-th idea (1, 2, …) from the municipality `tenantId` among its own
 * coaches, round-robin in the sluice's order, skipping those who are away. The turn is the
 * municipality's own count, so its coaches take its ideas in turn however many ideas the other
 * municipalities of a shared sluice hand in meanwhile.
 */
export function coachForTenantTurn(sluice: Pick<Sluice, 'coaches'>, tenantId: string, turn: number, today: string): Coach | undefined {
  return firstPresent(coachesOfTenant(sluice, tenantId), Math.trunc(turn) - 1, today);
}

function firstPresent(coaches: readonly Coach[], start: number, today: string | undefined): Coach | undefined {
  if (coaches.length === 0) return undefined;
  const at = (i: number): Coach | undefined => coaches[(((start + i) % coaches.length) + coaches.length) % coaches.length];
  for (let i = 0; i < coaches.length; i++) {
    const coach = at(i);
    if (coach && !(today && coach.awayUntil && today < coach.awayUntil)) return coach;
  }
  return at(0);
}

export interface NewSluice {
  id: string;
  name: string;
  tenantIds: string[];
  coachIds: string[];
  adminIds?: string[];
  now: Date;
}

export function createSluice(input: NewSluice): Sluice {
  return {
    id: input.id,
    name: input.name,
    tenantIds: [...new Set(input.tenantIds)],
    municipalities: {},
    coaches: [...new Set(input.coachIds)].map((id) => ({ id })),
    admins: [...new Set(input.adminIds ?? input.coachIds)],
    departments: [],
    stageLabels: {},
    lastIdeaNumber: 0,
    createdAt: input.now.toISOString(),
  };
}

/**
 * The sluice with a coach's display name filled in or corrected, or undefined when nothing
 * changes (the person is no coach here, or the name is already right). Coaches are configured
 * by Entra object id; their names are learnt when they first talk to the bot.
 */
export function withCoachName(sluice: Sluice, personId: string, name: string): Sluice | undefined {
  const trimmed = name.trim();
  const coach = sluice.coaches.find((c) => c.id === personId);
  if (!coach || !trimmed || coach.name === trimmed) return undefined;
  return { ...sluice, coaches: sluice.coaches.map((c) => (c.id === personId ? { ...c, name: trimmed } : c)) };
}
