import { isId } from '../domain/ids';
import type { Locale } from '../domain/stages';
import type { CardJson } from './cards/render';

/** The tab's sub-page id for one idea; `tab/src/host/teams-host.ts` reads it from `page.subPageId`. */
export function ideaSubPageId(ideaId: string): string {
  return `idea:${ideaId}`;
}

/** The tab's sub-page id for one challenge (its place in the Utmaningar view); `tab/src/host/teams-host.ts` reads it. */
export function challengeSubPageId(challengeId: string): string {
  return `challenge:${challengeId}`;
}

/** The tab's published statements: the accessibility statement and how personal data is processed. */
export type StatementPage = 'accessibility' | 'privacy';

/** The tab's pages a card links to: the statements, and "Mina uppgifter" (a person's own data, `#/my-data`). */
export type TabPage = StatementPage | 'my-data';

/** The tab's sub-page id for one of its pages; `tab/src/host/teams-host.ts` reads it from `page.subPageId`. */
export function pageSubPageId(page: TabPage): string {
  return `page:${page}`;
}

/** Where a card with a link is shown: a personal chat (the personal tab) or a team's channel (the team tab). */
export type LinkPlace = { readonly kind: 'personal' } | { readonly kind: 'channel'; readonly channelId: string };

export const PERSONAL: LinkPlace = { kind: 'personal' };

export interface IdeaLinkSettings {
  /** The Teams app's id (TEAMS_APP_ID): links are then Teams deep links to the app's tabs. */
  readonly teamsAppId?: string;
  /**
   * The server's public address (PUBLIC_BASE_URL, or where it listens locally): the link outside
   * Teams, and the host a pasted idea link must have to be previewed. Read when a link is made,
   * as a local server knows its port only once it listens.
   */
  readonly baseUrl: () => string | undefined;
}

/** The personal tab a link to an idea opens ("Mina idéer"), and the entity id the channel tab saves (config page). */
const PERSONAL_TAB = 'mine';
const TEAM_TAB = 'board';

/**
 * The one place links to an idea are made and read: "Öppna i Idéslussen" on every card, the tab's
 * "Kopiera länk" (through the API) and the link previews of pasted idea links.
 *
 * With the Teams app's id a link is a Teams deep link to the personal tab, or to the team tab when
 * the card is in a channel, carrying the idea as the sub-page id. Without it (a local server) the
 * link is the tab's own address at the idea, which the tab opens in a browser.
 */
export class IdeaLinks {
  constructor(private readonly settings: IdeaLinkSettings) {}

  /** The link that opens the tab at one idea, for a card shown in `place`. */
  toIdea(ideaId: string, place: LinkPlace = PERSONAL): string {
    const { teamsAppId } = this.settings;
    if (teamsAppId) {
      const tab = place.kind === 'channel' ? TEAM_TAB : PERSONAL_TAB;
      const context = { subEntityId: ideaSubPageId(ideaId), ...(place.kind === 'channel' ? { channelId: place.channelId } : {}) };
      return `https://teams.microsoft.com/l/entity/${encodeURIComponent(teamsAppId)}/${tab}?context=${encodeURIComponent(JSON.stringify(context))}`;
    }
    return this.webAddress(ideaId, place);
  }

  /**
   * The link that opens the tab's Utmaningar view at one challenge, for a card shown in `place`: the
   * channel card links to the team tab there, the owner's summary to the personal tab.
   */
  toChallenge(challengeId: string, place: LinkPlace = PERSONAL): string {
    const { teamsAppId } = this.settings;
    if (teamsAppId) {
      const tab = place.kind === 'channel' ? TEAM_TAB : PERSONAL_TAB;
      const context = {
        subEntityId: challengeSubPageId(challengeId),
        ...(place.kind === 'channel' ? { channelId: place.channelId } : {}),
      };
      return `https://teams.microsoft.com/l/entity/${encodeURIComponent(teamsAppId)}/${tab}?context=${encodeURIComponent(JSON.stringify(context))}`;
    }
    return `${this.settings.baseUrl() ?? ''}/tab/index.html#/challenges?challenge=${encodeURIComponent(challengeId)}`;
  }

