import type { DevPersona, Locale } from '../../../bot/src/api/contracts';
import { devApi, type TokenSource } from '../api/client';

/** Teams' three themes; a plain browser uses `?theme=` (default light). */
export type ThemeName = 'default' | 'dark' | 'contrast';

/** Where the tab runs and what that place offers: Teams, or a plain browser on a local server. */
export interface Host {
  readonly kind: 'teams' | 'browser';
  readonly theme: ThemeName;
  readonly locale: Locale;
  /** The idea a Teams deep link (subPageId) opened the tab on. */
  readonly deepLinkIdeaId?: string;
  /** The challenge a Teams deep link (subPageId `challenge:<id>`) opened the tab on, from a challenge's card. */
  readonly deepLinkChallengeId?: string;
  /** Set when the tab is a channel's (team) tab: where it is, so its links open this tab rather than the personal one. */
  readonly channelTab?: ChannelTab;
  /** The page a Teams deep link (subPageId `page:<view>`) opened the tab on, e.g. from the bot's help or "mina uppgifter" card. */
  readonly deepLinkPage?: 'accessibility' | 'privacy' | 'my-data';
  readonly getToken: TokenSource;
  onThemeChange(listener: (theme: ThemeName) => void): void;
  /** Offers a link to one idea: Teams' share dialog, or the clipboard in a browser. */
  shareIdea(idea: { id: string; title: string }, url: string): Promise<'shared' | 'copied' | 'failed'>;
  /** Whether {@link shareIdea} opens Teams' own share dialog (the host supports `pages.shareDeepLink`). */
  readonly canShareLink: boolean;
  /** Puts a link on the clipboard ("Kopiera länk"): Teams' clipboard where the host offers it, else the page's; false when neither would. */
  copyLink(url: string): Promise<boolean>;
  /** Registers the channel tab's settings with Teams (the configuration page). */
  configureTab?(settings: { contentUrl: string; websiteUrl: string; entityId: string; suggestedDisplayName: string }): void;
}

/** A channel tab as Teams describes it: the tab's entity id, its channel and (where the client says) the app's id. */
export interface ChannelTab {
  readonly entityId: string;
  readonly channelId: string;
  readonly appId?: string;
}

/** The page's own clipboard; false when the browser refuses (no permission, not a secure page). */
export async function writeClipboard(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}

const PERSONA_KEY = 'ideslussen.persona';
const TOKEN_KEY = 'ideslussen.token';

export function parseTheme(value: string | null | undefined): ThemeName {
  return value === 'dark' || value === 'contrast' ? value : 'default';
}

export function parseLocale(value: string | null | undefined): Locale {
  return typeof value === 'string' && value.toLowerCase().startsWith('en') ? 'en' : 'sv';
}

/** The persona chosen in this browser tab, if any. */
export function storedPersona(): DevPersona | undefined {
  try {
    const raw = sessionStorage.getItem(PERSONA_KEY);
    return raw ? (JSON.parse(raw) as DevPersona) : undefined;
  } catch {
    return undefined;
  }
}

export function choosePersona(persona: DevPersona | undefined): void {
  sessionStorage.removeItem(TOKEN_KEY);
  if (persona) sessionStorage.setItem(PERSONA_KEY, JSON.stringify(persona));
  else sessionStorage.removeItem(PERSONA_KEY);
}

/** Thrown by the browser host's token source before a persona is chosen. */
export class NoPersonaError extends Error {
  constructor() {
    super('Choose a persona first');
    this.name = 'NoPersonaError';
  }
}

/**
 * The host outside Teams: theme and language from the address (`?theme=dark&lang=en`), tokens
 * from the local issuer for the persona picked in this browser tab.
 */
export function browserHost(search: URLSearchParams): Host {
  const listeners: Array<(t: ThemeName) => void> = [];
  const getToken: TokenSource = async (fresh) => {
    const persona = storedPersona();
    if (!persona) throw new NoPersonaError();
    const cached = fresh ? undefined : sessionStorage.getItem(TOKEN_KEY);
    if (cached) {
      const { token, expiresAt } = JSON.parse(cached) as { token: string; expiresAt: string };
      if (Date.parse(expiresAt) - Date.now() > 60_000) return token;
    }
    const issued = await devApi.token({ oid: persona.oid, tid: persona.tid, name: persona.name });
    sessionStorage.setItem(TOKEN_KEY, JSON.stringify(issued));
    return issued.token;
  };
  return {
    kind: 'browser',
    theme: parseTheme(search.get('theme')),
    locale: parseLocale(search.get('lang')),
    getToken,
    onThemeChange: (l) => listeners.push(l),
    async shareIdea(_idea, url) {
      return (await writeClipboard(url)) ? 'copied' : 'failed';
    },
    canShareLink: false,
    copyLink: writeClipboard,
  };
}

/**
 * Whether the page may be inside a Teams client (an iframe on the web and desktop, a webview on
 * mobile). Only then is the Teams SDK loaded, so a plain browser never downloads it.
 */
export function mayBeInTeams(): boolean {
  const w = window as Window & { nativeInterface?: unknown };
  return w.parent !== w || w.nativeInterface !== undefined || /\bTeams\//.test(navigator.userAgent) || w.name === 'embedded-page-container';
}

/** Picks the host: Teams when the SDK initialises within a few seconds, a plain browser otherwise. */
export async function detectHost(search: URLSearchParams): Promise<Host> {
  if (mayBeInTeams()) {
    const { teamsHost } = await import('./teams-host');
    const host = await teamsHost(search);
    if (host) return host;
  }
  return browserHost(search);
}
