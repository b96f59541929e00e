import type { ChannelTab, Host } from './host';

/**
 * The link "Kopiera länk" copies for one idea, from where the tab is. The server's `link` is the
 * personal chat's link (a Teams deep link to the personal tab, or the tab's address on a local
 * server), and the personal tab copies it as it is. A channel's tab copies a deep link to itself
 * instead — its own entity id and channel, from Teams' context — so a colleague who opens the link
 * from the channel lands in the same team tab. The app's id comes from the context where the client
 * gives it, else from the server's deep link; with neither (no Teams app id), the server's link stays.
 */
export function ideaLinkHere(host: Pick<Host, 'channelTab'>, ideaId: string, serverLink: string | undefined): string | undefined {
  const tab = host.channelTab;
  if (!tab) return serverLink;
  const appId = tab.appId ?? appIdOf(serverLink);
  return appId ? channelDeepLink(appId, tab, `idea:${ideaId}`) : serverLink;
}

/** A Teams deep link to a channel's tab at one sub-page, the form Teams documents for tabs. */
export function channelDeepLink(appId: string, tab: ChannelTab, subPageId: string): string {
  const context = JSON.stringify({ subEntityId: subPageId, channelId: tab.channelId });
  return `https://teams.microsoft.com/l/entity/${encodeURIComponent(appId)}/${encodeURIComponent(tab.entityId)}?context=${encodeURIComponent(context)}`;
}

/** The app id in a Teams deep link made by the server (`https://teams.microsoft.com/l/entity/<app id>/…`). */
function appIdOf(link: string | undefined): string | undefined {
  if (!link) return undefined;
  try {
    const url = new URL(link);
    const match = /^\/l\/entity\/([^/]+)\//.exec(url.pathname);
    return url.hostname === 'teams.microsoft.com' && match?.[1] ? decodeURIComponent(match[1]) : undefined;
  } catch {
    return undefined;
  }
}
