/**
 * What the organisation's directory (Microsoft Graph, when configured) knows about a person.
 * Every field is optional: a directory may not know it, and the app works without one.
 */
export interface DirectoryProfile {
  readonly displayName?: string;
  /** Department or administration ("Socialförvaltningen"), as the directory spells it. */
  readonly department?: string;
  readonly jobTitle?: string;
  /** The organisation the person works for, e.g. a municipal company ("Kommunens Energi AB"). */
  readonly companyName?: string;
}

/**
 * Looks people up in the directory of their tenant. Capture uses it to prefill the giver's
 * department; an implementation that cannot answer returns undefined (or throws, which callers
 * treat the same way), never a guess.
 */
export interface DirectoryPort {
  /** The profile of the user with Entra object id `userId` in tenant `tenantId`, if known. */
  profileOf(tenantId: string, userId: string): Promise<DirectoryProfile | undefined>;
  /**
   * The address Teams opens a chat with for the person (their user principal name), if known. Asked
   * only for the "Jag kan hjälpa till" group chat link, never stored. Optional: a directory without
   * it knows no addresses.
   */
  chatAddressOf?(tenantId: string, userId: string): Promise<string | undefined>;
}

/** The directory used when Graph is not configured: it knows nobody, so nothing is prefilled. */
export const noDirectory: DirectoryPort = {
  profileOf: () => Promise.resolve(undefined),
};

/** What a person's Teams activity feed (the bell) shows for a task or reminder. */
export interface ActivityNotice {
  /** An activity type declared in the app manifest (`activities.activityTypes`). */
  readonly activityType: 'ideaTask' | 'ideaReminder';
  /** The first line under the app's name, at most 150 characters shown. */
  readonly previewText: string;
  /** Where a click leads: a deep link into the app. */
  readonly webUrl: string;
  /** What the topic line says (the idea's number and title). */
  readonly topic: string;
  /** Values for the `{placeholders}` of the activity type's template. */
  readonly templateParameters: Readonly<Record<string, string>>;
}

/**
 * Reaches a person the bot has no chat with, through the directory (Graph): installs the app for
 * them in personal scope, so the bot may open the chat, and raises Teams activity feed
 * notifications. Each method resolves true when done, false when this directory cannot (not
 * configured, not permitted), and throws only for a passing failure worth retrying.
 */
export interface PersonReachPort {
  /** Installs the app for the person unless it is installed already; true when it is installed after the call. */
  installAppFor(tenantId: string, userId: string): Promise<boolean>;
  /** Raises an activity feed notification for the person; true when Graph accepted it. */
  notify(tenantId: string, userId: string, notice: ActivityNotice): Promise<boolean>;
}

/** What this server's directory can do, for the one line at start that says what is off. */
export interface DirectoryFeatures {
  readonly profiles: boolean;
  readonly installForPeople: boolean;
  readonly activityFeed: boolean;
  readonly coachGroups: boolean;
  /** The tab's people pickers search the directory on behalf of the user (else only people the sluice knows). */
  readonly peopleSearch: boolean;
}

/** A member of an Entra group, as the coach sync needs it. */
export interface GroupMember {
  readonly id: string;
  readonly displayName: string;
}

/** Reads an Entra group's members from the directory of the tenant that holds it. */
export interface GroupMembersPort {
  /**
   * The users among the group's transitive members (nested groups included). Throws when the
   * directory cannot answer (unknown group, throttled, down): the caller then changes nothing.
   */
  groupMembers(tenantId: string, groupId: string): Promise<readonly GroupMember[]>;
}