  /** The link that opens one of the tab's pages (in the personal tab), e.g. from the help card or the "mina uppgifter" card. */
  toPage(page: TabPage): string {
    const { teamsAppId } = this.settings;
    if (teamsAppId) {
      const context = { subEntityId: pageSubPageId(page) };
      return `https://teams.microsoft.com/l/entity/${encodeURIComponent(teamsAppId)}/${PERSONAL_TAB}?context=${encodeURIComponent(JSON.stringify(context))}`;
    }
    return `${this.settings.baseUrl() ?? ''}/tab/index.html#/${page}`;
  }

  /** The tab's own address at one idea (what a browser opens). */
  webAddress(ideaId: string, place: LinkPlace = PERSONAL): string {
    const view = place.kind === 'channel' ? TEAM_TAB : PERSONAL_TAB;
    return `${this.settings.baseUrl() ?? ''}/tab/index.html#/${view}?idea=${encodeURIComponent(ideaId)}`;
  }

  /**
   * The idea a pasted link names, or undefined when it is not a link to an idea of this app:
   * a Teams deep link of this app's id with an `idea:` sub-page, or the tab's address on this
   * server's host with `?idea=` (or a record view's `?id=`). Only an id in the server's format is returned.
   */
  ideaIdOf(link: string): string | undefined {
    let url: URL;
    try {
      url = new URL(link.trim());
    } catch {
      return undefined;
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') return undefined;
    return url.hostname === 'teams.microsoft.com' ? this.fromDeepLink(url) : this.fromWebAddress(url);
  }

  private fromDeepLink(url: URL): string | undefined {
    const { teamsAppId } = this.settings;
    const match = /^\/l\/entity\/([^/]+)\/[^/]+\/?$/.exec(url.pathname);
    if (!teamsAppId || !match?.[1] || decodeURIComponent(match[1]).toLowerCase() !== teamsAppId.toLowerCase()) return undefined;
    let context: unknown;
    try {
      context = JSON.parse(url.searchParams.get('context') ?? '');
    } catch {
      return undefined;
    }
    const subEntityId = (context as { subEntityId?: unknown } | null)?.subEntityId;
    if (typeof subEntityId !== 'string' || !subEntityId.startsWith('idea:')) return undefined;
    const id = subEntityId.slice('idea:'.length);
    return isId(id) ? id : undefined;
  }

  private fromWebAddress(url: URL): string | undefined {
    const base = this.settings.baseUrl();
    if (base) {
      let own: URL;
      try {
        own = new URL(base);
      } catch {
        return undefined;
      }
      if (own.host.toLowerCase() !== url.host.toLowerCase()) return undefined;
    }
    if (!/^\/tab(\/(index\.html)?)?$/.test(url.pathname)) return undefined;
    const [view = '', query = ''] = url.hash.replace(/^#\/?/, '').split('?', 2);
    const params = new URLSearchParams(query);
    const id = view === 'record' ? params.get('id') : params.get('idea');
    return isId(id) ? id : undefined;
  }
}

const OPEN_LABEL: Record<Locale, string> = { sv: 'Öppna i Idéslussen', en: 'Open in Idéslussen' };

/** The action's id, so a card gets the button once however often it is given a link. */
export const OPEN_ACTION_ID = 'openInIdeaslussen';

/**
 * Gives a rendered card "Öppna i Idéslussen" ("Open in Idéslussen"): an `Action.OpenUrl` to the
 * link, in an action set at the end of the card's body. The one way every card gets its link to
 * the tab. In the body rather than among the card's actions, as a task card already has as many
 * actions as Teams shows.
 */
export function withOpenLink(card: CardJson, url: string, locale: Locale): CardJson {
  const body = Array.isArray(card['body']) ? (card['body'] as Array<Record<string, unknown>>) : [];
  if (body.some((e) => e['id'] === OPEN_SET_ID)) return card;
  const open = { type: 'Action.OpenUrl', id: OPEN_ACTION_ID, title: OPEN_LABEL[locale], url };
  return { ...card, body: [...body, { type: 'ActionSet', id: OPEN_SET_ID, spacing: 'Medium', actions: [open] }] };
}

/** The id of the action set that holds the button. */
const OPEN_SET_ID = 'openInIdeaslussenSet';

/** The card with its link when links are wired (`links`), else as it is. */
export function linked(
  card: CardJson,
  links: IdeaLinks | undefined,
  ideaId: string,
  locale: Locale,
  place: LinkPlace = PERSONAL,
): CardJson {
  return links ? withOpenLink(card, links.toIdea(ideaId, place), locale) : card;
}
