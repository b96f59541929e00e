/**
 * What the organisation's directory (Microsoft Graph, when configured) knows about a person.
 * Every field is optional: a directory may not know it, and the app works without one.
 */
export interface DirectoryProfile {
  readonly displayName?: string;
  /** Department or administration ("Socialförvaltningen"), as the directory spells it. */
  readonly department?: string;
  readonly jobTitle?: string;
}

/**
 * Looks people up in the directory of their tenant. Capture uses it to prefill the giver's
 * department; an implementation that cannot answer returns undefined (or throws, which callers
 * treat the same way), never a guess.
 */
export interface DirectoryPort {
  /** The profile of the user with Entra object id `userId` in tenant `tenantId`, if known. */
  profileOf(tenantId: string, userId: string): Promise<DirectoryProfile | undefined>;
}

/** The directory used when Graph is not configured: it knows nobody, so nothing is prefilled. */
export const noDirectory: DirectoryPort = {
  profileOf: () => Promise.resolve(undefined),
};
